//! A sheet's rows as XML, written the way rust_xlsxwriter's constant-memory
//! worksheets write them, for the one sheet where rust_xlsxwriter's per-cell
//! work is the run's longest path: *Möten* (a row per meeting, 750,000 rows
//! of 14 cells at 50,000 processes).
//!
//! rust_xlsxwriter keeps each cell of the current row in a map (a string
//! cell in an `Arc<str>` of its own), looks up its column's format in a hash
//! map and formats its XML with `write!`: about 330 ns a cell, 3.5 s for
//! the sheet. This writer appends the same XML to a buffer: the cell's
//! reference, its column's style number, the text escaped as
//! rust_xlsxwriter escapes it. Everything else in the sheet's part (its
//! dimension, columns, frozen header, filter, print setup and the header
//! row) is still rust_xlsxwriter's: [`Template`] takes it from a sheet
//! rust_xlsxwriter wrote with the header row alone. The unit tests write
//! the same rows both ways, with text chosen to need every escape, and
//! compare the parts byte for byte. The one difference: rust_xlsxwriter
//! 0.102 writes a tall last row twice, the second time without its cells;
//! this writer writes it once.

use std::io::Write;

use rust_xlsxwriter::{ExcelDateTime, XlsxError};

/// The parts of a sheet's XML around its data rows, from a sheet
/// rust_xlsxwriter saved with its header row alone.
pub(crate) struct Template {
    /// Everything before the data rows: up to and including the header row.
    head: String,
    /// `</sheetData>` and everything after it.
    tail: String,
    /// The style number of each column (0: none).
    pub styles: Vec<u32>,
}

impl Template {
    /// Splits `xml` (a worksheet part with only its header row written) at
    /// the end of its rows, and gives its dimension `last_row` (0-based) as
    /// the last row, which the rows written into it will reach.
    pub fn new(xml: &str, last_row: u32) -> Result<Template, XlsxError> {
        let broken = |what: &str| {
            XlsxError::CustomError(format!(
                "internal error: the sheet's template has no {what}"
            ))
        };
        let end = xml
            .find("</sheetData>")
            .ok_or_else(|| broken("</sheetData>"))?;
        let (head, tail) = xml.split_at(end);
        let mut head = head.to_string();
        if last_row > 0 {
            // "A1:N1" (the header row) becomes "A1:N<last>".
            let at = head
                .find("<dimension ref=\"")
                .ok_or_else(|| broken("dimension"))?
                + "<dimension ref=\"".len();
            let len = head[at..].find('"').ok_or_else(|| broken("dimension"))?;
            let range = &head[at..at + len];
            let (first, last) = range.split_once(':').ok_or_else(|| broken("range"))?;
            let col = last.trim_end_matches(|c: char| c.is_ascii_digit());
            let range = format!("{first}:{col}{}", last_row + 1);
            head.replace_range(at..at + len, &range);
        }
        let styles = column_styles(&head);
        Ok(Template {
            head,
            tail: tail.to_string(),
            styles,
        })
    }
}

/// The `style` of each `<col>` of a worksheet's `<cols>`, by column.
fn column_styles(xml: &str) -> Vec<u32> {
    let mut styles = Vec::new();
    let Some(start) = xml.find("<cols>") else {
        return styles;
    };
    let end = xml[start..]
        .find("</cols>")
        .map_or(xml.len(), |e| start + e);
    let attr = |tag: &str, name: &str| -> Option<u32> {
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        tag[at..].split('"').next()?.parse().ok()
    };
    for tag in xml[start..end].split("<col").skip(1) {
        let (Some(min), Some(max)) = (attr(tag, "min"), attr(tag, "max")) else {
            continue;
        };
        let style = attr(tag, "style").unwrap_or(0);
        if styles.len() < max as usize {
            styles.resize(max as usize, 0);
        }
        for s in &mut styles[(min.max(1) - 1) as usize..max as usize] {
            *s = style;
        }
    }
    styles
}

/// Writes a sheet's data rows into `out` between its template's parts:
/// [`SheetXml::finish`] gives `out` back after the template's tail.
pub(crate) struct SheetXml<W: Write> {
    out: W,
    styles: Vec<u32>,
    tail: String,
    /// Finished rows, written to `out` in large pieces.
    buf: Vec<u8>,
    /// The current row's cells.
    cells: Vec<u8>,
    /// The current row, 0-based, and the column after its last cell.
    row: u32,
    next_col: u16,
    /// The current row's number in cell references (1-based), in digits.
    row_digits: Vec<u8>,
    names: Vec<String>,
}

/// The buffered XML is written out in pieces of about this size.
const PIECE: usize = 1 << 16;

