//! The consolidated workbook (SPEC §6): *Sammanfattning*, *Processlista* (the
//! report's attachment), *Möten* and *Avvikelser*, with English sheet names and
//! labels for [`Lang::En`].
//!
//! The workbook is written to a temporary file in the target folder and
//! renamed into place, never over an input. *Möten*, the largest sheet, is
//! written apart, on a thread of its own, and compressed on another; its
//! part is copied in (see `handmade`). The parts are the ones a whole save
//! would give, except that no sheet repeats its last row, as
//! rust_xlsxwriter's own save does after a tall one. User text is always
//! written as text (a need that begins with `=` stays a string), and the
//! parts are identical for the same inputs and options (the compressed
//! bytes too, on the same build and machine):
//! the document's creation time is the as-of date, and every list is in a
//! stable order.
//!
//! ```no_run
//! use std::path::{Path, PathBuf};
//! use processlista::{config::Config, output::workbook as write, Options};
//! let inputs: Vec<PathBuf> = vec!["listor/2023-12".into()];
//! let opts = Options::new(inputs.clone(), Config::default());
//! // Read, normalise, reconcile; then check while the workbook is written.
//! let model = processlista::prepare(&opts).unwrap();
//! let out = write::default_output(model.as_of);
//! let run = write::check_and_write(model, &opts.config, &out, &inputs).unwrap();
//! assert_eq!(out, Path::new("processlista-2023-12-31.xlsx"));
//! println!("{} findings", run.findings.len());
//! ```

mod changes;
mod findings;
mod handmade;
mod measure;
mod meetings;
pub(crate) mod processes;
mod summary;

use std::io::BufReader;
use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, FormatUnderline, Table,
    TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

use crate::ground::Error;
use crate::ground::config::Lang;
use crate::ground::finding::Finding;
use crate::ground::names::{changes_sheet_name, sheet_names, tr};
use crate::ground::text::file_name;
use crate::model::Model;
use crate::model::Run;
use crate::model::dates::{DateValue, Precision};
pub(crate) use measure::Heights;

/// The default output: `processlista-YYYY-MM-DD.xlsx` in the current folder.
pub fn default_output(as_of: NaiveDate) -> PathBuf {
    PathBuf::from(format!("processlista-{}.xlsx", as_of.format("%Y-%m-%d")))
}

/// Writes the consolidated workbook to `out`.
///
/// Refuses (with [`Error::Usage`]) an output that is one of the inputs or one
/// of the files read; the workbook is written to a temporary file beside
/// `out` and renamed into place. A locked or unwritable output gives
/// [`Error::Output`] naming the path.
pub fn write_workbook(run: &Run, lang: Lang, out: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    refuse_input(&run.model, lang, out, inputs)?;
    let dir = out_dir(out);
    let (book, _) = build(
        &run.model,
        Findings::Made(&run.findings),
        lang,
        &dir,
        FindingsSheet::Now,
        MeetingsSheet::Apart,
    )
    .map_err(|e| not_built(&dir, lang, e))?;
    save(book, &dir, out, lang)
}

/// Checks `model` and writes the workbook to `out`, the checks running while
/// *Möten* (the largest sheet, which needs no findings) is written on a
/// thread of its own; returns the run (model and findings) for the report.
/// The same workbook as [`processlista::run`](crate::pipeline::run) followed by
/// [`write_workbook`], sooner on two cores.
pub fn check_and_write(
    model: Model,
    cfg: &crate::ground::config::Config,
    out: &Path,
    inputs: &[PathBuf],
) -> Result<Run, Error> {
    let (book, run, dir) = check_and_build(model, cfg, out, inputs, FindingsSheet::Now)?;
    save(book, &dir, out, cfg.lang)?;
    Ok(run)
}

/// The checks made and the sheets written, not yet saved: the workbook, the
/// run and the output's folder.
fn check_and_build(
    model: Model,
    cfg: &crate::ground::config::Config,
    out: &Path,
    inputs: &[PathBuf],
    findings_sheet: FindingsSheet,
) -> Result<(Book, Run, PathBuf), Error> {
    refuse_input(&model, cfg.lang, out, inputs)?;
    let dir = out_dir(out);
    let (book, findings) = build(
        &model,
        Findings::Check(cfg),
        cfg.lang,
        &dir,
        findings_sheet,
        MeetingsSheet::Apart,
    )
    .map_err(|e| not_built(&dir, cfg.lang, e))?;
    Ok((book, Run { model, findings }, dir))
}

