//! Reading: files → sheets of raw cells, each with its file, sheet and cell.
//!
//! Takes: the paths the user named (files or folders) and the
//! configuration's limits. Gives: a [`RawWorkbook`] per file (sheets of
//! [`CellValue`]s, sparse, each at its row and column) or a [`ReadFailure`]
//! saying what is wrong with the file and what to do; never a panic.
//!
//! What a file is, is told by its first bytes ([`read_bytes_as`]), not its
//! name. One file per format: `xlsx.rs` (xlsx, xlsm), `xlsb.rs`, `xls.rs`,
//! `ods.rs` (all read with calamine, through the shared sparse grid of
//! `sheets.rs`), `csv.rs` (as Swedish Excel writes it: `;` or `,`, UTF-8
//! with or without BOM, or Windows-1252) and `docx.rs` (a Word document's
//! tables and paragraphs as sheets, with quick-xml). The size guards (file size, the zip
//! directory's declared sizes and ratios, ODS repeats, cells per sheet) are
//! in `guard.rs` and run before anything is unpacked. Nothing here
//! interprets the cells beyond their type.
//!
//! A new format is a new file here with a `read(bytes, …) ->
//! Result<Vec<RawSheet>, ReadFailure>`, a branch in [`read_bytes_as`] and its
//! extension in [`EXTENSIONS`].

mod csv;
pub mod docx;
mod guard;
mod ods;
pub mod rich;
mod sheets;
mod xls;
mod xlsb;
mod xlsx;

pub use csv::{decode_text, detect_delimiter};
pub use guard::check_zip;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::model::{SkipReason, Skipped};

use crate::ground::config::Config;

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
            CellValue::Date(d) => crate::model::dates::iso(*d),
            CellValue::Error(e) => e.clone(),
        }
    }
}

/// One sheet: a dense grid, row-major, zero-based from A1.
#[derive(Debug, Clone, Default)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<Vec<CellValue>>,
    /// A worksheet, or a table or the paragraphs of a Word document.
    pub container: crate::ground::finding::Container,
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
    /// The bold runs of its cells' texts (xlsx, xlsm and ods): how an office
    /// marks the lead office in a responsibility ([`rich`]).
    pub bold: rich::BoldRuns,
    /// A Word attachment this tool wrote (its custom property says so).
    pub own_attachment: bool,
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

/// The message for an input path that does not exist.
pub const NO_SUCH_INPUT: &str = "no such file or folder";

/// The spreadsheet extensions that are read.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "docx"];

/// Expands files and folders (recursively) into the input files, sorted by
/// path. Excel's lock files (`~$…`), hidden files and folders and files
/// without a spreadsheet extension are skipped in folders (see [`collect`]
/// for the list); a file named explicitly is always taken.
///
/// Each path comes with `true` when it was named explicitly.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>, crate::ground::Error> {
    collect(inputs).map(|(files, _)| files)
}

/// The input files, each with `true` when it was named explicitly.
pub type InputFiles = Vec<(PathBuf, bool)>;

/// [`collect_inputs`], and the files skipped in the folders with the reason.
pub fn collect(inputs: &[PathBuf]) -> Result<(InputFiles, Vec<Skipped>), crate::ground::Error> {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found, &mut skipped).map_err(|e| crate::ground::Error::Input {
                path: input.display().to_string(),
                message: e.to_string(),
            })?;
            out.extend(found.into_iter().map(|p| (p, false)));
        } else if input.exists() {
            out.push((input.clone(), true));
        } else {
            return Err(crate::ground::Error::Input {
                path: input.display().to_string(),
                message: NO_SUCH_INPUT.into(),
            });
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    // A file named explicitly is read, even when a folder named beside it
    // holds it too.
    let named: std::collections::HashSet<String> =
        out.iter().map(|(p, _)| p.display().to_string()).collect();
    skipped.retain(|s| !named.contains(&s.file));
    skipped.sort_by(|a: &Skipped, b: &Skipped| a.file.cmp(&b.file));
    skipped.dedup_by(|a, b| a.file == b.file);
    Ok((out, skipped))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        let skip = |reason| Skipped {
            file: path.display().to_string(),
            reason,
        };
        if name.starts_with("~$") {
            skipped.push(skip(SkipReason::LockFile));
        } else if name.starts_with('.') {
            skipped.push(skip(SkipReason::Hidden));
        } else if path.is_dir() {
            walk(&path, out, skipped)?;
        } else if has_spreadsheet_extension(&path) {
            out.push(path);
        } else {
            skipped.push(skip(SkipReason::NotASpreadsheet));
        }
    }
    Ok(())
}

