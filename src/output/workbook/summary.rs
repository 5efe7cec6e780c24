//! *Sammanfattning*: as-of date, sources, totals, by priority and lead office,
//! meetings held per quarter and office (table and chart), findings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use rust_xlsxwriter::{Chart, ChartFont, ChartType, Worksheet, XlsxError};

use super::View;
use super::{Formats, put_day, put_text};
use crate::ground::config::Lang;
use crate::ground::finding::{Code, Severity};
use crate::ground::names::tr;
use crate::model::status::MeetingState;
use crate::model::{Process, priority};

pub(crate) fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => tr(lang, "fel", "error"),
        Severity::Warning => tr(lang, "varning", "warning"),
        Severity::Info => tr(lang, "info", "info"),
    }
}

/// The office a held meeting counts for: the office of an internal meeting,
/// else the process's lead office, else the first office reporting it.
fn meeting_office(
    p: &Process,
    m: &crate::model::MergedMeeting,
    rows: &[crate::model::ProcessRow],
) -> String {
    m.series
        .internal
        .as_deref()
        .or(p.lead.as_deref())
        .or_else(|| m.entries.iter().find_map(|e| e.office(rows)))
        .unwrap_or("?")
        .to_string()
}

/// Held meetings per (year, quarter) and office. Meetings whose date spans
/// more than one quarter (a term, a year) are counted apart.
pub(crate) struct Quarters {
    pub offices: Vec<String>,
    pub rows: BTreeMap<(i32, u32), BTreeMap<String, u32>>,
    pub undated: u32,
}

pub(crate) fn quarters(run: &View<'_>) -> Quarters {
    let mut offices = BTreeSet::new();
    let mut rows: BTreeMap<(i32, u32), BTreeMap<String, u32>> = BTreeMap::new();
    let mut undated = 0;
    let model_rows = &run.model.rows;
    for p in &run.model.processes {
        for m in p
            .meetings
            .iter()
            .filter(|m| m.state(model_rows) == MeetingState::Held)
        {
            let q = m.date(model_rows).and_then(|d| {
                let q0 = (d.start.year(), (d.start.month() - 1) / 3 + 1);
                let q1 = (d.end.year(), (d.end.month() - 1) / 3 + 1);
                (q0 == q1).then_some(q0)
            });
            match q {
                Some(q) => {
                    let o = meeting_office(p, m, model_rows);
                    offices.insert(o.clone());
                    *rows.entry(q).or_default().entry(o).or_default() += 1;
                }
                None => undated += 1,
            }
        }
    }
    Quarters {
        offices: offices.into_iter().collect(),
        rows,
        undated,
    }
}

struct Cursor<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    fmt: &'a Formats,
}