/// [`check_and_write`] for a caller that needs only what it takes from the
/// run before the workbook is saved (a report, a summary, an exit status):
/// `before_save` runs once the sheets that need the model are written; then
/// the model is freed, *Avvikelser* (which needs only the findings) is
/// written and the workbook saved. The findings' links, row heights and
/// table cells and the save's compressed parts thus come after the model
/// rather than on top of it (50,000 processes: *Avvikelser* and the save
/// peak near 125 MiB, the sheets written beside the model at 295 MiB);
/// *Möten*'s part is compressed meanwhile, so the sheet costs little time.
/// Returns what `before_save` returned; an error from it stops the run
/// before the workbook is saved. The workbook is the same as
/// [`check_and_write`]'s.
pub fn check_and_write_then<T>(
    model: Model,
    cfg: &crate::ground::config::Config,
    out: &Path,
    inputs: &[PathBuf],
    before_save: impl FnOnce(&Run) -> Result<T, Error>,
) -> Result<T, Error> {
    let (mut book, run, dir) = check_and_build(model, cfg, out, inputs, FindingsSheet::Later)?;
    let value = before_save(&run)?;
    let Run { model, findings } = run;
    let mut t = crate::ground::Timings::start();
    drop(model);
    t.mark("free the model");
    // The freed pages are handed back while Avvikelser is written.
    std::thread::scope(|s| {
        s.spawn(give_back_freed_memory);
        write_findings_sheet(&mut book.wb, &findings, cfg.lang, &dir)
    })
    .map_err(|e| not_built(&dir, cfg.lang, e))?;
    drop(findings);
    save(book, &dir, out, cfg.lang)?;
    Ok(value)
}

/// Hands the pages of freed memory back to the system. The model is held
/// in small allocations made on rayon's threads, each of which allocates
/// from an arena of its own; once the model is freed, that memory stays
/// resident, and the thread that saves the workbook cannot reuse it:
/// glibc's `malloc_trim` releases the free pages of every arena.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim only releases memory no allocation holds.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// A built workbook, not yet saved: the workbook, and *Möten*'s part being
/// compressed apart (see [`handmade::package`]), or nothing when *Möten* is in the
/// workbook.
struct Book {
    wb: Workbook,
    /// *Möten*'s part, when written apart ([`handmade::package::meetings_part`]).
    meetings: Option<handmade::package::CompressingMeetings>,
}

impl Book {
    /// Saves the workbook's parts to temporary files: the rest of the
    /// workbook beside *Möten*'s part.
    fn save_parts(self) -> Result<Parts, XlsxError> {
        let Book { wb, meetings } = self;
        let Some(meetings) = meetings else {
            return Ok(Parts::Whole(Box::new(wb)));
        };
        let mut t = crate::ground::Timings::start();
        let rest = handmade::package::save_to_temp(wb)?;
        t.mark("save");
        let meetings = meetings.wait()?;
        t.mark("wait for Möten");
        Ok(Parts::Apart { rest, meetings })
    }
}

/// A workbook's parts, saved.
enum Parts {
    /// *Möten*'s part in a zip file of its own, and the rest (see
    /// [`handmade::package`]).
    Apart {
        rest: std::fs::File,
        meetings: std::fs::File,
    },
    /// The workbook with *Möten* in it, not yet saved (what [`handmade::package`]'s
    /// copy is checked against).
    Whole(Box<Workbook>),
}

impl Parts {
    /// Writes the workbook into `out`.
    fn write_to<W: std::io::Write + std::io::Seek + Send>(
        self,
        mut out: W,
    ) -> Result<W, XlsxError> {
        let mut t = crate::ground::Timings::start();
        match self {
            Parts::Apart { rest, meetings } => {
                let (rest, meetings) = (BufReader::new(rest), BufReader::new(meetings));
                let out = handmade::package::assemble(rest, meetings, out)?;
                t.mark("assemble");
                Ok(out)
            }
            Parts::Whole(mut wb) => {
                wb.save_to_writer(&mut out)?;
                t.mark("save");
                Ok(out)
            }
        }
    }
}

/// Where [`build`] writes *Möten*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MeetingsSheet {
    /// Into a workbook of its own, saved on a thread of its own.
    Apart,
    /// Into the workbook (what [`handmade::package`]'s copy is checked against).
    #[cfg(test)]
    InPlace,
}

/// When [`build`] writes *Avvikelser*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FindingsSheet {
    /// With the other sheets.
    Now,
    /// Not: the caller writes it with [`write_findings_sheet`] before saving.
    Later,
}

/// Writes *Avvikelser* into a workbook [`build`] left it empty in.
fn write_findings_sheet(
    wb: &mut Workbook,
    findings: &[Finding],
    lang: Lang,
    out_dir: &Path,
) -> Result<(), XlsxError> {
    // The same formats as build's (a format is known by its value).
    let fmt = Formats::new();
    // The fourth sheet (see sheet_names).
    let ws = wb.worksheet_from_index(3)?;
    let mut t = crate::ground::Timings::start();
    findings::write(ws, findings, lang, &fmt, out_dir)?;
    t.mark("write Avvikelser");
    Ok(())
}

/// The findings the sheets show: made already, or to be made by the checks
/// while *Möten* is written.
enum Findings<'a> {
    Made(&'a [Finding]),
    Check(&'a crate::ground::config::Config),
}

/// What the sheets are written from: the model and its findings.
pub(crate) struct View<'a> {
    pub model: &'a Model,
    pub findings: &'a [Finding],
}

