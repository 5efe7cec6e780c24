//! *Processlista*: the attachment, one row per process in id order, print-ready.
//!
//! The board's columns (process to verdict) are the print area, A4
//! landscape at 100 %; the status log there is the board's: each line once,
//! without office marks. The rest stays on the sheet beside them. A process
//! taller than a row can be goes on in continuation rows ("2.1.3 (forts.)"),
//! so that no line is cut off, and every row is as tall as its text
//! measures ([`super::measure`]).

use compact_str::CompactString;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::measure::{self, MAX_ROW_LINES, row_height};
use super::{
    Formats, Heights, add_table, file_name, put_date, put_plain, put_text, text_columns, tr,
    unique_headers,
};
use crate::ground::config::Lang;
use crate::ground::names::{STATUS_BY_OFFICE, continued};
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

/// The status log of a process as the office lists hold it: the lines of
/// each row that reports it, the lead office's first, each meeting once
/// (another office's report of the same meeting is left out), the chosen
/// verdict left out (it has its own column). Lines from an office other
/// than the first are marked with the office, "[SoC] Processmöte 3 …": the
/// *Status per förvaltning* column, which `template --from` reads back.
fn marked_lines(tagged: Vec<(Option<CompactString>, String)>) -> Vec<String> {
    tagged
        .into_iter()
        .map(|(office, line)| match office {
            Some(o) => format!("[{o}] {line}"),
            None => line,
        })
        .collect()
}

/// The status log the board reads: [`status_log`] without the office
/// marks (also those of a consolidated workbook read back as a list), and
/// a line that several offices (or months) wrote the same way given once.
pub(crate) fn board_log(model: &Model, p: &Process, lang: Lang) -> Vec<String> {
    board_lines(&tagged_log(model, p, lang))
}

fn board_lines(tagged: &[(Option<CompactString>, String)]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tagged
        .iter()
        .map(|(_, line)| unmarked(line).to_string())
        .filter(|line| seen.insert(fold(line)))
        .collect()
}

/// A status line without the office mark a consolidated workbook gives it:
/// "\[SoC\] Processmöte 3 …" → "Processmöte 3 …".
fn unmarked(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix('[')
        && let Some((tag, text)) = rest.split_once("] ")
        && !tag.is_empty()
        && tag.chars().all(char::is_alphanumeric)
    {
        return text;
    }
    line
}