/// A file named explicitly that is refused by its name before it is read:
/// Excel's lock file, or a file whose extension is no spreadsheet's.
pub fn refused_by_name(path: &Path) -> Option<ReadFailure> {
    let name = path.file_name()?.to_string_lossy();
    if let Some(list) = name.strip_prefix("~$") {
        return Some(ReadFailure::new(format!(
            "an Excel lock file: the list {list} is open in Excel; name the list itself \
             (save and close it in Excel first)"
        )));
    }
    if has_spreadsheet_extension(path) {
        return None;
    }
    let what = match path.extension() {
        Some(e) => format!("a .{} file", e.to_string_lossy().to_lowercase()),
        None => "a file without an extension".into(),
    };
    Some(ReadFailure::new(format!(
        "not a process list file: {what} is not read (only .xlsx, .xlsm, .xlsb, .xls, .ods, \
         .csv and .docx); save the list from Excel as .xlsx (or from Word as .docx)"
    )))
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
    guard::check_file_size(meta.len(), cfg)?;
    let bytes = std::fs::read(path).map_err(|e| ReadFailure::new(format!("cannot read: {e}")))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("csv")
        .to_string();
    // The bold runs are read from the parts a second time, beside the
    // values, on a thread of their own (a large sheet's XML is tens of
    // megabytes to inflate and scan; the values stay on this thread, whose
    // memory the later stages reuse).
    let limit = cfg.limits.max_unpacked_mib << 20;
    let bold_of: Option<fn(&[u8], u64) -> rich::BoldRuns> = match ext.as_str() {
        "xlsx" | "xlsm" if zip_ok(&bytes, cfg) => Some(rich::xlsx_bold_runs),
        "ods" if zip_ok(&bytes, cfg) => Some(rich::ods_bold_runs),
        _ => None,
    };
    let shared: &[u8] = &bytes;
    let (parts, runs) = std::thread::scope(|s| {
        let runs = bold_of.map(|f| s.spawn(move || f(shared, limit)));
        let parts = read_parts(&bytes, &ext, &stem, cfg);
        (parts, runs.and_then(|h| h.join().ok()))
    });
    let (sheets, bold) = parts?;
    let bold = bold.or(runs).unwrap_or_default();
    let own_attachment = ext == "docx" && docx::is_marked(std::io::Cursor::new(&bytes));
    Ok(RawWorkbook {
        file,
        sheets,
        bold,
        own_attachment,
    })
}

/// Whether `bytes` are a zip that passes [`guard::check_zip`] (its parts'
/// declared sizes and ratios), before the bold runs are read beside the
/// values.
fn zip_ok(bytes: &[u8], cfg: &Config) -> bool {
    sniff(bytes) == Content::Zip && guard::check_zip(bytes, cfg).is_ok()
}

/// What a reader gives: the sheets, and the bold runs when the reader
/// found them on its way (a Word document's).
type Parts = (Vec<RawSheet>, Option<rich::BoldRuns>);

fn sheets_only(sheets: Result<Vec<RawSheet>, ReadFailure>) -> Result<Parts, ReadFailure> {
    sheets.map(|s| (s, None))
}

/// Reads the bytes of a file with extension `ext` (lower case, no dot) into
/// sheets; `stem` names the sheet of a CSV file. This is [`read_file`]
/// without the file system, and what the fuzz target drives.
pub fn read_bytes_as(
    bytes: &[u8],
    ext: &str,
    stem: &str,
    cfg: &Config,
) -> Result<Vec<RawSheet>, ReadFailure> {
    read_parts(bytes, ext, stem, cfg).map(|(sheets, _)| sheets)
}

