//! The date parser on arbitrary text: never panics, spans lie on the text,
//! a valid value's range is ordered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use processlista::config::SixDigitOrder;
use processlista::normalize::dates::DateParser;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for order in [SixDigitOrder::Ymd, SixDigitOrder::Dmy] {
        let p = DateParser::new(order, 2023);
        for f in p.find_all(&text) {
            assert!(
                text.get(f.span.clone()).is_some(),
                "span on a char boundary"
            );
            if let Ok(v) = &f.value {
                assert!(v.start <= v.end, "{v:?}");
            }
        }
        if let Some(Ok(v)) = p.parse_one(&text) {
            assert!(v.start <= v.end, "{v:?}");
        }
        if let Some(v) = p.parse_period(&text) {
            assert!(v.start <= v.end, "{v:?}");
        }
    }
});
