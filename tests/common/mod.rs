//! Helpers for the integration tests: write real input workbooks with
//! rust_xlsxwriter, run the binary, read its JSON report.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod accounting;
pub mod hostile;
pub mod http;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value;

/// A cell to write.
#[derive(Clone, Debug)]
pub enum C {
    S(String),
    N(f64),
    D(u16, u8, u8),
    /// A formula with a cached result (e.g. "#REF!").
    F(String, String),
    E,
}

pub fn s(t: &str) -> C {
    if t.is_empty() {
        C::E
    } else {
        C::S(t.to_string())
    }
}

/// Writes an .xlsx with the given sheets (name, rows).
pub fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::S(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    C::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    C::F(f, result) => {
                        ws.write_formula(r, c, Formula::new(f).set_result(result))
                            .unwrap();
                    }
                    C::E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// Rows of strings to cells.
pub fn rows(r: &[&[&str]]) -> Vec<Vec<C>> {
    r.iter()
        .map(|row| row.iter().map(|t| s(t)).collect())
        .collect()
}

pub const HEADER: &[&str] = &[
    "Process",
    "Åtgärdsbehov",
    "Aktivitet",
    "Ansvar",
    "Status",
    "Resultat – målbild",
    "Prioritering",
    "Tidsplanering",
    "Status 231231",
];

/// A clean one-process list of `office`, dated 231231.
pub fn clean_rows(office: &str) -> Vec<Vec<String>> {
    vec![
        vec![format!("Processlista {office} daterad 231231")],
        vec![],
        HEADER.iter().map(|s| s.to_string()).collect(),
        vec![
            "2.1.1".into(),
            "Väntetiderna är långa.".into(),
            "Utveckla samverkan.".into(),
            "**KSON** och SoC".into(),
            "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230301\nProcessmöte 3 bokad 240115".into(),
            "En sömlös patientresa".into(),
            "1".into(),
            "2023 – 2024".into(),
            "Fortsatt behov av processledning".into(),
        ],
    ]
}

/// [`clean_rows`] of each office as `OFFICE.xlsx` in `dir`, each edited by
/// `edit` first.
pub fn write_offices(dir: &Path, offices: &[&str], edit: impl Fn(&str, &mut Vec<Vec<String>>)) {
    for o in offices {
        let mut r = clean_rows(o);
        edit(o, &mut r);
        xlsx(&dir.join(format!("{o}.xlsx")), &[("Blad1", to_cells(&r))]);
    }
}

pub fn to_cells(rows: &[Vec<String>]) -> Vec<Vec<C>> {
    rows.iter()
        .map(|r| r.iter().map(|t| s(t)).collect())
        .collect()
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str], dir: &Path) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_processlista"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `check --json` on `inputs` and returns the exit code and the report.
pub fn check_json(dir: &Path, inputs: &[&str], extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--json"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(extra);
    let out = run(&args, dir);
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON report: {e}\nstdout: {}\nstderr: {}",
            out.stdout, out.stderr
        )
    });
    (out.code, v)
}

/// (code, process, cell) of every finding.
pub fn triples(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["process"].as_str().unwrap_or("").to_string(),
                f["source"]["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The report's first finding with `code` (panics, showing the report,
/// when there is none).
pub fn first_finding<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} finding in {report:#}"))
}

/// Runs `consolidate INPUT --as-of 2023-12-31 -o ut.xlsx` in `dir` (exit
/// status 0 or 1) and reads back the *Processlista* sheet of the workbook.
pub fn consolidated_list(dir: &Path, input: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    let out = run(
        &[
            "consolidate",
            input,
            "--as-of",
            "2023-12-31",
            "-o",
            "ut.xlsx",
        ],
        dir,
    );
    assert!(out.code <= 1, "{}", out.stderr);
    let mut book = calamine::open_workbook_auto(dir.join("ut.xlsx")).unwrap();
    book.worksheet_range("Processlista").unwrap()
}

/// Every finding of the report with `code`.
pub fn findings_of<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

pub fn codes(report: &Value) -> Vec<String> {
    triples(report).into_iter().map(|t| t.0).collect()
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// [`clean_rows`] of KSON as an xlsx at `path`, its responsibility cell
/// (D4) written as rich text: each run with its text and whether it is bold.
pub fn list_with_responsibility_runs(path: &Path, runs: &[(&str, bool)]) {
    list_with_responsibility(path, runs, Bold::Runs);
}

/// How [`list_with_responsibility`] writes the responsibility cell.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Bold {
    /// A rich string in the shared strings (rust_xlsxwriter's default).
    Runs,
    /// The same as an inline string (`<is>`), as a constant-memory
    /// worksheet writes it.
    Inline,
    /// The cell's format bold: its whole text bold by style.
    Cell,
}

/// [`clean_rows`] of KSON with the responsibility cell D4 written from
/// `runs` (text, bold) the way `how` says.
pub fn list_with_responsibility(path: &Path, runs: &[(&str, bool)], how: Bold) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = match how {
        Bold::Inline => wb.add_worksheet_with_constant_memory().unwrap(),
        _ => wb.add_worksheet(),
    };
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let plain = rust_xlsxwriter::Format::new();
    for (r, row) in clean_rows("KSON").iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if r == 3 && c == 3 {
                let parts: Vec<(&rust_xlsxwriter::Format, &str)> = runs
                    .iter()
                    .map(|(t, b)| (if *b { &bold } else { &plain }, *t))
                    .collect();
                let text: String = runs.iter().map(|(t, _)| *t).collect();
                match how {
                    Bold::Cell => ws.write_string_with_format(3, 3, &text, &bold).unwrap(),
                    _ if parts.len() > 1 => ws.write_rich_string(3, 3, &parts).unwrap(),
                    _ => ws.write_string(3, 3, &text).unwrap(),
                };
            } else if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// A KSON list whose responsibility stands in two columns, both headed
/// "Ansvar": "KSON" in D4 and "SoC" in E4, the cell `bold` (3 or 4) set
/// bold whole by its format.
pub fn list_with_two_responsibility_cells(path: &Path, bold: u16) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let strong = rust_xlsxwriter::Format::new().set_bold();
    let mut rows = clean_rows("KSON");
    rows[2][3] = "Ansvar".into();
    rows[2].insert(4, "Ansvar".into());
    rows[3][3] = "KSON".into();
    rows[3].insert(4, "SoC".into());
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if r == 3 && c as u16 == bold {
                ws.write_string_with_format(3, bold, v, &strong).unwrap();
            } else if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}