fn read_parts(bytes: &[u8], ext: &str, stem: &str, cfg: &Config) -> Result<Parts, ReadFailure> {
    if bytes.is_empty() {
        return Err(ReadFailure::new("the file is empty (0 bytes)"));
    }
    guard::check_file_size(bytes.len() as u64, cfg)?;
    if ext == "csv" {
        return match sniff(bytes) {
            Content::Zip | Content::Ole => Err(ReadFailure::new(
                "a workbook named .csv: rename it to .xlsx (or .xls) or save it again as CSV",
            )),
            _ => Ok((vec![csv::read(bytes, stem, cfg)?], None)),
        };
    }
    match sniff(bytes) {
        Content::Zip => caught(|| read_zip_workbook(bytes, ext, cfg)),
        Content::Ole => {
            if xls::is_encrypted_ooxml(bytes) {
                return Err(ReadFailure::new(if ext == "docx" {
                    DOCUMENT_PASSWORD_PROTECTED
                } else {
                    PASSWORD_PROTECTED
                }));
            }
            if xls::is_word_97(bytes) {
                return Err(ReadFailure::new(format!(
                    "a Word 97–2003 document (.doc) named .{ext}: it is not read; open it in \
                     Word and save it as .docx (Arkiv → Spara som → Word-dokument)"
                )));
            }
            guard::check_xls_extent(bytes, cfg)?;
            caught(|| sheets_only(xls::read(bytes, ext, cfg)))
        }
        Content::Html => Err(ReadFailure::new(format!(
            "not a workbook: the .{ext} file is an HTML page (a web or system export saved \
             with a workbook name); open it in Excel and save it as .xlsx"
        ))),
        Content::Text => Err(ReadFailure::new(format!(
            "not a workbook: the .{ext} file is plain text (it looks like CSV); rename it to \
             .csv, or open it in Excel and save it as .xlsx"
        ))),
        Content::Binary => Err(ReadFailure::new(format!(
            "not a spreadsheet: the .{ext} file is neither a zip-based workbook (xlsx, xlsm, \
             xlsb, ods) nor an Excel 97–2003 workbook (xls); it may be damaged"
        ))),
    }
}

/// Runs the workbook reader, turning a panic inside it (calamine has
/// overflowed on malformed cell references, for one) into a failure.
fn caught(read: impl FnOnce() -> Result<Parts, ReadFailure>) -> Result<Parts, ReadFailure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ReadFailure::new(format!(
            "the workbook is damaged: the reader failed on it ({what}); open it in Excel and \
             save it again"
        )))
    })
}

pub(crate) const PASSWORD_PROTECTED: &str = "the workbook is password protected (encrypted), so it cannot \
     be read: open it in Excel, remove the password (Arkiv → Info → Skydda arbetsbok → \
     Kryptera med lösenord, clear the password) and save it again, or send a copy without \
     a password";

pub(crate) const DOCUMENT_PASSWORD_PROTECTED: &str = "the Word document is password protected \
     (encrypted), so it cannot be read: open it in Word, remove the password (Arkiv → Info → \
     Skydda dokument → Kryptera med lösenord, clear the password) and save it again, or send a \
     copy without a password";

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Zip,
    Ole,
    Html,
    Text,
    Binary,
}

fn sniff(bytes: &[u8]) -> Content {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Content::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Content::Ole;
    }
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return Content::Binary;
    }
    let text = String::from_utf8_lossy(head).to_lowercase();
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("<!doctype html")
        || t.starts_with("<html")
        || (t.starts_with('<') && (t.contains("<html") || t.contains("<table")))
    {
        return Content::Html;
    }
    // Text: few control characters besides line breaks and tabs.
    let controls = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls * 100 <= head.len() {
        Content::Text
    } else {
        Content::Binary
    }
}