impl Cursor<'_> {
    fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.ws
            .write_string_with_format(self.row, 0, text, &self.fmt.heading)?;
        self.row += 1;
        Ok(())
    }

    fn header(&mut self, cols: &[&str]) -> Result<(), XlsxError> {
        for (c, h) in cols.iter().enumerate() {
            put_text(self.ws, self.row, c as u16, h, &self.fmt.header)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A label and a count.
    fn count(&mut self, label: &str, n: usize) -> Result<(), XlsxError> {
        put_text(self.ws, self.row, 0, label, &self.fmt.text)?;
        self.ws
            .write_number_with_format(self.row, 1, n as f64, &self.fmt.number)?;
        self.row += 1;
        Ok(())
    }
}

pub(crate) fn write(
    ws: &mut Worksheet,
    run: &View<'_>,
    lang: Lang,
    fmt: &Formats,
    sheet_name: &str,
) -> Result<(), XlsxError> {
    let model = &run.model;
    let sum = crate::output::report::summary_of(run.model, run.findings);
    let yymmdd = model.as_of.format("%y%m%d").to_string();
    ws.set_column_width(0, 46)?;
    ws.set_column_range_width(1, 9, 12)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);

    ws.write_string_with_format(
        0,
        0,
        tr(
            lang,
            "Processlista – sammanställning",
            "Process list – consolidation",
        ),
        &fmt.title,
    )?;
    put_text(ws, 1, 0, tr(lang, "Per datum", "As of"), &fmt.bold)?;
    put_day(ws, 1, 1, model.as_of, fmt)?;
    let mut cur = Cursor { ws, row: 2, fmt };

    // Sources.
    cur.heading(tr(lang, "Källor", "Sources"))?;
    cur.header(&[
        tr(lang, "Fil", "File"),
        tr(lang, "Förvaltning", "Office"),
        tr(lang, "Flikar", "Sheets"),
        tr(lang, "Processer", "Processes"),
        tr(lang, "Händelser", "Events"),
        tr(lang, "Fel", "Errors"),
        tr(lang, "Varningar", "Warnings"),
        tr(lang, "Info", "Info"),
        tr(lang, "Status", "Status"),
    ])?;
    for s in &model.sources {
        let r = cur.row;
        put_text(cur.ws, r, 0, &s.file, &fmt.text)?;
        put_text(cur.ws, r, 1, s.office.as_deref().unwrap_or(""), &fmt.text)?;
        let sheets: Vec<&str> = s.sheets.iter().map(|x| x.name.as_str()).collect();
        put_text(cur.ws, r, 2, &sheets.join(", "), &fmt.text)?;
        let processes: usize = s.sheets.iter().map(|x| x.processes).sum();
        let events: usize = s.sheets.iter().map(|x| x.events).sum();
        let sev = crate::output::report::by_severity(
            run.findings.iter().filter(|f| *f.source.file() == *s.file),
        );
        let counts = [processes, events, sev["error"], sev["warning"], sev["info"]];
        for (i, n) in counts.iter().enumerate() {
            cur.ws
                .write_number_with_format(r, 3 + i as u16, *n as f64, &fmt.number)?;
        }
        match &s.error {
            Some(reason) => put_text(
                cur.ws,
                r,
                8,
                &match lang {
                    Lang::Sv => format!(
                        "kunde inte läsas: {}",
                        crate::ground::messages::reason_sv(reason)
                    ),
                    Lang::En => format!("unreadable: {reason}"),
                },
                &fmt.error,
            )?,
            None => put_text(cur.ws, r, 8, tr(lang, "läst", "read"), &fmt.text)?,
        }
        cur.row += 1;
    }
    // The files skipped in the input folders, each with its reason, on one
    // line (not wrapped: the reason runs on into the empty cells beside it).
    for s in &model.skipped {
        let r = cur.row;
        put_text(cur.ws, r, 0, &s.file, &fmt.text)?;
        put_text(
            cur.ws,
            r,
            8,
            &format!(
                "{}: {}",
                tr(lang, "hoppades över", "skipped"),
                s.reason.text(lang)
            ),
            &fmt.normal,
        )?;
        cur.row += 1;
    }
    if model.sources.is_empty() {
        put_text(
            cur.ws,
            cur.row,
            0,
            tr(lang, "Inga källor", "No sources"),
            &fmt.text,
        )?;
        cur.row += 1;
    }

    // Processes and verdicts. The chart of meetings goes to the right of
    // this and the next sections, which use columns A–C only.
    let chart_row = cur.row + 1;
    cur.heading(tr(lang, "Processer", "Processes"))?;
    cur.count(
        tr(lang, "Processer totalt", "Processes in total"),
        sum.processes,
    )?;
    let v = &sum.verdicts;
    let lines = match lang {
        Lang::Sv => [
            format!("Slutförda per {yymmdd}: {} st", v.completed),
            format!("Fortsatt behov av processledning: {} st", v.continuing),
            format!("Utan ställningstagande: {} st", v.missing),
        ],
        Lang::En => [
            format!("Completed as of {yymmdd}: {}", v.completed),
            format!("Continuing need of process management: {}", v.continuing),
            format!("No verdict: {}", v.missing),
        ],
    };
    for (line, n) in lines.iter().zip([v.completed, v.continuing, v.missing]) {
        cur.count(line, n)?;
    }
    let without: Vec<&str> = model
        .processes
        .iter()
        .filter(|p| {
            !matches!(
                p.verdict.as_ref().map(|x| x.verdict.outcome),
                Some(
                    crate::model::status::Outcome::Completed
                        | crate::model::status::Outcome::Continuing
                )
            )
        })
        .map(|p| p.id.as_str())
        .collect();
    if !without.is_empty() {
        // The ids beside the count, overflowing to the right.
        put_text(cur.ws, cur.row - 1, 2, &without.join(", "), &fmt.normal)?;
    }
    let m = &sum.meetings;
    cur.count(tr(lang, "Genomförda möten", "Meetings held"), m.held)?;
    cur.count(tr(lang, "Bokade möten", "Meetings booked"), m.booked)?;
    cur.count(
        tr(lang, "Inställda möten", "Meetings cancelled"),
        m.cancelled,
    )?;

    // By priority.
    cur.heading(tr(lang, "Per prioritering", "By priority"))?;
    cur.header(&[
        tr(lang, "Prioritering", "Priority"),
        tr(lang, "Processer", "Processes"),
    ])?;
    let mut by_prio = [0usize; 4];
    for p in &model.processes {
        by_prio[priority(p, &model.rows).map_or(0, |n| n as usize)] += 1;
    }
    for (n, count) in by_prio.iter().enumerate().skip(1) {
        cur.count(&n.to_string(), *count)?;
    }
    cur.count(
        tr(lang, "Saknas eller ogiltig", "Missing or invalid"),
        by_prio[0],
    )?;

    // By lead office.
    cur.heading(tr(lang, "Per huvudansvarig förvaltning", "By lead office"))?;
    cur.header(&[
        tr(lang, "Förvaltning", "Office"),
        tr(lang, "Processer", "Processes"),
    ])?;
    let mut by_lead: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for p in &model.processes {
        *by_lead.entry(p.lead.as_deref()).or_default() += 1;
    }
    for (lead, n) in by_lead.iter().filter(|(l, _)| l.is_some()) {
        cur.count(lead.unwrap_or(""), *n)?;
    }
    if let Some(n) = by_lead.get(&None) {
        cur.count(tr(lang, "Ingen angiven", "None given"), *n)?;
    }

    // Meetings held per quarter and office.
    cur.heading(tr(
        lang,
        "Genomförda möten per kvartal och förvaltning",
        "Meetings held per quarter and office",
    ))?;
    let q = quarters(run);
    if q.rows.is_empty() {
        put_text(
            cur.ws,
            cur.row,
            0,
            tr(
                lang,
                "Inga daterade genomförda möten",
                "No dated meetings held",
            ),
            &fmt.text,
        )?;
        cur.row += 1;
    } else {
        let mut head: Vec<&str> = vec![tr(lang, "Kvartal", "Quarter")];
        head.extend(q.offices.iter().map(String::as_str));
        head.push(tr(lang, "Totalt", "Total"));
        let first = cur.row;
        cur.header(&head)?;
        for ((year, quarter), counts) in &q.rows {
            let r = cur.row;
            let label = match lang {
                Lang::Sv => format!("{year} kv{quarter}"),
                Lang::En => format!("{year} Q{quarter}"),
            };
            put_text(cur.ws, r, 0, &label, &fmt.text)?;
            let mut total = 0;
            for (i, o) in q.offices.iter().enumerate() {
                let n = counts.get(o).copied().unwrap_or(0);
                total += n;
                cur.ws
                    .write_number_with_format(r, 1 + i as u16, n as f64, &fmt.number)?;
            }
            cur.ws.write_number_with_format(
                r,
                1 + q.offices.len() as u16,
                total as f64,
                &fmt.number,
            )?;
            cur.row += 1;
        }
        let last = cur.row - 1;
        if q.undated > 0 {
            cur.count(
                tr(
                    lang,
                    "Genomförda möten utan kvartal (termin, år eller inget datum)",
                    "Meetings held without a quarter (term, year or no date)",
                ),
                q.undated as usize,
            )?;
        }
        let mut chart = Chart::new(ChartType::ColumnStacked);
        for (i, o) in q.offices.iter().enumerate() {
            let col = 1 + i as u16;
            chart
                .add_series()
                .set_name(o.as_str())
                .set_categories((sheet_name, first + 1, 0, last, 0))
                .set_values((sheet_name, first + 1, col, last, col))
                .set_gap(60);
        }
        chart
            .title()
            .set_name(tr(
                lang,
                "Genomförda möten per kvartal",
                "Meetings held per quarter",
            ))
            .set_font(ChartFont::new().set_size(12).set_bold());
        chart.set_width(620).set_height(340);
        cur.ws.insert_chart(chart_row, 4, &chart)?;
    }

    // Findings.
    cur.heading(tr(
        lang,
        "Avvikelser per allvarlighetsgrad",
        "Findings by severity",
    ))?;
    cur.header(&[
        tr(lang, "Allvarlighet", "Severity"),
        tr(lang, "Antal", "Count"),
    ])?;
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        cur.count(severity_label(s, lang), sum.findings[s.as_str()])?;
    }
    cur.heading(tr(lang, "Avvikelser per kod", "Findings by code"))?;
    cur.header(&[
        tr(lang, "Kod", "Code"),
        tr(lang, "Antal", "Count"),
        tr(lang, "Allvarlighet", "Severity"),
    ])?;
    let mut by_code: BTreeMap<Code, (usize, Severity)> = BTreeMap::new();
    for f in run.findings {
        let e = by_code.entry(f.code).or_insert((0, f.severity));
        e.0 += 1;
        e.1 = e.1.min(f.severity);
    }
    for (code, (n, sev)) in &by_code {
        let r = cur.row;
        cur.count(code.as_str(), *n)?;
        put_text(cur.ws, r, 2, severity_label(*sev, lang), &fmt.text)?;
    }
    if by_code.is_empty() {
        put_text(
            cur.ws,
            cur.row,
            0,
            tr(lang, "Inga avvikelser", "No findings"),
            &fmt.text,
        )?;
        cur.row += 1;
    }

    // Rows that did not become processes (no valid id): their texts stay in
    // the workbook until the office fixes the id.
    let orphans: Vec<&crate::model::ProcessRow> =
        model.rows.iter().filter(|r| !r.id_valid).collect();
    if !orphans.is_empty() {
        cur.heading(tr(
            lang,
            "Rader utan giltigt processnummer (rättas i källan)",
            "Rows without a valid process id (fix at the source)",
        ))?;
        cur.header(&[
            tr(lang, "Fil", "File"),
            tr(lang, "Cell", "Cell"),
            tr(lang, "Innehåll", "Content"),
        ])?;
        for row in orphans {
            let file = &model.sources[row.source].file;
            let r = cur.row;
            put_text(cur.ws, r, 0, &super::file_name(file), &fmt.text)?;
            put_text(cur.ws, r, 1, &row.anchor(file).short(), &fmt.text)?;
            // The content wraps across the table's width (C–I), so that the
            // sheet still prints one page wide; the row grows to fit it.
            let content = row_texts(row).join(" | ");
            let content = super::cell_text(&content);
            cur.ws.merge_range(r, 2, r, 8, &content, &fmt.text)?;
            let lines = (content.chars().count() / 95 + 1).min(400) as f64;
            cur.ws.set_row_height(r, 15.0 * lines)?;
            cur.row += 1;
        }
    }

    // The sources' title lines (and any text outside a table), so that no
    // input cell is lost from the workbook.
    let titles: Vec<(&str, &crate::model::Text)> = model
        .sources
        .iter()
        .flat_map(|s| s.title.iter().map(move |t| (s.file.as_str(), t)))
        .collect();
    if !titles.is_empty() {
        cur.heading(tr(
            lang,
            "Rubrikrader och text utanför listorna",
            "Title lines and text outside the lists",
        ))?;
        cur.header(&[
            tr(lang, "Fil", "File"),
            tr(lang, "Cell", "Cell"),
            tr(lang, "Text", "Text"),
        ])?;
        for (file, t) in titles {
            let r = cur.row;
            put_text(cur.ws, r, 0, &super::file_name(file), &fmt.normal)?;
            put_text(cur.ws, r, 1, &t.loc.short(), &fmt.normal)?;
            put_text(cur.ws, r, 2, &t.text.replace('\n', " / "), &fmt.normal)?;
            cur.row += 1;
        }
    }
    Ok(())
}

/// Every text a row holds, in column order of the list: id, fields, status
/// lines, verdicts and extra columns.
fn row_texts(row: &crate::model::ProcessRow) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: Option<&crate::model::Text>| {
        if let Some(t) = t.filter(|t| !t.text.trim().is_empty()) {
            out.push(t.text.replace('\n', " / "));
        }
    };
    push(row.id_text.as_ref());
    push(row.need.as_ref());
    push(row.activity.as_ref());
    push(row.responsibility.as_ref().map(|r| &r.text));
    let status: Vec<&str> = row.status.iter().map(|e| e.line.text()).collect();
    let status_text;
    if !status.is_empty() {
        status_text = crate::model::Text {
            text: status.join(" / ").into(),
            loc: Default::default(),
        };
        push(Some(&status_text));
    }
    push(row.result.as_ref());
    push(row.priority.as_ref());
    push(row.time_plan.as_ref());
    for v in &row.verdicts {
        push(Some(&v.text));
    }
    for (_, t) in &row.extras {
        push(Some(t));
    }
    out
}
