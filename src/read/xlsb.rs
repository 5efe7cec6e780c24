//! xlsb (Excel binary workbook): cells streamed from calamine's cell reader.

use calamine::Reader;

use super::sheets::{
    cannot, convert_ref, describe_calamine, in_tab_order, read_each, worksheets_and_charts,
};
use super::{RawSheet, ReadFailure};
use crate::ground::config::Config;

/// Reads an xlsb workbook (its zip directory already checked).
pub(super) fn read(bytes: &[u8], ext: &str, cfg: &Config) -> Result<Vec<RawSheet>, ReadFailure> {
    let mut wb = calamine::Xlsb::new(std::io::Cursor::new(bytes))
        .map_err(|e| describe_calamine(ext, &calamine::Error::Xlsb(e)))?;
    // A chart sheet (or a dialog sheet) holds no cells: named, not read.
    let (sheets, charts) = worksheets_and_charts(wb.sheets_metadata());
    let mut read = read_each(sheets, cfg, |name, grid| {
        let mut reader = wb
            .worksheet_cells_reader(name)
            .map_err(|e| cannot(name, &e))?;
        while let Some(cell) = reader.next_cell().map_err(|e| cannot(name, &e))? {
            grid.put(cell.get_position(), convert_ref(cell.get_value()))?;
        }
        Ok(Vec::new())
    })?;
    read.extend(charts);
    Ok(in_tab_order(read, &wb.sheet_names()))
}