/// A zip-based workbook: the zip directory is checked against the limits
/// before anything is unpacked; the format is told by the parts it holds.
fn read_zip_workbook(bytes: &[u8], ext: &str, cfg: &Config) -> Result<Parts, ReadFailure> {
    let names = guard::check_zip(bytes, cfg)?;
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.bin") {
        sheets_only(xlsb::read(bytes, ext, cfg))
    } else if has("content.xml") {
        sheets_only(ods::read(bytes, ext, cfg))
    } else if names.iter().any(|n| n.ends_with("workbook.xml")) {
        sheets_only(xlsx::read(bytes, ext, cfg, &names))
    } else if docx::main_part(&names).is_some() {
        docx::read(bytes, cfg, &names).map(|(sheets, bold)| (sheets, Some(bold)))
    } else {
        Err(ReadFailure::new(format!(
            "not a workbook: the .{ext} file is a zip archive without a workbook in it"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::csv::mark_blank_lines;
    use super::sheets::Grid;
    use super::xlsx::names_merged_cells;
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
        let cfg = Config::default();
        let mut used = 0;
        let mut grid = Grid::new(&cfg, "Blad1", &mut used);
        grid.put((0, 0), CellValue::Text("KSON".into())).unwrap();
        let d = calamine::Dimensions {
            start: (0, 0),
            end: (1, 1),
        };
        grid.fill_merged(&[d]).unwrap();
        let rows = grid.finish();
        assert_eq!(rows[1][1], CellValue::Text("KSON".into()));
        assert_eq!(rows[0][1], CellValue::Text("KSON".into()));
    }

    #[test]
    fn a_huge_merged_area_is_refused_not_allocated() {
        let cfg = Config::default();
        let mut used = 0;
        let mut grid = Grid::new(&cfg, "Blad1", &mut used);
        grid.put((0, 0), CellValue::Text("x".into())).unwrap();
        let d = calamine::Dimensions {
            start: (0, 0),
            end: (1_048_575, 16_383),
        };
        let err = grid.fill_merged(&[d]).unwrap_err();
        assert!(err.reason.contains("limits.max_cols"), "{}", err.reason);
    }

    #[test]
    fn blank_csv_lines_keep_their_row() {
        assert_eq!(mark_blank_lines("a\r\n\r\nb\n\n", ';'), "a\r\n;\r\nb\n;\n");
        assert_eq!(mark_blank_lines("\n\"x\n\ny\"\n", ';'), ";\n\"x\n\ny\"\n");
    }

    /// A zip of XML parts with the given contents, deflated.
    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let deflated = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, text) in parts {
                z.start_file(*name, deflated).unwrap();
                z.write_all(text.as_bytes()).unwrap();
            }
            z.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn merged_cells_are_looked_for_only_when_a_part_names_one() {
        let names = |parts: &[(&str, &str)]| -> Vec<String> {
            parts.iter().map(|(n, _)| n.to_string()).collect()
        };
        let plain = [
            ("xl/workbook.xml", "<workbook/>"),
            (
                "xl/worksheets/sheet1.xml",
                "<worksheet><sheetData/></worksheet>",
            ),
        ];
        assert!(!names_merged_cells(&zip_of(&plain), &names(&plain)));
        let merged = [
            ("xl/workbook.xml", "<workbook/>"),
            (
                "xl/worksheets/sheet1.xml",
                "<worksheet><sheetData/><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
            ),
        ];
        assert!(names_merged_cells(&zip_of(&merged), &names(&merged)));
        // Found wherever it stands, also across the pieces the part is
        // unpacked in (64 KiB): every offset around the first boundaries.
        for at in (64 * 1024 - 12..64 * 1024 + 3).chain(128 * 1024 - 12..128 * 1024 + 3) {
            let text = format!("{}<mergeCell ref=\"A1:B1\"/>", " ".repeat(at));
            let part = [("xl/worksheets/sheet1.xml", text.as_str())];
            assert!(
                names_merged_cells(&zip_of(&part), &names(&part)),
                "mergeCell at {at}"
            );
        }
        // A worksheet part named without ".xml" (its name is whatever the
        // workbook's relationships say) is searched too.
        let odd = [(
            "xl/worksheets/sheet1",
            "<worksheet><mergeCells><mergeCell ref=\"A2:A4\"/></mergeCells></worksheet>",
        )];
        assert!(names_merged_cells(&zip_of(&odd), &names(&odd)));
        // A part that cannot be read answers true.
        assert!(names_merged_cells(b"not a zip", &names(&plain)));
    }

    #[test]
    fn the_total_unpacked_size_is_limited() {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            let mut x: u32 = 1;
            for i in 0..3 {
                z.start_file(format!("xl/part{i}.bin"), stored).unwrap();
                let noise: Vec<u8> = (0..1_500_000)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        x as u8
                    })
                    .collect();
                z.write_all(&noise).unwrap();
            }
            z.finish().unwrap();
        }
        let mut cfg = Config::default();
        assert!(check_zip(buf.get_ref(), &cfg).is_ok());
        cfg.limits.max_unpacked_mib = 4;
        let err = check_zip(buf.get_ref(), &cfg).unwrap_err();
        assert!(err.reason.contains("in total"), "{}", err.reason);
    }

    #[test]
    fn content_is_sniffed() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Content::Html);
        assert_eq!(sniff(b"Process;Status\n2.1.1;x\n"), Content::Text);
        assert_eq!(sniff(&[0x01, 0x02, 0x00, 0xff]), Content::Binary);
    }
}
