//! xlsx and xlsm (Office Open XML): cells streamed from calamine's cell
//! reader, never a dense range; merged cells looked up only when a part
//! names one.

use calamine::Reader;

use super::sheets::{
    cannot, convert_ref, describe_calamine, in_tab_order, read_each, worksheets_and_charts,
};
use super::{RawSheet, ReadFailure};
use crate::ground::config::Config;

/// Reads an xlsx or xlsm workbook whose zip holds the parts `names`.
pub(super) fn read(
    bytes: &[u8],
    ext: &str,
    cfg: &Config,
    names: &[String],
) -> Result<Vec<RawSheet>, ReadFailure> {
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| describe_calamine(ext, &calamine::Error::Xlsx(e)))?;
    let merged = names_merged_cells(bytes, names);
    // A chart sheet (or a dialog sheet) holds no cells: named, not read.
    let (sheets, charts) = worksheets_and_charts(wb.sheets_metadata());
    let mut read = read_each(sheets, cfg, |name, grid| {
        match wb.worksheet_cells_reader(name) {
            Ok(mut reader) => {
                while let Some(cell) = reader.next_cell().map_err(|e| cannot(name, &e))? {
                    grid.put(cell.get_position(), convert_ref(cell.get_value()))?;
                }
            }
            // A sheet the metadata called a worksheet but is none.
            Err(calamine::XlsxError::NotAWorksheet(_)) => {}
            Err(e) => return Err(cannot(name, &e)),
        }
        Ok(if merged {
            wb.merge_cells_by_sheet_name(name).unwrap_or_default()
        } else {
            Vec::new()
        })
    })?;
    read.extend(charts);
    Ok(in_tab_order(read, &wb.sheet_names()))
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
pub(super) fn names_merged_cells(bytes: &[u8], names: &[String]) -> bool {
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
