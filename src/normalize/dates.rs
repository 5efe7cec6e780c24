//! Dates as the offices write them, each kept with its original text and its
//! precision. A month stays a month (a range), never a made-up day.
//!
//! ```
//! use processlista::{model::dates::Precision, normalize::dates::DateParser};
//! let p = DateParser::new(processlista::config::SixDigitOrder::Ymd, 2023);
//! let d = p.parse_one("230529").unwrap().unwrap();
//! assert_eq!(d.start.to_string(), "2023-05-29");
//! let m = p.parse_one("juni 2022").unwrap().unwrap();
//! assert_eq!(m.precision, Precision::Month);
//! assert_eq!((m.start.to_string(), m.end.to_string()), ("2022-06-01".into(), "2022-06-30".into()));
//! assert!(p.parse_one("230231").unwrap().is_err());
//! ```

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::{Captures, Regex};

use crate::ground::config::SixDigitOrder;
use crate::ground::per_thread::PerThread;
use crate::model::dates::{DateValue, Found, InvalidDate, Precision};

const MONTHS: &str = "januari|january|jan|februari|february|feb|mars|march|mar|april|apr|maj|may|juni|june|jun|juli|july|jul|augusti|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|december|dec";

static TOKEN: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    let pattern = [
        r"(?-u:\b)(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?-u:\b)".to_string(),
        r"(?-u:\b)(?P<sy>\d{2})-(?P<sm>\d{2})-(?P<sd>\d{2})(?-u:\b)".to_string(),
        r"(?-u:\b)(?P<eight>\d{8})(?-u:\b)".to_string(),
        r"(?-u:\b)(?P<six>\d{6})(?-u:\b)".to_string(),
        r"(?-u:\b)(?P<dd>\d{1,2})/(?P<dm>\d{1,2})(?:\s+|-)(?P<dy>\d{4}|\d{2})(?-u:\b)".to_string(),
        r"(?-u:\b)(?P<pd>\d{1,2})\.(?P<pm>\d{1,2})\.(?P<py>\d{4})(?-u:\b)".to_string(),
        format!(r"(?-u:\b)(?P<nd>\d{{1,2}})\s+(?P<nm>{MONTHS})\.?\s+(?P<ny>\d{{4}})(?-u:\b)"),
        format!(r"(?-u:\b)(?P<mm>{MONTHS})\.?\s+(?P<my>\d{{4}})(?-u:\b)"),
        r"(?-u:\b)(?:v\.?|vecka|week|w)\s*(?P<w>\d{1,2})(?-u:\b)(?:\s*,?\s*(?P<wy>(?:19|20)\d{2})(?-u:\b))?"
            .to_string(),
        r"(?-u:\b)(?:q|kv\.?|kvartal)\s*(?P<q>[1-4])\s*(?P<qy>\d{4})(?-u:\b)".to_string(),
        r"(?-u:\b)(?P<t>vt|ht|våren|hösten|vår|höst|spring|autumn|fall)\s*(?P<ty>\d{4}|\d{2})(?-u:\b)"
            .to_string(),
        r"(?-u:\b)(?P<y>(?:19|20)\d{2})(?-u:\b)".to_string(),
    ]
    .join("|")
    // ASCII digits only: `\d` also matches other scripts' digits, whose
    // several bytes would break the fixed-width slicing below.
    .replace(r"\d", "[0-9]");
    Regex::new(&format!("(?i){pattern}"))
        .expect("date regex")
        .into()
});

/// A whole year ("2023").
fn year(text: &str, y: i64) -> Option<Result<DateValue, InvalidDate>> {
    let start = NaiveDate::from_ymd_opt(y as i32, 1, 1)?;
    let end = NaiveDate::from_ymd_opt(y as i32, 12, 31)?;
    Some(Ok(range(text.to_string(), Precision::Year, start, end)))
}

/// Parses dates with a fixed six-digit order and a default year (for "vecka
/// 37" written without a year).
#[derive(Debug, Clone)]
pub struct DateParser {
    order: SixDigitOrder,
    default_year: i32,
}

