//! *Processlista*: the attachment, one row per process in id order, print-ready.

use compact_str::CompactString;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{
    Formats, Heights, add_table, file_name, put_date, put_plain, put_text, text_columns, tr,
    unique_headers,
};
use crate::ground::config::Lang;
use crate::ground::text::fold;
use crate::model::status::{LineKind, MeetingState};
use crate::model::{EntryRef, Model, Process, StatusEntry};
use crate::model::{priority, verdict_text};

/// A status line with its date token replaced by the normalised date
/// ("Processmöte 5 genomfört 221018" → "Processmöte 5 genomfört 2022-10-18").
/// A date that is not in the text (a long-layout date column) is appended.
pub(crate) fn normalized_line(e: &StatusEntry, lang: Lang) -> String {
    let text = e.line.text().trim();
    match &e.line.date() {
        None => text.to_string(),
        Some(d) => {
            let norm = d.normalized(lang);
            if !d.text.is_empty() && text.contains(d.text.as_str()) {
                text.replacen(d.text.as_str(), &norm, 1)
            } else if text.contains(&norm) {
                text.to_string()
            } else if text.is_empty() {
                norm
            } else {
                format!("{text} {norm}")
            }
        }
    }
}

/// The status log of a process: the lines of each row that reports it, the
/// lead office's first, each meeting once (another office's report of the same
/// meeting is left out), the chosen verdict left out (it has its own column).
/// Lines from an office other than the first are marked with the office.
pub(crate) fn status_log(model: &Model, p: &Process, lang: Lang) -> Vec<String> {
    // Other offices' reports of a meeting, by where they are held.
    let mut skip: Vec<EntryRef> = p
        .meetings
        .iter()
        .flat_map(|m| m.entries.iter().skip(1).copied())
        .collect();
    skip.sort_unstable();
    let mut order = p.rows.clone();
    order.sort_by_key(|&i| {
        let office = &model.rows[i].office;
        (office.is_none() || *office != p.lead, i)
    });
    let first_office = order.first().and_then(|&i| model.rows[i].office.clone());
    let verdict = p.verdict.as_ref().map(|v| fold(&v.text.text));
    let mut out = Vec::new();
    for &i in &order {
        let row = &model.rows[i];
        for (j, e) in row.status.iter().enumerate() {
            let at = EntryRef {
                row: i as u32,
                line: j as u32,
            };
            if skip.binary_search(&at).is_ok() {
                continue;
            }
            if matches!(e.line.kind, LineKind::Verdict(_))
                && verdict.as_deref() == Some(fold(e.line.text()).as_str())
            {
                continue;
            }
            let line = normalized_line(e, lang);
            if line.is_empty() {
                continue;
            }
            match &row.office {
                Some(o) if row.office != first_office => out.push(format!("[{o}] {line}")),
                _ => out.push(line),
            }
        }
    }
    out
}

/// The extra columns the offices added, in order of first appearance.
pub(crate) fn extra_headers(model: &Model) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &model.rows {
        for (h, _) in &r.extras {
            if !out.contains(h) {
                out.push(h.clone());
            }
        }
    }
    out
}