/// The lines of [`status_log`], each with the office to mark it with.
fn tagged_log(model: &Model, p: &Process, lang: Lang) -> Vec<(Option<CompactString>, String)> {
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
                Some(o) if row.office != first_office => out.push((Some(o.clone()), line)),
                _ => out.push((None, line)),
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

/// The columns the board reads, printed: process to verdict. The others
/// (meetings held, last meeting, sources, the status by office, the
/// offices' own columns) are on the sheet, outside the print area.
const PRINTED: u16 = 9;

/// Column widths, in characters. The printed ones add up to what fits A4
/// landscape at 100 % between the margins, in Excel (145 characters of
/// 7 px) and in LibreOffice (which counts a character a little wider).
const WIDTHS: [f64; 13] = [
    7.0, 16.0, 16.0, 11.0, 35.0, 15.0, 11.0, 13.0, 12.0, 11.0, 11.0, 24.0, 44.0,
];

/// The columns of the responsibility (written as rich text, the lead bold)
/// and of the numbers and dates, which a continuation row leaves empty.
const RESPONSIBILITY: usize = 3;
const PRIORITY: usize = 6;
const HELD: usize = 9;
const LAST: usize = 10;

/// The most lines a row of the sheet is given: a process whose text is
/// taller goes on in continuation rows, so that no cell is cut at Excel's
/// tallest row ([`MAX_ROW_LINES`]). A printed page holds about 30 lines;
/// rows of at most 16 leave no page more than half empty (a row is never
/// split over two pages).
const ROW_LINES: usize = 16;
const _: () = assert!(ROW_LINES < MAX_ROW_LINES);

/// The text of a process's cells in one row of the sheet.
struct SheetRow {
    cells: Vec<String>,
    /// The first row of the process (the continuation rows carry only text).
    first: bool,
    lines: usize,
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
        tr(lang, STATUS_BY_OFFICE[0], STATUS_BY_OFFICE[1]).into(),
    ];
    let fixed = headers.len();
    headers.extend(extras.iter().cloned());
    let headers = unique_headers(headers, lang);
    let mut all_widths = WIDTHS.to_vec();
    all_widths.resize(headers.len(), 24.0);
    text_columns(ws, &all_widths, fmt)?;

    // Every row's text first: the table, written before the data rows (a
    // constant-memory worksheet needs the header row first), counts them.
    let mut rows: Vec<(usize, SheetRow)> = Vec::with_capacity(model.processes.len());
    for (i, p) in model.processes.iter().enumerate() {
        let cells = texts(model, p, lang, &extras, fixed);
        rows.extend(
            split(cells, &all_widths, &p.id, lang)
                .into_iter()
                .map(|r| (i, r)),
        );
    }
    let header_refs: Vec<&str> = headers.iter().map(|h| h.as_str()).collect();
    add_table(ws, &header_refs, rows.len(), "Processlista", fmt)?;
    let mut h = Heights::new(all_widths);
    for (c, header) in headers.iter().enumerate() {
        h.note_as(c as u16, header, true);
    }
    h.end_row(ws, 0)?;

    for (r, (i, row)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        let p = &model.processes[*i];
        for (c, text) in row.cells.iter().enumerate() {
            let c16 = c as u16;
            match c {
                RESPONSIBILITY if row.first => write_responsibility(ws, r, c16, p, fmt)?,
                PRIORITY if row.first => match priority(p, &model.rows) {
                    Some(n) => {
                        ws.write_number_with_format(r, c16, n as f64, &fmt.number)?;
                    }
                    None => put_plain(ws, &mut h, r, c16, text)?,
                },
                HELD if row.first => {
                    ws.write_number_with_format(r, c16, held(model, p).len() as f64, &fmt.number)?;
                }
                LAST if row.first => {
                    if let Some(d) = held(model, p)
                        .iter()
                        .filter_map(|m| m.date(&model.rows))
                        .max_by_key(|d| (d.start, d.end))
                    {
                        put_date(ws, r, c16, &d, lang, fmt)?;
                    }
                }
                _ => put_plain(ws, &mut h, r, c16, text)?,
            }
        }
        h.take();
        if row.lines > 1 {
            ws.set_row_height(r, row_height(row.lines))?;
        }
    }

    ws.set_freeze_panes(1, 1)?;

    // Print: A4 landscape at 100 %, the board's columns, the header row on
    // every page.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_area(0, 0, rows.len() as u32, PRINTED - 1)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_margins(0.3, 0.3, 0.6, 0.6, 0.3, 0.3);
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

/// The meetings of `p` that were held.
fn held<'a>(model: &'a Model, p: &'a Process) -> Vec<&'a crate::model::MergedMeeting> {
    p.meetings
        .iter()
        .filter(|m| m.state(&model.rows) == MeetingState::Held)
        .collect()
}

/// The chosen value of a field, trimmed; empty when no office gave one.
pub(crate) fn chosen_text(model: &Model, c: &Option<crate::model::Chosen>) -> String {
    c.as_ref()
        .map(|c| c.value(&model.rows).text.trim().to_string())
        .unwrap_or_default()
}

/// The activity; the plan's title fills in one no office wrote.
pub(crate) fn activity_text(model: &Model, p: &Process) -> String {
    match (chosen_text(model, &p.activity), &p.plan_title) {
        (a, Some(title)) if a.is_empty() => title.clone(),
        (a, _) => a,
    }
}

/// The priority: 1, 2 or 3, else the text as written.
pub(crate) fn priority_text(model: &Model, p: &Process) -> String {
    match priority(p, &model.rows) {
        Some(n) => n.to_string(),
        None => chosen_text(model, &p.priority),
    }
}

/// The text of every cell of a process's row, by column (numbers and dates
/// as the text that measures them).
fn texts(model: &Model, p: &Process, lang: Lang, extras: &[String], fixed: usize) -> Vec<String> {
    let get = |c: &Option<crate::model::Chosen>| chosen_text(model, c);
    let activity = activity_text(model, p);
    // Both logs from one reading of the rows.
    let tagged = tagged_log(model, p, lang);
    let board = board_lines(&tagged);
    let by_office = marked_lines(tagged);
    let mut cells = vec![
        p.id.to_string(),
        get(&p.need),
        activity,
        responsibility_text(p),
        board.join("\n"),
        get(&p.result),
        priority_text(model, p),
        get(&p.time_plan),
        verdict_text(p, model),
        String::new(),
        String::new(),
        sources(model, p),
        by_office.join("\n"),
    ];
    debug_assert_eq!(cells.len(), fixed);
    for header in extras {
        let mut values: Vec<&str> = Vec::new();
        for &i in &p.rows {
            for (eh, t) in &model.rows[i].extras {
                let v = t.text.trim();
                if eh == header && !v.is_empty() && !values.contains(&v) {
                    values.push(v);
                }
            }
        }
        cells.push(values.join("\n"));
    }
    cells
}

/// A process's cells over as many rows as its tallest cell needs, each row
/// at most [`ROW_LINES`] lines: a cell is broken between its lines (at a
/// line break where one is near, else where the text wraps), and the
/// process cell of each continuation row says "2.1.3 (forts.)".
fn split(cells: Vec<String>, widths: &[f64], id: &str, lang: Lang) -> Vec<SheetRow> {
    let width = |c: usize| widths.get(c).copied().unwrap_or(24.0);
    let lines: Vec<usize> = cells
        .iter()
        .enumerate()
        .map(|(c, t)| measure::lines(t, width(c), c == RESPONSIBILITY))
        .collect();
    let tallest = lines.iter().copied().max().unwrap_or(1);
    if tallest <= ROW_LINES {
        return vec![SheetRow {
            cells,
            first: true,
            lines: tallest,
        }];
    }
    // Each tall cell cut into pieces of at most ROW_LINES wrapped lines.
    let mut pieces: Vec<Vec<(String, usize)>> = Vec::with_capacity(cells.len());
    for (c, text) in cells.into_iter().enumerate() {
        if lines[c] <= ROW_LINES {
            pieces.push(vec![(text, lines[c])]);
            continue;
        }
        let wrapped = measure::wrap(&text, measure::room_px(width(c)), false);
        let mut out = Vec::new();
        let mut at = 0;
        while at < wrapped.len() {
            let mut end = (at + ROW_LINES).min(wrapped.len());
            if end < wrapped.len()
                && let Some(k) = (at + ROW_LINES / 2..end)
                    .rev()
                    .find(|&k| wrapped[k].ends_paragraph())
            {
                end = k + 1;
            }
            let mut piece = String::new();
            // The lines joined as the text had them; the break between two
            // rows is a line break when read back.
            for (k, l) in wrapped[at..end].iter().enumerate() {
                piece.push_str(&l.text);
                if k + 1 < end - at {
                    piece.push_str(l.after);
                }
            }
            out.push((piece, end - at));
            at = end;
        }
        pieces.push(out);
    }
    let n = pieces.iter().map(Vec::len).max().unwrap_or(1);
    (0..n)
        .map(|k| {
            let mut lines = 1;
            let mut cells: Vec<String> = pieces
                .iter_mut()
                .map(|p| match p.get_mut(k) {
                    Some((t, l)) => {
                        lines = lines.max(*l);
                        std::mem::take(t)
                    }
                    None => String::new(),
                })
                .collect();
            if k > 0 {
                cells[0] = continued(id, lang);
                lines = lines.max(measure::lines(&cells[0], width(0), false));
            }
            SheetRow {
                cells,
                first: k == 0,
                lines,
            }
        })
        .collect()
}

/// The responsibility as [`write_responsibility`] writes it, as plain text.
fn responsibility_text(p: &Process) -> String {
    let (lead, others, plain) = responsibility_parts(p);
    match (plain, lead) {
        (Some(t), _) => t,
        (None, None) => others.join(", "),
        (None, Some(l)) if others.is_empty() => l.into(),
        (None, Some(l)) => format!("{l}, {}", others.join(", ")),
    }
}

/// The lead office, the other offices, or the responsibility as the office
/// wrote it when it names no office.
pub(crate) fn responsibility_parts(
    p: &Process,
) -> (Option<CompactString>, Vec<CompactString>, Option<String>) {
    let named: Vec<CompactString> = match &p.responsibility {
        Some(r) if !r.offices.is_empty() => r.offices.clone(),
        Some(r) => return (None, Vec::new(), Some(r.text.text.trim().to_string())),
        None => p.offices.clone(),
    };
    let lead = p
        .responsibility
        .as_ref()
        .and_then(|r| r.lead.clone())
        .or_else(|| p.lead.clone());
    let others = named
        .into_iter()
        .filter(|o| Some(o) != lead.as_ref())
        .collect();
    (lead, others, None)
}

/// The responsibility: the lead office first and bold, then the others.
fn write_responsibility(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    p: &Process,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let (lead, others, plain) = responsibility_parts(p);
    if let Some(t) = plain {
        return put_text(ws, row, col, &t, &fmt.text);
    }
    let others = others.join(", ");
    match lead {
        None => put_text(ws, row, col, &others, &fmt.text),
        Some(l) if others.is_empty() => {
            let bold = fmt.text.clone().set_bold();
            put_text(ws, row, col, &l, &bold)
        }
        Some(l) => {
            let rest = format!(", {others}");
            ws.write_rich_string_with_format(
                row,
                col,
                &[(&fmt.bold, l.as_str()), (&fmt.normal, rest.as_str())],
                &fmt.text,
            )?;
            Ok(())
        }
    }
}
