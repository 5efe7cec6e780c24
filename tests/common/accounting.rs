#![allow(dead_code)]
//! Accounting: nothing is lost — every non-empty cell of every sample input reaches the
//! model at its own location (file, sheet, cell) — as a field, a kept extra
//! column, a title line, a stated total or a verbatim status or note line.
//!
//! The cells are counted independently of the tool's reader: with calamine
//! for workbooks and the csv crate for the CSV file. A cell counts as found
//! when every word of it appears among the words the model holds at that
//! cell. The only words allowed to go are the labels that name a field inside
//! a cell ("Prioritering 1" becomes the priority "1"), with the running number
//! a label may carry ("Aktivitet 6", the sixth row's activity).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use calamine::Reader;
use processlista::config::Config;
use serde_json::Value;

/// Labels that the "fields inside cells" layout turns into field names.
const LABELS: &[&str] = &[
    "åtgärdsbehov",
    "aktivitet",
    "resultat",
    "målbild",
    "prioritering",
    "prio",
    "tidsplanering",
    "tidsplan",
    "ansvar",
    "delas",
    "med",
    "ansvarig",
    "status",
];

/// The words of a text, lower case (also for the workbook-level account).
pub fn words_of(text: &str) -> BTreeSet<String> {
    words(text)
}

/// True for a word that only labels a field inside a cell.
pub fn is_label(word: &str) -> bool {
    LABELS.contains(&word)
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words of an input cell, less the running numbers of labels.
fn cell_words(text: &str) -> BTreeSet<String> {
    let ordinal = regex::Regex::new(r"(?im)^\s*(aktivitet|resultat)\s+\d+\s*$").unwrap();
    let text = ordinal.replace_all(text, "$1");
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// (sheet, cell) → text of every non-empty cell, read with calamine or csv.
pub fn input_cells(path: &Path) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    if path.extension().is_some_and(|e| e == "csv") {
        let bytes = std::fs::read(path).unwrap();
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
        };
        let sheet = path.file_stem().unwrap().to_string_lossy().to_string();
        // The csv crate skips blank lines; a spreadsheet shows them as rows.
        let delimiter = processlista::read::detect_delimiter(&text);
        let mut open = false;
        let text: String = text
            .split_inclusive('\n')
            .map(|line| {
                let blank = !open && line.trim_end_matches(['\r', '\n']).is_empty();
                open ^= line.matches('"').count() % 2 == 1;
                if blank {
                    format!("{}{line}", delimiter as char)
                } else {
                    line.to_string()
                }
            })
            .collect();
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        for (r, rec) in rd.records().enumerate() {
            for (c, v) in rec.unwrap().iter().enumerate() {
                if !v.trim().is_empty() {
                    out.insert((sheet.clone(), a1(r, c)), v.to_string());
                }
            }
        }
        return out;
    }
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    for name in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&name).unwrap();
        for (r, c, v) in range.used_cells() {
            let (r0, c0) = range.start().unwrap();
            let text = match v {
                calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                calamine::Data::DateTime(dt) if dt.is_datetime() => {
                    (chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                        + chrono::Duration::days(dt.as_f64() as i64))
                    .format("%Y-%m-%d")
                    .to_string()
                }
                other => other.to_string(),
            };
            if !text.trim().is_empty() {
                out.insert((name.clone(), a1(r0 as usize + r, c0 as usize + c)), text);
            }
        }
    }
    out
}

fn a1(r: usize, c: usize) -> String {
    processlista::ground::text::a1(r as u32, c as u32).to_string()
}

/// Every string in `v`, recursively.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| *k != "loc")
            .for_each(|(_, x)| strings(x, out)),
        _ => {}
    }
}

/// (file name, sheet, cell) → words the model holds there: every object with
/// a `loc` gives its strings to that location.
pub fn model_words(v: &Value, out: &mut BTreeMap<(String, String, String), BTreeSet<String>>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| model_words(x, out)),
        Value::Object(o) => {
            if let Some(loc) = o.get("loc").or(o.get("source"))
                && let (Some(file), Some(sheet), Some(cell)) = (
                    loc["file"].as_str(),
                    loc["sheet"].as_str(),
                    loc["cell"].as_str(),
                )
            {
                let name = Path::new(file).file_name().unwrap().to_string_lossy();
                let mut all = Vec::new();
                strings(v, &mut all);
                let entry = out
                    .entry((name.into_owned(), sheet.to_string(), cell.to_string()))
                    .or_default();
                for s in all {
                    entry.extend(words(&s));
                }
            }
            o.values().for_each(|x| model_words(x, out));
        }
        _ => {}
    }
}

/// Runs the library on `inputs` and accounts for every non-empty cell of each
/// file in `files`: returns the number of cells counted and the lost ones.
pub fn account(
    inputs: &[std::path::PathBuf],
    files: &[std::path::PathBuf],
) -> (usize, Vec<String>) {
    let mut opts = processlista::Options::new(inputs.to_vec(), Config::default());
    opts.as_of = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
    let run = processlista::run(&opts).unwrap();
    let mut held = BTreeMap::new();
    model_words(&serde_json::to_value(&run.model).unwrap(), &mut held);
    model_words(&serde_json::to_value(&run.findings).unwrap(), &mut held);
    let labels: BTreeSet<String> = LABELS.iter().map(|s| s.to_string()).collect();
    let mut counted = 0;
    let mut lost = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let cells = input_cells(path);
        assert!(!cells.is_empty(), "{name}: no cells counted");
        for ((sheet, cell), text) in cells {
            counted += 1;
            let there = held
                .get(&(name.clone(), sheet.clone(), cell.clone()))
                .cloned()
                .unwrap_or_default();
            let missing: Vec<String> = cell_words(&text)
                .into_iter()
                .filter(|w| !there.contains(w) && !labels.contains(w))
                .collect();
            if !missing.is_empty() {
                lost.push(format!("{name} {sheet}!{cell}: {missing:?} of {text:?}"));
            }
        }
    }
    (counted, lost)
}
