//! Every shape an office really sends, written by the test as real files:
//! CSV from a Swedish Excel, the long layout (alone and beside a wide
//! sheet), merged cells, formulas, folders and lock files.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use processlista::config::Config;
use processlista::model::Model;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value;

const AS_OF: &[&str] = &["--as-of", "2023-12-31"];

fn model(inputs: &[&Path]) -> Model {
    let mut opts = processlista::Options::new(
        inputs.iter().map(|p| p.to_path_buf()).collect(),
        Config::default(),
    );
    opts.as_of = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
    processlista::run(&opts).unwrap().model
}

/// (number, ISO date, state) of every meeting of process `id`.
fn meetings(m: &Model, id: &str) -> Vec<(Option<u32>, String, String)> {
    let p = m.processes.iter().find(|p| p.id == id).expect("process");
    p.meetings
        .iter()
        .map(|mt| {
            (
                mt.number(&m.rows),
                mt.date(&m.rows)
                    .as_ref()
                    .map(|d| d.start.to_string())
                    .unwrap_or_default(),
                format!("{:?}", mt.state(&m.rows)).to_lowercase(),
            )
        })
        .collect()
}

fn assert_clean(code: i32, report: &Value) {
    assert_eq!(triples(report), vec![], "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["processes"], 1);
    assert_eq!(report["summary"]["meetings"]["held"], 2);
    assert_eq!(report["summary"]["meetings"]["booked"], 1);
}

// ---------------------------------------------------------------- CSV

/// The clean list as CSV text with `delim`, quoting every cell that needs it
/// (multi-line status cells, quotes doubled), lines ended by `eol`.
fn csv_text(delim: char, eol: &str) -> String {
    let mut rows = clean_rows("KSON");
    // A quote inside a quoted multi-line cell.
    rows[3][2] = "Utveckla \"Trygg vård\", samverkan; flöde.".into();
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if c.contains(['"', '\n', ';', ',']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(&delim.to_string())
        })
        .collect::<Vec<_>>()
        .join(eol)
        + eol
}

#[test]
fn csv_semicolon_utf8_with_bom_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(csv_text(';', "\r\n").as_bytes());
    std::fs::write(dir.path().join("KSON.csv"), bytes).unwrap();
    let (code, report) = check_json(dir.path(), &["KSON.csv"], AS_OF);
    assert_clean(code, &report);
    let m = model(&[&dir.path().join("KSON.csv")]);
    let row = &m.rows[0];
    assert_eq!(&*row.need.as_ref().unwrap().text, "Väntetiderna är långa.");
    assert_eq!(
        &*row.activity.as_ref().unwrap().text,
        "Utveckla \"Trygg vård\", samverkan; flöde."
    );
    assert_eq!(row.id_text.as_ref().unwrap().loc.cell(), "A4");
    assert_eq!(
        &*m.sources[0].title[0].text,
        "Processlista KSON daterad 231231"
    );
}

#[test]
fn csv_comma_utf8_without_bom_lf() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("KSON.csv"), csv_text(',', "\n")).unwrap();
    let (code, report) = check_json(dir.path(), &["KSON.csv"], AS_OF);
    assert_clean(code, &report);
}

#[test]
fn csv_semicolon_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(';', "\r\n");
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    std::fs::write(dir.path().join("KSON.csv"), &bytes).unwrap();
    let (code, report) = check_json(dir.path(), &["KSON.csv"], AS_OF);
    assert_clean(code, &report);
    let m = model(&[&dir.path().join("KSON.csv")]);
    assert_eq!(
        &*m.rows[0].need.as_ref().unwrap().text,
        "Väntetiderna är långa."
    );
    // The multi-line status cell stays one cell with three lines.
    assert_eq!(m.rows[0].status.len(), 3);
    assert!(m.rows[0].status.iter().all(|e| e.loc().cell() == "E4"));
}

#[test]
fn csv_with_several_title_lines_and_a_ragged_title() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Handlingsplan Tillsammans för psykisk hälsa;;;;\r\nKSON;;\r\n\r\n{}",
        csv_text(';', "\r\n")
    );
    std::fs::write(dir.path().join("lista.csv"), text).unwrap();
    let (code, report) = check_json(dir.path(), &["lista.csv"], AS_OF);
    assert_clean(code, &report);
    assert_eq!(report["sources"][0]["office"], "KSON");
}

