//! Server configuration: one typed struct, read once from `BELLHOP_*` environment
//! variables at start, with defaults that are safe for a single hotel on one machine.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// `BELLHOP_BIND`, default `127.0.0.1:8080`.
    pub bind: SocketAddr,
    /// `BELLHOP_DATABASE_URL`: `sqlite://path/file.db` (default `sqlite://data/bellhop.db`)
    /// or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// `BELLHOP_STATIC_DIR`: the built app (`trunk build` output), default `dist`.
    pub static_dir: PathBuf,
    /// `BELLHOP_SEED_DEMO`: seed the demo hotel into an empty database, default true.
    pub seed_demo: bool,
    /// `BELLHOP_MAX_BODY_BYTES`: request body limit, default 1 MiB.
    pub max_body_bytes: usize,
    /// `BELLHOP_SECURE_COOKIES`: mark cookies Secure (behind https), default false.
    pub secure_cookies: bool,
    /// `BELLHOP_IDLE_TIMEOUT_TABLET_SECS`: idle timeout on enrolled tablets, default 300.
    pub idle_timeout_tablet: Duration,
    /// `BELLHOP_IDLE_TIMEOUT_SECS`: idle timeout elsewhere, default 1800.
    pub idle_timeout: Duration,
    /// `BELLHOP_SESSION_MAX_SECS`: absolute session lifetime, default 43200 (12 h).
    pub session_max: Duration,
    /// `BELLHOP_LOCKOUT_ATTEMPTS`: wrong secrets before an account locks, default 5.
    pub lockout_attempts: u32,
    /// `BELLHOP_LOCKOUT_SECS`: how long it stays locked, default 300.
    pub lockout: Duration,
    /// `BELLHOP_ENROLL_CODE_SECS`: how long a tablet enrollment code is valid, default 86400.
    pub enroll_code_ttl: Duration,
    /// `BELLHOP_HASH_MEMORY_KIB`: argon2 memory cost, default 19456 (OWASP's minimum).
    pub hash_memory_kib: u32,
    /// `BELLHOP_LOG_JSON`: log as JSON lines instead of text, default false.
    pub log_json: bool,
    /// `BELLHOP_CLOCK_START`: an RFC 3339 instant the server's clock starts at (it then
    /// runs normally) — for rehearsing a month's end in a demo or a browser test. Unset
    /// (the default), the server keeps the system's time.
    pub clock_start: Option<chrono::DateTime<chrono::Utc>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://data/bellhop.db".into(),
            static_dir: PathBuf::from("dist"),
            seed_demo: true,
            max_body_bytes: 1024 * 1024,
            secure_cookies: false,
            idle_timeout_tablet: Duration::from_secs(300),
            idle_timeout: Duration::from_secs(1800),
            session_max: Duration::from_secs(12 * 3600),
            lockout_attempts: 5,
            lockout: Duration::from_secs(300),
            enroll_code_ttl: Duration::from_secs(24 * 3600),
            hash_memory_kib: 19 * 1024,
            log_json: false,
            clock_start: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("environment variable {name}: cannot read {value:?} ({expected})")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    expected: &'static str,
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let d = Config::default();
        let secs = |name, default: Duration| -> Result<Duration, ConfigError> {
            parse(&lookup, name, default.as_secs(), "whole seconds").map(Duration::from_secs)
        };
        Ok(Config {
            bind: parse(&lookup, "BELLHOP_BIND", d.bind, "address:port")?,
            database_url: lookup("BELLHOP_DATABASE_URL").unwrap_or(d.database_url),
            static_dir: lookup("BELLHOP_STATIC_DIR").map(PathBuf::from).unwrap_or(d.static_dir),
            seed_demo: parse(&lookup, "BELLHOP_SEED_DEMO", d.seed_demo, "true or false")?,
            max_body_bytes: parse(&lookup, "BELLHOP_MAX_BODY_BYTES", d.max_body_bytes, "bytes")?,
            secure_cookies: parse(&lookup, "BELLHOP_SECURE_COOKIES", d.secure_cookies, "true or false")?,
            idle_timeout_tablet: secs("BELLHOP_IDLE_TIMEOUT_TABLET_SECS", d.idle_timeout_tablet)?,
            idle_timeout: secs("BELLHOP_IDLE_TIMEOUT_SECS", d.idle_timeout)?,
            session_max: secs("BELLHOP_SESSION_MAX_SECS", d.session_max)?,
            lockout_attempts: parse(&lookup, "BELLHOP_LOCKOUT_ATTEMPTS", d.lockout_attempts, "a count")?,
            lockout: secs("BELLHOP_LOCKOUT_SECS", d.lockout)?,
            enroll_code_ttl: secs("BELLHOP_ENROLL_CODE_SECS", d.enroll_code_ttl)?,
            hash_memory_kib: parse(&lookup, "BELLHOP_HASH_MEMORY_KIB", d.hash_memory_kib, "KiB")?,
            log_json: parse(&lookup, "BELLHOP_LOG_JSON", d.log_json, "true or false")?,
            clock_start: match lookup("BELLHOP_CLOCK_START") {
                None => None,
                Some(value) => Some(parse(
                    &|_| Some(value.clone()),
                    "BELLHOP_CLOCK_START",
                    chrono::DateTime::UNIX_EPOCH,
                    "an RFC 3339 time",
                )?),
            },
        })
    }
}

fn parse<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
    expected: &'static str,
) -> Result<T, ConfigError> {
    match lookup(name) {
        None => Ok(default),
        Some(value) => value.trim().parse().map_err(|_| ConfigError { name, value, expected }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.idle_timeout_tablet, Duration::from_secs(300));
        assert_eq!(config.max_body_bytes, 1024 * 1024);
    }

    #[test]
    fn values_are_read_and_bad_ones_named() {
        let config = Config::from_lookup(|n| (n == "BELLHOP_BIND").then(|| "0.0.0.0:9000".into())).unwrap();
        assert_eq!(config.bind.port(), 9000);
        let err = Config::from_lookup(|n| (n == "BELLHOP_LOCKOUT_SECS").then(|| "soon".into())).unwrap_err();
        assert!(err.to_string().contains("BELLHOP_LOCKOUT_SECS"));
    }

    #[test]
    fn the_clock_may_start_at_a_given_time() {
        let at = |v: &'static str| Config::from_lookup(move |n| (n == "BELLHOP_CLOCK_START").then(|| v.into()));
        let start = at("2026-11-30T23:00:00+08:00").unwrap().clock_start.unwrap();
        assert_eq!(start.to_rfc3339(), "2026-11-30T15:00:00+00:00");
        assert!(at("next tuesday")
            .unwrap_err()
            .to_string()
            .contains("BELLHOP_CLOCK_START"));
        assert_eq!(Config::from_lookup(|_| None).unwrap().clock_start, None);
    }
}
