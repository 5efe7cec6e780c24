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
//! for byte: both workbooks number their formats in the same order (see
//! `build`), and in both *Möten* is a worksheet after the first, so not the
//! selected tab. The workbook keeps a *Möten* of the same name, filter and
//! print titles (its defined names and document properties need them) whose
//! own part is replaced. Only the zip container differs from a whole save
//! (no data descriptors); every part unpacks to the same bytes, which a unit
//! test pins.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::thread::JoinHandle;

use rust_xlsxwriter::{Workbook, XlsxError};
use zip::{ZipArchive, ZipWriter};

use super::Formats;

/// The part rust_xlsxwriter saves the workbook's third worksheet, *Möten*,
/// as (worksheets are numbered in order; the workbook has no chartsheets).
const MEETINGS_PART: &str = "xl/worksheets/sheet3.xml";
/// The part *Möten* is saved as in its own workbook, where it is the second
/// worksheet.
const APART_PART: &str = "xl/worksheets/sheet2.xml";

/// A workbook for *Möten* alone: an empty first sheet (the selected one, as
/// *Sammanfattning* is in the whole workbook), then the constant-memory sheet
/// *Möten* is written to, at index 1. The formats are numbered as in the whole
/// workbook: registered in the same order, before anything else.
pub(super) fn meetings_workbook(fmt: &Formats) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(super::COMPRESSION_LEVEL);
    wb.add_worksheet();
    wb.add_worksheet_with_constant_memory()?;
    for f in fmt.all() {
        wb.register_format(f);
    }
    Ok(wb)
}

/// *Möten*'s workbook, being saved to an anonymous temporary file (removed
/// by the system when closed) on a thread of its own.
pub(super) struct SavingMeetings(JoinHandle<Result<File, XlsxError>>);

impl SavingMeetings {
    /// Starts saving `wb` (from [`meetings_workbook`]).
    pub(super) fn start(wb: Workbook) -> Self {
        SavingMeetings(std::thread::spawn(move || {
            let mut t = crate::Timings::start();
            let file = save_to_temp(wb)?;
            t.mark("save Möten");
            Ok(file)
        }))
    }

    /// Waits for the save; the saved workbook, read from its start.
    pub(super) fn wait(self) -> Result<File, XlsxError> {
        self.0
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    }
}

/// Saves `wb` to an anonymous temporary file (in the system's temporary
/// folder, where rust_xlsxwriter keeps its constant-memory worksheets too),
/// read from its start. An input/output error names the folder.
pub(super) fn save_to_temp(mut wb: Workbook) -> Result<File, XlsxError> {
    let temp = |e: std::io::Error| XlsxError::TempFileError(std::env::temp_dir(), e);
    let mut file = tempfile::tempfile().map_err(temp)?;
    wb.save_to_writer(&mut file).map_err(|e| match e {
        XlsxError::IoError(e) => temp(e),
        e => e,
    })?;
    drop(wb);
    file.rewind().map_err(temp)?;
    Ok(file)
}

/// Writes the workbook saved as `rest` into `out`, its parts copied still
/// compressed and in their order, with the *Möten* part taken from the
/// workbook saved as `meetings`.
pub(super) fn assemble<W: Write + Seek>(
    rest: impl Read + Seek,
    meetings: impl Read + Seek,
    out: W,
) -> Result<W, XlsxError> {
    let mut rest = ZipArchive::new(rest)?;
    let mut meetings = ZipArchive::new(meetings)?;
    let mut zip = ZipWriter::new(out);
    let mut replaced = false;
    for i in 0..rest.len() {
        let part = rest.by_index_raw(i)?;
        if part.name_raw() == MEETINGS_PART.as_bytes() {
            zip.raw_copy_file_rename(meetings.by_name_raw(APART_PART.as_bytes())?, MEETINGS_PART)?;
            replaced = true;
        } else {
            zip.raw_copy_file(part)?;
        }
    }
    if !replaced {
        return Err(XlsxError::CustomError(format!(
            "internal error: the workbook has no part {MEETINGS_PART} for the meetings sheet"
        )));
    }
    Ok(zip.finish()?)
}
