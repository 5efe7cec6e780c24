//! Dates as values: a date as written, its precision and the days it may
//! mean. A month stays a month (a range), never a made-up day. The parser
//! that finds them in text is [`crate::normalize::dates`].

use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate};
use compact_str::CompactString;
use serde::Serialize;

use crate::ground::config::Lang;

/// How exact a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Quarter,
    Term,
    Year,
    Period,
}

impl Precision {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Precision::Day, Lang::Sv) => "dag",
            (Precision::Week, Lang::Sv) => "vecka",
            (Precision::Month, Lang::Sv) => "månad",
            (Precision::Quarter, Lang::Sv) => "kvartal",
            (Precision::Term, Lang::Sv) => "termin",
            (Precision::Year, Lang::Sv) => "år",
            (Precision::Period, Lang::Sv) => "period",
            (Precision::Day, Lang::En) => "day",
            (Precision::Week, Lang::En) => "week",
            (Precision::Month, Lang::En) => "month",
            (Precision::Quarter, Lang::En) => "quarter",
            (Precision::Term, Lang::En) => "term",
            (Precision::Year, Lang::En) => "year",
            (Precision::Period, Lang::En) => "period",
        }
    }
}

/// `2023-05-29`: a day in ISO form, as chrono's `%Y-%m-%d` writes it but
/// without parsing a format string per call (the status log and the cells
/// of every sheet format hundreds of thousands of dates).
///
/// ```
/// let d = chrono::NaiveDate::from_ymd_opt(2023, 5, 9).unwrap();
/// assert_eq!(processlista::model::dates::iso(d), "2023-05-09");
/// ```
pub fn iso(d: NaiveDate) -> String {
    let y = d.year();
    if !(0..=9999).contains(&y) {
        return d.format("%Y-%m-%d").to_string();
    }
    let (y, m, day) = (y as u32, d.month(), d.day());
    let digit = |n: u32| char::from(b'0' + n as u8);
    let mut s = String::with_capacity(10);
    for n in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
        s.push(digit(n));
    }
    for part in [m, day] {
        s.push('-');
        s.push(digit(part / 10));
        s.push(digit(part % 10));
    }
    s
}

/// A date or date range with its original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateValue {
    /// The text as written ("230529", "juni 2022"), inline when short.
    pub text: CompactString,
    pub precision: Precision,
    /// First day the value can mean.
    pub start: NaiveDate,
    /// Last day the value can mean (equal to `start` for a day).
    pub end: NaiveDate,
}

impl DateValue {
    pub fn day(text: impl Into<CompactString>, d: NaiveDate) -> Self {
        DateValue {
            text: text.into(),
            precision: Precision::Day,
            start: d,
            end: d,
        }
    }

    /// The normalised form: `2023-05-29`, `2022-06`, `v 37 2021`, `vt 2024`,
    /// `2024 Q1`, `2023`, `2022–2023`.
    pub fn normalized(&self, lang: Lang) -> String {
        match self.precision {
            Precision::Day => iso(self.start),
            Precision::Week => {
                let w = self.start.iso_week();
                match lang {
                    Lang::Sv => format!("v {} {}", w.week(), w.year()),
                    Lang::En => format!("{}-W{:02}", w.year(), w.week()),
                }
            }
            Precision::Month => self.start.format("%Y-%m").to_string(),
            Precision::Quarter => {
                let q = (self.start.month() - 1) / 3 + 1;
                match lang {
                    Lang::Sv => format!("kv{} {}", q, self.start.year()),
                    Lang::En => format!("{} Q{}", self.start.year(), q),
                }
            }
            Precision::Term => {
                let spring = self.start.month() < 7;
                match (lang, spring) {
                    (Lang::Sv, true) => format!("vt {}", self.start.year()),
                    (Lang::Sv, false) => format!("ht {}", self.start.year()),
                    (Lang::En, true) => format!("spring {}", self.start.year()),
                    (Lang::En, false) => format!("autumn {}", self.start.year()),
                }
            }
            Precision::Year => self.start.year().to_string(),
            Precision::Period => format!("{}–{}", iso(self.start), iso(self.end)),
        }
    }
}

/// A token that looks like a date but is none ("230231").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidDate {
    pub text: String,
    /// Why it is no date.
    pub reason: String,
    /// Another reading of the same digits that is a valid date, if any.
    pub alternative: Option<NaiveDate>,
    /// When the year and month are real but the day is not in that month
    /// (230231: February 2023 has no 31st): (year, month, day).
    pub no_such_day: Option<(i32, u32, u32)>,
    /// True when the token looks like a date (a plausible month), so that it is
    /// reported even outside a meeting line.
    pub date_like: bool,
}

/// One date-like token found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub span: Range<usize>,
    pub value: Result<DateValue, InvalidDate>,
}

/// An Excel serial date (days since 1899-12-30) as a date.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.floor() as i64))
}
