//! CSV, as Swedish Excel writes it: `;` or `,` (told by the first lines),
//! UTF-8 with or without BOM, else Windows-1252. The file is one sheet,
//! named after the file.

use super::sheets::Grid;
use super::{CellValue, RawSheet, ReadFailure};
use crate::ground::config::Config;

/// Reads a CSV file as one sheet named after the file (`stem`).
pub(super) fn read(bytes: &[u8], stem: &str, cfg: &Config) -> Result<RawSheet, ReadFailure> {
    let text = decode_text(bytes)?;
    let delimiter = detect_delimiter(&text);
    let mut used = 0u64;
    let mut grid = Grid::new(cfg, stem, &mut used);
    // The csv reader skips blank lines: mark each as an empty record so that
    // every cell keeps the row Excel shows it on.
    let text = mark_blank_lines(&text, delimiter as char);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut r = 0usize;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ReadFailure::new(format!("CSV row {}: {e}", r + 1)))?;
        if !more {
            break;
        }
        let rec = &record;
        for (c, field) in rec.iter().enumerate() {
            if !field.trim().is_empty() {
                let at = (
                    r.min(u32::MAX as usize) as u32,
                    c.min(u32::MAX as usize) as u32,
                );
                grid.put(at, CellValue::Text(field.to_string()))?;
            }
        }
        r += 1;
    }
    let rows = grid.finish();
    Ok(RawSheet {
        name: stem.to_string(),
        rows,
        container: Default::default(),
    })
}

/// Puts a lone delimiter on every blank line outside quotes.
pub(super) fn mark_blank_lines(text: &str, delimiter: char) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let (mut quoted, mut line_start, mut prev) = (false, true, '\0');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends_line = c == '\n' && prev != '\r' || c == '\r' && chars.peek() == Some(&'\n');
        if line_start && !quoted && ends_line {
            out.push(delimiter);
        }
        out.push(c);
        match c {
            '"' => quoted = !quoted,
            '\n' => line_start = true,
            '\r' if chars.peek() == Some(&'\n') => {}
            _ => line_start = false,
        }
        prev = c;
    }
    out
}

/// UTF-8 (with or without BOM), else Windows-1252. Binary content is refused.
pub fn decode_text(bytes: &[u8]) -> Result<String, ReadFailure> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if body.contains(&0) {
        return Err(ReadFailure::new(
            "not a text file (it holds binary data): a CSV file must be text",
        ));
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            Ok(s.into_owned())
        }
    }
}

/// `;` when the first lines have more semicolons than commas outside quotes.
pub fn detect_delimiter(text: &str) -> u8 {
    let (mut semi, mut comma, mut quoted) = (0usize, 0usize, false);
    for c in text.chars().take(20_000) {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if semi >= comma && semi > 0 {
        b';'
    } else {
        b','
    }
}
