//! The hotel's clock. Every time and date the app shows or asks for is the hotel's, in
//! its time zone, whatever the device is set to: a tablet left on UTC in Hong Kong
//! still shows 10:11 for a task filed at 10:11. The zone arrives with the session;
//! until then (and for a zone the browser does not know) the device's own is used.
//! JS `Intl` does the zone arithmetic, so the wasm carries no time-zone tables.

use std::cell::RefCell;

use chrono::{DateTime, Utc};
use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsCast;

thread_local! {
    /// Reads a moment as numbers on the hotel's calendar and clock.
    static HOTEL_CLOCK: RefCell<Option<Intl::DateTimeFormat>> = const { RefCell::new(None) };
    /// The hotel's IANA zone, once known and known to the browser.
    static HOTEL_ZONE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A moment on the hotel's calendar and clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HotelTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl HotelTime {
    /// `2026-11-27`, as date inputs and the API write days.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2026-11`, as month inputs and the API write months.
    pub fn month(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `14:05`.
    pub fn time(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

/// From now on, times are read in the IANA `zone` (the signed-in person's hotel's).
pub fn use_time_zone(zone: &str) {
    let known = numeric_format(Some(zone));
    HOTEL_ZONE.with(|z| *z.borrow_mut() = known.is_some().then(|| zone.to_owned()));
    let clock = known.or_else(|| numeric_format(None));
    HOTEL_CLOCK.with(|c| *c.borrow_mut() = clock);
}

/// The hotel's zone, for `Intl` options that write dates in words (`None`: the
/// device's).
pub fn time_zone() -> Option<String> {
    HOTEL_ZONE.with(|z| z.borrow().clone())
}

/// `t` on the hotel's calendar and clock.
pub fn at(t: DateTime<Utc>) -> HotelTime {
    read(&Date::new(&(t.timestamp_millis() as f64).into()))
}

/// Now, on the hotel's calendar and clock.
pub fn now() -> HotelTime {
    read(&Date::new_0())
}

fn read(date: &Date) -> HotelTime {
    let parts = HOTEL_CLOCK.with(|c| {
        if c.borrow().is_none() {
            *c.borrow_mut() = numeric_format(None);
        }
        c.borrow().as_ref().map(|f| f.format_to_parts(date))
    });
    let mut time = HotelTime {
        year: date.get_full_year() as i32,
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
    };
    for part in parts.iter().flat_map(|p| p.iter()) {
        let field = |name: &str| Reflect::get(&part, &name.into()).ok().and_then(|v| v.as_string());
        let (Some(kind), Some(value)) = (field("type"), field("value")) else {
            continue;
        };
        let Ok(n) = value.parse::<u32>() else { continue };
        match kind.as_str() {
            "year" => time.year = n as i32,
            "month" => time.month = n,
            "day" => time.day = n,
            // Some engines still write midnight as 24 under `h23`.
            "hour" => time.hour = n % 24,
            "minute" => time.minute = n,
            _ => {}
        }
    }
    time
}

/// A formatter writing a moment as plain numbers in `zone` (the device's own for
/// `None`); `None` when the browser does not know the zone.
fn numeric_format(zone: Option<&str>) -> Option<Intl::DateTimeFormat> {
    let options = Object::new();
    let mut fields = vec![
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("hourCycle", "h23"),
    ];
    if let Some(zone) = zone {
        fields.push(("timeZone", zone));
    }
    for (key, value) in fields {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let args = Array::of2(&Array::of1(&"en-US".into()), &options);
    // The constructor throws a RangeError for an unknown zone: called through
    // `Reflect`, the error comes back as a value.
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.dyn_into().ok()?;
    Reflect::construct(&constructor, &args).ok().map(JsCast::unchecked_into)
}
