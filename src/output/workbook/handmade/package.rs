//! The workbook's package: *Möten*'s part is made apart, its rows written
//! on one thread and compressed on another while the other sheets are
//! finished, then copied, still compressed, into the workbook.
//!
//! *Möten* is most of the workbook (548 of 670 MB of XML at 50,000
//! processes, a row per meeting). Written whole by rust_xlsxwriter, its
//! cells took 3.5 s and its compression, in the workbook's save, another
//! 1.6–2 s on one core. Now rust_xlsxwriter writes the sheet with its
//! header row alone, in a workbook of its own ([`template`]), and
//! [`SheetXml`] writes the rows into that part as rust_xlsxwriter would
//! (about a third of the time), while a thread of its own compresses them
//! ([`CompressingMeetings`]) beside the process list, the checks,
//! *Avvikelser* and the other parts' save.
//!
//! The copy is the part rust_xlsxwriter writes in the whole workbook, byte
//! for byte, compressed and unpacked: both workbooks number their formats in
//! the same order ([`Formats::register`]), the
//! part is compressed with rust_xlsxwriter's options at the same level, and
//! in both *Möten* is a worksheet after the first, so not the selected tab.
//! The workbook keeps a *Möten* of the same name, filter and print titles
//! (its defined names and document properties need them) whose own part is
//! replaced. Only the zip container differs from a whole save (sizes in the
//! local headers, no data descriptors), and one mistake of rust_xlsxwriter
//! 0.102 is mended: it writes a tall last row of a constant-memory sheet
//! twice ([`repeated_last_row`]), which the other sheets' parts are
//! unpacked, mended and compressed again for (0.3–0.4 s at 50,000
//! processes, where *Processlista* is 81 MB of XML). Unit tests pin the
//! rest.
//!
//! Both halves are saved to anonymous temporary files in the system's
//! temporary folder (about 61 MB at 50,000 processes), beside
//! rust_xlsxwriter's own files for the constant-memory sheets.

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::sync::mpsc::Receiver;
use std::thread::JoinHandle;

use rust_xlsxwriter::{Workbook, XlsxError};
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use super::sheet_xml::{SheetXml, Template};
use crate::ground::config::Lang;
use crate::model::Model;
use crate::output::workbook::{Formats, meetings};

/// The part rust_xlsxwriter saves the workbook's third worksheet, *Möten*,
/// as (worksheets are numbered in order; the workbook has no chartsheets).
const MEETINGS_PART: &str = "xl/worksheets/sheet3.xml";
/// The part *Möten* is saved as in its own workbook, where it is the second
/// worksheet.
const APART_PART: &str = "xl/worksheets/sheet2.xml";
/// Its relationships (links, drawings), if it had any: they would be lost
/// in the copy, so a template that has them is refused.
const APART_RELS: &str = "xl/worksheets/_rels/sheet2.xml.rels";

/// A workbook for *Möten* alone: an empty first sheet (the selected one, as
/// *Sammanfattning* is in the whole workbook), then a constant-memory sheet
/// for *Möten* at index 1.
fn meetings_workbook(fmt: &Formats) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(crate::output::workbook::COMPRESSION_LEVEL);
    wb.add_worksheet();
    wb.add_worksheet_with_constant_memory()?;
    fmt.register(&mut wb);
    Ok(wb)
}

/// *Möten*'s part, compressed, in a zip file of its own (an anonymous
/// temporary file) for [`assemble`]. rust_xlsxwriter writes the sheet with
/// its header row alone, in a workbook of its own ([`Template`]); the rows
/// are then written into that part ([`SheetXml`]) on this thread and
/// compressed on another ([`CompressingMeetings`]), with the options
/// rust_xlsxwriter compresses its parts with. Returns once the rows are
/// written, with the compression going on, and the last row (0: only the
/// header).
pub(crate) fn meetings_part(
    model: &Model,
    lang: Lang,
    fmt: &Formats,
) -> Result<(CompressingMeetings, u32), XlsxError> {
    // Excel's last row is 1,048,576 (0-based 1,048,575).
    let last = u32::try_from(meetings::row_count(model))
        .ok()
        .filter(|&n| n <= 1_048_575)
        .ok_or(XlsxError::RowColumnLimitError)?;
    let template = template(lang, fmt, last)?;
    let file = tempfile::tempfile().map_err(in_temp)?;
    let compressing = rows_into(file, template, model, lang, last)?;
    Ok((compressing, last))
}

