//! Reading: files → sheets of raw cells, each with its file, sheet and cell.
//!
//! Workbooks (xlsx, xlsm, xlsb, xls, ods) are read with calamine; CSV files
//! as Swedish Excel writes them (`;` or `,`, UTF-8 with or without BOM, or
//! Windows-1252). Nothing here interprets the cells beyond their type.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use chrono::NaiveDate;

use crate::config::Config;
use crate::dates::from_excel_serial;

/// A cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell (Excel date format, or an ISO date from ODS).
    Date(NaiveDate),
    /// An Excel error value such as `#REF!`.
    Error(String),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The text a person sees in the cell (numbers without a needless `.0`,
    /// dates as YYYY-MM-DD).
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.clone(),
            CellValue::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }
}

/// One sheet: a dense grid, row-major, zero-based from A1.
#[derive(Debug, Clone, Default)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<Vec<CellValue>>,
}

impl RawSheet {
    pub fn get(&self, row: usize, col: usize) -> &CellValue {
        static EMPTY: CellValue = CellValue::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }
}

/// A file that was read.
#[derive(Debug, Clone, Default)]
pub struct RawWorkbook {
    /// The path as given or found (used in findings and links).
    pub file: String,
    pub sheets: Vec<RawSheet>,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadFailure {
    pub reason: String,
}

impl ReadFailure {
    fn new(reason: impl Into<String>) -> Self {
        ReadFailure {
            reason: reason.into(),
        }
    }
}

/// The spreadsheet extensions that are read.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// Expands files and folders (recursively) into the input files, sorted by
/// path. Excel's lock files (`~$…`) and hidden files are skipped in folders;
/// a file named explicitly is always taken.
///
/// Each path comes with `true` when it was named explicitly.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>, crate::Error> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found).map_err(|e| crate::Error::Input {
                path: input.display().to_string(),
                message: e.to_string(),
            })?;
            out.extend(found.into_iter().map(|p| (p, false)));
        } else if input.exists() {
            out.push((input.clone(), true));
        } else {
            return Err(crate::Error::Input {
                path: input.display().to_string(),
                message: "no such file or folder".into(),
            });
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("~$") || name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if has_spreadsheet_extension(&path) {
            out.push(path);
        }
    }
    Ok(())
}

pub fn has_spreadsheet_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads one file. A failure is returned, never panicked: the caller turns it
/// into a `file-unreadable` finding and goes on with the other files.
pub fn read_file(path: &Path, cfg: &Config) -> Result<RawWorkbook, ReadFailure> {
    let file = path.display().to_string();
    let meta =
        std::fs::metadata(path).map_err(|e| ReadFailure::new(format!("cannot open: {e}")))?;
    if meta.len() == 0 {
        return Err(ReadFailure::new("the file is empty (0 bytes)"));
    }
    let max = cfg.limits.max_file_mib * 1024 * 1024;
    if meta.len() > max {
        return Err(ReadFailure::new(format!(
            "the file is {} MiB, over the limit of {} MiB (limits.max_file_mib)",
            meta.len() / (1024 * 1024),
            cfg.limits.max_file_mib
        )));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let sheets = if ext == "csv" {
        vec![read_csv(path)?]
    } else {
        read_workbook(path, cfg)?
    };
    Ok(RawWorkbook { file, sheets })
}

fn read_workbook(path: &Path, cfg: &Config) -> Result<Vec<RawSheet>, ReadFailure> {
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| describe_calamine(path, &e))?;
    let names = wb.sheet_names().to_vec();
    let mut merged: Vec<(String, Vec<calamine::Dimensions>)> = Vec::new();
    match &mut wb {
        calamine::Sheets::Xlsx(x) => {
            for n in &names {
                merged.push((
                    n.clone(),
                    x.merge_cells_by_sheet_name(n).unwrap_or_default(),
                ));
            }
        }
        calamine::Sheets::Xls(x) => {
            for n in &names {
                merged.push((
                    n.clone(),
                    x.merge_cells_by_sheet_name(n).unwrap_or_default(),
                ));
            }
        }
        _ => {}
    }
    let mut sheets = Vec::new();
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ReadFailure::new(format!("sheet \"{name}\" cannot be read: {e}")))?;
        let Some((r0, c0)) = range.start() else {
            sheets.push(RawSheet {
                name,
                rows: Vec::new(),
            });
            continue;
        };
        let (h, w) = range.get_size();
        if h as u64 > cfg.limits.max_rows as u64 || w as u64 > cfg.limits.max_cols as u64 {
            return Err(ReadFailure::new(format!(
                "sheet \"{name}\" spans {h} rows × {w} columns, over the limits \
                 (limits.max_rows = {}, limits.max_cols = {})",
                cfg.limits.max_rows, cfg.limits.max_cols
            )));
        }
        let mut rows = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut cells = vec![CellValue::Empty; c0 as usize];
            cells.extend(row.iter().map(convert));
            while cells.last().is_some_and(CellValue::is_empty) {
                cells.pop();
            }
            rows.push(cells);
        }
        while rows.last().is_some_and(|r| r.is_empty()) {
            rows.pop();
        }
        if let Some((_, dims)) = merged.iter().find(|(n, _)| *n == name) {
            fill_merged(&mut rows, dims);
        }
        sheets.push(RawSheet { name, rows });
    }
    Ok(sheets)
}

