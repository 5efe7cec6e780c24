//! A small .xls that declares a huge sheet: calamine would reserve a cell for
//! each declared position (65,535 × 255: a gigabyte for a file of tens of
//! kilobytes). The file is made from the committed fixture, its DIMENSIONS
//! records widened in place with the cfb crate, and read by the binary as
//! a child process whose peak memory is measured (getrusage). This file
//! holds that one test, so that no other test's child counts.

mod common;

use std::io::{Read, Write};

use common::*;

/// Widens every DIMENSIONS record (0x0200) of the workbook stream to
/// 65,535 rows × 255 columns.
fn declare_maximal_sheets(path: &std::path::Path) -> usize {
    let mut ole = cfb::open_rw(path).unwrap();
    let mut data = Vec::new();
    ole.open_stream("/Workbook")
        .unwrap()
        .read_to_end(&mut data)
        .unwrap();
    let mut at = 0;
    let mut patched = Vec::new();
    while at + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = u16::from_le_bytes([data[at + 2], data[at + 3]]) as usize;
        if kind == 0x0200 && len >= 14 {
            patched.push(at + 4);
        }
        at += 4 + len;
    }
    for &body in &patched {
        // First row 0, last row + 1 = 65,535; first column 0, last + 1 = 255.
        data[body..body + 4].copy_from_slice(&0u32.to_le_bytes());
        data[body + 4..body + 8].copy_from_slice(&65_535u32.to_le_bytes());
        data[body + 8..body + 10].copy_from_slice(&0u16.to_le_bytes());
        data[body + 10..body + 12].copy_from_slice(&255u16.to_le_bytes());
    }
    // And a number in the declared area's last cell (IU65535), before the
    // last sheet's EOF (no sheet's offset moves): read as a dense grid, the
    // sheet is 65,535 × 255 cells.
    let mut eof = None;
    let mut at = 0;
    while at + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = u16::from_le_bytes([data[at + 2], data[at + 3]]) as usize;
        if kind == 0x000A {
            eof = Some(at);
        }
        at += 4 + len;
    }
    let mut number = vec![0x03, 0x02, 14, 0];
    number.extend(65_534u16.to_le_bytes());
    number.extend(254u16.to_le_bytes());
    number.extend(0x0Fu16.to_le_bytes());
    number.extend(1.0f64.to_le_bytes());
    let eof = eof.expect("an EOF record");
    data.splice(eof..eof, number);
    let mut stream = ole.create_stream("/Workbook").unwrap();
    stream.write_all(&data).unwrap();
    stream.flush().unwrap();
    drop(stream);
    ole.flush().unwrap();
    patched.len()
}

/// The largest resident size of any child process so far, in KiB (Linux).
fn children_peak_kib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    usage.ru_maxrss
}

#[test]
fn an_xls_declaring_a_maximal_sheet_is_refused_in_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let xls = dir.path().join("KSON.xls");
    std::fs::copy(repo().join("tests/fixtures/KSON-processlista.xls"), &xls).unwrap();
    assert!(declare_maximal_sheets(&xls) >= 1, "no DIMENSIONS record");
    let size = std::fs::metadata(&xls).unwrap().len();
    assert!(size < 200 * 1024, "{size} bytes");

    let (code, report) = check_json(dir.path(), &["KSON.xls"], &[]);
    assert_eq!(code, 1);
    let f = first_finding(&report, "file-unreadable");
    let reason = f["details"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("declares 65535 rows × 255 columns"),
        "{reason}"
    );
    assert!(reason.contains("limits.max_cells"), "{reason}");
    // The child never held the declared grid (16.7 million cells): its
    // peak is that of reading a small file.
    let peak = children_peak_kib();
    assert!(peak < 100 * 1024, "peak {peak} KiB");
}
