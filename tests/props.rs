//! Property tests for the parsers (a few thousand cases, fast).

use chrono::{Datelike, NaiveDate};
use processlista::config::{Config, SixDigitOrder};
use processlista::normalize::status::Classifier;
use processlista::{model::dates::Precision, normalize::dates::DateParser};
use proptest::prelude::*;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

fn date() -> impl Strategy<Value = NaiveDate> {
    // 2000-01-01 ..= 2099-12-31: the century six-digit dates are read in.
    (0i64..36_524)
        .prop_map(|d| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(d))
}

static CLASSIFIER: std::sync::LazyLock<Classifier> = std::sync::LazyLock::new(|| {
    Classifier::new(&Config::default(), 2023)
        .with_as_of(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap())
});

fn classifier() -> &'static Classifier {
    &CLASSIFIER
}

fn visible(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Status-like text: meeting words, numbers, dates, states and noise.
fn status_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("Processmöte".to_string()),
        Just("Analysmöte".to_string()),
        Just("genomfört".to_string()),
        Just("bokad".to_string()),
        Just("inställd".to_string()),
        Just("KSON internt".to_string()),
        Just("Status 231231:".to_string()),
        Just("Delprocess:".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        (0u32..40).prop_map(|n| n.to_string()),
        "[0-9]{6}",
        "[0-9]{1,2}/[0-9]{1,2} 20[0-9]{2}",
        "\\PC{0,8}",
    ];
    proptest::collection::vec(word, 0..12).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn every_day_parses_back_in_every_form(d in date()) {
        let p = DateParser::new(SixDigitOrder::Ymd, 2023);
        let forms = [
            d.format("%y%m%d").to_string(),
            d.format("%Y%m%d").to_string(),
            d.format("%Y-%m-%d").to_string(),
            format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
            format!("{}/{} {}", d.day(), d.month(), d.year()),
            format!("{}.{}.{}", d.day(), d.month(), d.year()),
        ];
        for f in forms {
            let v = p.parse_one(&f);
            prop_assert!(matches!(v, Some(Ok(_))), "{f}: {v:?}");
            let v = v.unwrap().unwrap();
            prop_assert_eq!(v.start, d, "{}", f);
            prop_assert_eq!(v.end, d, "{}", f);
            prop_assert_eq!(v.precision, Precision::Day, "{}", f);
            prop_assert_eq!(&v.text, &f);
        }
    }

    #[test]
    fn ddmmyy_order_reads_six_digits_the_other_way(d in date()) {
        let p = DateParser::new(SixDigitOrder::Dmy, 2023);
        let f = d.format("%d%m%y").to_string();
        let v = p.parse_one(&f);
        prop_assert!(matches!(&v, Some(Ok(x)) if x.start == d), "{f}: {v:?}");
    }

    #[test]
    fn a_date_in_a_meeting_line_is_its_date(d in date(), n in 1u32..40) {
        let c = classifier();
        let text = format!("Processmöte {n} genomfört {}", d.format("%y%m%d"));
        let line = c.classify(&text);
        prop_assert_eq!(line.date().map(|v| v.start), Some(d));
    }

    #[test]
    fn classify_keeps_the_text(text in status_text()) {
        let c = classifier();
        let line = c.classify(&text);
        prop_assert_eq!(line.text(), text.trim());
    }

    #[test]
    fn split_lines_loses_no_visible_character(text in status_text()) {
        let c = classifier();
        let pieces = c.split_lines(&text);
        let joined: String = pieces.iter().map(|p| visible(p)).collect();
        prop_assert_eq!(joined, visible(&text));
        // A piece read in place (sharing the cell's text) reads as the
        // piece on its own does.
        let loc = processlista::finding::Location::new("kson.xlsx", "Blad1", "E4");
        let cell = processlista::model::status::CellText::new(&text, loc.clone());
        for p in c.split_lines(&cell.text) {
            prop_assert!(!p.trim().is_empty());
            let (shared, own) = (c.classify_in(&cell, p), c.classify(p));
            // The line knows its cell.
            prop_assert_eq!(shared.loc(), &loc);
            // Text, kind (a meeting's as written), date, invalid dates.
            prop_assert_eq!(
                serde_json::to_value(&shared).unwrap(),
                serde_json::to_value(&own).unwrap()
            );
        }
    }

    #[test]
    fn find_all_spans_lie_on_the_text(text in "\\PC{0,40}") {
        let p = DateParser::new(SixDigitOrder::Ymd, 2023);
        for f in p.find_all(&text) {
            prop_assert!(text.get(f.span.clone()).is_some());
            if let Ok(v) = f.value {
                prop_assert!(v.start <= v.end);
            }
        }
        if let Some(v) = p.parse_period(&text) {
            prop_assert!(v.start <= v.end);
        }
    }
}
