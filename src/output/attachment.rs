//! The attachment as the board receives it (SPEC §8): a Word document, "Bilaga
//! – KSON Processlista", written with docx-rs.
//!
//! A title block (the title, the plan's name when a list gives it), the count
//! line "18 processer KSON daterad 231231", then for each process, in id
//! order, a two-column table in the seed's shape — "Åtgärdsbehov N process
//! 2.1.3" with the responsibility line ("Ansvar delas med **SoC** och KSON",
//! the lead first and bold) | "Aktivitet N"; the need | the activity; the
//! status log (each line once, dates as the offices wrote them normalised)
//! and the verdict line | "Resultat – målbild" and the result; "Prioritering
//! N"; "Tidsplanering …" — and after the last process the totals, computed
//! from the data. A4 portrait, the title in the page header, "Sida N av M"
//! in the footer, Word's own style names (Title, Heading 2, Table Grid) so
//! that the coordinator can restyle it. The same run gives the same bytes:
//! the document's dates are the as-of date.
//!
//! ```no_run
//! use processlista::{config::Config, output::attachment, Options};
//! let opts = Options::new(vec!["listor/2023-12".into()], Config::default());
//! let run = processlista::run(&opts).unwrap();
//! let doc = attachment::Attachment { office: Some("KSON".into()), title: None };
//! std::fs::write("bilaga.docx", attachment::docx_bytes(&run, &doc, opts.config.lang).unwrap()).unwrap();
//! ```

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, NumPages, PageMargin, PageNum, Paragraph,
    Run as DocRun, RunFonts, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::ground::Error;
use crate::ground::config::Lang;
use crate::ground::names::tr;
use crate::model::status::Outcome;
use crate::model::{Model, Process, Run, verdict_text};
use crate::output::workbook::processes::{
    activity_text, board_log, chosen_text, priority_text, responsibility_parts,
};

/// What the attachment is for.
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    /// One office's attachment: the processes it takes part in.
    pub office: Option<String>,
    /// The title; default "Bilaga – KSON Processlista" (or without office).
    pub title: Option<String>,
}

/// The custom document property that marks an attachment this tool wrote
/// (`output::overwrite` reads it before replacing a file).
pub use crate::ground::names::ATTACHMENT_MARK as MARK;

/// The processes of the attachment: all, or those `office` takes part in
/// (it reports them, or the responsibility names it).
pub fn processes<'a>(model: &'a Model, office: Option<&str>) -> Vec<&'a Process> {
    model
        .processes
        .iter()
        .filter(|p| match office {
            None => true,
            Some(o) => {
                p.offices.iter().any(|x| x == o)
                    || p.responsibility
                        .as_ref()
                        .is_some_and(|r| r.offices.iter().any(|x| x == o))
            }
        })
        .collect()
}

/// The title: `--title`, else "Bilaga – KSON Processlista".
fn title(doc: &Attachment, lang: Lang) -> String {
    if let Some(t) = &doc.title {
        return t.clone();
    }
    match (&doc.office, lang) {
        (Some(o), Lang::Sv) => format!("Bilaga – {o} Processlista"),
        (Some(o), Lang::En) => format!("Attachment – {o} process list"),
        (None, Lang::Sv) => "Bilaga – Processlista".into(),
        (None, Lang::En) => "Attachment – Process list".into(),
    }
}

/// The plan's name, when a list's title lines give it ("Handlingsplan
/// Tillsammans för psykisk hälsa").
fn plan_name(model: &Model) -> Option<String> {
    model
        .sources
        .iter()
        .flat_map(|s| s.title.iter())
        .map(|t| t.text.trim())
        .find(|t| t.to_lowercase().starts_with("handlingsplan"))
        .map(str::to_string)
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(DocRun::new().add_text(t))
}

fn bold(t: &str) -> Paragraph {
    Paragraph::new().add_run(DocRun::new().add_text(t).bold())
}

/// A cell of the process table, `width` twentieths of a point wide. Its
/// paragraphs keep with the next (but in the last row), so that a table
/// that fits on a page is not split over two.
fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p.keep_next(true));
    }
    c
}

/// [`cell`] for the last row: its paragraphs end the table's keeping.
fn last_cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// A piece of a line, bold or not.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

fn span(text: &str, bold: bool) -> Span {
    Span {
        text: text.to_string(),
        bold,
    }
}

