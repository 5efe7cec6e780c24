//! *Möten*: one row per meeting (after merging the offices' reports of it) or
//! dated event, with its source cell.

use rust_xlsxwriter::{ExcelDateTime, Worksheet, XlsxError};

use super::handmade::sheet_xml::SheetXml;
use super::{
    Formats, Heights, cell_text, data_sheet_frame, day_serial, file_name, text_columns, tr,
};
use crate::ground::config::Lang;
use crate::model::dates::DateValue;
use crate::model::dates::Precision;
use crate::model::status::{LineKind, ProcessState};
use crate::model::{EntryRef, Process, ProcessRow, StatusEntry};

struct Row<'a> {
    subprocess: Option<&'a str>,
    /// The series when it differs from the family ("Möte (SoC internt)").
    internal: Option<&'a str>,
    family: &'a str,
    number: Option<u32>,
    date: Option<DateValue>,
    state: &'static str,
    kind: &'a str,
    note: &'a str,
    entry: &'a StatusEntry,
    /// Every entry that reports the meeting (for the offices column).
    entries: &'a [EntryRef],
}

/// The rows of one process: its meetings and dated events, by date, then
/// number; stable otherwise.
fn process_rows<'a>(
    p: &'a Process,
    model_rows: &'a [ProcessRow],
    lang: Lang,
    rows: &mut Vec<Row<'a>>,
) {
    rows.clear();
    for m in &p.meetings {
        rows.push(Row {
            subprocess: m.series.subprocess.as_deref(),
            internal: m.series.internal.as_deref(),
            family: &m.series.family,
            number: m.number(model_rows),
            date: m.date(model_rows),
            state: m.state(model_rows).label(lang),
            kind: m.kind(model_rows),
            note: m.note(model_rows),
            entry: m.first(model_rows),
            entries: &m.entries,
        });
    }
    for at in &p.other_lines {
        let e = at.get(model_rows);
        let (Some(date), Some(kind)) = (e.line.date(), other_kind(e, lang)) else {
            continue;
        };
        rows.push(Row {
            subprocess: e.subprocess().map(|s| &**s),
            internal: None,
            family: "",
            number: None,
            date: Some(date),
            state: "",
            kind,
            note: "",
            entry: e,
            entries: std::slice::from_ref(at),
        });
    }
    rows.sort_by_key(|r| {
        (
            r.date.is_none(),
            r.date.as_ref().map(|d| (d.start, d.end)),
            r.number,
        )
    });
}

/// Where *Möten*'s cells go: a constant-memory worksheet, or the sheet's
/// XML written directly ([`SheetXml`]), which gives the same part.
pub(crate) trait Cells {
    /// Text in the column's format (wrapped, top-aligned), cut to Excel's
    /// limit; an empty text is no cell.
    fn plain(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError>;
    /// A number in the column's format.
    fn number(&mut self, row: u32, col: u16, n: f64) -> Result<(), XlsxError>;
    /// A date in the column's format.
    fn datetime(&mut self, row: u32, col: u16, d: &ExcelDateTime) -> Result<(), XlsxError>;
    /// A date that is not a day (or not one Excel can hold), as its text in
    /// the text format ([`super::put_date`]).
    fn date_text(&mut self, row: u32, col: u16, d: &DateValue, lang: Lang)
    -> Result<(), XlsxError>;
    /// Ends `row`, given a height in points when it needs more than one line.
    fn end_row(&mut self, row: u32, height: Option<f64>) -> Result<(), XlsxError>;
}

/// A worksheet, and the formats its cells are written in (the sheet as a
/// whole workbook would have it, which the unit tests compare with).
#[cfg(test)]
pub(crate) struct InSheet<'a> {
    pub ws: &'a mut Worksheet,
    pub fmt: &'a Formats,
}

#[cfg(test)]
impl Cells for InSheet<'_> {
    fn plain(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        if !text.is_empty() {
            self.ws.write_string(row, col, cell_text(text))?;
        }
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, n: f64) -> Result<(), XlsxError> {
        self.ws.write_number(row, col, n)?;
        Ok(())
    }

    fn datetime(&mut self, row: u32, col: u16, d: &ExcelDateTime) -> Result<(), XlsxError> {
        self.ws.write_datetime(row, col, d)?;
        Ok(())
    }

    fn date_text(
        &mut self,
        row: u32,
        col: u16,
        d: &DateValue,
        lang: Lang,
    ) -> Result<(), XlsxError> {
        super::put_date(self.ws, row, col, d, lang, self.fmt)
    }

    fn end_row(&mut self, row: u32, height: Option<f64>) -> Result<(), XlsxError> {
        if let Some(h) = height {
            self.ws.set_row_height(row, h)?;
        }
        Ok(())
    }
}

