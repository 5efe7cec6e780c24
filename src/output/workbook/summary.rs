//! *Sammanfattning*: as-of date, sources, totals, by priority and lead office,
//! meetings held per quarter and office (table and chart), findings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use rust_xlsxwriter::{Chart, ChartFont, ChartType, Worksheet, XlsxError};

use super::View;
use super::{Formats, measure, put_day, put_text};
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
    /// The rows given a height of their own, in points.
    heights: BTreeMap<u32, f64>,
    /// The first row of each part that should not be split over two
    /// printed pages (a heading and its table).
    parts: Vec<u32>,
}

/// The column widths, in characters: the file names, then the counts. They
/// add up to what prints on A4 landscape at 100 %.
const WIDTHS: [f64; 9] = [38.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0];

/// The height of a printed page's body, in points: A4 landscape (595 pt)
/// less rust_xlsxwriter's default top and bottom margins (0.75 in each).
const PAGE_PT: f64 = 595.0 - 2.0 * 54.0;

impl Cursor<'_> {
    /// Gives row `r` the height its texts need (by column), if more than a line.
    fn fit(&mut self, r: u32, texts: &[(u16, &str)]) -> Result<(), XlsxError> {
        let lines = texts
            .iter()
            .map(|(c, t)| measure::lines(t, WIDTHS[*c as usize], false))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            let h = measure::row_height(lines);
            self.ws.set_row_height(r, h)?;
            self.heights.insert(r, h);
        }
        Ok(())
    }

    /// Starts a part that prints on one page when it fits on one.
    fn part(&mut self) {
        self.parts.push(self.row + 1);
    }

    /// Page breaks before each part that would run over the end of a page
    /// and fits on a fresh one.
    fn page_breaks(&mut self) -> Result<(), XlsxError> {
        // Every row its height: LibreOffice would give the rows without one
        // its own (12.8 pt), and print the pages otherwise than Excel.
        for r in 0..self.row {
            if !self.heights.contains_key(&r) {
                self.ws.set_row_height(r, measure::LINE_PT)?;
            }
        }
        let height = |r: u32| self.heights.get(&r).copied().unwrap_or(measure::LINE_PT);
        let mut ends: Vec<u32> = self.parts.iter().skip(1).copied().collect();
        ends.push(self.row);
        let mut breaks = Vec::new();
        // The rows above the first part (the title) are on the first page.
        let mut used: f64 = (0..self.parts.first().copied().unwrap_or(0))
            .map(height)
            .sum();
        for (&start, &end) in self.parts.iter().zip(&ends) {
            let h: f64 = (start..end).map(height).sum();
            if used + h > PAGE_PT && used > 0.0 && h <= PAGE_PT {
                breaks.push(start);
                used = 0.0;
            }
            used = (used + h) % PAGE_PT;
        }
        if !breaks.is_empty() {
            self.ws.set_page_breaks(&breaks)?;
        }
        Ok(())
    }

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
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
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
    let mut cur = Cursor {
        ws,
        row: 2,
        fmt,
        heights: BTreeMap::new(),
        parts: Vec::new(),
    };

    // Sources.
    cur.part();
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
        let sheets = sheets.join(", ");
        put_text(cur.ws, r, 2, &sheets, &fmt.text)?;
        let office = s.office.as_deref().unwrap_or("");
        cur.fit(r, &[(0, &s.file), (1, office), (2, &sheets)])?;
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
        cur.fit(r, &[(0, &s.file)])?;
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
    // This and the next part print on one page with the chart.
    let chart_row = cur.row + 1;
    cur.part();
    cur.heading(tr(lang, "Processer", "Processes"))?;
    cur.count(
        tr(lang, "Processer totalt", "Processes in total"),
        sum.processes,
    )?;
    let v = &sum.verdicts;
    let lines = match lang {
        Lang::Sv => [
            format!("Slutförda per {yymmdd}"),
            "Fortsatt behov av processledning".to_string(),
            "Utan ställningstagande".to_string(),
        ],
        Lang::En => [
            format!("Completed as of {yymmdd}"),
            "Continuing need of process management".to_string(),
            "No verdict".to_string(),
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

    // By lead office. (The chart reaches about as far as the table above.)
    cur.part();
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
    cur.part();
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
        // As tall as the two tables beside it (15 rows of 15 pt), which
        // print on one page with it.
        chart.set_width(620).set_height(300);
        cur.ws.insert_chart(chart_row, 4, &chart)?;
    }

    // Findings.
    cur.part();
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
    cur.part();
    cur.heading(tr(lang, "Avvikelser per kod", "Findings by code"))?;
    cur.header(&[
        tr(lang, "Avvikelse", "Finding"),
        tr(lang, "Antal", "Count"),
        tr(lang, "Allvarlighet", "Severity"),
        tr(lang, "Kod", "Code"),
    ])?;
    let mut by_code: BTreeMap<Code, (usize, Severity)> = BTreeMap::new();
    for f in run.findings {
        let e = by_code.entry(f.code).or_insert((0, f.severity));
        e.0 += 1;
        e.1 = e.1.min(f.severity);
    }
    for (code, (n, sev)) in &by_code {
        let r = cur.row;
        cur.count(code.label(lang), *n)?;
        put_text(cur.ws, r, 2, severity_label(*sev, lang), &fmt.text)?;
        put_text(cur.ws, r, 3, code.as_str(), &fmt.normal)?;
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
        cur.part();
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
            put_text(cur.ws, r, 1, &row.anchor(file).describe(lang), &fmt.text)?;
            // The content wraps across the table's width (C–I), so that the
            // sheet still prints one page wide; the row grows to fit it.
            let content = row_texts(row).join(" | ");
            let content = super::cell_text(&content);
            cur.ws.merge_range(r, 2, r, 8, &content, &fmt.text)?;
            // The merged cell is as wide as its columns and the 5 px
            // between each two.
            let width = WIDTHS[2..].iter().sum::<f64>() + 6.0 * 5.0 / 7.0;
            let lines = measure::lines(&content, width, false);
            if lines > 1 {
                let h = measure::row_height(lines);
                cur.ws.set_row_height(r, h)?;
                cur.heights.insert(r, h);
            }
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
        cur.part();
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
            put_text(cur.ws, r, 1, &t.loc.describe(lang), &fmt.normal)?;
            put_text(cur.ws, r, 2, &t.text.replace('\n', " / "), &fmt.normal)?;
            cur.row += 1;
        }
    }
    cur.page_breaks()
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
