//! The server's idea of "now". Production reads the system clock; tests move a
//! manual clock forward to reach idle timeouts, lockout ends and deadlines at once.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Milliseconds added to the system time; only tests and `BELLHOP_CLOCK_START` set it.
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Now as Unix milliseconds, the form timestamps take in the database.
    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }

    /// A clock that reads `start` now and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        let offset = (start - Utc::now()).num_milliseconds();
        Clock {
            offset_ms: Arc::new(AtomicI64::new(offset)),
        }
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, by: std::time::Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// Database timestamps (Unix ms) to the API's UTC times; `None` out of chrono's range.
/// Stored times are read through [`crate::rows::Row::time`], which names the row.
pub fn from_ms(ms: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms).single()
}

/// Midnight at the start of `day` in the zone `tz`, as Unix ms (the earlier one if the
/// clocks repeat it, UTC midnight if they skip it).
pub fn local_midnight_ms<Z: TimeZone>(tz: &Z, day: NaiveDate) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc().timestamp_millis(), |t| t.timestamp_millis())
}

const EPOCH_DAY: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");

/// A calendar day as stored: days since 1970-01-01.
pub fn day_number(day: NaiveDate) -> i64 {
    (day - EPOCH_DAY).num_days()
}

/// A stored day number back to its date.
pub fn from_day_number(days: i64) -> NaiveDate {
    EPOCH_DAY + chrono::Duration::days(days)
}

impl Clock {
    /// Today in the zone `tz` (the property's calendar).
    pub fn today<Z: TimeZone>(&self, tz: &Z) -> NaiveDate {
        self.now().with_timezone(tz).date_naive()
    }
}
