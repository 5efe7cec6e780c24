//! *Förändringar* (with `--previous`): what changed since last month's
//! consolidation, one row per change, the history rewrites last.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Formats, Heights, add_table, data_sheet_frame, put_wrapped};
use crate::ground::config::Lang;
use crate::ground::finding::Location;
use crate::ground::names::tr;
use crate::ground::text::file_name;
use crate::model::history::{Comparison, HistoryKind};

struct Row {
    change: &'static str,
    process: String,
    series: String,
    number: Option<u32>,
    before: String,
    after: String,
    loc: Location,
}

fn value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The label of each kind of change, as the Ändring column shows it.
pub(crate) fn history_label(kind: HistoryKind, lang: Lang) -> &'static str {
    match kind {
        HistoryKind::DateChanged => tr(lang, "Historik: datum ändrat", "History: date changed"),
        HistoryKind::Renumbered => tr(lang, "Historik: omnumrerat", "History: renumbered"),
        HistoryKind::MeetingGone => tr(lang, "Historik: möte borta", "History: meeting gone"),
        HistoryKind::VerdictGone => tr(
            lang,
            "Historik: ställningstagande borta",
            "History: verdict gone",
        ),
        HistoryKind::ProcessGone => tr(lang, "Historik: process borta", "History: process gone"),
        HistoryKind::StateChanged => tr(lang, "Historik: läge ändrat", "History: state changed"),
    }
}

pub(crate) fn write(
    ws: &mut Worksheet,
    c: &Comparison,
    lang: Lang,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let mut rows: Vec<Row> = Vec::new();
    for p in &c.processes_added {
        rows.push(Row {
            change: tr(lang, "Ny process", "Process added"),
            process: p.id.clone(),
            series: String::new(),
            number: None,
            before: String::new(),
            after: p.id.clone(),
            loc: p.loc.clone(),
        });
    }
    for p in &c.processes_removed {
        rows.push(Row {
            change: tr(lang, "Borttagen process", "Process removed"),
            process: p.id.clone(),
            series: String::new(),
            number: None,
            before: p.id.clone(),
            after: String::new(),
            loc: p.loc.clone(),
        });
    }
    for m in &c.meetings_added {
        rows.push(Row {
            change: tr(lang, "Nytt möte", "Meeting added"),
            process: m.process.clone(),
            series: m.series_label(),
            number: m.number,
            before: String::new(),
            after: m.text.clone(),
            loc: m.loc.clone(),
        });
    }
    for v in &c.verdicts_changed {
        rows.push(Row {
            change: tr(lang, "Ändrat ställningstagande", "Verdict changed"),
            process: v.process.clone(),
            series: String::new(),
            number: None,
            before: v.before.clone(),
            after: v.after.clone(),
            loc: v.loc.clone(),
        });
    }
    for v in &c.priorities_changed {
        rows.push(Row {
            change: tr(lang, "Ändrad prioritering", "Priority changed"),
            process: v.process.clone(),
            series: String::new(),
            number: None,
            before: v.before.clone(),
            after: v.after.clone(),
            loc: v.loc.clone(),
        });
    }
    for h in &c.history {
        rows.push(Row {
            change: history_label(h.kind, lang),
            process: h.process.clone(),
            series: h.series.clone().unwrap_or_default(),
            number: h.number,
            before: match h.kind {
                HistoryKind::DateChanged | HistoryKind::Renumbered | HistoryKind::StateChanged => {
                    format!("{} ({})", value(&h.before), h.before_text)
                }
                _ => value(&h.before),
            },
            after: match (&h.after_text, h.kind) {
                (
                    Some(t),
                    HistoryKind::DateChanged | HistoryKind::Renumbered | HistoryKind::StateChanged,
                ) => {
                    format!("{} ({t})", value(&h.after))
                }
                _ => value(&h.after),
            },
            loc: h.loc.clone(),
        });
    }

    let headers = [
        tr(lang, "Ändring", "Change"),
        "Process",
        tr(lang, "Serie", "Series"),
        tr(lang, "Nr", "Number"),
        tr(lang, "Före", "Before"),
        tr(lang, "Efter", "After"),
        tr(lang, "Fil", "File"),
        tr(lang, "Flik", "Sheet"),
        tr(lang, "Cell", "Cell"),
    ];
    let widths = [26.0, 9.0, 28.0, 6.0, 36.0, 36.0, 22.0, 14.0, 7.0];
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let mut h = Heights::new(widths.to_vec());
    for (i, header) in headers.iter().enumerate() {
        h.note(i as u16, header);
    }
    h.end_row(ws, 0)?;
    if rows.is_empty() {
        let none = match lang {
            Lang::Sv => format!("Inga förändringar sedan {}", file_name(&c.old.file)),
            Lang::En => format!("No changes since {}", file_name(&c.old.file)),
        };
        put_wrapped(ws, &mut h, 1, 0, &none, &fmt.text)?;
        h.end_row(ws, 1)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        put_wrapped(ws, &mut h, r, 0, row.change, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 1, &row.process, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 2, &row.series, &fmt.text)?;
        match row.number {
            Some(n) => {
                ws.write_number_with_format(r, 3, n as f64, &fmt.number)?;
            }
            None => put_wrapped(ws, &mut h, r, 3, "", &fmt.text)?,
        }
        put_wrapped(ws, &mut h, r, 4, &row.before, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 5, &row.after, &fmt.text)?;
        put_wrapped(ws, &mut h, r, 6, &file_name(row.loc.file()), &fmt.text)?;
        put_wrapped(ws, &mut h, r, 7, row.loc.sheet(), &fmt.text)?;
        put_wrapped(ws, &mut h, r, 8, &row.loc.cell(), &fmt.text)?;
        h.end_row(ws, r)?;
    }
    add_table(
        ws,
        &headers,
        rows.len(),
        tr(lang, "Forandringar", "Changes"),
        fmt,
    )?;
    data_sheet_frame(ws)
}