// ---------------------------------------------------------------- long layout

/// A long sheet: Process | Nr | Datum | Händelse | Status, the dates in
/// every form a cell can hold.
fn write_long(ws: &mut rust_xlsxwriter::Worksheet, rows: &[(&str, Option<u32>, When, &str, &str)]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["Process", "Nr", "Datum", "Händelse", "Status"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (id, nr, when, event, state)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        if let Some(n) = nr {
            ws.write_number(r, 1, *n as f64).unwrap();
        }
        match when {
            When::Cell(y, m, d) => {
                let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                ws.write_datetime_with_format(r, 2, &dt, &date).unwrap();
            }
            When::Number(n) => {
                ws.write_number(r, 2, *n).unwrap();
            }
            When::Text(t) => {
                ws.write_string(r, 2, *t).unwrap();
            }
        }
        ws.write_string(r, 3, *event).unwrap();
        if !state.is_empty() {
            ws.write_string(r, 4, *state).unwrap();
        }
    }
}

enum When {
    Cell(u16, u8, u8),
    Number(f64),
    Text(&'static str),
}

/// `KSON-moten.xlsx` in a new folder: one long sheet, *Möten*, of `rows`.
fn long_only(rows: &[(&str, Option<u32>, When, &str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("KSON-moten.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Möten").unwrap();
    write_long(ws, rows);
    wb.save(&path).unwrap();
    (dir, path)
}

#[test]
fn long_layout_alone_reads_every_date_form() {
    let (_dir, path) = long_only(&[
        (
            "2.1.1",
            Some(1),
            When::Cell(2023, 1, 15),
            "Processmöte",
            "genomfört",
        ),
        // YYMMDD as a number cell: read as 2023-03-01, not as serial 230301.
        (
            "2.1.1",
            Some(2),
            When::Number(230301.0),
            "Processmöte",
            "genomfört",
        ),
        // An Excel serial as a plain number cell.
        (
            "2.1.1",
            Some(3),
            When::Number(45200.0),
            "Processmöte",
            "genomfört",
        ),
        (
            "2.1.1",
            None,
            When::Text("29 maj 2023"),
            "Workshop kring SIP",
            "genomförd",
        ),
        (
            "2.1.1",
            Some(4),
            When::Text("240115"),
            "Processmöte",
            "bokad",
        ),
        (
            "2.1.2",
            None,
            When::Text("2023-06-01"),
            "Processmöte 1 genomfört",
            "",
        ),
    ]);
    let m = model(&[&path]);
    assert_eq!(
        m.sources[0].sheets[0].layout,
        processlista::model::Layout::Long
    );
    assert_eq!(
        meetings(&m, "2.1.1"),
        vec![
            (Some(1), "2023-01-15".into(), "held".into()),
            (Some(2), "2023-03-01".into(), "held".into()),
            (Some(3), "2023-10-01".into(), "held".into()),
            (Some(4), "2024-01-15".into(), "booked".into()),
        ]
    );
    let p = m.processes.iter().find(|p| p.id == "2.1.1").unwrap();
    let workshop: Vec<_> = p
        .other_lines
        .iter()
        .map(|e| e.get(&m.rows))
        .filter(|e| e.line.text().starts_with("Workshop"))
        .collect();
    assert_eq!(workshop.len(), 1);
    assert_eq!(
        workshop[0].line.date().unwrap().start.to_string(),
        "2023-05-29"
    );
    assert_eq!(
        meetings(&m, "2.1.2"),
        vec![(Some(1), "2023-06-01".into(), "held".into())]
    );
    // The date, number and state cells are kept at their own cells.
    let first = &m.rows[0].status[0];
    let cells: Vec<_> = first.cells().iter().map(|t| t.loc.cell()).collect();
    assert_eq!(cells, ["C2", "B2", "E2"]);
}

/// A number column holding what is no meeting number (a date typed into
/// it, the largest number a cell can give) reads as a meeting without a
/// number, as a status line with four digits after its kind does: the
/// numbering checks neither crash nor count to 20,230,510.
#[test]
fn long_layout_number_cell_beyond_three_digits_is_no_number() {
    let row = |nr, d| {
        (
            "2.1.1",
            Some(nr),
            When::Cell(2023, 5, d),
            "Processmöte",
            "genomfört",
        )
    };
    let (dir, path) = long_only(&[row(1, 2), row(20230510, 10), row(3, 20), row(u32::MAX, 25)]);
    let (_, report) = check_json(dir.path(), &["KSON-moten.xlsx"], AS_OF);
    let mut found = triples(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            (
                "meeting-gap".to_string(),
                "2.1.1".to_string(),
                "D4".to_string()
            ),
            ("meeting-unnumbered".into(), "2.1.1".into(), "D3".into()),
            ("meeting-unnumbered".into(), "2.1.1".into(), "D5".into()),
        ],
        "{report:#}"
    );
    let gap = first_finding(&report, "meeting-gap");
    assert_eq!(gap["details"]["missing"], serde_json::json!([2]));
    let m = model(&[&path]);
    let numbers: Vec<_> = meetings(&m, "2.1.1").into_iter().map(|t| t.0).collect();
    assert_eq!(numbers, [Some(1), None, Some(3), None]);
}

#[test]
fn long_layout_beside_a_wide_sheet_merges_per_process() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("KSON.xlsx");
    let mut rows = clean_rows("KSON");
    rows[3][4] = "Processmöte 1 genomfört 230115".into();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Processer").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Möten").unwrap();
    write_long(
        ws,
        &[
            (
                "2.1.1",
                Some(2),
                When::Number(230301.0),
                "Processmöte",
                "genomfört",
            ),
            (
                "2.1.1",
                Some(3),
                When::Cell(2024, 1, 15),
                "Processmöte",
                "bokad",
            ),
        ],
    );
    wb.save(&path).unwrap();
    let (code, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
    assert_clean(code, &report);
    let m = model(&[&path]);
    assert_eq!(m.processes.len(), 1);
    assert_eq!(
        meetings(&m, "2.1.1"),
        vec![
            (Some(1), "2023-01-15".into(), "held".into()),
            (Some(2), "2023-03-01".into(), "held".into()),
            (Some(3), "2024-01-15".into(), "booked".into()),
        ]
    );
    let layouts: Vec<processlista::model::Layout> =
        m.sources[0].sheets.iter().map(|s| s.layout).collect();
    assert_eq!(
        layouts,
        [
            processlista::model::Layout::Wide,
            processlista::model::Layout::Long
        ]
    );
}

#[test]
fn long_layout_gap_and_invalid_date_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("KSON.xlsx");
    let mut wb = Workbook::new();
    write_long(
        wb.add_worksheet(),
        &[
            (
                "2.1.1",
                Some(1),
                When::Number(230115.0),
                "Processmöte",
                "genomfört",
            ),
            (
                "2.1.1",
                Some(3),
                When::Text("230231"),
                "Processmöte",
                "genomfört",
            ),
        ],
    );
    wb.save(&path).unwrap();
    let (_, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
    let t = triples(&report);
    assert!(
        t.contains(&("meeting-gap".into(), "2.1.1".into(), "D3".into())),
        "{report:#}"
    );
    assert!(
        t.contains(&("invalid-date".into(), "2.1.1".into(), "C3".into())),
        "{report:#}"
    );
}

// ---------------------------------------------------------------- merged cells, formulas

#[test]
fn merged_cells_give_their_value_to_the_whole_area() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("KSON.xlsx");
    let mut rows = clean_rows("KSON");
    let mut second = rows[3].clone();
    second[0] = "2.1.2".into();
    rows.push(second);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // Responsibility (D) and time plan (H) are merged over both rows.
            if r == 4 && (c == 3 || c == 7) {
                continue;
            }
            if r == 3 && (c == 3 || c == 7) {
                ws.merge_range(3, c as u16, 4, c as u16, v, &Format::new())
                    .unwrap();
                continue;
            }
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    // The title merged across A1:I1.
    ws.merge_range(0, 0, 0, 8, &rows[0][0], &Format::new())
        .unwrap();
    wb.save(&path).unwrap();
    let (code, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
    assert_eq!(report["summary"]["processes"], 2);
    assert_eq!(triples(&report), vec![], "{report:#}");
    assert_eq!(code, 0);
    let m = model(&[&path]);
    for p in &m.processes {
        assert_eq!(p.lead.as_deref(), Some("KSON"), "{}", p.id);
        assert_eq!(
            &*p.time_plan.as_ref().unwrap().value(&m.rows).text,
            "2023 – 2024"
        );
    }
}

#[test]
fn formulas_read_as_their_cached_value_and_errors_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("KSON.xlsx");
    let mut cells = to_cells(&clean_rows("KSON"));
    cells[3][6] = C::F("=3-2".into(), "1".into());
    cells[3].push(C::F("=#REF!+1".into(), "#REF!".into()));
    cells[2].push(s("Kommentar"));
    xlsx(&path, &[("Blad1", cells)]);
    let (code, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
    assert_eq!(
        triples(&report),
        vec![("formula-error".into(), "".into(), "J4".into())],
        "{report:#}"
    );
    assert_eq!(code, 1);
    let m = model(&[&path]);
    assert_eq!(&*m.rows[0].priority.as_ref().unwrap().text, "1");
}

#[test]
fn formula_written_with_rust_xlsxwriter_formula_type_is_read() {
    // Formula::new without a cached result: Excel shows 0 until recalculated;
    // the reader takes what the file holds and never evaluates.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("KSON.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_formula(0, 0, Formula::new("=1+1").set_result("2"))
        .unwrap();
    wb.save(&path).unwrap();
    let sheets = processlista::read::read_file(&path, &Config::default()).unwrap();
    assert_eq!(sheets.sheets[0].rows[0][0].display(), "2");
}

// ---------------------------------------------------------------- folders

#[test]
fn folders_are_searched_recursively_and_lock_files_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("inkommet/november");
    std::fs::create_dir_all(&sub).unwrap();
    xlsx(
        &sub.join("KSON.xlsx"),
        &[("Blad1", to_cells(&clean_rows("KSON")))],
    );
    std::fs::write(sub.join("~$KSON.xlsx"), b"owner lock").unwrap();
    std::fs::write(dir.path().join("~$SoC.xlsx"), b"owner lock").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"not a list").unwrap();
    let (code, report) = check_json(dir.path(), &["."], AS_OF);
    assert_clean(code, &report);
    assert_eq!(report["sources"].as_array().unwrap().len(), 1);
}