fn save(book: Book, dir: &Path, out: &Path, lang: Lang) -> Result<(), Error> {
    // The parts are saved first, so that nothing is left beside the output
    // if that fails (rust_xlsxwriter panics on some errors in the temporary
    // folder).
    let parts = book.save_parts().map_err(|e| not_built(dir, lang, e))?;
    // Then written straight to the temporary file beside the output: the
    // finished workbook is not held in memory.
    let tmp = temp_path(out, dir);
    let saved = std::fs::File::create(&tmp)
        .map_err(XlsxError::IoError)
        .and_then(|f| parts.write_to(std::io::BufWriter::new(f)))
        .and_then(|w| {
            w.into_inner()
                .map_err(|e| XlsxError::IoError(e.into_error()))
        });
    if let Err(e) = saved {
        let _ = std::fs::remove_file(&tmp);
        return Err(match e {
            XlsxError::IoError(io) => folder_refused(out, dir, lang, &io),
            other => not_built(dir, lang, other),
        });
    }
    rename_into_place(&tmp, out, lang)
}

/// The system's temporary folder could not hold the workbook's parts.
fn temp_folder_failed(folder: &Path, lang: Lang, e: &std::io::Error) -> Error {
    Error::Output {
        path: folder.display().to_string(),
        message: format!(
            "{} ({e})",
            tr(
                lang,
                "den tillfälliga mappen kunde inte användas för arbetsboken – frigör utrymme \
                 där eller ange en annan mapp med miljövariabeln TMPDIR (TEMP i Windows)",
                "the temporary folder could not be used for the workbook – free space there \
                 or name another folder in the TMPDIR environment variable (TEMP on Windows)"
            )
        ),
    }
}

/// The workbook could not be built: in the temporary folder (where the
/// large sheets and the saved parts are kept), or for another reason.
fn not_built(out_dir: &Path, lang: Lang, e: XlsxError) -> Error {
    if let XlsxError::TempFileError(folder, io) = &e {
        return temp_folder_failed(folder, lang, io);
    }
    Error::Output {
        path: out_dir.display().to_string(),
        message: format!("the workbook could not be built: {e}"),
    }
}

/// Writes the JSON report (or any text) to `out` with the same care as the
/// workbook: never over a file the run read, through a temporary file.
pub fn write_text(
    run: &Run,
    lang: Lang,
    out: &Path,
    inputs: &[PathBuf],
    text: &str,
) -> Result<(), Error> {
    may_write(run, lang, out, inputs)?;
    save_text(lang, out, text)
}

/// Refuses (with [`Error::Usage`]) an output that is one of the inputs or
/// one of the files `run` read: the check [`write_text`] makes first.
pub fn may_write(run: &Run, lang: Lang, out: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    refuse_input(&run.model, lang, out, inputs)
}

/// Writes text to `out` through a temporary file beside it, with no check
/// against the inputs (make it with [`may_write`]).
pub(crate) fn save_text(lang: Lang, out: &Path, text: &str) -> Result<(), Error> {
    save_atomically(text.as_bytes(), out, &out_dir(out), lang)
}

/// Writes `bytes` to `out` through a temporary file in its folder.
pub(crate) fn save_bytes(lang: Lang, out: &Path, bytes: &[u8]) -> Result<(), Error> {
    save_atomically(bytes, out, &out_dir(out), lang)
}

/// Builds the workbook and returns its bytes (the same as the file
/// [`write_workbook`] writes; its large sheets and saved parts pass through
/// the system's temporary folder, as there). `out_dir` is the folder the
/// workbook will be written to: the links to the sources are relative to it.
pub fn workbook_bytes(run: &Run, lang: Lang, out_dir: &Path) -> Result<Vec<u8>, Error> {
    build(
        &run.model,
        Findings::Made(&run.findings),
        lang,
        out_dir,
        FindingsSheet::Now,
        MeetingsSheet::Apart,
    )
    .and_then(|(book, _)| {
        book.save_parts()?
            .write_to(std::io::Cursor::new(Vec::new()))
    })
    .map(std::io::Cursor::into_inner)
    .map_err(|e| not_built(out_dir, lang, e))
}

