//! *Möten*: one row per meeting (after merging the offices' reports of it) or
//! dated event, with its source cell.

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet, XlsxError};

use super::{Formats, Heights, file_name, put_date, put_wrapped, tr};
use crate::Run;
use crate::config::Lang;
use crate::dates::DateValue;
use crate::model::StatusEntry;
use crate::status::{LineKind, ProcessState};

struct Row<'a> {
    process: &'a str,
    subprocess: Option<&'a str>,
    series: String,
    number: Option<u32>,
    date: Option<&'a DateValue>,
    state: String,
    kind: String,
    note: String,
    entry: &'a StatusEntry,
    offices: Vec<String>,
}

pub(crate) fn write(
    ws: &mut Worksheet,
    run: &Run,
    lang: Lang,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let mut rows: Vec<Row> = Vec::new();
    for p in &run.model.processes {
        let start = rows.len();
        for m in &p.meetings {
            let Some(entry) = m.entries.first() else {
                continue;
            };
            let mut series = m.series.family.clone();
            if let Some(o) = &m.series.internal {
                series.push_str(&format!(" ({o} {})", tr(lang, "internt", "internal")));
            }
            let mut offices: Vec<String> = Vec::new();
            for e in &m.entries {
                if let Some(o) = &e.office
                    && !offices.contains(o)
                {
                    offices.push(o.clone());
                }
            }
            rows.push(Row {
                process: &p.id,
                subprocess: m.series.subprocess.as_deref(),
                series,
                number: m.number,
                date: m.date.as_ref(),
                state: m.state.label(lang).to_string(),
                kind: m.kind.clone(),
                note: m.note.clone(),
                entry,
                offices,
            });
        }
        for e in &p.other_lines {
            let Some(date) = &e.line.date else { continue };
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
                process: &p.id,
                subprocess: e.subprocess.as_deref(),
                series: String::new(),
                number: None,
                date: Some(date),
                state: String::new(),
                kind: kind.to_string(),
                note: String::new(),
                entry: e,
                offices: e.office.iter().cloned().collect(),
            });
        }
        // Within a process: by date, then number; stable otherwise.
        rows[start..]
            .sort_by_key(|r| (r.date.is_none(), r.date.map(|d| (d.start, d.end)), r.number));
    }

    let headers = [
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
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut h = Heights::new(widths.to_vec());
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        put_wrapped(ws, &mut h, r, 0, row.process, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 1, row.subprocess.unwrap_or(""), &fmt.text)?;
        put_wrapped(ws, &mut h, r, 2, &row.series, &fmt.text)?;
        match row.number {
            Some(n) => {
                ws.write_number_with_format(r, 3, n as f64, &fmt.number)?;
            }
            None => put_wrapped(ws, &mut h, r, 3, "", &fmt.text)?,
        }
        match row.date {
            Some(d) => {
                put_date(ws, r, 4, d, lang, fmt)?;
                put_wrapped(ws, &mut h, r, 5, d.precision.label(lang), &fmt.text)?;
            }
            None => {
                put_wrapped(ws, &mut h, r, 4, "", &fmt.text)?;
                put_wrapped(ws, &mut h, r, 5, "", &fmt.text)?;
            }
        }
        put_wrapped(ws, &mut h, r, 6, &row.state, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 7, &row.kind, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 8, &row.note, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 9, row.entry.line.text.trim(), &fmt.text)?;
        put_wrapped(
            ws,
            &mut h,
            r,
            10,
            &file_name(&row.entry.loc.file),
            &fmt.text,
        )?;
        put_wrapped(ws, &mut h, r, 11, &row.entry.loc.sheet, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 12, &row.entry.loc.cell, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 13, &row.offices.join(", "), &fmt.text)?;
    }
    for (c, header) in headers.iter().enumerate() {
        h.note(0, c as u16, header);
    }
    h.apply(ws)?;
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(*h)
                .set_header_format(&fmt.table_header)
        })
        .collect();
    let table = Table::new()
        .set_name(tr(lang, "Moten", "Meetings"))
        .set_style(TableStyle::Light9)
        .set_columns(&columns);
    let last_row = (rows.len() as u32).max(1);
    ws.add_table(0, 0, last_row, headers.len() as u16 - 1, &table)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}