// ---------------------------------------------------------------- nothing lost

#[test]
fn nothing_is_lost_from_awkward_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Fields inside cells, with an unlabelled cell beside and notes below.
    let cells_rows = rows(&[
        &["Bilaga – KSON Processlista"],
        &["12 processer KSON daterad 231231"],
        &[],
        &[
            "Åtgärdsbehov 1 process 2.1.1\nVäntetiderna är långa.",
            "Aktivitet 1\nUtveckla samverkan.",
            "Status:\nProcessmöte 1 genomfört 230115\nStatus 231231: Fortsatt behov av processledning",
            "Resultat – målbild\nEn sömlös patientresa",
            "Prioritering 1",
            "Tidsplanering 2023 – 2024",
            "Kontaktperson Anna Berg",
        ],
        &[],
        &["Slutförda per 231231: 0 st"],
        &["Anteckning: listan granskad av samordnaren"],
        &["", "", "", "", "", "", "", "Fristående anteckning i H8"],
    ]);
    xlsx(&d.join("KSON.xlsx"), &[("Blad1", cells_rows)]);
    // Wide with an extra column, a row with text but no id, and a long sheet.
    let mut wide = clean_rows("SoC");
    wide[2].push("Kommentar".into());
    wide[3].push("Ring Eva".into());
    wide.push(vec!["".into(), "Behov utan nummer".into()]);
    wide.push(vec![]);
    wide.push(vec!["Kontrollerad 231215".into()]);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in wide.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    ws.write_number(3, 6, 1.0).unwrap();
    write_long(
        wb.add_worksheet(),
        &[
            (
                "2.1.1",
                Some(2),
                When::Number(230301.0),
                "Processmöte",
                "genomfört",
            ),
            ("2.1.1", Some(3), When::Cell(2024, 1, 15), "", "bokad"),
            ("2.1.1", Some(4), When::Text(""), "", ""),
        ],
    );
    wb.save(d.join("SoC.xlsx")).unwrap();
    std::fs::write(
        d.join("ToS.csv"),
        csv_text(';', "\r\n").replace("KSON", "ToS"),
    )
    .unwrap();
    let files = [d.join("KSON.xlsx"), d.join("SoC.xlsx"), d.join("ToS.csv")];
    let (counted, lost) = accounting::account(&[d.to_path_buf()], &files);
    assert!(counted > 40, "{counted}");
    assert!(lost.is_empty(), "lost:\n{}", lost.join("\n"));
}
