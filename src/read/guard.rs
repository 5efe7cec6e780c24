//! The size guards, all in one place: what a file may be before it is read.
//!
//! The file's size ([`check_file_size`]); a zip's central directory, read
//! before anything is unpacked ([`check_zip`]: each part's declared size and
//! compression ratio and their total); an ODS sheet's repeated rows and
//! columns, which calamine would expand into a dense grid
//! ([`check_ods_extent`]). The cells a sheet may hold are bounded as they
//! are read (`sheets::Grid`). Each limit is `limits.*` in the configuration,
//! and each refusal names it.

use super::ReadFailure;
use crate::ground::config::Config;

pub(super) fn check_file_size(len: u64, cfg: &Config) -> Result<(), ReadFailure> {
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
pub(super) fn check_ods_extent(bytes: &[u8], cfg: &Config) -> Result<(), ReadFailure> {
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

/// An xls sheet declares its used area in a DIMENSIONS record, and calamine
/// reserves a cell for every position of it before it reads one: a 41 KB
/// file that declares 65,535 × 255 cells takes a gigabyte. The declared
/// areas are read here first, from the workbook stream of the compound
/// file, and a sheet over the limits refuses the file, as for xlsx and ods.
/// A file that is not a compound file, or has no workbook stream, is left
/// to calamine to describe.
pub(super) fn check_xls_extent(bytes: &[u8], cfg: &Config) -> Result<(), ReadFailure> {
    use std::io::Read;
    let Ok(mut ole) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| ole.is_stream(n))
    else {
        return Ok(());
    };
    let Ok(stream) = ole.open_stream(name) else {
        return Ok(());
    };
    // The stream is no larger than the file, which is within its limit.
    let mut data = Vec::new();
    if stream
        .take(bytes.len() as u64)
        .read_to_end(&mut data)
        .is_err()
    {
        return Ok(());
    }
    let mut at = 0;
    let mut sheet = 0;
    while at + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = u16::from_le_bytes([data[at + 2], data[at + 3]]) as usize;
        let body = &data[at + 4..(at + 4 + len).min(data.len())];
        // A sheet's BOF (0x0809) begins its substream.
        if kind == 0x0809 && at > 0 {
            sheet += 1;
        }
        if kind == 0x0200 {
            let u16_at = |i: usize| {
                body.get(i..i + 2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]]) as u64)
            };
            let u32_at = |i: usize| {
                body.get(i..i + 4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64)
            };
            // BIFF8: first row, last row + 1 (u32), first column, last
            // column + 1 (u16); BIFF5: the rows as u16.
            let (rows, cols) = if len >= 14 {
                (
                    u32_at(4)
                        .unwrap_or(0)
                        .saturating_sub(u32_at(0).unwrap_or(0)),
                    u16_at(10)
                        .unwrap_or(0)
                        .saturating_sub(u16_at(8).unwrap_or(0)),
                )
            } else {
                (
                    u16_at(2)
                        .unwrap_or(0)
                        .saturating_sub(u16_at(0).unwrap_or(0)),
                    u16_at(6)
                        .unwrap_or(0)
                        .saturating_sub(u16_at(4).unwrap_or(0)),
                )
            };
            let l = &cfg.limits;
            if rows > l.max_rows as u64
                || cols > l.max_cols as u64
                || rows.saturating_mul(cols) > l.max_cells
            {
                return Err(ReadFailure::new(format!(
                    "sheet {sheet} declares {rows} rows × {cols} columns, over the limits \
                     (limits.max_rows = {}, limits.max_cols = {}, limits.max_cells = {}); \
                     open it in Excel, delete the empty rows and columns and save it as .xlsx",
                    l.max_rows, l.max_cols, l.max_cells
                )));
            }
        }
        at += 4 + len;
    }
    Ok(())
}
