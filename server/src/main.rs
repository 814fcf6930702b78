use std::process::ExitCode;

use bellhop_api::setup::SetupRequest;
use bellhop_server::app::{self, AppState};
use bellhop_server::auth::secrets::Hasher;
use bellhop_server::backup;
use bellhop_server::cli::{Cli, Command, SetupArgs};
use bellhop_server::clock::Clock;
use bellhop_server::config::Config;
use bellhop_server::db::Db;
use bellhop_server::error::ApiError;
use bellhop_server::jobs;
use bellhop_server::seed;
use bellhop_server::setup;
use clap::Parser;
use tracing_subscriber::EnvFilter;

type Failure = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.config.log_json);
    let outcome = match cli.command {
        None | Some(Command::Serve) => serve(cli.config).await,
        Some(Command::Setup(args)) => set_up(cli.config, args).await,
        Some(Command::Backup { file }) => backup::backup(&cli.config.database_url, &file)
            .await
            .map(|()| println!("Backed up the database to {}", file.display()))
            .map_err(Failure::from),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bellhop-server: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), Failure> {
    let bind = config.bind;
    let seed_demo = config.seed_demo;
    let clock = config.clock_start.map_or_else(Clock::default, Clock::starting_at);
    let state = AppState::connect(config, clock).await?;
    if seed_demo && seed::seed_demo_if_empty(&state).await.map_err(|e| e.to_string())? {
        tracing::info!("seeded the demo hotel");
    }
    let setup_code = state.setup_code.arm(&state.db.pool).await?;
    jobs::spawn_all(&state);
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let url = format!("http://{}", listener.local_addr()?);
    println!("\nBellhop is running at {url}  (database: {})", state.db.backend.name());
    if let Some(code) = setup_code {
        println!(
            "This server has no hotel yet. Set it up with `bellhop-server setup`, or in the app \
             with this one-time code: {code}"
        );
    } else if seed_demo {
        println!("{}", seed::demo_sign_ins());
    }
    let live = state.live.clone();
    let stop = async move {
        shutdown_signal().await;
        live.shut_down();
    };
    axum::serve(listener, app::router(state))
        .with_graceful_shutdown(stop)
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// `bellhop-server setup`: the same creation as the first-run screen, from a console.
async fn set_up(config: Config, args: SetupArgs) -> Result<(), Failure> {
    let admin_password = match args.admin_password {
        Some(password) => password,
        None => rpassword::prompt_password("Password for the first admin: ")?,
    };
    let db = Db::connect(&config.database_url).await?;
    let request = SetupRequest {
        // The code guards the HTTP way in; whoever runs this already holds the server.
        code: String::new(),
        hotel_name: args.hotel_name,
        time_zone: args.time_zone,
        language: args.language,
        admin_employee_no: args.admin_employee_no,
        admin_name: args.admin_name,
        admin_password,
    };
    let hasher = Hasher::new(config.hash_memory_kib);
    match setup::create_hotel(&db, &hasher, &Clock::default(), &request).await {
        Ok(hotel) => {
            println!(
                "Set up {} ({}). {} signs in with the password given.",
                hotel.name, hotel.time_zone, request.admin_employee_no
            );
            Ok(())
        }
        Err(ApiError::Invalid(fields)) => {
            let reasons: Vec<String> = fields.iter().map(|(f, r)| format!("{f}: {}", r.code())).collect();
            Err(format!("cannot set up: {}", reasons.join(", ")).into())
        }
        Err(err @ ApiError::Client { .. }) => Err(err.to_string().into()),
        Err(err) => Err(format!("cannot set up: {err}").into()),
    }
}

fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let subscriber = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        subscriber.json().init();
    } else {
        subscriber.init();
    }
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests in flight, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