/// Builds the workbook; with [`Findings::Check`], the findings are made here
/// while *Möten* is being written, and returned.
fn build(
    model: &Model,
    findings: Findings<'_>,
    lang: Lang,
    out_dir: &Path,
    findings_sheet: FindingsSheet,
    meetings_sheet: MeetingsSheet,
) -> Result<(Book, Vec<Finding>), XlsxError> {
    let names = sheet_names(lang);
    let fmt = Formats::new();
    let mut wb = Workbook::new();
    let as_of = model.as_of;
    let created = ExcelDateTime::from_ymd(
        as_of.year().clamp(1900, 9999) as u16,
        as_of.month() as u8,
        as_of.day() as u8,
    )?;
    let title = format!(
        "{} {}",
        tr(lang, "Processlista daterad", "Process list dated"),
        as_of.format("%Y-%m-%d")
    );
    let props = DocProperties::new()
        .set_title(&title)
        .set_author("processlista")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    wb.set_zip_compression_level(COMPRESSION_LEVEL);

    // The large sheets are written row by row to temporary files
    // (rust_xlsxwriter's constant-memory worksheets, strings inline) rather
    // than held in memory. The process list was a low-memory sheet with a
    // shared string table; inline strings make the file 1 % larger and
    // save the table's memory and hashing (50,000 processes: 899 -> 833
    // MiB peak).
    wb.add_worksheet().set_name(names[0])?;
    wb.add_worksheet_with_constant_memory()?
        .set_name(names[1])?;
    match meetings_sheet {
        // A stand-in: its part is replaced by the one of Möten's own
        // workbook, but its name, filter and print titles are the workbook's.
        MeetingsSheet::Apart => wb.add_worksheet(),
        #[cfg(test)]
        MeetingsSheet::InPlace => wb.add_worksheet_with_constant_memory()?,
    }
    .set_name(names[2])?;
    wb.add_worksheet_with_constant_memory()?
        .set_name(names[3])?;
    // Möten, the largest sheet (a row per meeting), is written on a thread
    // of its own while this one writes the others.
    fmt.register(&mut wb);
    let sheets = wb.worksheets_mut();
    let (head, tail) = sheets.split_at_mut(2);
    // Möten's own sheet (written in place only by the test that checks the
    // copy), then Avvikelser.
    #[cfg(test)]
    let (meetings_ws, tail) = tail.split_at_mut(1);
    #[cfg(not(test))]
    let tail = &mut tail[1..];
    let mut made = Vec::new();
    let apart = std::thread::scope(|scope| {
        let meetings = scope.spawn(|| {
            let mut t = crate::ground::Timings::start();
            let apart = match meetings_sheet {
                MeetingsSheet::Apart => Some(handmade::package::meetings_part(model, lang, &fmt)?),
                #[cfg(test)]
                MeetingsSheet::InPlace => {
                    meetings::write(&mut meetings_ws[0], model, lang, &fmt)?;
                    None
                }
            };
            t.mark("write Möten");
            Ok::<_, XlsxError>(apart)
        });
        let mut t = crate::ground::Timings::start();
        // The process list first: it needs no findings, and its row heights
        // and table cells grow (the moment the most memory is held) before
        // the findings are made.
        let rest = processes::write(&mut head[1], model, lang, &fmt);
        t.mark("write Processlista");
        // The checks run here while Möten (which shows no findings) is
        // written: the other sheets need them.
        let findings = match findings {
            Findings::Made(f) => f,
            Findings::Check(cfg) => {
                made = crate::checks::run_all(model, cfg);
                t.mark("check");
                &made
            }
        };
        let run = &View { model, findings };
        let rest = rest.and_then(|()| {
            summary::write(&mut head[0], run, lang, &fmt, names[0])?;
            match findings_sheet {
                FindingsSheet::Now => findings::write(&mut tail[0], findings, lang, &fmt, out_dir),
                FindingsSheet::Later => Ok(()),
            }
        });
        t.mark("write others");
        let meetings = meetings
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        rest.and(meetings)
    })?;
    let meetings = apart
        .map(|(part, last)| {
            meetings::frame(wb.worksheet_from_index(2)?, last)?;
            Ok::<_, XlsxError>(part)
        })
        .transpose()?;

    if let Some(c) = &model.changes {
        let ws = wb.add_worksheet();
        ws.set_name(changes_sheet_name(lang))?;
        changes::write(ws, c, lang, &fmt)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(crate::ground::names::META_SHEET)?;
    write_meta(ws, model, lang)?;
    Ok((Book { wb, meetings }, made))
}

/// The zip compression level of every part. Level 2 (zlib's fast strategy)
/// saves in less than half the time of level 3 for a file about 7 % larger
/// (measured on 750,000 meeting rows: 1.1 s / 43 MB against 2.3 s / 40 MB;
/// level 6: 5.7 s / 33 MB).
const COMPRESSION_LEVEL: u8 = 2;

/// The hidden metadata sheet: which tool and format wrote the workbook, the
/// as-of date, the configuration's hash and every file read with its SHA-256.
/// `--previous` and `diff` read it to know the workbook is one of ours.
fn write_meta(ws: &mut Worksheet, model: &Model, lang: Lang) -> Result<(), XlsxError> {
    let hash = |file: &str| {
        let on_disk = model.on_disk.iter().find(|(l, _)| l == file);
        std::fs::read(on_disk.map_or(std::path::Path::new(file), |(_, p)| p.as_path()))
            .map(|b| crate::ground::sha256_hex(&b))
            .unwrap_or_default()
    };
    let mut rows: Vec<[String; 3]> = vec![
        ["tool".into(), "processlista".into(), String::new()],
        [
            "version".into(),
            env!("CARGO_PKG_VERSION").into(),
            String::new(),
        ],
        [
            "format".into(),
            crate::ground::names::FORMAT_VERSION.to_string(),
            String::new(),
        ],
        [
            "as_of".into(),
            model.as_of.format("%Y-%m-%d").to_string(),
            String::new(),
        ],
        ["lang".into(), tr(lang, "sv", "en").into(), String::new()],
        [
            "config_sha256".into(),
            model.config_hash.clone(),
            String::new(),
        ],
    ];
    for s in &model.sources {
        rows.push(["input".into(), s.file.clone(), hash(&s.file)]);
    }
    if let Some(p) = &model.plan {
        rows.push(["plan".into(), p.file.clone(), hash(&p.file)]);
    }
    if let Some(p) = &model.previous {
        rows.push(["previous".into(), p.file.clone(), hash(&p.file)]);
    }
    ws.write_string(0, 0, "key")?;
    ws.write_string(0, 1, "value")?;
    ws.write_string(0, 2, "sha256")?;
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                put_text(ws, r as u32 + 1, c as u16, v, &Format::new())?;
            }
        }
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 66)?;
    ws.set_hidden(true);
    Ok(())
}