/// Gives a merged area's value to every cell of the area.
fn fill_merged(rows: &mut [Vec<CellValue>], dims: &[calamine::Dimensions]) {
    for d in dims {
        let (r0, c0) = (d.start.0 as usize, d.start.1 as usize);
        let Some(value) = rows.get(r0).and_then(|r| r.get(c0)).cloned() else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        for r in r0..=(d.end.0 as usize).min(rows.len().saturating_sub(1)) {
            for c in c0..=(d.end.1 as usize) {
                if (r, c) == (r0, c0) {
                    continue;
                }
                let row = &mut rows[r];
                if row.len() <= c {
                    row.resize(c + 1, CellValue::Empty);
                }
                if row[c].is_empty() {
                    row[c] = value.clone();
                }
            }
        }
    }
}

fn convert(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => {
            // Only cells formatted as dates arrive here. Keep the serial as a
            // number when it is no plausible date (a duration, say).
            match from_excel_serial(dt.as_f64()) {
                Some(date) if dt.is_datetime() => CellValue::Date(date),
                _ => CellValue::Number(dt.as_f64()),
            }
        }
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d") {
                Ok(d) => CellValue::Date(d),
                Err(_) => CellValue::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(format!("{e}")),
    }
}

fn describe_calamine(path: &Path, e: &calamine::Error) -> ReadFailure {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ReadFailure::new(
            "the workbook is password protected: open it in Excel, remove the password \
             (Arkiv → Info → Skydda arbetsbok) and save it again",
        );
    }
    if is_encrypted_ooxml(path) {
        return ReadFailure::new(
            "the workbook is password protected (encrypted): open it in Excel, remove the \
             password and save it again",
        );
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    ReadFailure::new(format!(
        "not a readable .{ext} workbook ({text}); open it in Excel and save it again as .xlsx"
    ))
}

/// An encrypted OOXML file is a compound (OLE) file holding an
/// `EncryptedPackage` stream.
fn is_encrypted_ooxml(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    ole && bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Reads a CSV file as one sheet named after the file.
fn read_csv(path: &Path) -> Result<RawSheet, ReadFailure> {
    let bytes = std::fs::read(path).map_err(|e| ReadFailure::new(format!("cannot read: {e}")))?;
    let text = decode_text(&bytes)?;
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| ReadFailure::new(format!("CSV row {}: {e}", i + 1)))?;
        let mut cells: Vec<CellValue> = rec
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(s.to_string())
                }
            })
            .collect();
        while cells.last().is_some_and(CellValue::is_empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("csv")
        .to_string();
    Ok(RawSheet { name, rows })
}

/// UTF-8 (with or without BOM), else Windows-1252. Binary content is refused.
pub fn decode_text(bytes: &[u8]) -> Result<String, ReadFailure> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if body.contains(&0) {
        return Err(ReadFailure::new(
            "not a text file (it holds binary data): a CSV file must be text",
        ));
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            Ok(s.into_owned())
        }
    }
}

/// `;` when the first lines have more semicolons than commas outside quotes.
pub fn detect_delimiter(text: &str) -> u8 {
    let (mut semi, mut comma, mut quoted) = (0usize, 0usize, false);
    for c in text.chars().take(20_000) {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if semi >= comma && semi > 0 {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_encodings_and_delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1;\"x,y\";3\n"), b';');
        assert_eq!(detect_delimiter("a,b,c\n1,\"x;y\",3\n"), b',');
        let latin = encoding_rs::WINDOWS_1252.encode("Åtgärdsbehov;Möte").0;
        assert_eq!(decode_text(&latin).unwrap(), "Åtgärdsbehov;Möte");
        let bom = [&[0xEF, 0xBB, 0xBF][..], "Åtgärd".as_bytes()].concat();
        assert_eq!(decode_text(&bom).unwrap(), "Åtgärd");
        assert!(decode_text(b"PK\x03\x04\0\0").is_err());
    }

    #[test]
    fn merged_values_fill_the_area() {
        let mut rows = vec![vec![CellValue::Text("KSON".into())], vec![]];
        let d = calamine::Dimensions {
            start: (0, 0),
            end: (1, 1),
        };
        fill_merged(&mut rows, &[d]);
        assert_eq!(rows[1][1], CellValue::Text("KSON".into()));
        assert_eq!(rows[0][1], CellValue::Text("KSON".into()));
    }
}
