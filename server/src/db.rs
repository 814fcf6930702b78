//! The database: one pool over SQLite or PostgreSQL through sqlx's `Any` driver, so
//! every query is written once. Queries use `$1` placeholders (both engines read them),
//! timestamps are Unix milliseconds in BIGINT columns, ids are UUID text, flags 0/1.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Connection, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// SQLite's own advice for long-lived connections: run at start and then periodically
/// (a job, `jobs.rs`), it analyses the tables whose statistics are missing or stale
/// (within a bounded effort), so the planner's choices follow the data as it grows.
/// PostgreSQL's autovacuum does the same there.
const SQLITE_OPTIMIZE: &str = "PRAGMA optimize = 0x10002";

/// Flags are stored as BIGINT 0/1: sqlx's `Any` driver cannot read SQLite booleans.
pub fn flag(value: bool) -> i64 {
    i64::from(value)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// SQLite allows one writer at a time, and a deferred transaction that reads before
    /// it writes fails with "database is locked" instead of waiting. Write transactions
    /// therefore queue here first; PostgreSQL needs no such queue.
    writer: Arc<Mutex<()>>,
}

/// Work for the moment a transaction has committed.
type AfterCommit = Box<dyn FnOnce() + Send>;

/// A write transaction; on SQLite it holds the writer slot until commit or drop.
pub struct WriteTx {
    pub tx: Transaction<'static, sqlx::Any>,
    writer: Option<OwnedMutexGuard<()>>,
    after_commit: Vec<AfterCommit>,
}

impl WriteTx {
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Runs `then` once the transaction has committed (never if it rolls back), still
    /// holding SQLite's writer slot, so what follows commits follows them in their order.
    pub fn after_commit(&mut self, then: impl FnOnce() + Send + 'static) {
        self.after_commit.push(Box::new(then));
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await?;
        for then in self.after_commit {
            then();
        }
        drop(self.writer);
        Ok(())
    }
}

impl Db {
    /// Connects, and creates or migrates the schema.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url(url, "rwc")?,
            Backend::Postgres => url.to_owned(),
        };
        let options: AnyConnectOptions = url.parse()?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; FULL makes every
                        // acknowledged commit survive a power cut.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        hotel_employee_numbers(&pool, backend).await?;
        Ok(Db {
            pool,
            backend,
            writer: Arc::new(Mutex::new(())),
        })
    }

    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let (writer, tx) = match self.backend {
            // IMMEDIATE takes SQLite's write lock now, waiting (busy_timeout) for a write
            // made outside this turn (a session's or tablet's last-seen time). Deferred,
            // a transaction that read first and then writes after such a commit fails at
            // once with SQLITE_BUSY_SNAPSHOT, which no wait can cure.
            Backend::Sqlite => (
                Some(self.writer.clone().lock_owned().await),
                self.pool.begin_with("BEGIN IMMEDIATE").await?,
            ),
            Backend::Postgres => (None, self.pool.begin().await?),
        };
        Ok(WriteTx {
            tx,
            writer,
            after_commit: Vec::new(),
        })
    }

    /// Refreshes SQLite's planner statistics where they went stale (see
    /// [`SQLITE_OPTIMIZE`]); nothing on PostgreSQL. It may write the statistics, so it
    /// takes the writer's turn like any other write.
    pub async fn optimize(&self) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Sqlite {
            let _writer = self.writer.lock().await;
            sqlx::query(SQLITE_OPTIMIZE).execute(&self.pool).await?;
        }
        Ok(())
    }

    pub async fn is_reachable(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Drops the database-wide UNIQUE of `staff.employee_no` that migration 0001 made, once
/// (migration 0015 made numbers unique per hotel instead). PostgreSQL drops the
/// constraint; SQLite cannot drop a column's constraint, so the table is rebuilt without
/// it the way SQLite's documentation prescribes (foreign keys off, new table, copy, swap,
/// indexes again, foreign keys checked). Both look first, so later starts do nothing.
async fn hotel_employee_numbers(pool: &AnyPool, backend: Backend) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Postgres => {
            let (found,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM pg_constraint WHERE conname = 'staff_employee_no_key'")
                    .fetch_one(pool)
                    .await?;
            if found > 0 {
                sqlx::query("ALTER TABLE staff DROP CONSTRAINT IF EXISTS staff_employee_no_key")
                    .execute(pool)
                    .await?;
            }
        }
        Backend::Sqlite => {
            let (found,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pragma_index_list('staff') WHERE origin = 'u'")
                .fetch_one(pool)
                .await?;
            if found > 0 {
                rebuild_sqlite_staff(pool).await?;
            }
        }
    }
    Ok(())
}

async fn rebuild_sqlite_staff(pool: &AnyPool) -> Result<(), sqlx::Error> {
    const UNIQUE_COLUMN: &str = "employee_no      TEXT NOT NULL UNIQUE";
    let mut conn = pool.acquire().await?;
    let (table,): (String,) = sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'staff'")
        .fetch_one(&mut *conn)
        .await?;
    if !table.contains(UNIQUE_COLUMN) {
        return Err(sqlx::Error::Protocol(
            "the staff table's employee_no is not as migration 0001 made it".into(),
        ));
    }
    let rebuilt = table
        .replacen("CREATE TABLE staff (", "CREATE TABLE staff_rebuilt (", 1)
        .replacen(UNIQUE_COLUMN, "employee_no      TEXT NOT NULL", 1);
    let indexes: Vec<(String,)> =
        sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'staff' AND sql IS NOT NULL")
            .fetch_all(&mut *conn)
            .await?;
    conn.execute("PRAGMA foreign_keys = OFF").await?;
    let result = async {
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        tx.execute(rebuilt.as_str()).await?;
        tx.execute("INSERT INTO staff_rebuilt SELECT * FROM staff").await?;
        tx.execute("DROP TABLE staff").await?;
        tx.execute("ALTER TABLE staff_rebuilt RENAME TO staff").await?;
        for (index,) in &indexes {
            tx.execute(index.as_str()).await?;
        }
        let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(&mut *tx)
            .await?;
        if !broken.is_empty() {
            return Err(sqlx::Error::Protocol(format!(
                "rebuilding staff broke foreign keys in {broken:?}"
            )));
        }
        tx.commit().await
    }
    .await;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    result
}

/// Which database a `BELLHOP_DATABASE_URL` names.
pub fn backend_of(url: &str) -> Result<Backend, sqlx::Error> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Backend::Postgres)
    } else {
        Err(sqlx::Error::Configuration(
            "BELLHOP_DATABASE_URL must start with sqlite: or postgres:".into(),
        ))
    }
}

/// The SQLite URL opened in `mode` unless it names one: `rwc` makes sure the file's
/// folder exists and that the file is created if missing; `ro` only reads.
pub fn sqlite_url(url: &str, mode: &str) -> Result<String, sqlx::Error> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(sqlx::Error::Configuration(
            "SQLite needs a file path, e.g. sqlite://data/bellhop.db".into(),
        ));
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && mode == "rwc")
    {
        std::fs::create_dir_all(parent).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    }
    Ok(if rest.contains("mode=") {
        format!("sqlite://{rest}")
    } else if rest.contains('?') {
        format!("sqlite://{rest}&mode={mode}")
    } else {
        format!("sqlite://{rest}?mode={mode}")
    })
}