/// One process's table as the attachment sets it: what the Word document
/// and the web page's preview both show.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    pub id: String,
    /// "Åtgärdsbehov 3 process 2.1.3".
    pub heading: String,
    /// "Ansvar delas med **SoC** och KSON": the lead bold.
    pub responsibility: Vec<Span>,
    /// "Aktivitet 3".
    pub activity_heading: String,
    pub need: String,
    pub activity: String,
    /// The status log, one line each.
    pub status: Vec<String>,
    /// The verdict line, set in bold under the log.
    pub verdict: Option<String>,
    /// "Resultat – målbild".
    pub result_heading: String,
    pub result: String,
    /// "Prioritering 1".
    pub priority: String,
    /// "Tidsplanering 2023–2024".
    pub time_plan: String,
}

/// The whole attachment's content: the title block, the tables and the
/// totals after them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Preview {
    pub title: String,
    /// The plan's name, when a list's title lines give it.
    pub plan: Option<String>,
    /// "18 processer KSON daterad 231231".
    pub count: String,
    pub entries: Vec<Entry>,
    /// The totals' lines, computed from the data.
    pub totals: Vec<String>,
}

/// The responsibility line: "Ansvar delas med **SoC** och KSON, BoU".
fn responsibility(p: &Process, lang: Lang) -> Vec<Span> {
    let (lead, others, plain) = responsibility_parts(p);
    let lead_in = tr(lang, "Ansvar delas med ", "Responsibility shared by ");
    if let Some(t) = plain {
        return vec![span(&format!("{lead_in}{t}"), false)];
    }
    if others.is_empty() {
        // One office alone: "Ansvar KSON", the office bold.
        let alone = tr(lang, "Ansvar ", "Responsibility ");
        return match lead {
            Some(l) => vec![span(alone, false), span(l.as_str(), true)],
            None => vec![span(alone.trim_end(), false)],
        };
    }
    let and = tr(lang, " och ", " and ");
    let list = |names: &[String]| match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    };
    let others: Vec<String> = others.iter().map(|o| o.to_string()).collect();
    let mut line = vec![span(lead_in, false)];
    match lead {
        Some(l) => {
            line.push(span(l.as_str(), true));
            if !others.is_empty() {
                line.push(span(&format!("{and}{}", list(&others)), false));
            }
        }
        None => line.push(span(&list(&others), false)),
    }
    line
}

/// One process's entry, the `n`th of the attachment.
fn entry(model: &Model, p: &Process, n: usize, lang: Lang) -> Entry {
    let get = |c: &Option<crate::model::Chosen>| chosen_text(model, c);
    let verdict = verdict_text(p, model);
    let verdict = (!verdict.is_empty()).then(|| {
        if verdict.to_lowercase().starts_with("status") {
            verdict
        } else {
            format!("Status {}: {verdict}", model.as_of.format("%y%m%d"))
        }
    });
    Entry {
        id: p.id.to_string(),
        heading: match lang {
            Lang::Sv => format!("Åtgärdsbehov {n} process {}", p.id),
            Lang::En => format!("Need {n} process {}", p.id),
        },
        responsibility: responsibility(p, lang),
        activity_heading: match lang {
            Lang::Sv => format!("Aktivitet {n}"),
            Lang::En => format!("Activity {n}"),
        },
        need: get(&p.need),
        activity: activity_text(model, p),
        status: board_log(model, p, lang),
        verdict,
        result_heading: tr(lang, "Resultat – målbild", "Result – goal").to_string(),
        result: get(&p.result),
        priority: format!(
            "{} {}",
            tr(lang, "Prioritering", "Priority"),
            priority_text(model, p)
        ),
        time_plan: format!(
            "{} {}",
            tr(lang, "Tidsplanering", "Time plan"),
            get(&p.time_plan)
        ),
    }
}

/// One process's table.
fn process_table(e: &Entry) -> Table {
    let lines = |t: &str| -> Vec<Paragraph> { t.lines().map(text).collect() };
    let (left, right) = (4819, 4819);
    let mut resp = Paragraph::new();
    for s in &e.responsibility {
        let run = DocRun::new().add_text(s.text.as_str());
        resp = resp.add_run(if s.bold { run.bold() } else { run });
    }
    let head = TableRow::new(vec![
        cell(vec![bold(&e.heading), resp], left),
        cell(vec![bold(&e.activity_heading)], right),
    ]);
    let need = TableRow::new(vec![
        cell(lines(&e.need), left),
        cell(lines(&e.activity), right),
    ]);
    let mut status: Vec<Paragraph> = e.status.iter().map(|l| text(l)).collect();
    if let Some(v) = &e.verdict {
        status.push(bold(v));
    }
    let mut result = vec![bold(&e.result_heading)];
    result.extend(lines(&e.result));
    let log = TableRow::new(vec![cell(status, left), cell(result, right)]);
    let prio = TableRow::new(vec![
        cell(vec![text(&e.priority)], left),
        cell(vec![text("")], right),
    ]);
    let plan = TableRow::new(vec![
        last_cell(vec![text(&e.time_plan)], left),
        last_cell(vec![text("")], right),
    ]);
    Table::new(vec![
        head.cant_split(),
        need,
        log,
        prio.cant_split(),
        plan.cant_split(),
    ])
    .style("TableGrid")
    .set_grid(vec![left, right])
}

