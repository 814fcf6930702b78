use bellhop_server::app::{self, AppState};
use bellhop_server::clock::Clock;
use bellhop_server::config::Config;
use bellhop_server::jobs;
use bellhop_server::seed;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    init_logging(config.log_json);
    let bind = config.bind;
    let seed_demo = config.seed_demo;
    let clock = config.clock_start.map_or_else(Clock::default, Clock::starting_at);
    let state = AppState::connect(config, clock).await?;
    if seed_demo && seed::seed_demo_if_empty(&state).await.map_err(|e| e.to_string())? {
        tracing::info!("seeded the demo hotel");
    }
    jobs::spawn_all(&state);
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let url = format!("http://{}", listener.local_addr()?);
    println!("\nBellhop is running at {url}  (database: {})", state.db.backend.name());
    if seed_demo {
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
