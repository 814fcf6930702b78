//! Server configuration: one typed struct, read once at start from command-line flags or
//! their `BELLHOP_*` environment variables (the flag wins), with defaults that are safe
//! for a single hotel on one machine. `bellhop-server --help` lists them all.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use clap::{ArgAction, Args, FromArgMatches};

#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Settings (each flag or its BELLHOP_* variable)")]
pub struct Config {
    /// Address and port to listen on (`0.0.0.0:8080` for the hotel network).
    #[arg(long, global = true, env = "BELLHOP_BIND", default_value = "127.0.0.1:8080",
          value_parser = read::<SocketAddr>("address:port"))]
    pub bind: SocketAddr,
    /// `sqlite://path/file.db`, or `postgres://user:password@host:5432/db`.
    #[arg(
        long,
        global = true,
        env = "BELLHOP_DATABASE_URL",
        default_value = "sqlite://data/bellhop.db"
    )]
    pub database_url: String,
    /// The built app to serve from a folder instead of the one built into the server
    /// (a build with the `embed-app` feature has one; without it the default is `dist`).
    #[arg(long, global = true, env = "BELLHOP_STATIC_DIR")]
    #[cfg_attr(not(feature = "embed-app"), arg(default_value = "dist"))]
    pub static_dir: Option<PathBuf>,
    /// Seed the demo hotel into an empty database, and print its sign-ins.
    #[arg(long, global = true, env = "BELLHOP_SEED_DEMO", default_value = "true",
          action = ArgAction::Set, value_parser = read::<bool>("true or false"))]
    pub seed_demo: bool,
    /// Request body limit in bytes.
    #[arg(long, global = true, env = "BELLHOP_MAX_BODY_BYTES", default_value = "1048576",
          value_parser = read::<usize>("bytes"))]
    pub max_body_bytes: usize,
    /// Mark cookies Secure and send Strict-Transport-Security; set true behind https.
    #[arg(long, global = true, env = "BELLHOP_SECURE_COOKIES", default_value = "false",
          action = ArgAction::Set, value_parser = read::<bool>("true or false"))]
    pub secure_cookies: bool,
    /// Seconds without use after which a session on an enrolled tablet ends.
    #[arg(long = "idle-timeout-tablet-secs", global = true, env = "BELLHOP_IDLE_TIMEOUT_TABLET_SECS",
          default_value = "300", value_parser = secs())]
    pub idle_timeout_tablet: Duration,
    /// Seconds without use after which a session elsewhere ends.
    #[arg(long = "idle-timeout-secs", global = true, env = "BELLHOP_IDLE_TIMEOUT_SECS",
          default_value = "1800", value_parser = secs())]
    pub idle_timeout: Duration,
    /// Seconds after which every session ends, whatever happens (12 hours).
    #[arg(long = "session-max-secs", global = true, env = "BELLHOP_SESSION_MAX_SECS",
          default_value = "43200", value_parser = secs())]
    pub session_max: Duration,
    /// Wrong PINs or passwords before an account locks.
    #[arg(long, global = true, env = "BELLHOP_LOCKOUT_ATTEMPTS", default_value = "5",
          value_parser = read::<u32>("a count"))]
    pub lockout_attempts: u32,
    /// Seconds a locked account stays locked.
    #[arg(long = "lockout-secs", global = true, env = "BELLHOP_LOCKOUT_SECS", default_value = "300",
          value_parser = secs())]
    pub lockout: Duration,
    /// Seconds a tablet enrollment code stays valid.
    #[arg(long = "enroll-code-secs", global = true, env = "BELLHOP_ENROLL_CODE_SECS", default_value = "86400",
          value_parser = secs())]
    pub enroll_code_ttl: Duration,
    /// Argon2id memory cost in KiB for PINs and passwords (OWASP's minimum).
    #[arg(long, global = true, env = "BELLHOP_HASH_MEMORY_KIB", default_value = "19456",
          value_parser = read::<u32>("KiB"))]
    pub hash_memory_kib: u32,
    /// Log JSON lines instead of text (`RUST_LOG` sets the level).
    #[arg(long, global = true, env = "BELLHOP_LOG_JSON", default_value = "false",
          action = ArgAction::Set, value_parser = read::<bool>("true or false"))]
    pub log_json: bool,
    /// An RFC 3339 time the server's clock starts at (it then runs on), to rehearse a
    /// month's end in a demo or test; never set in production.
    #[arg(long, global = true, env = "BELLHOP_CLOCK_START",
          value_parser = read::<chrono::DateTime<chrono::Utc>>("an RFC 3339 time"))]
    pub clock_start: Option<chrono::DateTime<chrono::Utc>>,
}