/// What the attachment of `run` says, without the Word document around it.
pub fn preview(run: &Run, doc: &Attachment, lang: Lang) -> Preview {
    let model = &run.model;
    let processes = processes(model, doc.office.as_deref());
    let yymmdd = model.as_of.format("%y%m%d").to_string();
    let office = doc
        .office
        .as_deref()
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    let n = processes.len();
    let (mut completed, mut continuing) = (0, 0);
    for p in &processes {
        match p.verdict.as_ref().map(|v| v.verdict.outcome) {
            Some(Outcome::Completed) => completed += 1,
            Some(Outcome::Continuing) => continuing += 1,
            _ => {}
        }
    }
    let whose = doc
        .office
        .as_deref()
        .map(|o| match lang {
            Lang::Sv => format!("{o}:s "),
            Lang::En => format!("{o}'s "),
        })
        .unwrap_or_default();
    let totals = match lang {
        Lang::Sv => vec![
            format!("{whose}{n} processer ser ut enligt nedan"),
            format!("Slutförda per {yymmdd}: {completed} st"),
            format!("Fortsatt behov av processledning: {continuing} st"),
        ],
        Lang::En => vec![
            format!(
                "{}{n} processes stand as follows",
                if whose.is_empty() { "The " } else { &whose }
            ),
            format!("Completed as of {yymmdd}: {completed}"),
            format!("Continuing need of process management: {continuing}"),
        ],
    };
    Preview {
        title: title(doc, lang),
        plan: plan_name(model),
        count: match lang {
            Lang::Sv => format!("{n} processer{office} daterad {yymmdd}"),
            Lang::En => format!("{n} processes{office} dated {yymmdd}"),
        },
        entries: processes
            .iter()
            .enumerate()
            .map(|(i, p)| entry(model, p, i + 1, lang))
            .collect(),
        totals,
    }
}

/// The attachment of `run` as a .docx file's bytes.
pub fn docx_bytes(run: &Run, doc: &Attachment, lang: Lang) -> Result<Vec<u8>, Error> {
    let preview = preview(run, doc, lang);
    let title = preview.title.clone();
    let when = run.model.as_of.format("%Y-%m-%dT00:00:00Z").to_string();

    let mut docx = Docx::new()
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .east_asia("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1134)
                .right(1134)
                .header(567)
                .footer(567),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .size(36)
                .bold(),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .based_on("Normal")
                .size(26)
                .bold(),
        )
        .add_style(Style::new("TableGrid", StyleType::Table).name("Table Grid"))
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(DocRun::new().add_text(title.as_str()).bold()),
            ),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(DocRun::new().add_text(tr(lang, "Sida ", "Page ")))
                    .add_page_num(PageNum::new())
                    .add_run(DocRun::new().add_text(tr(lang, " av ", " of ")))
                    .add_num_pages(NumPages::new()),
            ),
        )
        .created_at(&when)
        .updated_at(&when)
        .custom_property(MARK, env!("CARGO_PKG_VERSION"));

    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(DocRun::new().add_text(title.as_str())),
    );
    if let Some(plan) = &preview.plan {
        docx = docx.add_paragraph(text(plan));
    }
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Heading2")
            .add_run(DocRun::new().add_text(preview.count.as_str())),
    );
    for e in &preview.entries {
        docx = docx.add_table(process_table(e)).add_paragraph(text(""));
    }
    let totals = &preview.totals;
    docx = docx.add_paragraph(
        Paragraph::new().style("Heading2").add_run(
            DocRun::new()
                .add_break(BreakType::TextWrapping)
                .add_text(totals[0].as_str()),
        ),
    );
    for t in &totals[1..] {
        docx = docx.add_paragraph(text(t));
    }

    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| Error::Output {
        path: String::new(),
        message: format!(
            "{}: {e}",
            tr(
                lang,
                "bilagan kunde inte skrivas",
                "the attachment could not be built"
            )
        ),
    })?;
    Ok(out.into_inner())
}
