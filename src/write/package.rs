//! The workbook's package: *Möten* is written into a workbook of its own and
//! saved (compressed) on a thread of its own while the other sheets are
//! finished, then its part is copied, still compressed, into the workbook.
//!
//! rust_xlsxwriter compresses a workbook's parts one after the other on the
//! thread that saves it, and *Möten* is most of the bytes (548 of 670 MB of
//! XML at 50,000 processes): saved whole, the workbook's last 2 s ran on one
//! core. Saved apart, *Möten*'s compression runs beside the process list, the
//! checks, *Avvikelser* and the other parts' compression.
//!
//! The copy is the part rust_xlsxwriter writes in the whole workbook, byte
//! for byte, compressed and unpacked: both workbooks number their formats in
//! the same order ([`Formats::register`](super::Formats::register)) and
//! compress at the same level, and in both *Möten* is a worksheet after the
//! first, so not the selected tab. The workbook keeps a *Möten* of the same
//! name, filter and print titles (its defined names and document properties
//! need them) whose own part is replaced. Only the zip container differs
//! from a whole save (sizes in the local headers, no data descriptors); a
//! unit test pins the rest.
//!
//! Both halves are saved to anonymous temporary files in the system's
//! temporary folder (about 61 MB at 50,000 processes), beside
//! rust_xlsxwriter's own files for the constant-memory sheets.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::thread::JoinHandle;

use rust_xlsxwriter::{Workbook, XlsxError};
use zip::result::ZipError;
use zip::{ZipArchive, ZipWriter};

use super::Formats;

/// The part rust_xlsxwriter saves the workbook's third worksheet, *Möten*,
/// as (worksheets are numbered in order; the workbook has no chartsheets).
const MEETINGS_PART: &str = "xl/worksheets/sheet3.xml";
/// The part *Möten* is saved as in its own workbook, where it is the second
/// worksheet.
const APART_PART: &str = "xl/worksheets/sheet2.xml";
/// Its relationships (links, drawings), if it had any: they would be lost
/// in the copy, so a workbook that has them is refused.
const APART_RELS: &str = "xl/worksheets/_rels/sheet2.xml.rels";

/// A workbook for *Möten* alone: an empty first sheet (the selected one, as
/// *Sammanfattning* is in the whole workbook), then the constant-memory sheet
/// *Möten* is written to, at index 1.
pub(super) fn meetings_workbook(fmt: &Formats) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(super::COMPRESSION_LEVEL);
    wb.add_worksheet();
    wb.add_worksheet_with_constant_memory()?;
    fmt.register(&mut wb);
    Ok(wb)
}

/// *Möten*'s workbook, being saved on a thread of its own. Dropped before
/// [`SavingMeetings::wait`] (the run stopped on an error), it waits for the
/// thread, so that no save outlives the run.
pub(super) struct SavingMeetings(Option<JoinHandle<Result<File, XlsxError>>>);

impl SavingMeetings {
    /// Starts saving `wb` (from [`meetings_workbook`]) with [`save_to_temp`].
    pub(super) fn start(wb: Workbook) -> Result<Self, XlsxError> {
        let thread = std::thread::Builder::new()
            .name("save Möten".into())
            .spawn(move || {
                let mut t = crate::Timings::start();
                let file = save_to_temp(wb)?;
                t.mark("save Möten");
                Ok(file)
            })?;
        Ok(SavingMeetings(Some(thread)))
    }

    /// Waits for the save; the saved workbook, read from its start. A panic
    /// in the thread goes on here.
    pub(super) fn wait(mut self) -> Result<File, XlsxError> {
        match self.0.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            None => unreachable!("waited for once"),
        }
    }
}

impl Drop for SavingMeetings {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            // The run has already failed: this result adds nothing.
            let _ = thread.join();
        }
    }
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
pub(super) fn save_to_temp(mut wb: Workbook) -> Result<File, XlsxError> {
    let mut file = tempfile::tempfile().map_err(in_temp)?;
    // Through StopAfterError, as the zip writer inside rust_xlsxwriter also
    // writes its directory when dropped after an error.
    let mut out = StopAfterError::new(&mut file);
    let saved = wb.save_to_writer(&mut out);
    out.into_inner().map_err(in_temp)?;
    saved.map_err(|e| match e {
        XlsxError::IoError(e) => in_temp(e),
        XlsxError::ZipError(e) => from_zip(e, in_temp),
        e => e,
    })?;
    drop(wb);
    file.rewind().map_err(in_temp)?;
    Ok(file)
}

/// Writes the workbook saved as `rest` into `out`, its parts copied still
/// compressed and in their order, with the *Möten* part taken from the
/// workbook saved as `meetings` (both from [`save_to_temp`]). An error
/// writing to `out` is an [`XlsxError::IoError`]; one reading the saved
/// workbooks names the temporary folder.
pub(super) fn assemble<W: Write + Seek>(
    rest: impl Read + Seek,
    meetings: impl Read + Seek,
    out: W,
) -> Result<W, XlsxError> {
    let reading = |e| from_zip(e, in_temp);
    let writing = |e| from_zip(e, XlsxError::IoError);
    let mut rest = ZipArchive::new(rest).map_err(reading)?;
    let mut meetings = ZipArchive::new(meetings).map_err(reading)?;
    if meetings.index_for_name(APART_RELS).is_some() {
        return Err(XlsxError::CustomError(format!(
            "internal error: the meetings sheet has relationships ({APART_RELS}), which \
             its copy would lose"
        )));
    }
    let mut zip = ZipWriter::new(StopAfterError::new(out));
    let mut replaced = false;
    for i in 0..rest.len() {
        let part = rest.by_index_raw(i).map_err(reading)?;
        let copied = if part.name_raw() == MEETINGS_PART.as_bytes() {
            replaced = true;
            let part = meetings
                .by_name_raw(APART_PART.as_bytes())
                .map_err(reading)?;
            zip.raw_copy_file_rename(part, MEETINGS_PART)
        } else {
            zip.raw_copy_file(part)
        };
        copied.map_err(writing)?;
    }
    if !replaced {
        return Err(XlsxError::CustomError(format!(
            "internal error: the workbook has no part {MEETINGS_PART} for the meetings sheet"
        )));
    }
    let out = zip.finish().map_err(writing)?;
    out.into_inner().map_err(XlsxError::IoError)
}

/// The output, which after its first failed write or seek takes and
/// discards everything: when a copy fails, the zip writer, dropped, still
/// writes its directory, and would print its own failure to stderr beside
/// the error the run reports.
struct StopAfterError<W> {
    inner: W,
    failed: Option<std::io::Error>,
}

impl<W> StopAfterError<W> {
    fn new(inner: W) -> Self {
        StopAfterError {
            inner,
            failed: None,
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
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        self.note(r)
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
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        if self.failed.is_some() {
            return Ok(0);
        }
        let r = self.inner.seek(pos);
        self.note(r)
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
        assert_eq!(out.seek(SeekFrom::Start(0)).unwrap(), 0);
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

    /// A sheet with relationships (links) would lose them in the copy: refused.
    #[test]
    fn a_meetings_sheet_with_relationships_is_refused() {
        let rest = zipped(MEETINGS_PART, b"<stand-in/>");
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for name in [APART_PART, APART_RELS] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(b"<x/>").unwrap();
        }
        let mut meetings = zip.finish().unwrap();
        meetings.rewind().unwrap();
        let e = assemble(rest, meetings, Cursor::new(Vec::new())).unwrap_err();
        assert!(e.to_string().contains("relationships"), "{e}");
    }
}
