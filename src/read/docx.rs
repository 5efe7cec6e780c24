//! docx (Word): the board's attachment, and the lists of offices that keep
//! theirs in Word. The body of the main document part is streamed with
//! quick-xml, through the limits the zip was checked against
//! ([`super::guard::check_zip`]):
//!
//! - each table becomes a sheet "Tabell N" (N from 1 in the order of the
//!   document), each cell at its row and column: a cell spanning columns
//!   stands at its first, a cell continuing a vertical merge stays empty
//!   (its text is in the first), a table inside a cell gives its text to
//!   that cell;
//! - the paragraphs outside the tables become the sheet "Stycken",
//!   paragraph N in row N (empty paragraphs count, as Word counts them);
//! - a cell's or paragraph's text is its runs' texts, a tab as `\t`, a line
//!   break and a new paragraph inside a cell as `\n`; deleted text and field
//!   codes are not text, and of a drawing's two versions only the first is
//!   read;
//! - the bold runs of each cell (`<w:b/>`, or the character style Strong)
//!   are kept as for a workbook ([`super::rich::BoldRuns`]): how the lead
//!   office is marked.
//!
//! The sheets' places say what they are ([`Container`]), so that a finding
//! can name the table, row and column, or the paragraph.

use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use super::rich::{BoldRuns, key};
use super::sheets::Grid;
use super::{CellValue, RawSheet, ReadFailure};
use crate::ground::config::Config;
use crate::ground::finding::Container;

/// The name of the sheet of table `n`.
pub fn table_sheet(n: u32) -> String {
    format!("Tabell {n}")
}

/// The name of the sheet of the paragraphs outside the tables.
pub const PARAGRAPHS: &str = "Stycken";

/// The main document part among the zip's `names`.
pub(super) fn main_part(names: &[String]) -> Option<&String> {
    names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("word/document.xml"))
        .or_else(|| {
            names.iter().find(|n| {
                let l = n.to_ascii_lowercase();
                l.starts_with("word/") && l.ends_with(".xml") && l.contains("document")
            })
        })
}

/// True when the document's custom properties carry this tool's mark
/// ([`crate::ground::names::ATTACHMENT_MARK`]): an attachment it wrote. Reads
/// at most 64 KiB of that part.
pub fn is_marked(file: impl std::io::Read + std::io::Seek) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(part) = zip.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = String::new();
    if part.take(64 * 1024).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains(&format!(
        "name=\"{}\"",
        crate::ground::names::ATTACHMENT_MARK
    ))
}

/// A paragraph being read: its text, and its bold runs (adjacent bold runs
/// joined: Word splits a word into runs as it was typed).
#[derive(Default)]
struct Para {
    text: String,
    bold: Vec<String>,
    stretch: String,
}

impl Para {
    fn add(&mut self, s: &str, bold: bool) {
        self.text.push_str(s);
        if bold {
            self.stretch.push_str(s);
        } else if !s.trim().is_empty() {
            self.flush();
        } else {
            self.stretch.push_str(s);
        }
    }

    fn flush(&mut self) {
        let s = self.stretch.trim();
        if !s.is_empty() {
            self.bold.push(s.to_string());
        }
        self.stretch.clear();
    }
}

/// A table cell being read.
#[derive(Default)]
struct DocCell {
    text: String,
    bold: Vec<String>,
    span: u32,
    continues: bool,
    /// Its paragraphs so far.
    paras: u32,
}

impl DocCell {
    fn line(&mut self, text: &str, bold: Vec<String>) {
        if self.paras > 0 {
            self.text.push('\n');
        }
        self.paras += 1;
        self.text.push_str(text);
        self.bold.extend(bold);
    }
}

