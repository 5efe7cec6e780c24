//! Reading: files → sheets of raw cells, each with its file, sheet and cell.
//!
//! Workbooks (xlsx, xlsm, xlsb, xls, ods) are read with calamine; CSV files
//! as Swedish Excel writes them (`;` or `,`, UTF-8 with or without BOM, or
//! Windows-1252). Nothing here interprets the cells beyond their type.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use chrono::NaiveDate;

use crate::ground::config::Config;
use crate::model::dates::from_excel_serial;

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

/// The message for an input path that does not exist.
pub const NO_SUCH_INPUT: &str = "no such file or folder";

/// The spreadsheet extensions that are read.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// Expands files and folders (recursively) into the input files, sorted by
/// path. Excel's lock files (`~$…`) and hidden files are skipped in folders;
/// a file named explicitly is always taken.
///
/// Each path comes with `true` when it was named explicitly.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>, crate::ground::Error> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found).map_err(|e| crate::ground::Error::Input {
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
    check_file_size(meta.len(), cfg)?;
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
    let sheets = read_bytes_as(&bytes, &ext, &stem, cfg)?;
    Ok(RawWorkbook { file, sheets })
}

fn check_file_size(len: u64, cfg: &Config) -> Result<(), ReadFailure> {
    let max = cfg.limits.max_file_mib.saturating_mul(1024 * 1024);
    if len > max {
        return Err(ReadFailure::new(format!(
            "the file is {} MiB, over the limit of {} MiB (limits.max_file_mib)",
            len / (1024 * 1024),
            cfg.limits.max_file_mib
        )));
    }
    Ok(())
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
    if bytes.is_empty() {
        return Err(ReadFailure::new("the file is empty (0 bytes)"));
    }
    check_file_size(bytes.len() as u64, cfg)?;
    if ext == "csv" {
        return match sniff(bytes) {
            Content::Zip | Content::Ole => Err(ReadFailure::new(
                "a workbook named .csv: rename it to .xlsx (or .xls) or save it again as CSV",
            )),
            _ => Ok(vec![read_csv_bytes(bytes, stem, cfg)?]),
        };
    }
    match sniff(bytes) {
        Content::Zip => caught(|| read_zip_workbook(bytes, ext, cfg)),
        Content::Ole => {
            if is_encrypted_ooxml(bytes) {
                return Err(ReadFailure::new(PASSWORD_PROTECTED));
            }
            caught(|| {
                let wb = calamine::Xls::new(std::io::Cursor::new(bytes))
                    .map_err(|e| describe_calamine(ext, &calamine::Error::Xls(e)))?;
                read_sheets(Sheets::Xls(wb), cfg, true)
            })
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
fn caught(
    read: impl FnOnce() -> Result<Vec<RawSheet>, ReadFailure>,
) -> Result<Vec<RawSheet>, ReadFailure> {
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

const PASSWORD_PROTECTED: &str = "the workbook is password protected (encrypted), so it cannot \
     be read: open it in Excel, remove the password (Arkiv → Info → Skydda arbetsbok → \
     Kryptera med lösenord, clear the password) and save it again, or send a copy without \
     a password";

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

type Cursor<'a> = std::io::Cursor<&'a [u8]>;
type Sheets<'a> = calamine::Sheets<Cursor<'a>>;

/// A zip-based workbook: the zip directory is checked against the limits
/// before anything is unpacked; the format is told by the parts it holds.
fn read_zip_workbook(bytes: &[u8], ext: &str, cfg: &Config) -> Result<Vec<RawSheet>, ReadFailure> {
    let names = check_zip(bytes, cfg)?;
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    let cursor = || std::io::Cursor::new(bytes);
    let wb = if has("xl/workbook.bin") {
        Sheets::Xlsb(
            calamine::Xlsb::new(cursor())
                .map_err(|e| describe_calamine(ext, &calamine::Error::Xlsb(e)))?,
        )
    } else if has("content.xml") {
        check_ods_extent(bytes, cfg)?;
        Sheets::Ods(
            calamine::Ods::new(cursor())
                .map_err(|e| describe_calamine(ext, &calamine::Error::Ods(e)))?,
        )
    } else if names.iter().any(|n| n.ends_with("workbook.xml")) {
        Sheets::Xlsx(
            calamine::Xlsx::new(cursor())
                .map_err(|e| describe_calamine(ext, &calamine::Error::Xlsx(e)))?,
        )
    } else {
        return Err(ReadFailure::new(format!(
            "not a workbook: the .{ext} file is a zip archive without a workbook in it"
        )));
    };
    let merged = !matches!(wb, Sheets::Xlsx(_)) || names_merged_cells(bytes, &names);
    read_sheets(wb, cfg, merged)
}

/// False when no part of the workbook names a merged cell (`mergeCell`):
/// then its sheets have none, and calamine, which parses a sheet's whole
/// XML a second time to find them, need not be asked. Every part is
/// searched, whatever its name (a worksheet is wherever the workbook's
/// relationships say, `.xml` or not); the parts are unpacked a piece at a
/// time (and within the limits [`check_zip`] checked). Anything unexpected
/// answers true, and calamine is asked as before; so does a part that
/// only mentions the word (a cell that says "mergeCell"): a second parse,
/// nothing lost.
fn names_merged_cells(bytes: &[u8], names: &[String]) -> bool {
    use std::io::Read;
    const WORD: &[u8] = b"mergeCell";
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return true;
    };
    let mut buf = vec![0u8; 64 * 1024];
    for name in names {
        let Ok(mut part) = zip.by_name(name) else {
            return true;
        };
        // The word may straddle two pieces: the last bytes of one piece are
        // kept before the next.
        let mut kept = 0;
        loop {
            let n = match part.read(&mut buf[kept..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(_) => return true,
            };
            let filled = kept + n;
            if memchr::memmem::find(&buf[..filled], WORD).is_some() {
                return true;
            }
            kept = (WORD.len() - 1).min(filled);
            buf.copy_within(filled - kept..filled, 0);
        }
    }
    false
}

const MIB: u64 = 1024 * 1024;

/// Reads the zip central directory (nothing is unpacked) and refuses a part
/// whose declared size or compression ratio is past the limits, or a total
/// past `limits.max_unpacked_mib`. Returns the part names.
///
/// The zip reader later stops any part that unpacks past its declared size,
/// so the declared sizes bound what calamine can unpack.
pub fn check_zip(bytes: &[u8], cfg: &Config) -> Result<Vec<String>, ReadFailure> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        ReadFailure::new(format!(
            "the workbook is damaged or truncated (its zip directory cannot be read: {e}); \
             ask for the file again, or open it in Excel and save it again"
        ))
    })?;
    let max_total = cfg.limits.max_unpacked_mib.saturating_mul(MIB);
    let max_ratio = cfg.limits.max_compression_ratio;
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len().min(1000));
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| {
            ReadFailure::new(format!(
                "the workbook is damaged or truncated (part {i} of its zip directory: {e})"
            ))
        })?;
        let (name, size, packed) = (
            part.name().map(|n| n.into_owned()).unwrap_or_default(),
            part.size(),
            part.compressed_size(),
        );
        if size > max_total {
            return Err(ReadFailure::new(format!(
                "refused before unpacking: part \"{name}\" would unpack to {} MiB, over the \
                 limit of {} MiB (limits.max_unpacked_mib); a workbook this large is likely a \
                 zip bomb",
                size / MIB,
                cfg.limits.max_unpacked_mib
            )));
        }
        if size > MIB && size / packed.max(1) > max_ratio {
            return Err(ReadFailure::new(format!(
                "refused before unpacking: part \"{name}\" is compressed {}:1 ({} MiB from {} \
                 KiB), past the limit of {max_ratio}:1 (limits.max_compression_ratio); this \
                 is what a zip bomb looks like",
                size / packed.max(1),
                size / MIB,
                packed / 1024
            )));
        }
        total = total.saturating_add(size);
        if total > max_total {
            return Err(ReadFailure::new(format!(
                "refused before unpacking: the parts would unpack to more than {} MiB in \
                 total (limits.max_unpacked_mib)",
                cfg.limits.max_unpacked_mib
            )));
        }
        names.push(name);
    }
    Ok(names)
}

