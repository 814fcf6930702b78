//! `bellhop-server backup FILE`: a consistent copy of a live SQLite database, taken
//! with `VACUUM INTO` while the server goes on serving. PostgreSQL has `pg_dump`.

use std::path::Path;

use sqlx::Connection;

use crate::db::{self, Backend};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new file name (a backup never overwrites)")]
    Exists(String),
    #[error("the database is PostgreSQL: back it up with pg_dump, e.g. `pg_dump -Fc -f bellhop.dump \"$BELLHOP_DATABASE_URL\"` (see the README)")]
    Postgres,
    #[error("{0}")]
    Database(#[from] sqlx::Error),
}

/// Copies the database at `url` to `file`, which must not exist yet.
pub async fn backup(url: &str, file: &Path) -> Result<(), BackupError> {
    if db::backend_of(url)? == Backend::Postgres {
        return Err(BackupError::Postgres);
    }
    if file.exists() {
        return Err(BackupError::Exists(file.display().to_string()));
    }
    // Read-only: a mistyped URL must not create an empty database to back up.
    let mut conn = sqlx::SqliteConnection::connect(&db::sqlite_url(url, "ro")?).await?;
    // One statement, one read transaction: the copy is the database as of one moment,
    // whatever the server writes meanwhile.
    sqlx::query("VACUUM INTO $1")
        .bind(file.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}
