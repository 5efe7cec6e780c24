//! ods (OpenDocument spreadsheet). calamine reads it only as a dense range,
//! and expands repeated rows and columns into it: the sheets' used area is
//! bounded first ([`super::guard::check_ods_extent`]). Its dates arrive as
//! ISO strings (see `sheets::convert`).

use calamine::Reader;

use super::sheets::{cannot, describe_calamine, put_range, read_each};
use super::{RawSheet, ReadFailure, guard};
use crate::ground::config::Config;

/// Reads an ods workbook (its zip directory already checked).
pub(super) fn read(bytes: &[u8], ext: &str, cfg: &Config) -> Result<Vec<RawSheet>, ReadFailure> {
    guard::check_ods_extent(bytes, cfg)?;
    let mut wb = calamine::Ods::new(std::io::Cursor::new(bytes))
        .map_err(|e| describe_calamine(ext, &calamine::Error::Ods(e)))?;
    let sheets = wb.sheet_names().to_vec();
    read_each(sheets, cfg, |name, grid| {
        let range = wb.worksheet_range(name).map_err(|e| cannot(name, &e))?;
        put_range(&range, grid)?;
        Ok(Vec::new())
    })
}
