//! The command line: `serve` (also with no subcommand), `setup` and `backup`, each
//! taking every setting of [`Config`] as a flag or its `BELLHOP_*` variable.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "bellhop-server",
    version,
    about = "Bellhop, the hotel staff portal: its REST API and the built app, \
    over SQLite or PostgreSQL. Without a subcommand it serves."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal and the API (the default). On an empty database without the
    /// demo it prints a one-time code for the first-run set-up in the app.
    Serve,
    /// Create the hotel and its first admin in an empty database, then exit.
    Setup(SetupArgs),
    /// Write a consistent copy of the live SQLite database to FILE (never over an
    /// existing file). For PostgreSQL use pg_dump.
    Backup {
        /// Where the copy goes.
        file: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// The hotel's name.
    #[arg(long)]
    pub hotel_name: String,
    /// IANA time zone, e.g. Asia/Hong_Kong: it decides what "today" means.
    #[arg(long)]
    pub time_zone: String,
    /// The hotel's default language.
    #[arg(long, default_value = "en", value_parser = ["en", "zh-Hant", "zh-Hans"])]
    pub language: String,
    /// The first admin's employee number, e.g. A001.
    #[arg(long)]
    pub admin_employee_no: String,
    /// The first admin's name.
    #[arg(long)]
    pub admin_name: String,
    /// The first admin's password (at least 8 characters); asked for when not given.
    #[arg(long, env = "BELLHOP_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
}