impl Default for Config {
    /// The defaults written on the flags above, whatever the environment holds.
    fn default() -> Self {
        let command = Config::augment_args(clap::Command::new("defaults")).mut_args(|arg| arg.env(None));
        let matches = command.try_get_matches_from(["defaults"]).expect("the defaults parse");
        Config::from_arg_matches(&matches).expect("the defaults fill the config")
    }
}

/// Reads a value with `FromStr`, spaces around it ignored as before; a bad one names
/// the flag and its environment variable.
fn read<T>(expected: &'static str) -> Read<T> {
    Read {
        expected,
        _type: std::marker::PhantomData,
    }
}

fn secs() -> impl TypedValueParser<Value = Duration> {
    read::<u64>("whole seconds").map(Duration::from_secs)
}

struct Read<T> {
    expected: &'static str,
    _type: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Read<T> {
    fn clone(&self) -> Self {
        read(self.expected)
    }
}

impl<T: std::str::FromStr + Clone + Send + Sync + 'static> TypedValueParser for Read<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        text.trim().parse().map_err(|_| {
            let name = arg.map_or_else(String::new, |arg| {
                let env = arg.get_env().map(|e| e.to_string_lossy().into_owned());
                let flag = arg.get_long().map(|l| format!("--{l}"));
                format!(
                    "{}: ",
                    [flag, env].into_iter().flatten().collect::<Vec<_>>().join(" / ")
                )
            });
            clap::Error::raw(
                ErrorKind::ValueValidation,
                format!("{name}cannot read {text:?} ({})\n", self.expected),
            )
            .with_cmd(cmd)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        let command = Config::augment_args(clap::Command::new("bellhop-server")).mut_args(|arg| arg.env(None));
        let matches = command.try_get_matches_from(std::iter::once("bellhop-server").chain(args.iter().copied()))?;
        Ok(Config::from_arg_matches(&matches).unwrap())
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = Config::default();
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.idle_timeout_tablet, Duration::from_secs(300));
        assert_eq!(config.max_body_bytes, 1024 * 1024);
        assert_eq!(config.database_url, "sqlite://data/bellhop.db");
        assert!(config.seed_demo && !config.secure_cookies);
        assert_eq!(config.hash_memory_kib, 19 * 1024);
    }

    #[test]
    fn values_are_read_and_bad_ones_named() {
        let config = parse(&["--bind", " 0.0.0.0:9000 ", "--seed-demo", "false"]).unwrap();
        assert_eq!(config.bind.port(), 9000);
        assert!(!config.seed_demo);
        let err = parse(&["--lockout-secs", "soon"]).unwrap_err().to_string();
        assert!(err.contains("--lockout-secs"), "{err}");
        assert!(err.contains(r#"cannot read "soon" (whole seconds)"#), "{err}");
        assert!(parse(&["--seed-demo", "yes"]).is_err(), "only true or false, as before");
    }

    #[test]
    fn the_clock_may_start_at_a_given_time() {
        let start = parse(&["--clock-start", "2026-11-30T23:00:00+08:00"])
            .unwrap()
            .clock_start
            .unwrap();
        assert_eq!(start.to_rfc3339(), "2026-11-30T15:00:00+00:00");
        let err = parse(&["--clock-start", "next tuesday"]).unwrap_err().to_string();
        assert!(err.contains("--clock-start"), "{err}");
        assert_eq!(Config::default().clock_start, None);
    }

    /// Existing scripts set the environment variables: each setting keeps one, and the
    /// README's configuration table lists it.
    #[test]
    fn every_setting_has_its_environment_variable_and_is_documented() {
        let command = Config::augment_args(clap::Command::new("bellhop-server"));
        let readme = include_str!("../../README.md");
        for arg in command.get_arguments() {
            let env = arg.get_env().map(|e| e.to_string_lossy().into_owned());
            let env = env.unwrap_or_else(|| panic!("--{} has no environment variable", arg.get_id()));
            assert!(env.starts_with("BELLHOP_"), "{env}");
            assert!(readme.contains(&format!("`{env}`")), "the README lists {env}");
        }
    }
}