impl DateParser {
    pub fn new(order: SixDigitOrder, default_year: i32) -> Self {
        DateParser {
            order,
            default_year,
        }
    }

    /// Every date-like token in `text`, left to right.
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        let mut out = Vec::new();
        // The tokens are found without capture groups (the fast engine);
        // a bare six-digit token, by far the most common, can only be the
        // six-digit form, and a bare four-digit one (a time plan's year) only
        // a year; the groups are read for the others alone.
        for m in TOKEN.find_iter(text) {
            let s = m.as_str();
            let digits = s.bytes().all(|b| b.is_ascii_digit());
            let value = if s.len() == 6 && digits {
                self.six(s, s)
            } else if s.len() == 4 && digits {
                year(s, num_at(s, 0, 4))
            } else {
                TOKEN
                    .captures_at(text, m.start())
                    .and_then(|c| self.read_captures(&c, s))
            };
            if let Some(value) = value {
                out.push(Found {
                    span: m.range(),
                    value,
                });
            }
        }
        out
    }

    /// A day the user gives (a flag, a query): YYYY-MM-DD or YYMMDD, a
    /// whole day. The error is the message for `label` (`--as-of 2023-13-45`)
    /// in `lang`.
    pub fn day_given(
        &self,
        label: &str,
        text: &str,
        lang: crate::ground::config::Lang,
    ) -> Result<NaiveDate, String> {
        match self.parse_one(text) {
            Some(Ok(d)) if d.precision == Precision::Day => Ok(d.start),
            _ => Err(match lang {
                crate::ground::config::Lang::Sv => format!(
                    "{label}: inget datum; skriv det som ÅÅÅÅ-MM-DD (t.ex. 2023-12-31) eller ÅÅMMDD"
                ),
                crate::ground::config::Lang::En => format!(
                    "{label}: not a date; write it as YYYY-MM-DD (e.g. 2023-12-31) or YYMMDD"
                ),
            }),
        }
    }

    /// Parses `text` when the whole of it (trimmed) is one date: `None` when it
    /// is no date at all, `Some(Err)` when it looks like one but is invalid.
    pub fn parse_one(&self, text: &str) -> Option<Result<DateValue, InvalidDate>> {
        let t = text.trim();
        let found = self.find_all(t);
        match found.as_slice() {
            [f] if f.span == (0..t.len()) => Some(f.value.clone()),
            _ => None,
        }
    }

    /// Parses a time plan or period: "2022 – 2023", "2021-2023", "Hösten
    /// 2021-våren 2022", or a single date of any precision. The result spans
    /// from the first value's start to the last value's end.
    pub fn parse_period(&self, text: &str) -> Option<DateValue> {
        let found: Vec<Found> = self.find_all(text);
        let valid: Vec<&Found> = found.iter().filter(|f| f.value.is_ok()).collect();
        match valid.as_slice() {
            [] => None,
            [one] => one.value.clone().ok().map(|mut v| {
                v.text = text.trim().into();
                v
            }),
            [first, .., last] => {
                let a = first.value.as_ref().ok()?;
                let b = last.value.as_ref().ok()?;
                Some(DateValue {
                    text: text.trim().into(),
                    precision: Precision::Period,
                    start: a.start.min(b.start),
                    end: a.end.max(b.end),
                })
            }
        }
    }

    fn read_captures(&self, c: &Captures, text: &str) -> Option<Result<DateValue, InvalidDate>> {
        let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i64>().ok());
        let text = text.to_string();
        if let (Some(y), Some(m), Some(d)) = (num("iy"), num("im"), num("id")) {
            return Some(ymd(&text, y, m, d, None));
        }
        if let (Some(y), Some(m), Some(d)) = (num("sy"), num("sm"), num("sd")) {
            return Some(ymd(&text, 2000 + y, m, d, None));
        }
        if let Some(m) = c.name("eight") {
            let s = m.as_str();
            let (y, mo, d) = (num_at(s, 0, 4), num_at(s, 4, 6), num_at(s, 6, 8));
            if !(1900..=2099).contains(&y) {
                return None;
            }
            return Some(ymd(&text, y, mo, d, None));
        }
        if let Some(m) = c.name("six") {
            return self.six(&text, m.as_str());
        }
        if let (Some(d), Some(m), Some(y)) = (num("dd"), num("dm"), num("dy")) {
            let y = if y < 100 { 2000 + y } else { y };
            return Some(ymd(&text, y, m, d, None));
        }
        if let (Some(d), Some(m), Some(y)) = (num("pd"), num("pm"), num("py")) {
            return Some(ymd(&text, y, m, d, None));
        }
        if let (Some(d), Some(mn), Some(y)) = (num("nd"), c.name("nm"), num("ny")) {
            let m = month_number(mn.as_str())?;
            return Some(ymd(&text, y, m as i64, d, None));
        }
        if let (Some(mn), Some(y)) = (c.name("mm"), num("my")) {
            let m = month_number(mn.as_str())?;
            let start = NaiveDate::from_ymd_opt(y as i32, m, 1)?;
            return Some(Ok(range(text, Precision::Month, start, month_end(start))));
        }
        if let Some(w) = num("w") {
            let y = num("wy").map_or(self.default_year, |y| y as i32);
            return Some(
                match NaiveDate::from_isoywd_opt(y, w as u32, chrono::Weekday::Mon) {
                    Some(start) => Ok(range(
                        text,
                        Precision::Week,
                        start,
                        start + Duration::days(6),
                    )),
                    None => Err(InvalidDate {
                        text,
                        reason: format!("week {w} does not exist in {y}"),
                        alternative: None,
                        no_such_day: None,
                        date_like: true,
                    }),
                },
            );
        }
        if let (Some(q), Some(y)) = (num("q"), num("qy")) {
            let start = NaiveDate::from_ymd_opt(y as i32, (q as u32 - 1) * 3 + 1, 1)?;
            let end = month_end(NaiveDate::from_ymd_opt(y as i32, q as u32 * 3, 1)?);
            return Some(Ok(range(text, Precision::Quarter, start, end)));
        }
        if let (Some(t), Some(y)) = (c.name("t"), num("ty")) {
            let y = if y < 100 { 2000 + y } else { y } as i32;
            let t = t.as_str().to_lowercase();
            let spring = matches!(t.as_str(), "vt" | "våren" | "vår" | "spring");
            let (start, end) = if spring {
                (
                    NaiveDate::from_ymd_opt(y, 1, 1)?,
                    NaiveDate::from_ymd_opt(y, 6, 30)?,
                )
            } else {
                (
                    NaiveDate::from_ymd_opt(y, 8, 1)?,
                    NaiveDate::from_ymd_opt(y, 12, 31)?,
                )
            };
            return Some(Ok(range(text, Precision::Term, start, end)));
        }
        if let Some(y) = num("y") {
            return year(&text, y);
        }
        None
    }

    /// Six digits: YYMMDD (or DDMMYY by configuration). A token that is valid
    /// in neither order but has a plausible month is an invalid date.
    fn six(&self, text: &str, s: &str) -> Option<Result<DateValue, InvalidDate>> {
        let (a, b, c) = (num_at(s, 0, 2), num_at(s, 2, 4), num_at(s, 4, 6));
        let ymd_reading = NaiveDate::from_ymd_opt(2000 + a as i32, b as u32, c as u32);
        let dmy_reading = NaiveDate::from_ymd_opt(2000 + c as i32, b as u32, a as u32);
        let (first, other, order_name) = match self.order {
            SixDigitOrder::Ymd => (ymd_reading, dmy_reading, "ÅÅMMDD"),
            SixDigitOrder::Dmy => (dmy_reading, ymd_reading, "DDMMÅÅ"),
        };
        match first {
            Some(d) => Some(Ok(DateValue::day(text, d))),
            None => {
                let date_like = (1..=12).contains(&b);
                // The configured reading's year and month, for a day that
                // month does not have.
                let (y, m, d) = match self.order {
                    SixDigitOrder::Ymd => (2000 + a as i32, b as u32, c as u32),
                    SixDigitOrder::Dmy => (2000 + c as i32, b as u32, a as u32),
                };
                let no_such_day = no_such_day(y, m, d);
                // Then the other reading is only a help when it is near in
                // time (230231 read as DDMMYY is 2031: no help).
                let alternative = match no_such_day {
                    Some(_) => other.filter(|o| (o.year() - y).abs() <= 1),
                    None => other,
                };
                Some(Err(InvalidDate {
                    text: text.to_string(),
                    reason: format!("{text} is no date read as {order_name}"),
                    alternative,
                    no_such_day,
                    date_like,
                }))
            }
        }
    }
}