/// The sheet's XML, its cells in the styles of its columns (the template's:
/// see [`super::handmade::sheet_xml`]); text not in its column's format is in the
/// first column's, the text format.
impl<W: std::io::Write> Cells for SheetXml<W> {
    fn plain(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        let s = self.column_style(col);
        self.string(row, col, &cell_text(text), s)
    }

    fn number(&mut self, row: u32, col: u16, n: f64) -> Result<(), XlsxError> {
        let s = self.column_style(col);
        SheetXml::number(self, row, col, n, s)
    }

    fn datetime(&mut self, row: u32, col: u16, d: &ExcelDateTime) -> Result<(), XlsxError> {
        let s = self.column_style(col);
        SheetXml::datetime(self, row, col, d, s)
    }

    fn date_text(
        &mut self,
        row: u32,
        col: u16,
        d: &DateValue,
        lang: Lang,
    ) -> Result<(), XlsxError> {
        // What put_date writes for a date that is not a day Excel holds.
        let text = super::date_text(d, lang);
        let s = self.column_style(0);
        if text.is_empty() {
            self.blank(row, col, s)
        } else {
            self.string(row, col, &cell_text(&text), s)
        }
    }

    fn end_row(&mut self, row: u32, height: Option<f64>) -> Result<(), XlsxError> {
        SheetXml::end_row(self, row, height)
    }
}

/// The sheet's header row, its columns' widths and formats.
pub(crate) fn write_header(ws: &mut Worksheet, lang: Lang, fmt: &Formats) -> Result<(), XlsxError> {
    let headers: [&str; COLUMNS as usize] = [
        "Process",
        tr(lang, "Delprocess", "Sub-process"),
        tr(lang, "Serie", "Series"),
        tr(lang, "Nr", "Number"),
        tr(lang, "Datum", "Date"),
        tr(lang, "Precision", "Precision"),
        tr(lang, "Läge", "State"),
        tr(lang, "Typ", "Kind"),
        tr(lang, "Anteckning", "Note"),
        tr(lang, "Originaltext", "Original text"),
        tr(lang, "Fil", "File"),
        tr(lang, "Flik", "Sheet"),
        tr(lang, "Cell", "Cell"),
        tr(lang, "Förvaltning", "Office"),
    ];
    text_columns(ws, &WIDTHS, fmt)?;
    // The number and date columns carry their format, and their cells are
    // written without one: a cell's own format costs rust_xlsxwriter a hash
    // of the whole format, two per row on the largest sheet.
    ws.set_column_format(3, &fmt.number)?;
    ws.set_column_format(4, &fmt.date)?;
    let mut h = Heights::new(WIDTHS.to_vec());
    for (c, header) in headers.iter().enumerate() {
        h.note(c as u16, header);
        ws.write_string_with_format(0, c as u16, *header, &fmt.header)?;
    }
    h.end_row(ws, 0)
}

/// The columns' widths.
const WIDTHS: [f64; COLUMNS as usize] = [
    9.0, 16.0, 24.0, 8.0, 11.0, 10.0, 11.0, 14.0, 24.0, 44.0, 22.0, 14.0, 7.0, 12.0,
];

/// The number of rows below the header: a row per meeting and per dated
/// event, pause or closing.
pub(crate) fn row_count(model: &crate::model::Model) -> u64 {
    model
        .processes
        .iter()
        .map(|p| {
            let events = p
                .other_lines
                .iter()
                .filter(|at| other_kind(at.get(&model.rows), Lang::Sv).is_some())
                .count();
            (p.meetings.len() + events) as u64
        })
        .sum()
}