/// The cell formats every sheet shares.
pub(crate) struct Formats {
    pub title: Format,
    pub heading: Format,
    /// Header cells of the plain tables on the summary sheet.
    pub header: Format,
    /// Header cells of worksheet tables (wrapped, bold).
    pub table_header: Format,
    /// Wrapped text, top-aligned.
    pub text: Format,
    /// A number, top-aligned.
    pub number: Format,
    /// A date shown as YYYY-MM-DD.
    pub date: Format,
    pub bold: Format,
    pub normal: Format,
    pub link: Format,
    pub error: Format,
    pub warning: Format,
    pub info: Format,
}

impl Formats {
    /// Gives every format its workbook-wide number, in a fixed order: before
    /// two threads write sheets, so that they never race to number one (the
    /// file would differ from run to run), and in the same order in the
    /// workbook *Möten*'s part is made from, so that its cells carry the
    /// same numbers.
    fn register(&self, wb: &mut Workbook) {
        for f in self.all() {
            wb.register_format(f);
        }
    }

    /// Every format, in a fixed order.
    fn all(&self) -> [&Format; 13] {
        [
            &self.title,
            &self.heading,
            &self.header,
            &self.table_header,
            &self.text,
            &self.number,
            &self.date,
            &self.bold,
            &self.normal,
            &self.link,
            &self.error,
            &self.warning,
            &self.info,
        ]
    }
}

impl Formats {
    fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E79)),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            table_header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            text: top.clone().set_text_wrap(),
            number: top.clone().set_align(FormatAlign::Left),
            date: top
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            bold: Format::new().set_bold(),
            normal: Format::new(),
            link: top
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single)
                .set_text_wrap(),
            error: top
                .clone()
                .set_bold()
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE)),
            warning: top
                .clone()
                .set_font_color(Color::RGB(0x9C5700))
                .set_background_color(Color::RGB(0xFFEB9C)),
            info: top
                .set_font_color(Color::RGB(0x1F4E79))
                .set_background_color(Color::RGB(0xDDEBF7)),
        }
    }
}

/// Adds a worksheet table over the header row and `rows` data rows, with a
/// filter button on each header. In a constant-memory worksheet call it before
/// writing the rows: it writes the header row.
pub(crate) fn add_table(
    ws: &mut Worksheet,
    headers: &[&str],
    rows: usize,
    name: &str,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(*h)
                .set_header_format(&fmt.table_header)
        })
        .collect();
    let table = Table::new()
        .set_name(name)
        .set_style(TableStyle::Light9)
        .set_columns(&columns);
    let last_row = (rows as u32).max(1);
    ws.add_table(0, 0, last_row, headers.len() as u16 - 1, &table)?;
    Ok(())
}

/// A data sheet's frame: frozen header row, A4 landscape, one page wide, the
/// header row on every printed page.
pub(crate) fn data_sheet_frame(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Excel's limit on the characters of one cell.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Writes user text as a string (never a formula), cut to Excel's limit.
pub(crate) fn put_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        ws.write_blank(row, col, format)?;
    } else {
        ws.write_string_with_format(row, col, cell_text(text), format)?;
    }
    Ok(())
}

/// `text` cut to Excel's limit on a cell, [`MAX_CELL_CHARS`] UTF-16 units
/// (a character outside the Basic Multilingual Plane takes two): the
/// characters that fit, then "…".
pub(crate) fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    // A UTF-8 text has at least as many bytes as UTF-16 units.
    if text.len() <= MAX_CELL_CHARS {
        return text.into();
    }
    let mut units = 0;
    let mut cut = None;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS - 1 && cut.is_none() {
            cut = Some(i);
        }
        if units > MAX_CELL_CHARS {
            let cut = cut.unwrap_or(i);
            return format!("{}…", &text[..cut]).into();
        }
    }
    text.into()
}

/// Writes wrapped user text and notes it for the row height.
pub(crate) fn put_wrapped(
    ws: &mut Worksheet,
    heights: &mut Heights,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    heights.note(col, text);
    put_text(ws, row, col, text, format)
}