/// Writes the rows (up to `last`) into the template on this thread while
/// another compresses them into `file`.
fn rows_into<F: Write + Seek + Send + 'static>(
    file: F,
    template: Template,
    model: &Model,
    lang: Lang,
    last: u32,
) -> Result<CompressingMeetings<F>, XlsxError> {
    let (to_zip, chunks) = std::sync::mpsc::sync_channel(CHUNKS_IN_FLIGHT);
    let compressing = CompressingMeetings::start(chunks, file)?;
    match write_rows(Chunks(to_zip), template, model, lang) {
        Ok(written) if written == last => Ok(compressing),
        Ok(written) => Err(XlsxError::CustomError(format!(
            "internal error: {written} meeting rows written, {last} counted"
        ))),
        // The only output is the queue: the compressor stopped, and its
        // error says why.
        Err(XlsxError::IoError(e)) => Err(compressing.wait().err().unwrap_or(e.into())),
        Err(e) => Err(e),
    }
}

/// *Möten*'s part as rust_xlsxwriter writes it with the header row alone,
/// in a workbook of its own, ready for rows up to `last`.
fn template(lang: Lang, fmt: &Formats, last: u32) -> Result<Template, XlsxError> {
    let mut wb = meetings_workbook(fmt)?;
    let ws = wb.worksheet_from_index(1)?;
    meetings::write_header(ws, lang, fmt)?;
    meetings::frame(ws, last)?;
    template_of(wb.save_to_buffer()?, last)
}

/// The template in a saved workbook (see [`template`]).
fn template_of(saved: Vec<u8>, last: u32) -> Result<Template, XlsxError> {
    let mut zip = ZipArchive::new(Cursor::new(saved))?;
    if zip.index_for_name(APART_RELS).is_some() {
        return Err(XlsxError::CustomError(format!(
            "internal error: the meetings sheet has relationships ({APART_RELS}), which \
             its copy would lose"
        )));
    }
    let mut xml = String::new();
    zip.by_name(APART_PART)?.read_to_string(&mut xml)?;
    Template::new(&xml, last)
}

/// Writes the part's XML, the rows between the template's parts, to the
/// compressor; the last row written.
fn write_rows(
    out: Chunks,
    template: Template,
    model: &Model,
    lang: Lang,
) -> Result<u32, XlsxError> {
    let mut sheet = SheetXml::start(out, template)?;
    let written = meetings::write_rows(&mut sheet, model, lang)?;
    let Chunks(to_zip) = sheet.finish()?;
    to_zip.send(Chunk::End).map_err(|_| stopped())?;
    Ok(written)
}

/// The error the rows' writer gets when the compressor has stopped.
fn stopped() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the compressor stopped")
}

/// Chunks of the part's XML queued for the compressor: a few, so that the
/// rows' writer is never far ahead (64 KiB each).
const CHUNKS_IN_FLIGHT: usize = 16;

/// What the rows' writer sends the compressor.
enum Chunk {
    Xml(Vec<u8>),
    /// The part is whole (otherwise, the writer stopped on an error).
    End,
}

/// The rows' writer's end of the queue to the compressor.
struct Chunks(std::sync::mpsc::SyncSender<Chunk>);

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .send(Chunk::Xml(buf.to_vec()))
            .map_err(|_| stopped())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// *Möten*'s part, being compressed on a thread of its own. Dropped before
/// [`CompressingMeetings::wait`] (the run stopped on an error), it waits
/// for the thread, so that no compression outlives the run.
pub(crate) struct CompressingMeetings<F = File>(Option<JoinHandle<Result<F, XlsxError>>>);

impl<F: Write + Seek + Send + 'static> CompressingMeetings<F> {
    /// Starts compressing the chunks into `file` (see [`compress_into`]).
    fn start(chunks: Receiver<Chunk>, file: F) -> Result<Self, XlsxError> {
        let thread = std::thread::Builder::new()
            .name("compress Möten".into())
            .spawn(move || {
                let mut t = crate::ground::Timings::start();
                let file = compress_into(chunks, file)?;
                t.mark("compress Möten");
                Ok(file)
            })?;
        Ok(CompressingMeetings(Some(thread)))
    }

    /// Waits for the compression; the zip file, read from its start. A
    /// panic in the thread goes on here.
    pub(crate) fn wait(mut self) -> Result<F, XlsxError> {
        match self.0.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            None => unreachable!("waited for once"),
        }
    }
}