/// The kind a status line that is not a meeting is shown as, if it has a
/// row: a dated event, pause or closing.
fn other_kind(e: &StatusEntry, lang: Lang) -> Option<&'static str> {
    e.line.date()?;
    match &e.line.kind {
        LineKind::Event => Some(tr(lang, "händelse", "event")),
        LineKind::State {
            state: ProcessState::Closed,
        } => Some(tr(lang, "avslutad", "closed")),
        LineKind::State {
            state: ProcessState::Paused,
        } => Some(tr(lang, "pausad", "paused")),
        _ => None,
    }
}

/// Writes the rows below the header row, one process's rows at a time,
/// each row ended (its height given) before the next. Returns the last row
/// written (0: none).
pub(crate) fn write_rows(
    cells: &mut impl Cells,
    model: &crate::model::Model,
    lang: Lang,
) -> Result<u32, XlsxError> {
    let internal_word = tr(lang, "internt", "internal");
    let mut h = Heights::new(WIDTHS.to_vec());
    let mut rows: Vec<Row> = Vec::new();
    let mut series = String::new();
    let mut offices = String::new();
    let mut file = (String::new(), String::new());
    let mut r = 0u32;
    let plain = |cells: &mut _, h: &mut Heights, r, c, text: &str| {
        h.note(c, text);
        Cells::plain(cells, r, c, text)
    };
    for p in &model.processes {
        process_rows(p, &model.rows, lang, &mut rows);
        for row in &rows {
            r += 1;
            plain(cells, &mut h, r, 0, &p.id)?;
            plain(cells, &mut h, r, 1, row.subprocess.unwrap_or(""))?;
            series.clear();
            series.push_str(row.family);
            if let Some(o) = row.internal {
                series.push_str(&format!(" ({o} {internal_word})"));
            }
            plain(cells, &mut h, r, 2, &series)?;
            if let Some(n) = row.number {
                cells.number(r, 3, n as f64)?;
            }
            if let Some(d) = &row.date {
                match day_serial(d.start).filter(|_| d.precision == Precision::Day) {
                    Some(x) => cells.datetime(r, 4, &x)?,
                    None => cells.date_text(r, 4, d, lang)?,
                }
                plain(cells, &mut h, r, 5, d.precision.label(lang))?;
            }
            plain(cells, &mut h, r, 6, row.state)?;
            plain(cells, &mut h, r, 7, row.kind)?;
            plain(cells, &mut h, r, 8, row.note)?;
            plain(cells, &mut h, r, 9, row.entry.line.text().trim())?;
            // The file name of the previous row's file is reused.
            let loc = row.entry.loc();
            if *file.0 != *loc.file() {
                file = (loc.file().to_string(), file_name(loc.file()));
            }
            plain(cells, &mut h, r, 10, &file.1)?;
            plain(cells, &mut h, r, 11, loc.sheet())?;
            plain(cells, &mut h, r, 12, &loc.cell())?;
            offices.clear();
            let mut seen: Vec<&str> = Vec::new();
            for o in row.entries.iter().filter_map(|e| e.office(&model.rows)) {
                if !seen.contains(&o) {
                    if !seen.is_empty() {
                        offices.push_str(", ");
                    }
                    offices.push_str(o);
                    seen.push(o);
                }
            }
            plain(cells, &mut h, r, 13, &offices)?;
            cells.end_row(r, h.take())?;
        }
    }
    Ok(r)
}

/// Writes the whole sheet into a constant-memory worksheet, row by row,
/// and gives it its [`frame`]. Returns the last row written (0: only the
/// header).
#[cfg(test)]
pub(crate) fn write(
    ws: &mut Worksheet,
    model: &crate::model::Model,
    lang: Lang,
    fmt: &Formats,
) -> Result<u32, XlsxError> {
    write_header(ws, lang, fmt)?;
    let r = write_rows(&mut InSheet { ws, fmt }, model, lang)?;
    frame(ws, r)?;
    Ok(r)
}

/// What the sheet has besides its cells, given its last row: a filter on
/// its header row (rather than a worksheet table: rust_xlsxwriter keeps a
/// hash entry per cell of a table, which for this sheet, one row per
/// meeting, would cost more memory than the whole model), the frozen header
/// and the print setup. The workbook needs the filter and the print titles
/// for its defined names even when the sheet is written apart.
pub(crate) fn frame(ws: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
    ws.autofilter(0, 0, last_row.max(1), COLUMNS - 1)?;
    data_sheet_frame(ws)
}

/// The sheet's columns.
const COLUMNS: u16 = 14;