/// Writes user text in the column's format (wrapped text, top-aligned: see
/// [`text_columns`]) and notes it for the row height. An empty text writes
/// nothing. Cheaper than [`put_wrapped`]: rust_xlsxwriter hashes the whole
/// format of every cell written with one, and the large sheets have a
/// million cells.
pub(crate) fn put_plain(
    ws: &mut Worksheet,
    heights: &mut Heights,
    row: u32,
    col: u16,
    text: &str,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    heights.note(col, text);
    ws.write_string(row, col, cell_text(text))?;
    Ok(())
}

/// Sets the widths of a sheet's columns and gives them the wrapped-text
/// format that [`put_plain`] relies on.
pub(crate) fn text_columns(
    ws: &mut Worksheet,
    widths: &[f64],
    fmt: &Formats,
) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
        ws.set_column_format(c as u16, &fmt.text)?;
    }
    Ok(())
}

/// A day as an Excel date, when Excel can hold it (years 1900–9999).
pub(crate) fn day_serial(d: NaiveDate) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        d.year().clamp(0, 65535) as u16,
        d.month() as u8,
        d.day() as u8,
    )
    .ok()
}

/// Writes a day as a date cell shown YYYY-MM-DD.
pub(crate) fn put_day(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: NaiveDate,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    match day_serial(d) {
        Some(x) => ws.write_datetime_with_format(row, col, x, &fmt.date)?,
        None => {
            ws.write_string_with_format(row, col, d.format("%Y-%m-%d").to_string(), &fmt.text)?
        }
    };
    Ok(())
}

/// Writes a date value: a date cell for a day, else its normalised text
/// ("2022-06", "ht 2022"), never a made-up day.
pub(crate) fn put_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: &DateValue,
    lang: Lang,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    match day_serial(d.start).filter(|_| d.precision == Precision::Day) {
        Some(x) => {
            ws.write_datetime_with_format(row, col, x, &fmt.date)?;
            Ok(())
        }
        None => put_text(ws, row, col, &date_text(d, lang), &fmt.text),
    }
}

/// A date value as the text a cell shows when it is not a date cell: a day
/// Excel cannot hold as YYYY-MM-DD, else the normalised text ("2022-06",
/// "ht 2022").
pub(crate) fn date_text(d: &DateValue, lang: Lang) -> String {
    match d.precision {
        Precision::Day => d.start.format("%Y-%m-%d").to_string(),
        _ => d.normalized(lang),
    }
}