impl<F> Drop for CompressingMeetings<F> {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            // The run has already failed: this result adds nothing.
            let _ = thread.join();
        }
    }
}

/// Compresses the chunks into *Möten*'s part in a zip file of its own,
/// `file` (an anonymous temporary file, removed by the system when it is
/// closed), read from its start. Input/output errors name the temporary
/// folder.
fn compress_into<F: Write + Seek>(chunks: Receiver<Chunk>, file: F) -> Result<F, XlsxError> {
    write_temp(file, |out| compress(chunks, out))
}

fn compress<W: Write + Seek>(chunks: Receiver<Chunk>, out: W) -> Result<(), XlsxError> {
    let mut zip = ZipWriter::new(out);
    zip.start_file(APART_PART, part_options())?;
    loop {
        match chunks.recv() {
            Ok(Chunk::Xml(xml)) => zip.write_all(&xml)?,
            Ok(Chunk::End) => break,
            // The rows' writer stopped on an error, which it reports.
            Err(_) => {
                return Err(XlsxError::CustomError(
                    "the meetings sheet was not finished".into(),
                ));
            }
        }
    }
    zip.finish()?;
    Ok(())
}

/// An input/output error in the system's temporary folder.
fn in_temp(e: std::io::Error) -> XlsxError {
    XlsxError::TempFileError(std::env::temp_dir(), e)
}

/// A zip error, with its input/output error (a full disk) told by `io`.
fn from_zip(e: ZipError, io: impl FnOnce(std::io::Error) -> XlsxError) -> XlsxError {
    match e {
        ZipError::Io(e) => io(e),
        e => XlsxError::ZipError(e),
    }
}

/// Saves `wb` to an anonymous temporary file (removed by the system when it
/// is closed), read from its start. Input/output errors name the temporary
/// folder ([`XlsxError::TempFileError`]).
pub(crate) fn save_to_temp(mut wb: Workbook) -> Result<File, XlsxError> {
    let file = tempfile::tempfile().map_err(in_temp)?;
    write_temp(file, |out| wb.save_to_writer(out))
}

/// Writes into `file`, a temporary file, with `write`; the file, read from
/// its start. Writes go through [`StopAfterError`], as a zip writer also
/// writes its directory when dropped after an error; input/output errors
/// name the temporary folder ([`XlsxError::TempFileError`]).
fn write_temp<F: Write + Seek>(
    mut file: F,
    write: impl FnOnce(&mut StopAfterError<&mut F>) -> Result<(), XlsxError>,
) -> Result<F, XlsxError> {
    let mut out = StopAfterError::new(&mut file);
    let written = write(&mut out);
    out.into_inner().map_err(in_temp)?;
    written.map_err(|e| match e {
        XlsxError::IoError(e) => in_temp(e),
        XlsxError::ZipError(e) => from_zip(e, in_temp),
        e => e,
    })?;
    file.rewind().map_err(in_temp)?;
    Ok(file)
}

