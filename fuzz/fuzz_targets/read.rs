//! The file reader on arbitrary bytes: the first byte picks the extension,
//! the rest is the file. Never panics; the limits bound memory.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use processlista::config::Config;

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    let mut cfg = Config::default();
    // Small limits so that memory stays well under libFuzzer's RSS limit.
    cfg.limits.max_unpacked_mib = 64;
    cfg.limits.max_cells = 200_000;
    cfg
});

const EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic. A panic inside a dependency
        // (calamine) is caught by the reader and becomes a ReadFailure, which
        // is the behaviour under test; a panic in our own code still aborts.
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_dependency = info
                .location()
                .is_some_and(|l| l.file().contains("/.cargo/registry/"));
            if !in_dependency {
                default(info);
                std::process::abort();
            }
        }));
    },
    |data: &[u8]| {
    let Some((first, bytes)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[*first as usize % EXTENSIONS.len()];
    if let Ok(sheets) = processlista::read::read_bytes_as(bytes, ext, "fuzz", &CONFIG) {
        let cells: usize = sheets
            .iter()
            .map(|s| s.rows.iter().map(Vec::len).sum::<usize>())
            .sum();
        assert!(cells as u64 <= CONFIG.limits.max_cells);
    }
});