/// Header captions made unique (tables need unique, non-empty headers).
pub(crate) fn unique_headers(headers: Vec<String>, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(headers.len());
    for (i, h) in headers.into_iter().enumerate() {
        let base = if h.trim().is_empty() {
            format!("{} {}", tr(lang, "Kolumn", "Column"), i + 1)
        } else {
            h.trim().replace(['\n', '\r'], " ")
        };
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// The folder the output goes to ("." for a bare file name).
fn out_dir(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An absolute, canonical form of a path that may not exist yet: its folder
/// canonicalised, then its name.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let dir = out_dir(path);
    let dir = std::fs::canonicalize(&dir).unwrap_or_else(|_| absolute(&dir));
    match path.file_name() {
        Some(n) => dir.join(n),
        None => dir,
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The link target of a source file seen from `out_dir`: a relative path with
/// `/` separators when the two share a root, else the absolute path.
pub(crate) fn link_path(out_dir: &Path, file: &str) -> String {
    let target = canonical(Path::new(file));
    let base = canonical(out_dir);
    let t: Vec<Component> = target.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let shares_root = common > 0 && !matches!(t.first(), Some(Component::Prefix(_)) if common < 2);
    if !shares_root {
        return target.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = Vec::new();
    for _ in common..b.len() {
        parts.push("..".into());
    }
    for c in &t[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    parts.join("/")
}

/// Refuses an output that is an input file or one of the files read.
pub(crate) fn refuse_input(
    model: &Model,
    lang: Lang,
    out: &Path,
    inputs: &[PathBuf],
) -> Result<(), Error> {
    let target = canonical(out);
    // Never over a file the run read: the inputs, the plan, last month's
    // workbook.
    let read = model.sources.iter().map(|s| PathBuf::from(&s.file));
    let plan = model.plan.iter().map(|p| PathBuf::from(&p.file));
    let previous = model.changes.iter().map(|c| PathBuf::from(&c.old.file));
    for p in inputs
        .iter()
        .cloned()
        .chain(read)
        .chain(plan)
        .chain(previous)
    {
        if canonical(&p) == target {
            return Err(Error::Usage(format!(
                "{}: {}",
                out.display(),
                tr(
                    lang,
                    "utfilen är en av indatafilerna – välj ett annat namn med -o",
                    "the output is one of the input files – choose another name with -o"
                )
            )));
        }
    }
    if target.is_dir() {
        return Err(Error::Usage(format!(
            "{}: {}",
            out.display(),
            tr(
                lang,
                "är en mapp – ange ett filnamn med -o",
                "is a folder – give a file name with -o"
            )
        )));
    }
    Ok(())
}

/// The temporary file beside the output could not be written in `dir`: a
/// folder the user may not write in (read-only, or without the right) says
/// so, and where to write instead; anything else is [`locked`]'s.
fn folder_refused(out: &Path, dir: &Path, lang: Lang, e: &std::io::Error) -> Error {
    let refused = e.kind() == std::io::ErrorKind::PermissionDenied
        || e.kind() == std::io::ErrorKind::ReadOnlyFilesystem;
    if !refused {
        return locked(out, lang, e);
    }
    let folder = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    Error::Output {
        path: out.display().to_string(),
        message: match lang {
            Lang::Sv => format!(
                "mappen {} går inte att skriva i (skrivskyddad, eller du saknar behörighet) – \
                 ange en annan mapp med -o, t.ex. -o ~/Dokument/{}",
                folder.display(),
                file_name(&out.to_string_lossy())
            ),
            Lang::En => format!(
                "the folder {} cannot be written to (read-only, or you lack the permission) – \
                 give another folder with -o, e.g. -o ~/Documents/{}",
                folder.display(),
                file_name(&out.to_string_lossy())
            ),
        },
    }
}

fn locked(out: &Path, lang: Lang, e: &std::io::Error) -> Error {
    let lockish = e.kind() == std::io::ErrorKind::PermissionDenied
        || matches!(e.raw_os_error(), Some(32) | Some(33));
    let message = if e.kind() == std::io::ErrorKind::NotFound {
        tr(lang, "mappen finns inte", "the folder does not exist").to_string()
    } else if lockish {
        tr(
            lang,
            "filen är låst eller skrivskyddad – stäng filen i Excel och kör igen",
            "the file is locked or read-only – close it in Excel and run again",
        )
        .to_string()
    } else {
        format!(
            "{} ({e})",
            tr(lang, "kunde inte skrivas", "could not be written")
        )
    };
    Error::Output {
        path: out.display().to_string(),
        message,
    }
}

/// Writes `bytes` to a temporary file in `dir` and renames it to `out`.
fn save_atomically(bytes: &[u8], out: &Path, dir: &Path, lang: Lang) -> Result<(), Error> {
    let tmp = temp_path(out, dir);
    if let Err(e) = std::fs::write(&tmp, bytes) {
        let _ = std::fs::remove_file(&tmp);
        return Err(folder_refused(out, dir, lang, &e));
    }
    rename_into_place(&tmp, out, lang)
}

/// A temporary file beside `out`, in `dir` (so the rename stays on one disk).
fn temp_path(out: &Path, dir: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "processlista.xlsx".into());
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

fn rename_into_place(tmp: &Path, out: &Path, lang: Lang) -> Result<(), Error> {
    if let Err(e) = std::fs::rename(tmp, out) {
        let _ = std::fs::remove_file(tmp);
        return Err(locked(out, lang, &e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder that refuses the temporary file is named as the trouble
    /// (not "close it in Excel"); a file that cannot be replaced is locked.
    #[test]
    fn a_read_only_folder_is_not_called_a_locked_file() {
        let out = Path::new("rapporter/pl.xlsx");
        for kind in [
            std::io::ErrorKind::PermissionDenied,
            std::io::ErrorKind::ReadOnlyFilesystem,
        ] {
            let e = std::io::Error::from(kind);
            let msg = folder_refused(out, Path::new("rapporter"), Lang::Sv, &e).to_string();
            assert!(
                msg.contains("mappen rapporter går inte att skriva i"),
                "{msg}"
            );
            assert!(msg.contains("-o"), "{msg}");
            assert!(!msg.contains("Excel"), "{msg}");
        }
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let msg = locked(out, Lang::Sv, &e).to_string();
        assert!(msg.contains("stäng filen i Excel"), "{msg}");
        let msg = folder_refused(out, Path::new("x"), Lang::En, &e).to_string();
        assert!(msg.contains("the folder x cannot be written to"), "{msg}");
    }

    #[test]
    fn headers_are_unique_and_named() {
        let h = unique_headers(
            vec![
                "Kommentar".into(),
                "kommentar".into(),
                "".into(),
                "Kommentar".into(),
            ],
            Lang::Sv,
        );
        assert_eq!(
            h,
            vec!["Kommentar", "kommentar (2)", "Kolumn 3", "Kommentar (3)"]
        );
    }

    #[test]
    fn links_are_relative_to_the_output_folder() {
        let root = std::env::temp_dir().join(format!("pl-link-{}", std::process::id()));
        std::fs::create_dir_all(root.join("in/sub")).unwrap();
        std::fs::create_dir_all(root.join("out")).unwrap();
        let f = root.join("in/sub/a b.xlsx");
        std::fs::write(&f, b"x").unwrap();
        assert_eq!(
            link_path(&root.join("out"), f.to_str().unwrap()),
            "../in/sub/a b.xlsx"
        );
        assert_eq!(
            link_path(&root.join("in"), f.to_str().unwrap()),
            "sub/a b.xlsx"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// One part of a saved workbook: its name, its bytes unpacked, and how
    /// it is stored (its compressed bytes; method, checksum, time,
    /// permissions and size).
    struct Part {
        name: String,
        unpacked: Vec<u8>,
        stored: Vec<u8>,
        meta: String,
    }

    /// The parts of a saved workbook, in order.
    fn parts(xlsx: &[u8]) -> Vec<Part> {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut unpacked = Vec::new();
                zip.by_index(i).unwrap().read_to_end(&mut unpacked).unwrap();
                let mut part = zip.by_index_raw(i).unwrap();
                let mut stored = Vec::new();
                part.read_to_end(&mut stored).unwrap();
                let meta = format!(
                    "{:?} {:08x} {:?} {:?} {}",
                    part.compression(),
                    part.crc32(),
                    part.last_modified(),
                    part.unix_mode(),
                    part.size()
                );
                let name = part.name().unwrap().into_owned();
                Part {
                    name,
                    unpacked,
                    stored,
                    meta,
                }
            })
            .collect()
    }

    /// *Möten* written apart and copied in (the way every workbook is
    /// saved) gives the workbook rust_xlsxwriter saves with *Möten* written
    /// in place: the same parts in the same order, each unpacking to the
    /// same bytes and stored the same way (compressed alike, at the same
    /// level), in both languages, with and without the plan; except that
    /// no worksheet repeats its last row, as rust_xlsxwriter's own save
    /// does.
    #[test]
    fn meetings_saved_apart_are_the_part_written_in_place() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (lang, plan) in [(Lang::Sv, true), (Lang::En, false)] {
            let mut cfg = crate::ground::config::Config::default();
            cfg.lang = lang;
            let mut opts = crate::pipeline::Options::new(vec![repo.join("samples/2023-12")], cfg);
            opts.plan = plan.then(|| repo.join("samples/handlingsplan.xlsx"));
            let run = crate::pipeline::run(&opts).unwrap();
            let saved = |meetings| {
                let (book, _) = build(
                    &run.model,
                    Findings::Made(&run.findings),
                    lang,
                    repo,
                    FindingsSheet::Now,
                    meetings,
                )
                .unwrap();
                book.save_parts()
                    .unwrap()
                    .write_to(std::io::Cursor::new(Vec::new()))
                    .unwrap()
                    .into_inner()
            };
            // rust_xlsxwriter's own save repeats a tall last row of a
            // constant-memory sheet; the copy drops the repeat and
            // compresses the part again. The reference is mended alike.
            let mut whole = parts(&saved(MeetingsSheet::InPlace));
            let mut mended = Vec::new();
            for w in &mut whole {
                if let Some(repeat) = handmade::package::repeated_last_row(&w.unpacked) {
                    let mut xml = w.unpacked.clone();
                    xml.drain(repeat);
                    *w = parts(&handmade::package::zipped(&w.name, &xml).unwrap()).remove(0);
                    mended.push(w.name.clone());
                }
            }
            // Avvikelser: its last row is tall (and Processlista's, when
            // its last process takes more than a line).
            assert!(
                mended.contains(&"xl/worksheets/sheet4.xml".to_string()),
                "{lang:?}: {mended:?}"
            );
            let apart = parts(&saved(MeetingsSheet::Apart));
            for a in &apart {
                if a.name.starts_with("xl/worksheets/") {
                    let xml = String::from_utf8_lossy(&a.unpacked);
                    let rows: Vec<u32> = xml
                        .split("<row r=\"")
                        .skip(1)
                        .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
                        .collect();
                    assert!(
                        rows.windows(2).all(|w| w[0] < w[1]),
                        "{lang:?}: {} repeats a row",
                        a.name
                    );
                }
            }
            let names = |p: &[Part]| p.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
            assert_eq!(names(&apart), names(&whole), "{lang:?}");
            for (a, w) in apart.iter().zip(&whole) {
                assert!(
                    a.unpacked == w.unpacked,
                    "{lang:?}: part {} differs",
                    a.name
                );
                assert!(
                    a.stored == w.stored,
                    "{lang:?}: part {} is stored differently",
                    a.name
                );
                assert_eq!(a.meta, w.meta, "{lang:?}: part {}", a.name);
            }
            // The copied part is Möten with its rows (not the stand-in): a
            // row for each meeting and dated event, the last one numbered.
            let meetings = &apart
                .iter()
                .find(|p| p.name == "xl/worksheets/sheet3.xml")
                .unwrap()
                .unpacked;
            let xml = String::from_utf8_lossy(meetings);
            let rows = xml.matches("<row ").count();
            assert!(rows > run.model.processes.len(), "{lang:?}: {rows} rows");
            assert!(xml.contains(&format!("<row r=\"{rows}\"")), "{lang:?}");
            assert!(xml.contains("Processmöte"), "{lang:?}");
        }
    }
}