/// Writes the workbook saved as `rest` into `out`, its parts copied still
/// compressed and in their order, with the *Möten* part taken from the
/// workbook saved as `meetings` (both from [`save_to_temp`]). A worksheet
/// of `rest` whose last row rust_xlsxwriter wrote twice is unpacked, mended
/// ([`repeated_last_row`]) and compressed again, as rust_xlsxwriter
/// compresses its parts, on rayon's threads. An error writing to `out` is
/// an [`XlsxError::IoError`]; one reading the saved workbooks names the
/// temporary folder.
pub(crate) fn assemble<W: Write + Seek>(
    rest: impl Read + Seek,
    meetings: impl Read + Seek,
    out: W,
) -> Result<W, XlsxError> {
    use rayon::prelude::*;
    let reading = |e| from_zip(e, in_temp);
    let writing = |e| from_zip(e, XlsxError::IoError);
    let mut rest = ZipArchive::new(rest).map_err(reading)?;
    let mut meetings = ZipArchive::new(meetings).map_err(reading)?;
    enum Part {
        /// The part of `rest` at this index, copied as it is.
        Copy(usize),
        Meetings,
        /// A worksheet, as a zip file of its own (in memory).
        Sheet(Vec<u8>),
    }
    let mut parts = Vec::with_capacity(rest.len());
    for i in 0..rest.len() {
        let part = rest.by_index_raw(i).map_err(reading)?;
        let name = part.name_raw();
        parts.push(if name == MEETINGS_PART.as_bytes() {
            Part::Meetings
        } else if (name.starts_with(b"xl/worksheets/sheet") && name.ends_with(b".xml"))
            || (name.starts_with(b"xl/worksheets/_rels/") && name.ends_with(b".rels"))
        {
            // Copied out, so that the worksheets can be unpacked and
            // checked on threads of their own.
            let mut sheet = ZipWriter::new(Cursor::new(Vec::new()));
            sheet.raw_copy_file(part)?;
            Part::Sheet(sheet.finish()?.into_inner())
        } else {
            Part::Copy(i)
        });
    }
    if !parts.iter().any(|p| matches!(p, Part::Meetings)) {
        return Err(XlsxError::CustomError(format!(
            "internal error: the workbook has no part {MEETINGS_PART} for the meetings sheet"
        )));
    }
    parts.par_iter_mut().try_for_each(|p| {
        if let Part::Sheet(sheet) = p
            && let Some(mended) = mended(sheet)?
        {
            *sheet = mended;
        }
        Ok::<_, XlsxError>(())
    })?;
    let mut zip = ZipWriter::new(StopAfterError::new(out));
    for part in parts {
        let copied = match part {
            Part::Copy(i) => zip.raw_copy_file(rest.by_index_raw(i).map_err(reading)?),
            Part::Meetings => {
                let part = meetings
                    .by_name_raw(APART_PART.as_bytes())
                    .map_err(reading)?;
                zip.raw_copy_file_rename(part, MEETINGS_PART)
            }
            Part::Sheet(sheet) => {
                let mut sheet = ZipArchive::new(Cursor::new(sheet))?;
                zip.raw_copy_file(sheet.by_index_raw(0)?)
            }
        };
        copied.map_err(writing)?;
    }
    let out = zip.finish().map_err(writing)?;
    out.into_inner().map_err(XlsxError::IoError)
}

/// The worksheet in `sheet` (a zip file of one part) unpacked and, if
/// rust_xlsxwriter wrote its last row twice, mended and compressed again;
/// a worksheet's relationships with [`HASH_IN_PATH`] made "%23"; `None` if
/// it needs no mending. Errors reading it name the temporary
/// folder, where it was saved.
fn mended(sheet: &[u8]) -> Result<Option<Vec<u8>>, XlsxError> {
    let mut sheet = ZipArchive::new(Cursor::new(sheet))?;
    let mut part = sheet.by_index(0).map_err(|e| from_zip(e, in_temp))?;
    let mut xml = Vec::with_capacity(part.size().min(1 << 30) as usize);
    part.read_to_end(&mut xml).map_err(in_temp)?;
    let name = String::from_utf8_lossy(part.name_raw()).into_owned();
    if name.ends_with(".rels") {
        let mut hash = [0u8; 4];
        let hash = HASH_IN_PATH.encode_utf8(&mut hash).as_bytes();
        if !xml.windows(hash.len()).any(|w| w == hash) {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&xml).replace(HASH_IN_PATH, "%23");
        return Ok(Some(zipped(&name, text.as_bytes())?));
    }
    let Some(repeat) = repeated_last_row(&xml) else {
        return Ok(None);
    };
    xml.drain(repeat);
    Ok(Some(zipped(&name, &xml)?))
}

/// The stand-in for a '#' in the path of a link to a source file (a
/// character of Unicode's private use area, which no file name holds):
/// rust_xlsxwriter 0.102 splits a link at its first '#' and escapes a
/// "%23" given in its place to "%2523", so the path is written with this,
/// and [`assemble`] makes it "%23" in the worksheets' relationships, as
/// Excel writes it.
pub(crate) const HASH_IN_PATH: char = '\u{E023}';