/// An ODS sheet's repeated rows and columns are expanded by calamine into a
/// dense grid: bound the used area before it is built, from a streaming scan
/// of content.xml.
fn check_ods_extent(bytes: &[u8], cfg: &Config) -> Result<(), ReadFailure> {
    use quick_xml::events::Event;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    let repeat = |e: &quick_xml::events::BytesStart, attr: &str| -> u64 {
        e.try_get_attribute(attr)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1u64)
    };
    let (mut row, mut first, mut last, mut max_col) = (0u64, None::<u64>, 0u64, 0u64);
    let (mut row_rep, mut col, mut row_max_col) = (1u64, 0u64, 0u64);
    let mut cells: u64 = 0;
    let mut sheet = String::new();
    let limit = |sheet: &str, rows: u64, cols: u64, what: &str| {
        ReadFailure::new(format!(
            "sheet \"{sheet}\" {what} ({rows} rows × {cols} columns with repeats expanded), \
             over the limits (limits.max_rows = {}, limits.max_cols = {}, limits.max_cells = {})",
            cfg.limits.max_rows, cfg.limits.max_cols, cfg.limits.max_cells
        ))
    };
    loop {
        buf.clear();
        let ev = match xml.read_event_into(&mut buf) {
            Ok(ev) => ev,
            // Malformed XML: calamine reports it.
            Err(_) => return Ok(()),
        };
        let has_children = matches!(ev, Event::Start(_));
        match ev {
            Event::Eof => return Ok(()),
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                (row, first, last, max_col) = (0, None, 0, 0);
                sheet = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .map(|a| a.value.into_owned())
                    .unwrap_or_default();
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                row_rep = repeat(&e, "table:number-rows-repeated");
                (col, row_max_col) = (0, 0);
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(repeat(&e, "table:number-rows-repeated"));
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let rep = repeat(&e, "table:number-columns-repeated");
                let valued = e
                    .try_get_attribute("office:value-type")
                    .ok()
                    .flatten()
                    .is_some();
                col = col.saturating_add(rep);
                if valued || has_children {
                    row_max_col = col;
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if row_max_col > 0 {
                    first.get_or_insert(row);
                    last = row.saturating_add(row_rep - 1);
                    max_col = max_col.max(row_max_col);
                    cells = cells.saturating_add(row_rep.saturating_mul(row_max_col));
                    if last >= cfg.limits.max_rows as u64 || max_col > cfg.limits.max_cols as u64 {
                        return Err(limit(&sheet, last + 1, max_col, "uses cells too far out"));
                    }
                }
                row = row.saturating_add(row_rep);
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                if let Some(f) = first {
                    let area = (last - f + 1).saturating_mul(max_col);
                    if area > cfg.limits.max_cells || cells > cfg.limits.max_cells {
                        return Err(limit(&sheet, last - f + 1, max_col, "is too large"));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Builds a sheet's rows from its cells, sparse: only rows and columns that
/// hold values are allocated, and every cell is checked against the limits.
struct Grid<'a> {
    cfg: &'a Config,
    sheet: &'a str,
    rows: Vec<Vec<CellValue>>,
    /// Cells allocated in the whole workbook so far.
    used: &'a mut u64,
}

impl<'a> Grid<'a> {
    fn new(cfg: &'a Config, sheet: &'a str, used: &'a mut u64) -> Self {
        Grid {
            cfg,
            sheet,
            rows: Vec::new(),
            used,
        }
    }

    fn too_large(&self, what: String) -> ReadFailure {
        ReadFailure::new(format!(
            "sheet \"{}\" {what}, over the limits (limits.max_rows = {}, limits.max_cols = {}, \
             limits.max_cells = {}); raise them in the configuration if the file is genuine",
            self.sheet,
            self.cfg.limits.max_rows,
            self.cfg.limits.max_cols,
            self.cfg.limits.max_cells
        ))
    }

    /// Makes room for cell (r, c), counting what is allocated.
    fn reserve(&mut self, r: usize, c: usize) -> Result<(), ReadFailure> {
        if r >= self.cfg.limits.max_rows as usize || c >= self.cfg.limits.max_cols as usize {
            return Err(self.too_large(format!(
                "has a value in cell {}",
                crate::ground::text::a1(r as u32, c as u32)
            )));
        }
        if self.rows.len() <= r {
            self.rows.resize(r + 1, Vec::new());
        }
        let len = self.rows[r].len();
        if len <= c {
            *self.used += (c + 1 - len) as u64;
            if *self.used > self.cfg.limits.max_cells {
                return Err(self.too_large(format!(
                    "takes the workbook past {} cells",
                    self.cfg.limits.max_cells
                )));
            }
            self.rows[r].resize(c + 1, CellValue::Empty);
        }
        Ok(())
    }

    fn put(&mut self, (r, c): (u32, u32), value: CellValue) -> Result<(), ReadFailure> {
        if value.is_empty() {
            return Ok(());
        }
        let (r, c) = (r as usize, c as usize);
        self.reserve(r, c)?;
        self.rows[r][c] = value;
        Ok(())
    }

    /// Gives a merged area's value to every cell of the area (within limits).
    fn fill_merged(&mut self, dims: &[calamine::Dimensions]) -> Result<(), ReadFailure> {
        for d in dims {
            let (r0, c0) = (d.start.0 as usize, d.start.1 as usize);
            let Some(value) = self.rows.get(r0).and_then(|r| r.get(c0)).cloned() else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            for r in r0..=(d.end.0 as usize) {
                for c in c0..=(d.end.1 as usize) {
                    if (r, c) == (r0, c0) {
                        continue;
                    }
                    self.reserve(r, c)?;
                    if self.rows[r][c].is_empty() {
                        self.rows[r][c] = value.clone();
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Vec<Vec<CellValue>> {
        let mut rows = self.rows;
        while rows.last().is_some_and(|r| r.is_empty()) {
            rows.pop();
        }
        rows
    }
}

/// Reads every sheet's cells; `merged`: whether the workbook may hold merged
/// cells (when false, they are not looked for).
fn read_sheets(
    mut wb: Sheets<'_>,
    cfg: &Config,
    merged: bool,
) -> Result<Vec<RawSheet>, ReadFailure> {
    let names = wb.sheet_names().to_vec();
    let mut used: u64 = 0;
    let mut sheets = Vec::new();
    for name in names {
        let cannot = |e: &dyn std::fmt::Display| {
            ReadFailure::new(format!("sheet \"{name}\" cannot be read: {e}"))
        };
        let mut grid = Grid::new(cfg, &name, &mut used);
        let merged = match &mut wb {
            Sheets::Xlsx(x) => {
                match x.worksheet_cells_reader(&name) {
                    Ok(mut reader) => {
                        while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                            grid.put(cell.get_position(), convert_ref(cell.get_value()))?;
                        }
                    }
                    // A chart sheet or dialog sheet holds no cells.
                    Err(calamine::XlsxError::NotAWorksheet(_)) => {}
                    Err(e) => return Err(cannot(&e)),
                }
                if merged {
                    x.merge_cells_by_sheet_name(&name).unwrap_or_default()
                } else {
                    Vec::new()
                }
            }
            Sheets::Xlsb(x) => {
                let mut reader = x.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                    grid.put(cell.get_position(), convert_ref(cell.get_value()))?;
                }
                Vec::new()
            }
            other => {
                let range = other.worksheet_range(&name).map_err(|e| cannot(&e))?;
                if let Some((r0, c0)) = range.start() {
                    for (r, row) in range.rows().enumerate() {
                        for (c, v) in row.iter().enumerate() {
                            grid.put((r0 + r as u32, c0 + c as u32), convert(v))?;
                        }
                    }
                }
                match other {
                    Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                    _ => Vec::new(),
                }
            }
        };
        grid.fill_merged(&merged)?;
        let rows = grid.finish();
        sheets.push(RawSheet { name, rows });
    }
    Ok(sheets)
}

/// [`convert`] for a streamed cell: a text is copied once (through
/// [`Data`] it was copied three times).
fn convert_ref(d: &calamine::DataRef<'_>) -> CellValue {
    match d {
        calamine::DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
        calamine::DataRef::String(s) => CellValue::Text(s.clone()),
        other => convert(&Data::from(other.clone())),
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

fn describe_calamine(ext: &str, e: &calamine::Error) -> ReadFailure {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if matches!(
        e,
        calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Xlsx(calamine::XlsxError::Password)
    ) || lower.contains("password")
        || lower.contains("encrypt")
    {
        return ReadFailure::new(PASSWORD_PROTECTED);
    }
    ReadFailure::new(format!(
        "not a readable .{ext} workbook, it may be damaged or truncated ({text}); open it in \
         Excel and save it again as .xlsx"
    ))
}

/// An encrypted OOXML file is a compound (OLE) file holding an
/// `EncryptedPackage` stream.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    ole && bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Reads a CSV file as one sheet named after the file (`stem`).
fn read_csv_bytes(bytes: &[u8], stem: &str, cfg: &Config) -> Result<RawSheet, ReadFailure> {
    let text = decode_text(bytes)?;
    let delimiter = detect_delimiter(&text);
    let mut used = 0u64;
    let mut grid = Grid::new(cfg, stem, &mut used);
    // The csv reader skips blank lines: mark each as an empty record so that
    // every cell keeps the row Excel shows it on.
    let text = mark_blank_lines(&text, delimiter as char);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut r = 0usize;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ReadFailure::new(format!("CSV row {}: {e}", r + 1)))?;
        if !more {
            break;
        }
        let rec = &record;
        for (c, field) in rec.iter().enumerate() {
            if !field.trim().is_empty() {
                let at = (
                    r.min(u32::MAX as usize) as u32,
                    c.min(u32::MAX as usize) as u32,
                );
                grid.put(at, CellValue::Text(field.to_string()))?;
            }
        }
        r += 1;
    }
    let rows = grid.finish();
    Ok(RawSheet {
        name: stem.to_string(),
        rows,
    })
}

/// Puts a lone delimiter on every blank line outside quotes.
fn mark_blank_lines(text: &str, delimiter: char) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let (mut quoted, mut line_start, mut prev) = (false, true, '\0');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends_line = c == '\n' && prev != '\r' || c == '\r' && chars.peek() == Some(&'\n');
        if line_start && !quoted && ends_line {
            out.push(delimiter);
        }
        out.push(c);
        match c {
            '"' => quoted = !quoted,
            '\n' => line_start = true,
            '\r' if chars.peek() == Some(&'\n') => {}
            _ => line_start = false,
        }
        prev = c;
    }
    out
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