/// Reads a Word document whose zip holds the parts `names`: its sheets
/// (the paragraphs first, then the tables) and the bold runs of its cells.
pub(super) fn read(
    bytes: &[u8],
    cfg: &Config,
    names: &[String],
) -> Result<(Vec<RawSheet>, BoldRuns), ReadFailure> {
    let damaged = |what: String| {
        ReadFailure::new(format!(
            "the Word document is damaged: {what}; open it in Word and save it again"
        ))
    };
    let Some(part) = main_part(names) else {
        return Err(ReadFailure::new(
            "not a Word document: the .docx file is a zip archive without a document in it",
        ));
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| damaged(format!("its zip directory cannot be read ({e})")))?;
    let entry = zip
        .by_name(part)
        .map_err(|e| damaged(format!("{part} cannot be unpacked ({e})")))?;
    let limit = cfg.limits.max_unpacked_mib << 20;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry.take(limit)));
    let mut buf = Vec::new();

    // What is kept is counted as it is read: a document of a million small
    // cells is refused before it is held.
    let mut kept: u64 = 0;
    let over = |sheet: &str, what: &str| {
        ReadFailure::new(format!(
            "sheet \"{sheet}\" has more {what} than the limits allow (limits.max_rows = {}, \
             limits.max_cells = {}); raise them in the configuration if the file is genuine",
            cfg.limits.max_rows, cfg.limits.max_cells
        ))
    };
    let mut used: u64 = 0;
    let mut paragraphs: Vec<(u32, String)> = Vec::new();
    let mut n_paragraphs: u32 = 0;
    let mut tables: Vec<(u32, Vec<Placed>)> = Vec::new();
    let mut bold = BoldRuns::new();

    // Where the reader is.
    let mut depth_tbl: u32 = 0;
    let mut skip: u32 = 0; // inside mc:Fallback (a drawing's second version)
    let mut paras: Vec<Para> = Vec::new();
    let (mut in_run, mut run_bold, mut in_t, mut in_rpr) = (false, false, false, false);
    let mut row: i64 = -1;
    let mut col: u32 = 0;
    let mut cell: Option<DocCell> = None;
    let val = |e: &BytesStart| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == "val")
            .map(|a| a.value.to_string())
    };
    let on = |v: Option<String>| !matches!(v.as_deref(), Some("0" | "false" | "off"));
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| damaged(format!("{part} is not well-formed XML ({e})")))?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == "Fallback" && !empty {
                    skip += 1;
                }
                if skip > 0 {
                    buf.clear();
                    continue;
                }
                match name {
                    "tbl" if !empty => {
                        depth_tbl += 1;
                        if depth_tbl == 1 {
                            tables.push((tables.len() as u32 + 1, Vec::new()));
                            row = -1;
                        }
                    }
                    "tr" if depth_tbl == 1 && !empty => {
                        row += 1;
                        col = 0;
                        if row >= cfg.limits.max_rows as i64 {
                            return Err(over(&table_sheet(tables.len() as u32), "rows"));
                        }
                    }
                    "tc" if depth_tbl == 1 => {
                        cell = Some(DocCell {
                            span: 1,
                            ..Default::default()
                        });
                        if empty {
                            col = col.saturating_add(1);
                            cell = None;
                        }
                    }
                    "gridSpan" if depth_tbl == 1 => {
                        if let Some(c) = &mut cell {
                            c.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
                        }
                    }
                    "vMerge" if depth_tbl == 1 => {
                        if let Some(c) = &mut cell {
                            c.continues = val(e).is_none_or(|v| v == "continue");
                        }
                    }
                    "p" if !empty => paras.push(Para::default()),
                    "p" => {
                        // An empty paragraph.
                        if depth_tbl == 0 && paras.is_empty() {
                            n_paragraphs += 1;
                        } else if let Some(c) = &mut cell
                            && paras.is_empty()
                        {
                            c.line("", Vec::new());
                        }
                    }
                    "r" if !empty => {
                        in_run = true;
                        run_bold = false;
                    }
                    "rPr" if in_run && !empty => in_rpr = true,
                    "b" if in_run && in_rpr => run_bold = on(val(e)),
                    // The character style Strong ("Stark" in a Swedish Word).
                    "rStyle" if in_run && in_rpr && val(e).is_some_and(|v| strong(&v)) => {
                        run_bold = true;
                    }
                    "t" if in_run && !empty => in_t = true,
                    "tab" if in_run => add(&mut paras, "\t", run_bold),
                    "br" | "cr" if in_run => add(&mut paras, "\n", run_bold),
                    "noBreakHyphen" if in_run => add(&mut paras, "-", run_bold),
                    _ => {}
                }
            }
            Event::Text(ref t) if in_t && skip == 0 => {
                add(&mut paras, &t.xml10_content(), run_bold);
            }
            Event::GeneralRef(ref r) if in_t && skip == 0 => {
                let s = super::rich::entity(r.as_ref());
                add(&mut paras, &s, run_bold);
            }
            Event::End(ref e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 {
                    if name == "Fallback" {
                        skip -= 1;
                    }
                    buf.clear();
                    continue;
                }
                match name {
                    "t" => in_t = false,
                    "rPr" => in_rpr = false,
                    "r" => {
                        in_run = false;
                        in_rpr = false;
                        run_bold = false;
                    }
                    "p" => {
                        let Some(mut p) = paras.pop() else {
                            buf.clear();
                            continue;
                        };
                        p.flush();
                        if let Some(parent) = paras.last_mut() {
                            // A text box's paragraph inside a paragraph.
                            if !parent.text.is_empty() && !p.text.is_empty() {
                                parent.text.push('\n');
                            }
                            parent.text.push_str(&p.text);
                            parent.bold.extend(p.bold);
                        } else if depth_tbl == 0 {
                            n_paragraphs += 1;
                            if n_paragraphs as u64 > cfg.limits.max_rows as u64 {
                                return Err(over(PARAGRAPHS, "paragraphs"));
                            }
                            if !p.text.trim().is_empty() {
                                paragraphs.push((n_paragraphs - 1, p.text));
                            }
                        } else if let Some(c) = &mut cell {
                            c.line(&p.text, p.bold);
                        }
                    }
                    "tc" if depth_tbl == 1 => {
                        if let Some(c) = cell.take() {
                            let text = c.text.trim_matches('\n').to_string();
                            if !c.continues && !text.trim().is_empty() && row >= 0 {
                                if !c.bold.is_empty() {
                                    bold.insert(key(&text), c.bold);
                                }
                                if let Some((_, cells)) = tables.last_mut() {
                                    cells.push(((row as u32, col), text));
                                }
                                kept += 1;
                                if kept > cfg.limits.max_cells {
                                    return Err(over(&table_sheet(tables.len() as u32), "cells"));
                                }
                            }
                            col = col.saturating_add(c.span);
                        }
                    }
                    "tbl" => depth_tbl = depth_tbl.saturating_sub(1),
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }

    let mut sheets = Vec::new();
    let mut grid = Grid::new(cfg, PARAGRAPHS, &mut used);
    for (r, text) in paragraphs {
        grid.put((r, 0), CellValue::Text(text))?;
    }
    sheets.push(RawSheet {
        name: PARAGRAPHS.into(),
        rows: grid.finish(),
        container: Container::Paragraphs,
    });
    for (n, cells) in tables {
        let name = table_sheet(n);
        let mut grid = Grid::new(cfg, &name, &mut used);
        for (at, text) in cells {
            grid.put(at, CellValue::Text(text))?;
        }
        let rows = grid.finish();
        sheets.push(RawSheet {
            name,
            rows,
            container: Container::Table(n),
        });
    }
    Ok((sheets, bold))
}

/// A table cell's text at its row and column.
type Placed = ((u32, u32), String);

/// A character style that sets text bold.
fn strong(style: &str) -> bool {
    let s = style.to_lowercase();
    s == "strong" || s == "stark" || s.contains("bold")
}

/// Adds a run's text to the paragraph being read.
fn add(paras: &mut [Para], s: &str, bold: bool) {
    if let Some(p) = paras.last_mut() {
        p.add(s, bold);
    }
}
