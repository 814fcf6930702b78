//! Reading the API's timestamps: UTC in RFC 3339 (`2026-11-27T14:05:00.123Z`), as the
//! server writes them. chrono's own `Deserialize` goes through its general-purpose
//! parser, which accepts looser forms and was most of chrono's share of each app's
//! download; RFC 3339 has its own small reader in chrono, used here. Writing is
//! chrono's own, so the wire is unchanged.

use chrono::{DateTime, Utc};
use serde::de::Error;
use serde::{Deserialize, Deserializer};

fn parse<E: Error>(text: &str) -> Result<DateTime<Utc>, E> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| E::custom("not an RFC 3339 timestamp"))
}

/// `#[serde(deserialize_with = "crate::timestamp::read")]`
pub fn read<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    parse(&String::deserialize(d)?)
}

/// `#[serde(default, deserialize_with = "crate::timestamp::read_option")]`: `null` or
/// absent is `None`.
pub fn read_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Option::<String>::deserialize(d)?.map(|t| parse(&t)).transpose()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Stamped {
        #[serde(deserialize_with = "super::read")]
        at: chrono::DateTime<Utc>,
        #[serde(default, deserialize_with = "super::read_option")]
        until: Option<chrono::DateTime<Utc>>,
    }

    #[test]
    fn reads_what_chrono_writes() {
        let stamped = Stamped {
            at: Utc.with_ymd_and_hms(2026, 11, 27, 14, 5, 0).unwrap() + chrono::Duration::microseconds(123_456),
            until: Some(Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap()),
        };
        let json = serde_json::to_string(&stamped).unwrap();
        assert_eq!(
            json,
            r#"{"at":"2026-11-27T14:05:00.123456Z","until":"2026-12-01T00:00:00Z"}"#
        );
        assert_eq!(serde_json::from_str::<Stamped>(&json).unwrap(), stamped);
    }

    #[test]
    fn an_offset_is_read_as_utc_and_null_or_absent_as_none() {
        let read: Stamped = serde_json::from_str(r#"{"at":"2026-11-27T22:05:00+08:00","until":null}"#).unwrap();
        assert_eq!(read.at, Utc.with_ymd_and_hms(2026, 11, 27, 14, 5, 0).unwrap());
        assert_eq!(read.until, None);
        let read: Stamped = serde_json::from_str(r#"{"at":"2026-11-27T14:05:00Z"}"#).unwrap();
        assert_eq!(read.until, None);
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            r#"{"at":"2026-11-27"}"#,
            r#"{"at":"27/11/2026 14:05"}"#,
            r#"{"at":"2026-11-27T14:05:00"}"#,
        ] {
            assert!(serde_json::from_str::<Stamped>(bad).is_err(), "{bad}");
        }
    }
}
