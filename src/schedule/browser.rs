//! Data for the browser's 「今日ひらいている」 filter: a compact JSON form of a [`Schedule`] and
//! the list of national holidays, read by `themes/default/static/assets/open-now.js`
//! (`window.tsunaguOpen`), which evaluates them exactly as [`super::eval`] does.
//!
//! ```json
//! {"rules": [{"freq": "monthly", "interval": 1, "byday": [[2, 5], [4, 5]],
//!             "open": 660, "close": 840, "from": "2026-04-01", "to": "2027-03-31"}],
//!  "dates": [{"date": "2026-12-20", "open": 600, "close": 720}],
//!  "closed_holidays": true, "closed_year_end": true, "closed_dates": ["2026-08-13"]}
//! ```
//!
//! `byday` is a list of `[nth or null, weekday]` with Monday = 0 … Sunday = 6; `bymonthday`
//! (monthly rules, omitted when empty) uses -1 for the last day; `open` and `close` are
//! minutes after midnight, `close` 1440 being midnight at the end of the day; `from`/`to`
//! (the validity period) are omitted when not set.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::eval::{close_minutes, open_minutes};
use super::{Freq, Schedule};
use crate::holidays;

fn day(d: NaiveDate) -> Value {
    Value::String(d.format("%Y-%m-%d").to_string())
}

impl Schedule {
    /// The compact JSON read by `open-now.js` (see the module docs).
    pub fn to_browser_json(&self) -> Value {
        let rules: Vec<Value> = (self.rules.iter())
            .map(|r| {
                let mut m = Map::new();
                let freq = match r.freq {
                    Freq::Weekly => "weekly",
                    Freq::Monthly => "monthly",
                };
                m.insert("freq".into(), json!(freq));
                m.insert("interval".into(), json!(r.interval.max(1)));
                if !r.byday.is_empty() {
                    let byday: Vec<Value> = (r.byday.iter())
                        .map(|b| json!([b.nth, b.weekday.num_days_from_monday()]))
                        .collect();
                    m.insert("byday".into(), Value::Array(byday));
                }
                if !r.bymonthday.is_empty() {
                    m.insert("bymonthday".into(), json!(r.bymonthday));
                }
                m.insert("open".into(), json!(open_minutes(r.opens_at)));
                m.insert("close".into(), json!(close_minutes(r.closes_at)));
                if let Some(f) = r.valid_from {
                    m.insert("from".into(), day(f));
                }
                if let Some(t) = r.valid_to {
                    m.insert("to".into(), day(t));
                }
                Value::Object(m)
            })
            .collect();
        let dates: Vec<Value> = (self.dates.iter())
            .map(|d| {
                json!({
                    "date": day(d.date),
                    "open": open_minutes(d.opens_at),
                    "close": close_minutes(d.closes_at),
                })
            })
            .collect();
        json!({
            "rules": rules,
            "dates": dates,
            "closed_holidays": self.closed_holidays,
            "closed_year_end": self.closed_year_end,
            "closed_dates": self.closed_dates.iter().copied().map(day).collect::<Vec<_>>(),
        })
    }
}

/// The national holidays of the years `from_year` to `to_year` (both included) as a JSON
/// list of `"YYYY-MM-DD"` strings, for `open-now.js`.
pub fn holidays_json(from_year: i32, to_year: i32) -> Value {
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(from_year.max(holidays::FIRST_YEAR), 1, 1),
        NaiveDate::from_ymd_opt(to_year.min(holidays::LAST_YEAR), 12, 31),
    ) else {
        return Value::Array(Vec::new());
    };
    Value::Array(
        holidays::holidays_between(from, to)
            .into_iter()
            .map(|(d, _)| day(d))
            .collect(),
    )
}
