//! Hostile and broken files, built at test time: each becomes one clear
//! `file-unreadable` finding in bounded time and memory, the good file
//! beside them is still read, and the exit status is 1.

mod common;

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use common::hostile::*;
use common::*;
use serde_json::Value;
use zip::write::SimpleFileOptions;

/// Every file-unreadable finding: file name → reason.
fn unreadable(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "file-unreadable")
        .map(|f| {
            let file = f["source"]["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy();
            (
                name.into_owned(),
                f["details"]["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn reason_of<'a>(found: &'a [(String, String)], file: &str) -> &'a str {
    &found
        .iter()
        .find(|(f, _)| f == file)
        .unwrap_or_else(|| panic!("no file-unreadable for {file}: {found:#?}"))
        .1
}

#[test]
fn hostile_corpus_is_refused_and_the_good_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The good file.
    xlsx(
        &d.join("KSON.xlsx"),
        &[("Blad1", to_cells(&clean_rows("KSON")))],
    );
    let good = std::fs::read(d.join("KSON.xlsx")).unwrap();

    let t = Instant::now();
    zip_bomb(&d.join("bomb.xlsx"), 2048 * MIB);
    eprintln!(
        "2 GiB bomb written in {:?}: {} KiB",
        t.elapsed(),
        std::fs::metadata(d.join("bomb.xlsx")).unwrap().len() / 1024
    );
    zip_bomb(&d.join("ratio.xlsx"), 64 * MIB);
    encrypted(&d.join("locked.xlsx"));
    std::fs::write(d.join("random.xlsx"), random_bytes(10_000)).unwrap();
    std::fs::write(d.join("random.xls"), random_bytes(10_000)).unwrap();
    std::fs::write(d.join("truncated.xlsx"), &good[..good.len() / 2]).unwrap();
    std::fs::write(d.join("empty.xlsx"), b"").unwrap();
    std::fs::write(
        d.join("csv.xlsx"),
        "Process;Status\n2.1.1;Processmöte 1 genomfört 230115\n",
    )
    .unwrap();
    std::fs::write(
        d.join("web.xls"),
        "<html><body><table><tr><td>Process</td></tr></table></body></html>",
    )
    .unwrap();
    std::fs::write(d.join("binary.csv"), [b'a', 0, 1, 2, 0, b';']).unwrap();
    {
        let mut z = zip::ZipWriter::new(File::create(d.join("notabook.xlsx")).unwrap());
        z.start_file("readme.txt", SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"hello").unwrap();
        z.finish().unwrap();
    }
    // A 2 KB sheet with values at A1 and XFD1048576.
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Process").unwrap();
        ws.write_string(1_048_575, 16_383, "far away").unwrap();
        wb.save(d.join("huge-extent.xlsx")).unwrap();
    }
    let t = Instant::now();
    let (code, report) = check_json(d, &["."], &["--as-of", "2023-12-31"]);
    let took = t.elapsed();
    eprintln!("check took {took:?}");
    assert!(took < Duration::from_secs(30), "check took {took:?}");
    assert_eq!(code, 1, "{report:#}");

    let found = unreadable(&report);
    let expect: &[(&str, &[&str])] = &[
        (
            "bomb.xlsx",
            &["refused before unpacking", "limits.max_unpacked_mib"],
        ),
        (
            "ratio.xlsx",
            &["refused before unpacking", "limits.max_compression_ratio"],
        ),
        (
            "locked.xlsx",
            &["password protected", "remove the password"],
        ),
        ("random.xlsx", &["not a spreadsheet"]),
        ("random.xls", &["not a spreadsheet"]),
        ("truncated.xlsx", &["damaged or truncated"]),
        ("empty.xlsx", &["empty"]),
        ("csv.xlsx", &["plain text", "csv"]),
        ("web.xls", &["HTML"]),
        ("binary.csv", &["not a text file"]),
        ("notabook.xlsx", &["without a workbook"]),
        ("huge-extent.xlsx", &["XFD1048576", "limits.max_rows"]),
    ];
    for (file, words) in expect {
        let reason = reason_of(&found, file);
        for w in *words {
            assert!(reason.contains(w), "{file}: {reason:?} lacks {w:?}");
        }
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");

    // The good file is read as if alone.
    let sources = report["sources"].as_array().unwrap();
    let kson = sources
        .iter()
        .find(|s| s["file"].as_str().unwrap().ends_with("KSON.xlsx"))
        .unwrap();
    assert_eq!(kson["status"], "ok", "{kson:#}");
    assert_eq!(kson["processes"], 1);
    assert_eq!(report["summary"]["processes"], 1);
    assert_eq!(report["summary"]["meetings"]["held"], 2);
    let unreadable_sources = sources
        .iter()
        .filter(|s| s["status"] == "unreadable")
        .count();
    assert_eq!(unreadable_sources, expect.len());
    // Only file-unreadable errors: nothing else went wrong.
    let other: Vec<_> = codes(&report)
        .into_iter()
        .filter(|c| c != "file-unreadable")
        .collect();
    assert_eq!(other, Vec::<String>::new(), "{report:#}");
}

#[test]
fn limits_can_be_raised_in_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    zip_bomb(&d.join("ratio.xlsx"), 8 * MIB);
    let (_, report) = check_json(d, &["ratio.xlsx"], &[]);
    let found = unreadable(&report);
    assert!(reason_of(&found, "ratio.xlsx").contains("max_compression_ratio"));
    // With the ratio raised, the zeros reach the XML reader, which rejects them.
    std::fs::write(
        d.join("cfg.toml"),
        "[limits]\nmax_compression_ratio = 100000\n",
    )
    .unwrap();
    let (_, report) = check_json(d, &["ratio.xlsx"], &["--config", "cfg.toml"]);
    let found = unreadable(&report);
    assert!(!reason_of(&found, "ratio.xlsx").contains("max_compression_ratio"));
}

#[test]
fn a_sparse_sheet_within_the_limits_is_read_without_the_rectangle() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut rows = clean_rows("KSON");
    rows.push(vec![]);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    // Far down and far right, but inside max_rows × max_cols.
    ws.write_string(999_998, 450, "en anteckning långt bort")
        .unwrap();
    wb.save(d.join("KSON.xlsx")).unwrap();
    let t = Instant::now();
    let (code, report) = check_json(d, &["KSON.xlsx"], &["--as-of", "2023-12-31"]);
    assert!(t.elapsed() < Duration::from_secs(20));
    assert_eq!(report["sources"][0]["status"], "ok", "{report:#}");
    assert_eq!(report["summary"]["processes"], 1);
    // The far cell is a row with no process id.
    assert_eq!(code, 1);
    assert!(
        triples(&report).contains(&("missing-process-id".into(), "".into(), "A999999".into())),
        "{report:#}"
    );
}

/// An ODS file with `body` as the table rows of sheet "Blad1".
fn ods(path: &Path, body: &str) {
    let mut z = zip::ZipWriter::new(File::create(path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Blad1">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    z.finish().unwrap();
}

fn ods_rows(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| {
            let cells: String = r
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        "<table:table-cell/>".to_string()
                    } else {
                        let paras: String = c
                            .lines()
                            .map(|l| format!("<text:p>{l}</text:p>"))
                            .collect();
                        format!(r#"<table:table-cell office:value-type="string">{paras}</table:table-cell>"#)
                    }
                })
                .collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect()
}

#[test]
fn ods_is_read_and_an_ods_repeat_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ods(&d.join("KSON.ods"), &ods_rows(&clean_rows("KSON")));
    // 1 000 000 rows × 400 columns of "x" in a few hundred bytes.
    ods(
        &d.join("repeats.ods"),
        r#"<table:table-row table:number-rows-repeated="999999"><table:table-cell table:number-columns-repeated="400" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
    );
    let t = Instant::now();
    let (code, report) = check_json(d, &["."], &["--as-of", "2023-12-31"]);
    assert!(t.elapsed() < Duration::from_secs(20));
    assert_eq!(code, 1);
    let found = unreadable(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    let reason = reason_of(&found, "repeats.ods");
    assert!(reason.contains("with repeats expanded"), "{reason}");
    assert_eq!(report["summary"]["processes"], 1, "{report:#}");
    assert_eq!(report["summary"]["meetings"]["held"], 2, "{report:#}");
}