/// (year, month, day) when the month is real and the day is not in it.
fn no_such_day(y: i32, m: u32, d: u32) -> Option<(i32, u32, u32)> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let days = month_end(first).day();
    (d == 0 || d > days).then_some((y, m, d))
}

fn num_at(s: &str, a: usize, b: usize) -> i64 {
    s.get(a..b).and_then(|t| t.parse().ok()).unwrap_or(0)
}

fn range(text: String, precision: Precision, start: NaiveDate, end: NaiveDate) -> DateValue {
    DateValue {
        text: text.into(),
        precision,
        start,
        end,
    }
}

fn ymd(
    text: &str,
    y: i64,
    m: i64,
    d: i64,
    alt: Option<NaiveDate>,
) -> Result<DateValue, InvalidDate> {
    match NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        Some(date) => Ok(DateValue::day(text, date)),
        None => Err(InvalidDate {
            text: text.to_string(),
            reason: format!("{text} is no date (year {y}, month {m}, day {d})"),
            alternative: alt,
            no_such_day: i32::try_from(y)
                .ok()
                .and_then(|y| no_such_day(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)),
            date_like: (1..=12).contains(&m),
        }),
    }
}

fn month_end(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).expect("valid") - Duration::days(1)
}

/// Month number for a Swedish or English month name or abbreviation.
pub(crate) fn month_number(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    let m = match n {
        "januari" | "january" | "jan" => 1,
        "februari" | "february" | "feb" => 2,
        "mars" | "march" | "mar" => 3,
        "april" | "apr" => 4,
        "maj" | "may" => 5,
        "juni" | "june" | "jun" => 6,
        "juli" | "july" | "jul" => 7,
        "augusti" | "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "oktober" | "october" | "okt" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::config::Lang;
    use crate::model::dates::{from_excel_serial, iso};

    /// `find_all` reads a bare six-digit token without the capture groups:
    /// it must give what reading every token's groups gives.
    #[test]
    fn fast_path_reads_as_the_groups_do() {
        use proptest::prelude::*;
        let p = DateParser::new(SixDigitOrder::Ymd, 2023);
        let slow = |text: &str| -> Vec<Found> {
            TOKEN
                .captures_iter(text)
                .filter_map(|c| {
                    let m = c.get(0).unwrap();
                    p.read_captures(&c, m.as_str()).map(|value| Found {
                        span: m.range(),
                        value,
                    })
                })
                .collect()
        };
        let token = prop::sample::select(vec![
            "230529",
            "230231",
            "311299",
            "20230529",
            "2023-05-29",
            "23-05-29",
            "5/3 2023",
            "29.5.2023",
            "maj 2023",
            "3 juni 2022",
            "v 37",
            "vecka 12 2024",
            "Q1 2024",
            "vt 2024",
            "2023",
            "1999",
            "2100",
            "1899",
            "2023–2024",
            "1234567",
            "12345",
            "Processmöte",
            "5",
            "genomfört",
            "-",
            " ",
            "\n",
            "x",
            "ö",
        ]);
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        runner
            .run(&prop::collection::vec(token, 0..10), |parts| {
                let text = parts.concat();
                prop_assert_eq!(p.find_all(&text), slow(&text), "{:?}", text);
                let spaced = parts.join(" ");
                prop_assert_eq!(p.find_all(&spaced), slow(&spaced), "{:?}", spaced);
                Ok(())
            })
            .unwrap();
    }

    /// `iso` writes what chrono's `%Y-%m-%d` writes, for every day chrono
    /// can hold (years outside 0–9999 take chrono's own path).
    #[test]
    fn iso_equals_chrono_format() {
        use proptest::prelude::*;
        let days = NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        runner
            .run(&days, |n| {
                let d = NaiveDate::from_num_days_from_ce_opt(n).unwrap();
                prop_assert_eq!(iso(d), d.format("%Y-%m-%d").to_string());
                Ok(())
            })
            .unwrap();
        for d in ["0000-01-01", "0999-12-31", "2023-05-29", "9999-12-31"] {
            assert_eq!(iso(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()), d);
        }
    }

    fn p() -> DateParser {
        DateParser::new(SixDigitOrder::Ymd, 2021)
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_form_of_the_spec() {
        use Precision::*;
        let cases: &[(&str, Precision, &str, &str)] = &[
            ("230529", Day, "2023-05-29", "2023-05-29"),
            ("20230529", Day, "2023-05-29", "2023-05-29"),
            ("2023-05-29", Day, "2023-05-29", "2023-05-29"),
            ("23-05-29", Day, "2023-05-29", "2023-05-29"),
            ("29/5 2023", Day, "2023-05-29", "2023-05-29"),
            ("29/5-23", Day, "2023-05-29", "2023-05-29"),
            ("29.5.2023", Day, "2023-05-29", "2023-05-29"),
            ("29 maj 2023", Day, "2023-05-29", "2023-05-29"),
            ("3 Oktober 2022", Day, "2022-10-03", "2022-10-03"),
            ("juni 2022", Month, "2022-06-01", "2022-06-30"),
            ("sept 2022", Month, "2022-09-01", "2022-09-30"),
            ("dec 2021", Month, "2021-12-01", "2021-12-31"),
            ("feb 2024", Month, "2024-02-01", "2024-02-29"),
            ("v 37 2021", Week, "2021-09-13", "2021-09-19"),
            ("vecka 37", Week, "2021-09-13", "2021-09-19"),
            ("v.1 2024", Week, "2024-01-01", "2024-01-07"),
            ("Q1 2024", Quarter, "2024-01-01", "2024-03-31"),
            ("kv1 2024", Quarter, "2024-01-01", "2024-03-31"),
            ("kv 4 2023", Quarter, "2023-10-01", "2023-12-31"),
            ("vt 2024", Term, "2024-01-01", "2024-06-30"),
            ("våren 2024", Term, "2024-01-01", "2024-06-30"),
            ("ht 2022", Term, "2022-08-01", "2022-12-31"),
            ("hösten 2022", Term, "2022-08-01", "2022-12-31"),
            ("HT22", Term, "2022-08-01", "2022-12-31"),
            ("2023", Year, "2023-01-01", "2023-12-31"),
        ];
        for (text, prec, start, end) in cases {
            let v = p()
                .parse_one(text)
                .unwrap_or_else(|| panic!("{text}: not found"))
                .unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(v.precision, *prec, "{text}");
            assert_eq!(v.start, d(start), "{text}");
            assert_eq!(v.end, d(end), "{text}");
            assert_eq!(v.text, *text);
        }
    }

    #[test]
    fn invalid_forms() {
        let cases: &[(&str, Option<&str>)] = &[
            // February 2023 has no 31st; the DDMMYY reading, 2031, is no help.
            ("230231", None),
            // No day 31 in April 2030; DDMMYY, 2031-04-30, is a year away.
            ("300431", Some("2031-04-30")),
            ("231301", None),
            ("2023-02-30", None),
            ("20230231", None),
            ("31/2 2023", None),
            ("30.2.2023", None),
            ("31 april 2023", None),
            ("v 54 2021", None),
        ];
        for (text, alt) in cases {
            let e = p()
                .parse_one(text)
                .unwrap_or_else(|| panic!("{text}: not found"))
                .expect_err(text);
            assert_eq!(e.alternative, alt.map(d), "{text}");
        }
        // 23 13 01: month 13 is not date-like; 23 02 31 is.
        assert!(!p().parse_one("231301").unwrap().unwrap_err().date_like);
        assert!(p().parse_one("230231").unwrap().unwrap_err().date_like);
        // The day a real month does not have is named; a month 13 is not.
        let e = p().parse_one("230231").unwrap().unwrap_err();
        assert_eq!(e.no_such_day, Some((2023, 2, 31)));
        assert_eq!(
            p().parse_one("231301").unwrap().unwrap_err().no_such_day,
            None
        );
        let e = p().parse_one("2023-04-31").unwrap().unwrap_err();
        assert_eq!(e.no_such_day, Some((2023, 4, 31)));
    }

    #[test]
    fn six_digit_order_is_configurable() {
        let dmy = DateParser::new(SixDigitOrder::Dmy, 2023);
        let v = dmy.parse_one("290523").unwrap().unwrap();
        assert_eq!(v.start, d("2023-05-29"));
        // Day 32 of May 2029 read as DDMMYY; as YYMMDD it is 2032-05-29,
        // three years away: not offered.
        let e = dmy.parse_one("320529").unwrap().unwrap_err();
        assert_eq!(e.no_such_day, Some((2029, 5, 32)));
        assert_eq!(e.alternative, None);
        // 300431 as DDMMYY is 30 April 2031, a real day.
        assert_eq!(
            dmy.parse_one("300431").unwrap().unwrap().start,
            d("2031-04-30")
        );
        let e = dmy.parse_one("310423").unwrap().unwrap_err();
        assert_eq!(e.no_such_day, Some((2023, 4, 31)));
    }

    #[test]
    fn not_dates() {
        for text in [
            "5",
            "12345",
            "1234567",
            "Processmöte",
            "prio 1",
            "3 st",
            "1850",
        ] {
            assert!(p().parse_one(text).is_none(), "{text}");
        }
    }

    #[test]
    fn periods() {
        let cases: &[(&str, &str, &str)] = &[
            ("2022 – 2023", "2022-01-01", "2023-12-31"),
            ("2021-2023", "2021-01-01", "2023-12-31"),
            ("Hösten 2021-våren 2022", "2021-08-01", "2022-06-30"),
            ("2022", "2022-01-01", "2022-12-31"),
            ("vt 2024", "2024-01-01", "2024-06-30"),
            ("juni 2022 - dec 2022", "2022-06-01", "2022-12-31"),
        ];
        for (text, start, end) in cases {
            let v = p().parse_period(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((v.start, v.end), (d(start), d(end)), "{text}");
            assert_eq!(v.text, *text);
        }
        assert!(p().parse_period("löpande").is_none());
    }

    #[test]
    fn tokens_inside_lines() {
        let f = p().find_all("Processmöte 5 genomfört 230529 med projektledaren");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value.as_ref().unwrap().start, d("2023-05-29"));
        let f = p().find_all("Processmöte 14 KSON internt genomfört 230925");
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn normalized_forms() {
        let v = p().parse_one("v 37 2021").unwrap().unwrap();
        assert_eq!(v.normalized(Lang::Sv), "v 37 2021");
        assert_eq!(v.normalized(Lang::En), "2021-W37");
        let v = p().parse_one("ht 2022").unwrap().unwrap();
        assert_eq!(v.normalized(Lang::Sv), "ht 2022");
        let v = p().parse_one("juni 2022").unwrap().unwrap();
        assert_eq!(v.normalized(Lang::Sv), "2022-06");
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(45075.0), Some(d("2023-05-29")));
        assert_eq!(from_excel_serial(-3.0), None);
    }
}