fn sources(model: &Model, p: &Process) -> String {
    let mut out: Vec<String> = Vec::new();
    for &i in &p.rows {
        let r = &model.rows[i];
        let file = file_name(&model.sources[r.source].file);
        let s = match &r.office {
            Some(o) => format!("{o}: {file} ({})", r.sheet),
            None => format!("{file} ({})", r.sheet),
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out.join("\n")
}

pub(crate) fn write(
    ws: &mut Worksheet,
    model: &Model,
    lang: Lang,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let as_of = model.as_of;
    let extras = extra_headers(model);
    let mut headers: Vec<String> = vec![
        "Process".into(),
        tr(lang, "Åtgärdsbehov", "Need").into(),
        tr(lang, "Aktivitet", "Activity").into(),
        tr(lang, "Ansvar", "Responsibility").into(),
        tr(lang, "Status", "Status log").into(),
        tr(lang, "Resultat – målbild", "Result – goal").into(),
        tr(lang, "Prioritering", "Priority").into(),
        tr(lang, "Tidsplanering", "Time plan").into(),
        match lang {
            Lang::Sv => format!("Status {}", as_of.format("%y%m%d")),
            Lang::En => format!("Verdict {}", as_of.format("%Y-%m-%d")),
        },
        tr(lang, "Genomförda möten", "Meetings held").into(),
        tr(lang, "Senaste möte", "Last meeting").into(),
        tr(lang, "Källor", "Sources").into(),
    ];
    let fixed = headers.len();
    headers.extend(extras.iter().cloned());
    let headers = unique_headers(headers, lang);
    let widths = [
        9.0, 26.0, 26.0, 16.0, 44.0, 24.0, 12.0, 13.0, 18.0, 11.0, 11.0, 20.0,
    ];
    let mut all_widths = widths.to_vec();
    all_widths.resize(headers.len(), 24.0);
    text_columns(ws, &all_widths, fmt)?;
    // The table first: it writes the header row, which in a constant-memory
    // worksheet must come before the data rows.
    let header_refs: Vec<&str> = headers.iter().map(|h| h.as_str()).collect();
    add_table(ws, &header_refs, model.processes.len(), "Processlista", fmt)?;
    let mut h = Heights::new(all_widths);
    for (c, header) in headers.iter().enumerate() {
        h.note(c as u16, header);
    }
    h.end_row(ws, 0)?;

    for (r, p) in model.processes.iter().enumerate() {
        let r = r as u32 + 1;
        let get = |c: &Option<crate::model::Chosen>| {
            c.as_ref()
                .map(|c| c.value(&model.rows).text.trim().to_string())
                .unwrap_or_default()
        };
        put_plain(ws, &mut h, r, 0, &p.id)?;
        put_plain(ws, &mut h, r, 1, &get(&p.need))?;
        // The plan's title fills in an activity no office wrote.
        let activity = match (get(&p.activity), &p.plan_title) {
            (a, Some(title)) if a.is_empty() => title.clone(),
            (a, _) => a,
        };
        put_plain(ws, &mut h, r, 2, &activity)?;
        h.note(3, &write_responsibility(ws, r, 3, p, fmt)?);
        put_plain(ws, &mut h, r, 4, &status_log(model, p, lang).join("\n"))?;
        put_plain(ws, &mut h, r, 5, &get(&p.result))?;
        match priority(p, &model.rows) {
            Some(n) => {
                ws.write_number_with_format(r, 6, n as f64, &fmt.number)?;
            }
            None => put_plain(ws, &mut h, r, 6, &get(&p.priority))?,
        }
        put_plain(ws, &mut h, r, 7, &get(&p.time_plan))?;
        put_plain(ws, &mut h, r, 8, &verdict_text(p, model))?;
        let held: Vec<_> = p
            .meetings
            .iter()
            .filter(|m| m.state(&model.rows) == MeetingState::Held)
            .collect();
        ws.write_number_with_format(r, 9, held.len() as f64, &fmt.number)?;
        match held
            .iter()
            .filter_map(|m| m.date(&model.rows))
            .max_by_key(|d| (d.start, d.end))
        {
            Some(d) => put_date(ws, r, 10, &d, lang, fmt)?,
            None => put_plain(ws, &mut h, r, 10, "")?,
        }
        put_plain(ws, &mut h, r, 11, &sources(model, p))?;
        for (k, header) in extras.iter().enumerate() {
            let mut values: Vec<&str> = Vec::new();
            for &i in &p.rows {
                for (eh, t) in &model.rows[i].extras {
                    let v = t.text.trim();
                    if eh == header && !v.is_empty() && !values.contains(&v) {
                        values.push(v);
                    }
                }
            }
            put_plain(ws, &mut h, r, (fixed + k) as u16, &values.join("\n"))?;
        }
        h.end_row(ws, r)?;
    }

    ws.set_freeze_panes(1, 1)?;

    // Print: A4 landscape, one page wide, the header row on every page.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    let header = match lang {
        Lang::Sv => format!(
            "&C&\"-,Bold\"Bilaga – Processlista daterad {}",
            as_of.format("%Y-%m-%d")
        ),
        Lang::En => format!(
            "&C&\"-,Bold\"Attachment – Process list dated {}",
            as_of.format("%Y-%m-%d")
        ),
    };
    ws.set_header(header);
    ws.set_footer(tr(lang, "&CSida &P av &N", "&CPage &P of &N"));
    Ok(())
}

/// The responsibility: the lead office first and bold, then the others.
fn write_responsibility(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    p: &Process,
    fmt: &Formats,
) -> Result<String, XlsxError> {
    let named: Vec<CompactString> = match &p.responsibility {
        Some(r) if !r.offices.is_empty() => r.offices.clone(),
        Some(r) => {
            let t = r.text.text.trim().to_string();
            put_text(ws, row, col, &t, &fmt.text)?;
            return Ok(t);
        }
        None => p.offices.clone(),
    };
    let lead = p
        .responsibility
        .as_ref()
        .and_then(|r| r.lead.clone())
        .or_else(|| p.lead.clone());
    let others: Vec<&str> = named
        .iter()
        .filter(|o| Some(*o) != lead.as_ref())
        .map(CompactString::as_str)
        .collect();
    match lead {
        None => {
            let t = others.join(", ");
            put_text(ws, row, col, &t, &fmt.text)?;
            Ok(t)
        }
        Some(l) if others.is_empty() => {
            let bold = fmt.text.clone().set_bold();
            put_text(ws, row, col, &l, &bold)?;
            Ok(l.into())
        }
        Some(l) => {
            let rest = format!(", {}", others.join(", "));
            ws.write_rich_string_with_format(
                row,
                col,
                &[(&fmt.bold, l.as_str()), (&fmt.normal, rest.as_str())],
                &fmt.text,
            )?;
            Ok(format!("{l}{rest}"))
        }
    }
}