/// `xml` as the part `name` of a zip file in memory, compressed as
/// rust_xlsxwriter compresses its parts.
pub(crate) fn zipped(name: &str, xml: &[u8]) -> Result<Vec<u8>, XlsxError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(name, part_options())?;
    zip.write_all(xml)?;
    Ok(zip.finish()?.into_inner())
}

/// rust_xlsxwriter's options for its parts (its packager's).
fn part_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(i64::from(crate::output::workbook::COMPRESSION_LEVEL)))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default())
        .large_file(false)
}

/// Where a worksheet's XML repeats its last row: rust_xlsxwriter 0.102
/// writes the last row of a constant-memory worksheet twice when the row
/// has a height (`flush_last_row` flushes it once more, without its
/// cells), `…<row r="9" ht="33" customHeight="1">…</row><row r="9" ht="33"
/// customHeight="1"/></sheetData>`. Excel expects each row once, in order.
/// *Processlista* and *Avvikelser*, whose last rows are mostly taller than
/// a line, had it in almost every workbook; *Möten*, written by
/// [`SheetXml`], does not.
pub(crate) fn repeated_last_row(xml: &[u8]) -> Option<std::ops::Range<usize>> {
    let rfind = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).rposition(|w| w == needle);
    let end = rfind(xml, b"</sheetData>")?;
    let at = rfind(&xml[..end], b"<row ")?;
    let repeat = &xml[at..end];
    if !repeat.ends_with(b"/>") || repeat[1..].contains(&b'<') || !xml[..at].ends_with(b"</row>") {
        return None;
    }
    let before = rfind(&xml[..at], b"<row ")?;
    let number = |tag: &[u8]| -> Option<Vec<u8>> {
        let tag = &tag[..tag.iter().position(|&b| b == b'>')?];
        let from = rfind(tag, b" r=\"")? + 4;
        let len = tag[from..].iter().position(|&b| b == b'"')?;
        Some(tag[from..from + len].to_vec())
    };
    (number(&xml[before..])? == number(repeat)?).then_some(at..end)
}

/// The output, which after its first failed write or seek takes and
/// discards everything: when a copy fails, the zip writer, dropped, still
/// writes its directory, and would print its own failure to stderr beside
/// the error the run reports. Its position stays the one the zip writer
/// expects (it asserts that a part does not end before it starts).
struct StopAfterError<W> {
    inner: W,
    failed: Option<std::io::Error>,
    /// The position after the writes and seeks so far, discarded or not.
    pos: u64,
}

impl<W> StopAfterError<W> {
    fn new(inner: W) -> Self {
        StopAfterError {
            inner,
            failed: None,
            pos: 0,
        }
    }

    /// The output, or the error that stopped it.
    fn into_inner(self) -> Result<W, std::io::Error> {
        match self.failed {
            Some(e) => Err(e),
            None => Ok(self.inner),
        }
    }

    /// Keeps the first error and gives the zip writer a copy of it (with its
    /// OS code, by which a full disk or a locked file is told).
    fn note<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        r.map_err(|e| {
            let copy = match e.raw_os_error() {
                Some(code) => std::io::Error::from_raw_os_error(code),
                None => std::io::Error::new(e.kind(), e.to_string()),
            };
            self.failed.get_or_insert(e);
            copy
        })
    }
}

impl<W: Write> Write for StopAfterError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_some() {
            self.pos += buf.len() as u64;
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        let n = self.note(r)?;
        self.pos += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed.is_some() {
            return Ok(());
        }
        let r = self.inner.flush();
        self.note(r)
    }
}