impl<W: Write> SheetXml<W> {
    /// Starts the sheet: writes the template's head (up to and including
    /// its header row) to `out`. Data rows begin at row 1.
    pub fn start(mut out: W, template: Template) -> Result<Self, XlsxError> {
        out.write_all(template.head.as_bytes())?;
        let names = (0..template.styles.len().max(1) as u16)
            .map(rust_xlsxwriter::utility::column_number_to_name)
            .collect();
        Ok(SheetXml {
            out,
            styles: template.styles,
            tail: template.tail,
            buf: Vec::with_capacity(PIECE + 4096),
            cells: Vec::with_capacity(4096),
            row: 1,
            next_col: 0,
            row_digits: b"2".to_vec(),
            names,
        })
    }

    /// The style a cell written without a format takes: its column's.
    pub(crate) fn column_style(&self, col: u16) -> u32 {
        self.styles.get(col as usize).copied().unwrap_or(0)
    }

    /// Opens `<c r="..."` for the cell at (`row`, `col`) with style `s`.
    fn cell(&mut self, row: u32, col: u16, s: u32) -> Result<(), XlsxError> {
        if row != self.row || col < self.next_col {
            return Err(XlsxError::CustomError(format!(
                "internal error: cell ({row}, {col}) written after ({}, {})",
                self.row, self.next_col
            )));
        }
        self.next_col = col + 1;
        while self.names.len() <= col as usize {
            let next = self.names.len() as u16;
            self.names
                .push(rust_xlsxwriter::utility::column_number_to_name(next));
        }
        let name = self.names[col as usize].as_str();
        let cells = &mut self.cells;
        cells.extend_from_slice(b"<c r=\"");
        cells.extend_from_slice(name.as_bytes());
        cells.extend_from_slice(&self.row_digits);
        if s > 0 {
            cells.extend_from_slice(b"\" s=\"");
            push_u32(cells, s);
        }
        cells.push(b'"');
        Ok(())
    }

