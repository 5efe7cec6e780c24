//! *Möten*: one row per meeting (after merging the offices' reports of it) or
//! dated event, with its source cell.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{
    Formats, Heights, data_sheet_frame, day_serial, file_name, put_date, put_plain, text_columns,
    tr,
};
use crate::config::Lang;
use crate::dates::DateValue;
use crate::dates::Precision;
use crate::model::{EntryRef, Process, ProcessRow, StatusEntry};
use crate::status::{LineKind, ProcessState};

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
        let Some(date) = e.line.date() else { continue };
        let kind = match &e.line.kind {
            LineKind::Event => tr(lang, "händelse", "event"),
            LineKind::State {
                state: ProcessState::Closed,
            } => tr(lang, "avslutad", "closed"),
            LineKind::State {
                state: ProcessState::Paused,
            } => tr(lang, "pausad", "paused"),
            _ => continue,
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

/// Written row by row (the sheet is a constant-memory worksheet): one
/// process's rows at a time, with each row's height set before the next.
/// Returns the last row written (0: only the header), after giving the sheet
/// its [`frame`].
pub(crate) fn write(
    ws: &mut Worksheet,
    model: &crate::model::Model,
    lang: Lang,
    fmt: &Formats,
) -> Result<u32, XlsxError> {
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
    let widths = [
        9.0, 16.0, 24.0, 6.0, 11.0, 10.0, 11.0, 14.0, 24.0, 44.0, 22.0, 14.0, 7.0, 12.0,
    ];
    text_columns(ws, &widths, fmt)?;
    // The number and date columns carry their format, and their cells are
    // written without one: a cell's own format costs rust_xlsxwriter a hash
    // of the whole format, two per row on the largest sheet.
    ws.set_column_format(3, &fmt.number)?;
    ws.set_column_format(4, &fmt.date)?;
    let mut h = Heights::new(widths.to_vec());
    for (c, header) in headers.iter().enumerate() {
        h.note(c as u16, header);
        ws.write_string_with_format(0, c as u16, *header, &fmt.header)?;
    }
    h.end_row(ws, 0)?;

    let internal_word = tr(lang, "internt", "internal");
    let mut rows: Vec<Row> = Vec::new();
    let mut series = String::new();
    let mut offices = String::new();
    let mut file = (String::new(), String::new());
    let mut r = 0u32;
    for p in &model.processes {
        process_rows(p, &model.rows, lang, &mut rows);
        for row in &rows {
            r += 1;
            put_plain(ws, &mut h, r, 0, &p.id)?;
            put_plain(ws, &mut h, r, 1, row.subprocess.unwrap_or(""))?;
            series.clear();
            series.push_str(row.family);
            if let Some(o) = row.internal {
                series.push_str(&format!(" ({o} {internal_word})"));
            }
            put_plain(ws, &mut h, r, 2, &series)?;
            match row.number {
                Some(n) => {
                    ws.write_number(r, 3, n as f64)?;
                }
                None => put_plain(ws, &mut h, r, 3, "")?,
            }
            match &row.date {
                Some(d) if d.precision == Precision::Day => {
                    match day_serial(d.start) {
                        Some(x) => {
                            ws.write_datetime(r, 4, x)?;
                        }
                        None => put_date(ws, r, 4, d, lang, fmt)?,
                    }
                    put_plain(ws, &mut h, r, 5, d.precision.label(lang))?;
                }
                Some(d) => {
                    put_date(ws, r, 4, d, lang, fmt)?;
                    put_plain(ws, &mut h, r, 5, d.precision.label(lang))?;
                }
                None => {
                    put_plain(ws, &mut h, r, 4, "")?;
                    put_plain(ws, &mut h, r, 5, "")?;
                }
            }
            put_plain(ws, &mut h, r, 6, row.state)?;
            put_plain(ws, &mut h, r, 7, row.kind)?;
            put_plain(ws, &mut h, r, 8, row.note)?;
            put_plain(ws, &mut h, r, 9, row.entry.line.text().trim())?;
            // The file name of the previous row's file is reused.
            let loc = row.entry.loc();
            if *file.0 != *loc.file() {
                file = (loc.file().to_string(), file_name(loc.file()));
            }
            put_plain(ws, &mut h, r, 10, &file.1)?;
            put_plain(ws, &mut h, r, 11, loc.sheet())?;
            put_plain(ws, &mut h, r, 12, &loc.cell())?;
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
            put_plain(ws, &mut h, r, 13, &offices)?;
            h.end_row(ws, r)?;
        }
    }
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