impl<W: Seek> Seek for StopAfterError<W> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        if self.failed.is_some() {
            self.pos = match to {
                SeekFrom::Start(n) => n,
                SeekFrom::Current(d) => self.pos.saturating_add_signed(d),
                // The end is not known: the position stays.
                SeekFrom::End(_) => self.pos,
            };
            return Ok(self.pos);
        }
        let r = self.inner.seek(to);
        self.pos = self.note(r)?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A disk that fills after `room` bytes.
    #[derive(Debug)]
    struct Full {
        room: usize,
        pos: u64,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::from_raw_os_error(28));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.pos += n as u64;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Seek for Full {
        fn seek(&mut self, _: SeekFrom) -> std::io::Result<u64> {
            Ok(self.pos)
        }
    }

    fn zipped(name: &str, body: &[u8]) -> Cursor<Vec<u8>> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(body).unwrap();
        let mut bytes = zip.finish().unwrap();
        bytes.rewind().unwrap();
        bytes
    }

    /// A full disk under the output is reported as the disk's own error (its
    /// OS code kept, so that the message can say what happened), wherever
    /// in the copy it fills.
    #[test]
    fn a_full_output_is_its_own_error() {
        let body = vec![b'x'; 20_000];
        let parts = || {
            (
                zipped(MEETINGS_PART, b"<stand-in/>"),
                zipped(APART_PART, &body),
            )
        };
        let (rest, meetings) = parts();
        let whole = assemble(rest, meetings, Cursor::new(Vec::new())).unwrap();
        let size = whole.into_inner().len();
        assert!(size > 100, "{size}");
        for room in (0..size).step_by(7) {
            let (rest, meetings) = parts();
            let e = assemble(rest, meetings, Full { room, pos: 0 }).unwrap_err();
            match e {
                XlsxError::IoError(io) => assert_eq!(io.raw_os_error(), Some(28), "{room}"),
                e => panic!("{room}: {e}"),
            }
        }
    }

    /// After its first error the output takes and discards everything, and
    /// gives that first error back.
    #[test]
    fn the_output_stops_after_its_first_error() {
        let mut out = StopAfterError::new(Full { room: 4, pos: 0 });
        assert_eq!(out.write(b"abcdef").unwrap(), 4);
        assert!(out.write(b"ef").is_err());
        assert_eq!(out.write(b"more").unwrap(), 4);
        // Its position is where the discarded writes left it.
        assert_eq!(out.stream_position().unwrap(), 8);
        assert_eq!(out.seek(SeekFrom::Start(2)).unwrap(), 2);
        assert_eq!(out.seek(SeekFrom::Current(3)).unwrap(), 5);
        out.flush().unwrap();
        let e = out.into_inner().err().unwrap();
        assert_eq!(e.raw_os_error(), Some(28));
        // Untroubled, it is the output itself.
        let mut out = StopAfterError::new(Cursor::new(Vec::new()));
        out.write_all(b"abc").unwrap();
        assert_eq!(out.into_inner().unwrap().into_inner(), b"abc");
    }

    /// The copy takes *Möten*'s part; a workbook without the part it is to
    /// replace is refused, not written without it.
    #[test]
    fn the_meetings_part_is_replaced_or_refused() {
        let rest = zipped("xl/worksheets/sheet1.xml", b"<stand-in/>");
        let meetings = zipped(APART_PART, b"<x/>");
        let e = assemble(rest, meetings, Cursor::new(Vec::new())).unwrap_err();
        assert!(e.to_string().contains(MEETINGS_PART), "{e}");
        let rest = zipped(MEETINGS_PART, b"<stand-in/>");
        let meetings = zipped(APART_PART, b"<x/>");
        let out = assemble(rest, meetings, Cursor::new(Vec::new())).unwrap();
        let mut zip = ZipArchive::new(out).unwrap();
        assert_eq!(zip.len(), 1);
        let mut body = String::new();
        zip.by_name(MEETINGS_PART)
            .unwrap()
            .read_to_string(&mut body)
            .unwrap();
        assert_eq!(body, "<x/>");
    }

    /// The model of the samples, its processes repeated `times` times.
    fn samples_model(times: usize) -> Model {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let opts = crate::pipeline::Options::new(
            vec![repo.join("samples/2023-12")],
            crate::ground::config::Config::default(),
        );
        let mut model = crate::pipeline::prepare(&opts).unwrap();
        let once = model.processes.clone();
        for _ in 1..times {
            model.processes.extend(once.iter().cloned());
        }
        model
    }

    /// A full temporary folder while *Möten* is compressed is the folder's
    /// error, with its OS code, whether the rows' writer is still writing
    /// (a long sheet) or done (a short one).
    #[test]
    fn a_full_temporary_folder_while_compressing_is_its_own_error() {
        let fmt = Formats::new();
        for times in [1, 60] {
            let model = samples_model(times);
            let last = meetings::row_count(&model) as u32;
            let full = Full {
                room: 5_000,
                pos: 0,
            };
            let t = template(Lang::Sv, &fmt, last).unwrap();
            let e = rows_into(full, t, &model, Lang::Sv, last)
                .and_then(CompressingMeetings::wait)
                .unwrap_err();
            match e {
                XlsxError::TempFileError(folder, io) => {
                    assert_eq!(folder, std::env::temp_dir());
                    assert_eq!(io.raw_os_error(), Some(28), "{times}");
                }
                e => panic!("{times}: {e}"),
            }
        }
    }

    /// The sheet's part, unpacked, from a saved workbook.
    fn part_xml(xlsx: Vec<u8>, name: &str) -> String {
        let mut zip = ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    }

    /// Cells written into the template are the ones rust_xlsxwriter writes
    /// into the sheet, byte for byte: text that needs every escape or is too
    /// long for a cell, numbers, days, dates that are not days, and rows of
    /// every height, with and without cells.
    #[test]
    fn cells_are_written_as_rust_xlsxwriter_writes_them() {
        use crate::model::dates::{DateValue, Precision};
        use crate::output::workbook::meetings::{Cells, InSheet};
        use chrono::NaiveDate;

        let controls: String = (0u8..0x20).map(char::from).collect();
        let texts: Vec<String> = vec![
            "plain".into(),
            " leading".into(),
            "trailing ".into(),
            "\ttab".into(),
            "newline at the end\n".into(),
            "two\nlines".into(),
            "a & b < c > d \"quoted\" 'apos'".into(),
            controls,
            "_x0041_".into(),
            "_x00e9_ _x12G4_ _x1234 __x0041__ _X0041_ x_x00ff_".into(),
            "_x005F_x0041_".into(),
            "å_x0041_ö_xå0041_".into(),
            "\u{FFFE}\u{FFFF}\u{FFFD}\u{FEFF}\u{F000}".into(),
            "Åäö Ωμέγα 😀 漢字".into(),
            "=SUM(A1)".into(),
            String::new(),
            "x".repeat(40_000),
            "😀".repeat(20_000),
            "å".repeat(32_767),
            format!("{}😀", "a".repeat(32_766)),
        ];
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let dates = [
            DateValue::day("230529", day(2023, 5, 29)),
            DateValue::day("1800-01-01", day(1800, 1, 1)),
            DateValue {
                text: "juni 2022".into(),
                precision: Precision::Month,
                start: day(2022, 6, 1),
                end: day(2022, 6, 30),
            },
            DateValue {
                text: "ht 2022".into(),
                precision: Precision::Term,
                start: day(2022, 7, 1),
                end: day(2022, 12, 31),
            },
        ];
        let heights = [None, Some(33.0), Some(409.0), Some(15.0), Some(16.5)];
        let fill = |cells: &mut dyn Cells, last_height| -> Result<u32, XlsxError> {
            let mut r = 0;
            for (i, text) in texts.iter().enumerate() {
                r += 1;
                cells.plain(r, 0, text)?;
                cells.plain(r, 2, &text[..text.floor_char_boundary(9)])?;
                cells.number(r, 3, [0.0, 1.0, 42.0, 1e6, 4_294_967_295.0][i % 5])?;
                let d = &dates[i % dates.len()];
                match crate::output::workbook::day_serial(d.start)
                    .filter(|_| d.precision == Precision::Day)
                {
                    Some(x) => cells.datetime(r, 4, &x)?,
                    None => cells.date_text(r, 4, d, Lang::Sv)?,
                }
                cells.plain(r, 9, text)?;
                cells.plain(r, 13, "SoN")?;
                cells.end_row(r, heights[i % heights.len()])?;
            }
            // A row with a height and no cells, then one with neither.
            r += 1;
            cells.end_row(r, Some(33.0))?;
            r += 1;
            cells.end_row(r, None)?;
            r += 1;
            cells.plain(r, 1, "last")?;
            cells.end_row(r, last_height)?;
            Ok(r)
        };
        let fmt = Formats::new();
        // The last row short, then tall: rust_xlsxwriter repeats a tall last
        // row (see repeated_last_row), which SheetXml does not.
        for last_height in [None, Some(48.0)] {
            let mut wb = meetings_workbook(&fmt).unwrap();
            let ws = wb.worksheet_from_index(1).unwrap();
            meetings::write_header(ws, Lang::Sv, &fmt).unwrap();
            let last = fill(&mut InSheet { ws, fmt: &fmt }, last_height).unwrap();
            meetings::frame(wb.worksheet_from_index(1).unwrap(), last).unwrap();
            let mut in_place = part_xml(wb.save_to_buffer().unwrap(), APART_PART);
            let repeat = repeated_last_row(in_place.as_bytes());
            assert_eq!(repeat.is_some(), last_height.is_some());
            if let Some(repeat) = repeat {
                in_place.replace_range(repeat, "");
            }

            let t = template(Lang::Sv, &fmt, last).unwrap();
            let mut sheet = SheetXml::start(Vec::new(), t).unwrap();
            assert_eq!(fill(&mut sheet, last_height).unwrap(), last);
            let apart = String::from_utf8(sheet.finish().unwrap()).unwrap();
            if apart != in_place {
                let at = apart
                    .bytes()
                    .zip(in_place.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(apart.len().min(in_place.len()));
                let from = in_place.floor_char_boundary(at.saturating_sub(120));
                panic!(
                    "differ at byte {at}:\n rust_xlsxwriter: {}\n written:         {}",
                    &in_place[from..in_place.floor_char_boundary(at + 80)],
                    &apart[apart.floor_char_boundary(from)..apart.floor_char_boundary(at + 80)]
                );
            }
            // Every escape was needed: the texts are in the sheet as Excel
            // reads them back.
            assert!(in_place.contains("_x005F_x0041_"));
            assert!(in_place.contains("_x0001_"));
            assert!(in_place.contains("xml:space=\"preserve\""));
            assert!(in_place.contains("&amp; b &lt; c &gt; d"));
            assert!(in_place.contains(" customHeight=\"1\"/>"));
            assert!(in_place.contains(&format!("{}…", "x".repeat(32_766))));
        }
    }

    /// The repeat rust_xlsxwriter writes after a tall last row is found, and
    /// nothing else is.
    #[test]
    fn a_repeated_last_row_is_found_and_nothing_else() {
        let found = |xml: &str| repeated_last_row(xml.as_bytes()).map(|r| xml[r].to_string());
        let rows = concat!(
            r#"<sheetData><row r="1"><c r="A1"/></row>"#,
            r#"<row r="12" ht="33" customHeight="1"><c r="A12" t="inlineStr"><is><t>x</t></is></c></row>"#
        );
        let repeat = r#"<row r="12" ht="33" customHeight="1"/>"#;
        assert_eq!(
            found(&format!("{rows}{repeat}</sheetData><pageMargins/>")),
            Some(repeat.to_string())
        );
        // No repeat; a tall empty row of its own; a row that only looks
        // alike ("2" is not "12"); an empty sheet.
        assert_eq!(found(&format!("{rows}</sheetData>")), None);
        let other = r#"<row r="13" ht="33" customHeight="1"/>"#;
        assert_eq!(found(&format!("{rows}{other}</sheetData>")), None);
        let alike = r#"<row r="2" ht="33" customHeight="1"/>"#;
        assert_eq!(found(&format!("{rows}{alike}</sheetData>")), None);
        assert_eq!(found(&format!("<sheetData>{repeat}</sheetData>")), None);
        assert_eq!(found("<sheetData/>"), None);
    }

    /// A template with relationships (links) would lose them in the copy:
    /// refused.
    #[test]
    fn a_template_with_relationships_is_refused() {
        let sheet =
            r#"<worksheet><dimension ref="A1:N1"/><sheetData><row r="1"/></sheetData></worksheet>"#;
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for name in [APART_PART, APART_RELS] {
            zip.start_file(name, SimpleFileOptions::default()).unwrap();
            zip.write_all(sheet.as_bytes()).unwrap();
        }
        let with_links = zip.finish().unwrap().into_inner();
        let e = template_of(with_links, 3).err().unwrap();
        assert!(e.to_string().contains("relationships"), "{e}");
        let without = super::zipped(APART_PART, sheet.as_bytes()).unwrap();
        let t = template_of(without, 3).unwrap();
        let xml = SheetXml::start(Vec::new(), t).unwrap().finish().unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert!(xml.contains(r#"<dimension ref="A1:N4"/>"#), "{xml}");
    }
}