    /// A string cell of style `s` (rust_xlsxwriter's inline string). An
    /// empty string is no cell.
    pub fn string(&mut self, row: u32, col: u16, text: &str, s: u32) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        self.cell(row, col, s)?;
        let whitespace = ['\t', '\n', ' '];
        self.cells.extend_from_slice(
            if text.starts_with(whitespace) || text.ends_with(whitespace) {
                b" t=\"inlineStr\"><is><t xml:space=\"preserve\">".as_slice()
            } else {
                b" t=\"inlineStr\"><is><t>".as_slice()
            },
        );
        escape_into(&mut self.cells, text);
        self.cells.extend_from_slice(b"</t></is></c>");
        Ok(())
    }

    /// A number cell of style `s`.
    pub fn number(&mut self, row: u32, col: u16, n: f64, s: u32) -> Result<(), XlsxError> {
        self.cell(row, col, s)?;
        // As rust_xlsxwriter formats a number (without its ryu or zmij
        // feature): Display, which writes a whole number without a point.
        // rust_xlsxwriter writes a number that is not finite as a string.
        debug_assert!(n.is_finite(), "({row}, {col}): {n}");
        self.cells.extend_from_slice(b"><v>");
        // Not -0.0, which Display writes "-0".
        if n.fract() == 0.0 && n.is_sign_positive() && n <= f64::from(u32::MAX) {
            push_u32(&mut self.cells, n as u32);
        } else {
            write!(self.cells, "{n}")?;
        }
        self.cells.extend_from_slice(b"</v></c>");
        Ok(())
    }

    /// A date cell of style `s`.
    pub(crate) fn datetime(
        &mut self,
        row: u32,
        col: u16,
        d: &ExcelDateTime,
        s: u32,
    ) -> Result<(), XlsxError> {
        self.number(row, col, d.to_excel(), s)
    }

    /// A blank cell of style `s` (none without a style).
    pub fn blank(&mut self, row: u32, col: u16, s: u32) -> Result<(), XlsxError> {
        if s > 0 {
            self.cell(row, col, s)?;
            self.cells.extend_from_slice(b"/>");
        }
        Ok(())
    }

    /// Ends `row`, `height` points high if given (at least one pixel: a
    /// height of none hides a row in rust_xlsxwriter, which this writer does
    /// not do), and starts the next.
    pub fn end_row(&mut self, row: u32, height: Option<f64>) -> Result<(), XlsxError> {
        if row != self.row {
            return Err(XlsxError::CustomError(format!(
                "internal error: row {row} ended while writing row {}",
                self.row
            )));
        }
        // rust_xlsxwriter keeps a row's height in pixels and writes it in
        // points; a row given the default height, 20 pixels, is written
        // without it.
        let pixels = height.map(|h| (h * 4.0 / 3.0).round() as u32);
        debug_assert!(pixels != Some(0), "row {row}: a height of no pixels");
        if !self.cells.is_empty() || pixels.is_some() {
            let buf = &mut self.buf;
            buf.extend_from_slice(b"<row r=\"");
            push_u32(buf, row + 1);
            buf.push(b'"');
            if let Some(p) = pixels.filter(|&p| p != 20) {
                write!(buf, " ht=\"{}\" customHeight=\"1\"", f64::from(p) * 0.75)?;
            }
            if self.cells.is_empty() {
                buf.extend_from_slice(b"/>");
            } else {
                buf.push(b'>');
                buf.extend_from_slice(&self.cells);
                buf.extend_from_slice(b"</row>");
            }
            self.cells.clear();
        }
        self.row += 1;
        self.next_col = 0;
        self.row_digits.clear();
        push_u32(&mut self.row_digits, self.row + 1);
        if self.buf.len() >= PIECE {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and the template's tail; gives `out` back.
    pub fn finish(mut self) -> Result<W, XlsxError> {
        if !self.cells.is_empty() {
            return Err(XlsxError::CustomError(format!(
                "internal error: row {} not ended",
                self.row
            )));
        }
        self.out.write_all(&self.buf)?;
        self.out.write_all(self.tail.as_bytes())?;
        Ok(self.out)
    }
}

fn push_u32(buf: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Appends `text` escaped as rust_xlsxwriter escapes a string cell's text:
/// a literal `_xHHHH_` gets its underscore escaped (`_x005F_xHHHH_`), then
/// `&`, `<`, `>` become entities and the control characters other than tab
/// and newline, U+FFFE and U+FFFF become `_xHHHH_`.
fn escape_into(buf: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let plain = !bytes.iter().enumerate().any(|(i, &b)| match b {
        b'&' | b'<' | b'>' | 0xEF => true,
        b'_' => bytes.get(i + 1) == Some(&b'x'),
        b'\t' | b'\n' => false,
        _ => b < 0x20,
    });
    if plain {
        buf.extend_from_slice(text.as_bytes());
        return;
    }
    let text = escape_literal_escapes(text);
    let mut utf8 = [0u8; 4];
    for ch in text.chars() {
        match xml_char(ch) {
            Some(e) => buf.extend_from_slice(e.as_bytes()),
            None => buf.extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes()),
        }
    }
}

/// The escape of one character of a cell's text, if it needs one.
fn xml_char(ch: char) -> Option<&'static str> {
    const CONTROL: [&str; 32] = [
        "_x0000_", "_x0001_", "_x0002_", "_x0003_", "_x0004_", "_x0005_", "_x0006_", "_x0007_",
        "_x0008_", "", "", "_x000B_", "_x000C_", "_x000D_", "_x000E_", "_x000F_", "_x0010_",
        "_x0011_", "_x0012_", "_x0013_", "_x0014_", "_x0015_", "_x0016_", "_x0017_", "_x0018_",
        "_x0019_", "_x001A_", "_x001B_", "_x001C_", "_x001D_", "_x001E_", "_x001F_",
    ];
    match ch {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '\t' | '\n' => None,
        '\u{0}'..='\u{1F}' => Some(CONTROL[ch as usize]),
        '\u{FFFE}' => Some("_xFFFE_"),
        '\u{FFFF}' => Some("_xFFFF_"),
        _ => None,
    }
}

/// A literal `_xHHHH_` in the text (which Excel would read as an escaped
/// character) with its underscore escaped: `_x005F_xHHHH_`.
fn escape_literal_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    const LEN: usize = "_xHHHH_".len();
    let mut out: Option<String> = None;
    // From the right, so that an insertion leaves the earlier matches' places.
    for (i, _) in text.rmatch_indices("_x") {
        if i + LEN > text.len()
            || !text.is_char_boundary(i + LEN - 1)
            || !text[i + LEN - 1..].starts_with('_')
            || !text[i + 2..i + LEN - 1]
                .chars()
                .all(|c| c.is_ascii_hexdigit())
        {
            continue;
        }
        out.get_or_insert_with(|| text.to_string())
            .replace_range(i..i, "_x005F");
    }
    match out {
        Some(s) => std::borrow::Cow::Owned(s),
        None => std::borrow::Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut b = Vec::new();
        for n in [0, 7, 10, 4_294_967_295] {
            b.clear();
            push_u32(&mut b, n);
            assert_eq!(b, n.to_string().as_bytes());
        }
    }

    #[test]
    fn column_styles_are_read_from_ranges() {
        let xml = r#"<cols><col min="1" max="1" width="9" style="3" customWidth="1"/><col min="2" max="4" width="8" style="5"/><col min="6" max="6" width="1" customWidth="1"/></cols>"#;
        assert_eq!(column_styles(xml), vec![3, 5, 5, 5, 0, 0]);
        assert!(column_styles("<sheetData/>").is_empty());
    }
}
