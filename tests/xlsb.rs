//! .xlsb (Excel binary workbook), written record by record (MS-XLSB: a
//! workbook part naming its sheets, a worksheet of inline strings, and a
//! chart sheet): the worksheet's list is read, and a chart sheet is skipped
//! with a `sheet-skipped` info instead of making the file unreadable.

mod common;

use std::io::Write;
use std::path::Path;

use common::*;

/// One record: its type and length as MS-XLSB's variable-length numbers.
fn record(out: &mut Vec<u8>, typ: u16, body: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8);
    }
    let mut len = body.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(body);
}

/// An XLWideString: its length in characters, then UTF-16LE.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    for u in units {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

/// An xlsb of the clean KSON list in sheet "Blad1", and with `chart` a
/// chart sheet "Diagram1" after it.
fn xlsb(path: &Path, chart: bool) {
    let mut sheets: Vec<(&str, &str, &str)> = vec![("Blad1", "rId1", "worksheets/sheet1.bin")];
    if chart {
        sheets.push(("Diagram1", "rId2", "chartsheets/sheet1.bin"));
    }
    let mut book = Vec::new();
    for (i, (name, rid, _)) in sheets.iter().enumerate() {
        // BrtBundleSh: visible, its tab id, its relationship, its name.
        let mut body = 0u32.to_le_bytes().to_vec();
        body.extend_from_slice(&(i as u32 + 1).to_le_bytes());
        body.extend(wide(rid));
        body.extend(wide(name));
        record(&mut book, 0x009C, &body);
    }
    record(&mut book, 0x0090, &[]); // BrtEndBundleShs
    record(&mut book, 0x009D, &[0; 4]); // BrtCalcProp: the names end
    let rows = clean_rows("KSON");
    let mut ws = Vec::new();
    record(&mut ws, 0x0081, &[]); // BrtBeginSheet
    let dim: Vec<u8> = [0u32, rows.len() as u32 - 1, 0, 8]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    record(&mut ws, 0x0094, &dim); // BrtWsDim
    record(&mut ws, 0x0091, &[]); // BrtBeginSheetData
    for (r, row) in rows.iter().enumerate() {
        record(&mut ws, 0x0000, &(r as u32).to_le_bytes()); // BrtRowHdr
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            // BrtCellSt: column, style and flags, the string.
            let mut body = (c as u32).to_le_bytes().to_vec();
            body.extend_from_slice(&[0; 4]);
            body.extend(wide(v));
            record(&mut ws, 0x0006, &body);
        }
    }
    record(&mut ws, 0x0092, &[]); // BrtEndSheetData
    record(&mut ws, 0x0082, &[]); // BrtEndSheet
    let mut cs = Vec::new();
    record(&mut cs, 0x01AF, &[]); // BrtBeginChartSheet
    record(&mut cs, 0x01B0, &[]); // BrtEndChartSheet
    let rels: String = sheets
        .iter()
        .map(|(_, rid, target)| {
            format!(r#"<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>"#)
        })
        .collect();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let mut part = |name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    };
    part(
        "[Content_Types].xml",
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>"#,
    );
    part("xl/workbook.bin", &book);
    part(
        "xl/_rels/workbook.bin.rels",
        format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).as_bytes(),
    );
    part("xl/worksheets/sheet1.bin", &ws);
    if chart {
        part("xl/chartsheets/sheet1.bin", &cs);
    }
    zip.finish().unwrap();
}

#[test]
fn a_chart_sheet_is_skipped_with_an_info_and_the_list_is_read() {
    for chart in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        xlsb(&dir.path().join("KSON.xlsb"), chart);
        let (_, report) = check_json(dir.path(), &["KSON.xlsb"], &["--as-of", "2023-12-31"]);
        assert!(
            findings_of(&report, "file-unreadable").is_empty(),
            "{report:#}"
        );
        assert_eq!(report["summary"]["processes"], 1, "{report:#}");
        assert_eq!(report["summary"]["meetings"]["held"], 2, "{report:#}");
        let skipped = findings_of(&report, "sheet-skipped");
        if !chart {
            assert!(skipped.is_empty(), "{report:#}");
            continue;
        }
        assert_eq!(skipped.len(), 1, "{report:#}");
        let f = skipped[0];
        assert_eq!(f["severity"], "info");
        assert_eq!(f["source"]["sheet"], "Diagram1");
        assert!(f["message"].as_str().unwrap().contains("Diagram1"), "{f}");
    }
}

/// The same in an .xlsx: a chart sheet (rust_xlsxwriter's chartsheet) is
/// skipped with the same info, the list beside it read.
#[test]
fn a_chart_sheet_in_an_xlsx_is_skipped_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Blad1").unwrap();
    for (r, row) in clean_rows("KSON").iter().enumerate() {
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    let mut chart = rust_xlsxwriter::Chart::new_column();
    chart.add_series().set_values("Blad1!$G$4:$G$4");
    let cs = wb.add_chartsheet().set_name("Diagram1").unwrap();
    cs.insert_chart(0, 0, &chart).unwrap();
    wb.save(dir.path().join("KSON.xlsx")).unwrap();
    let (_, report) = check_json(dir.path(), &["KSON.xlsx"], &["--as-of", "2023-12-31"]);
    assert!(
        findings_of(&report, "file-unreadable").is_empty(),
        "{report:#}"
    );
    assert_eq!(report["summary"]["processes"], 1, "{report:#}");
    let skipped = findings_of(&report, "sheet-skipped");
    assert_eq!(skipped.len(), 1, "{report:#}");
    assert_eq!(skipped[0]["source"]["sheet"], "Diagram1");
}

/// The sheets keep the workbook's tab order, the chart sheet among them.
#[test]
fn a_chart_sheet_keeps_its_place_among_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let mut chart = rust_xlsxwriter::Chart::new_column();
    chart.add_series().set_values("Blad1!$G$4:$G$4");
    wb.add_chartsheet()
        .set_name("Diagram1")
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    let ws = wb.add_worksheet().set_name("Blad1").unwrap();
    for (r, row) in clean_rows("KSON").iter().enumerate() {
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save(dir.path().join("KSON.xlsx")).unwrap();
    let (_, report) = check_json(dir.path(), &["KSON.xlsx"], &["--as-of", "2023-12-31"]);
    assert_eq!(
        report["sources"][0]["sheets"],
        serde_json::json!(["Diagram1", "Blad1"]),
        "{report:#}"
    );
}
