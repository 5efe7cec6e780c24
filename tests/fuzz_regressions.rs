//! Every crash the fuzzers found, kept as a regression test (inputs in
//! tests/data/fuzz/, named after the target and libFuzzer's artifact hash).

mod common;

use chrono::NaiveDate;
use processlista::config::{Config, SixDigitOrder};
use processlista::normalize::dates::DateParser;
use processlista::normalize::status::Classifier;

fn input(name: &str) -> Vec<u8> {
    std::fs::read(common::repo().join("tests/data/fuzz").join(name)).unwrap()
}

/// `dates`: a six-digit token of non-ASCII digits ("\d" matched other
/// scripts' digits) was sliced at byte offsets inside a character.
#[test]
fn dates_crash_3fdd4919_non_ascii_digits() {
    let text = String::from_utf8_lossy(&input("dates-crash-3fdd4919")).into_owned();
    for order in [SixDigitOrder::Ymd, SixDigitOrder::Dmy] {
        let p = DateParser::new(order, 2023);
        let _ = p.find_all(&text);
        let _ = p.parse_one(&text);
        let _ = p.parse_period(&text);
    }
    // Arabic-Indic and full-width digits are no dates; ASCII ones still are.
    let p = DateParser::new(SixDigitOrder::Ymd, 2023);
    assert_eq!(p.parse_one("٢٣٠٥٢٩"), None);
    assert_eq!(p.parse_one("２３０５２９"), None);
    assert_eq!(
        p.parse_one("230529").unwrap().unwrap().start,
        NaiveDate::from_ymd_opt(2023, 5, 29).unwrap()
    );
}

/// `status`: the same slicing panic, reached through a status line.
#[test]
fn status_crash_7b2f10f3_non_ascii_digits() {
    let text = String::from_utf8_lossy(&input("status-crash-7b2f10f3")).into_owned();
    let c = Classifier::new(&Config::default(), 2023);
    let line = c.classify(&text);
    assert_eq!(line.text(), text.trim());
    let pieces = c.split_lines(&text);
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(
        pieces.iter().map(|p| visible(p)).collect::<String>(),
        visible(&text)
    );
}

/// `read`: an xlsx whose cell reference has so many letters that calamine's
/// column arithmetic overflows (a panic with overflow checks on). The reader
/// catches it and reports the file as damaged.
#[test]
fn read_crash_01e00e35_calamine_overflow_is_a_failure_not_a_panic() {
    let data = input("read-crash-01e00e35");
    let (first, bytes) = data.split_first().unwrap();
    assert_eq!(*first, 0, "the first byte picks .xlsx");
    let result = processlista::read::read_bytes_as(bytes, "xlsx", "fuzz", &Config::default());
    assert!(result.is_err(), "{result:?}");
}

/// The same file among good ones: one file-unreadable, the others read.
#[test]
fn read_crash_01e00e35_does_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::xlsx(
        &d.join("KSON.xlsx"),
        &[("Blad1", common::to_cells(&common::clean_rows("KSON")))],
    );
    std::fs::write(d.join("trasig.xlsx"), &input("read-crash-01e00e35")[1..]).unwrap();
    let (code, report) = common::check_json(d, &["."], &["--as-of", "2023-12-31"]);
    assert_eq!(code, 1);
    assert_eq!(
        common::triples(&report),
        vec![("file-unreadable".into(), "".into(), "".into())],
        "{report:#}"
    );
    assert_eq!(report["summary"]["processes"], 1);
}
