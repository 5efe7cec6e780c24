//! The status-line classifier on arbitrary text: never panics, keeps the
//! text, and splitting a cell into lines loses no visible character.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use processlista::config::Config;
use processlista::normalize::status::Classifier;

static CLASSIFIER: LazyLock<Classifier> = LazyLock::new(|| {
    let cfg = Config::default();
    Classifier::new(&cfg, 2023).with_as_of(chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap())
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let c = &*CLASSIFIER;
    let line = c.classify(&text);
    assert_eq!(line.text(), text.trim());
    let pieces = c.split_lines(&text);
    let visible = |s: &str| {
        s.chars()
            .filter(|ch| !ch.is_whitespace())
            .collect::<String>()
    };
    let joined: String = pieces.iter().map(|p| visible(p)).collect();
    assert_eq!(joined, visible(&text));
    for p in pieces {
        let _ = c.classify(p);
    }
});
