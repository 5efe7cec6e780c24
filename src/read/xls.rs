//! xls (Excel 97–2003, a compound OLE file), read by calamine as a range
//! with its merged cells. An encrypted xlsx is an OLE file too, and is told
//! apart here.

use calamine::Reader;

use super::sheets::{cannot, describe_calamine, put_range, read_each};
use super::{RawSheet, ReadFailure};
use crate::ground::config::Config;

/// Reads an xls workbook.
pub(super) fn read(bytes: &[u8], ext: &str, cfg: &Config) -> Result<Vec<RawSheet>, ReadFailure> {
    let mut wb = calamine::Xls::new(std::io::Cursor::new(bytes))
        .map_err(|e| describe_calamine(ext, &calamine::Error::Xls(e)))?;
    let sheets = wb.sheet_names().to_vec();
    read_each(sheets, cfg, |name, grid| {
        let range = wb.worksheet_range(name).map_err(|e| cannot(name, &e))?;
        put_range(&range, grid)?;
        Ok(wb.merge_cells_by_sheet_name(name).unwrap_or_default())
    })
}

/// An encrypted OOXML file is a compound (OLE) file holding an
/// `EncryptedPackage` stream.
pub(super) fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    ole && bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// A Word 97–2003 document is a compound (OLE) file holding a
/// `WordDocument` stream.
pub(super) fn is_word_97(bytes: &[u8]) -> bool {
    cfb::CompoundFile::open(std::io::Cursor::new(bytes))
        .is_ok_and(|ole| ole.is_stream("/WordDocument"))
}
