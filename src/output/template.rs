//! The office template (`processlista template`): an office's process list
//! with the expected columns, drop-down lists, input messages, a locked header
//! row and an instructions sheet, so that errors are prevented where they are
//! typed. With `--from` it is filled from an earlier list, so the office
//! continues where it was.
//!
//! The template is itself a list the reader reads: an empty one holds no
//! process (the example row lives on the instructions sheet, written so that
//! the reader finds no table, no office, no date and no total there), and a
//! filled one reads like any office list.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use crate::ground::Error;
use crate::ground::config::{Config, Lang};
use crate::ground::text::fold;
use crate::model::status::LineKind;
use crate::model::{ProcessRow, StatusEntry};

/// The verdict phrase of a process that goes on.
pub const VERDICT_CONTINUING: &str = "Fortsatt behov av processledning";
/// The verdict phrase of a completed process.
pub const VERDICT_COMPLETED: &str = "Inget behov av fortsatt processledning";

/// Zero-based row of the header on the process sheet (title and a hint above).
pub(crate) const HEADER_ROW: u32 = 2;
/// Zero-based first data row.
pub(crate) const FIRST_DATA_ROW: u32 = 3;
/// Open rows (formatted, validated) after the filled ones.
pub(crate) const OPEN_ROWS: u32 = 300;

/// The columns, in order.
pub(crate) const COLUMNS: usize = 10;
const C_PROCESS: u16 = 0;
const C_PRIORITY: u16 = 6;
const C_VERDICT: u16 = 8;
const C_OFFICE: u16 = 9;

/// How to make the template.
#[derive(Debug, Clone)]
pub struct TemplateOptions {
    /// The office (a code, alias or name the configuration knows).
    pub office: Option<String>,
    pub lang: Lang,
    /// The reporting date: "daterad YYMMDD" in the title and the verdict
    /// column's header "Status YYMMDD".
    pub date: NaiveDate,
    /// An office list or a consolidated workbook to fill the template from.
    pub from: Option<PathBuf>,
}

/// One process row of the template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub need: String,
    pub activity: String,
    pub responsibility: String,
    /// Status lines, original text, one event per line.
    pub status: Vec<String>,
    pub result: String,
    pub priority: String,
    pub time_plan: String,
    /// The verdict phrase.
    pub verdict: String,
    /// Columns the tool does not know, carried over: (header, value).
    pub extras: Vec<(String, String)>,
}

/// What `template` wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub office: Option<String>,
    pub processes: usize,
}

/// Words of the template in one language.
struct Words {
    sheet: &'static str,
    instructions: &'static str,
    title: &'static str,
    dated: &'static str,
    office_placeholder: &'static str,
    hint: &'static str,
    other: &'static str,
    headers: [&'static str; COLUMNS],
}

const SV: Words = Words {
    sheet: "Processlista",
    instructions: "Instruktioner",
    title: "Processlista",
    dated: "daterad",
    office_placeholder: "FÖRVALTNING",
    hint: "En rad per process. Läs bladet Instruktioner innan du fyller i. Rubrikraden är låst; raderna under den är öppna.",
    other: "Övrigt",
    headers: [
        "Process",
        "Åtgärdsbehov",
        "Aktivitet",
        "Ansvar",
        "Status",
        "Resultat – målbild",
        "Prioritering",
        "Tidsplanering",
        "Status",
        "Förvaltning",
    ],
};

const EN: Words = Words {
    sheet: "Process list",
    instructions: "Instructions",
    title: "Process list",
    dated: "dated",
    office_placeholder: "OFFICE",
    hint: "One row per process. Read the Instructions sheet before you fill it in. The header row is locked; the rows below it are open.",
    other: "Other",
    headers: [
        "Process",
        "Need",
        "Activity",
        "Responsibility",
        "Status",
        "Result",
        "Priority",
        "Time plan",
        "Status",
        "Office",
    ],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// YYMMDD.
pub fn yymmdd(d: NaiveDate) -> String {
    d.format("%y%m%d").to_string()
}

/// The header texts of the process sheet, in order (the verdict column is
/// "Status YYMMDD").
pub fn headers(lang: Lang, date: NaiveDate) -> Vec<String> {
    let w = words(lang);
    w.headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i == C_VERDICT as usize {
                format!("{h} {}", yymmdd(date))
            } else {
                h.to_string()
            }
        })
        .collect()
}

/// The input message (title, text) of each column. Excel allows 32 and 255
/// characters.
fn tips(lang: Lang, date: NaiveDate, office: Option<&str>) -> [(String, String); COLUMNS] {
    let d = yymmdd(date);
    let o = office.unwrap_or("X");
    let t = |a: &str, b: String| (a.to_string(), b);
    match lang {
        Lang::Sv => [
            t(
                "Process",
                "Planens processnummer i formen N.N.N, t.ex. 2.1.3 (tre tal med punkt emellan). En rad per process; varje nummer en gång.".into(),
            ),
            t(
                "Åtgärdsbehov",
                "Behovet som processen ska möta, med handlingsplanens ord.".into(),
            ),
            t(
                "Aktivitet",
                "Vad som ska göras: handlingsplanens aktivitet.".into(),
            ),
            t(
                "Ansvar",
                "Förvaltningarna som delar ansvaret, med sina koder. Markera den som har huvudansvar med **, t.ex. Ansvar delas med **KSK** KSON och SoC.".into(),
            ),
            t(
                "Status – en rad per händelse",
                format!("Ny rad i cellen: Alt+Enter. T.ex.\nProcessmöte 1 genomfört {d}\nProcessmöte 2 bokad ÅÅMMDD\nProcessmöte 1 {o} internt genomfört ÅÅMMDD\nDelprocess: namn\nTa aldrig bort gamla rader."),
            ),
            t(
                "Resultat – målbild",
                "Det resultat eller den målbild processen ska nå.".into(),
            ),
            t(
                "Prioritering",
                "1, 2 eller 3 (1 = högst). Välj i listan.".into(),
            ),
            t(
                "Tidsplanering",
                "När processen pågår, t.ex. 2024, 2023 – 2024, vt 2024, ht 2024 eller Hösten 2023-våren 2024.".into(),
            ),
            t(
                "Ställningstagande",
                format!("Ställningstagandet per {d}. Välj i listan: \"{VERDICT_CONTINUING}\" eller \"{VERDICT_COMPLETED}\"."),
            ),
            t(
                "Förvaltning",
                "Förvaltningens kod. Välj i listan. Fylls i av sig själv när processnumret är ifyllt, om mallen gjordes för en förvaltning.".into(),
            ),
        ],
        Lang::En => [
            t(
                "Process",
                "The plan's process number as N.N.N, e.g. 2.1.3 (three numbers with dots between). One row per process; each number once.".into(),
            ),
            t("Need", "The need the process addresses, in the action plan's words.".into()),
            t("Activity", "What is to be done: the action plan's activity.".into()),
            t(
                "Responsibility",
                "The offices that share the responsibility, by code. Mark the lead office with **, e.g. Ansvar delas med **KSK** KSON och SoC.".into(),
            ),
            t(
                "Status – one line per event",
                format!("New line in a cell: Alt+Enter. E.g.\nProcessmöte 1 genomfört {d}\nProcessmöte 2 bokad YYMMDD\nProcessmöte 1 {o} internt genomfört YYMMDD\nDelprocess: name\nNever delete old lines."),
            ),
            t("Result", "The result or goal the process is to reach.".into()),
            t("Priority", "1, 2 or 3 (1 = highest). Pick from the list.".into()),
            t(
                "Time plan",
                "When the process runs, e.g. 2024, 2023 – 2024, vt 2024, ht 2024 or Hösten 2023-våren 2024.".into(),
            ),
            t(
                "Verdict",
                format!("The assessment as of {d}. Pick from the list: \"{VERDICT_CONTINUING}\" (continuing) or \"{VERDICT_COMPLETED}\" (completed)."),
            ),
            t(
                "Office",
                "The office's code. Pick from the list. Filled in by itself once the process number is there, if the template was made for an office.".into(),
            ),
        ],
    }
}

/// The custom formula that checks a process id typed into `cell`: exactly two
/// dots, neither first nor last nor side by side, and only digits otherwise.
/// "Only digits" is tested exactly: the text without dots must equal its own
/// value written back with as many zero digits (so "2e3", "-2", "2,1", " 21"
/// and "21%" are refused, "02" is kept).
pub(crate) fn id_formula(cell: &str) -> String {
    let s = format!("SUBSTITUTE({cell},\".\",\"\")");
    format!(
        "AND(LEN({cell})-LEN({s})=2,LEFT({cell},1)<>\".\",RIGHT({cell},1)<>\".\",ISERROR(FIND(\"..\",{cell})),ISNUMBER(--{s}),{s}=TEXT(--{s},REPT(\"0\",LEN({s}))))"
    )
}

/// Makes the template: reads `--from` if given, resolves the office, writes
/// `out` (through a temporary file renamed into place).
pub fn template(out: &Path, cfg: &Config, opts: &TemplateOptions) -> Result<Written, Error> {
    let mut office = match &opts.office {
        Some(o) => Some(cfg.office_arg(o, opts.lang)?),
        None => None,
    };
    let mut entries = Vec::new();
    if let Some(from) = &opts.from {
        if super::overwrite::same_file(from, out) {
            return Err(Error::Usage(match opts.lang {
                Lang::Sv => format!(
                    "-o {}: det är filen i --from; skriv mallen till en annan fil",
                    out.display()
                ),
                Lang::En => format!(
                    "-o {}: that is the --from file; write the template to another file",
                    out.display()
                ),
            }));
        }
        let (e, o) = entries_from(from, office.as_deref(), cfg, opts.lang, opts.date)?;
        entries = e;
        office = o;
    }
    write(out, cfg, opts.lang, opts.date, office.as_deref(), &entries)?;
    Ok(Written {
        office,
        processes: entries.len(),
    })
}

/// A status-log line of a consolidated workbook: lines another office
/// reported carry its code, "\[SoC\] Processmöte 3 …".
enum Tagged {
    /// Tagged with this office: the line without the tag.
    Own(String),
    /// Tagged with another office.
    Other,
    /// No tag: the first reporting office's line.
    Untagged,
}

fn own_line(text: &str, office: Option<&str>) -> Tagged {
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix('[')
        && let Some((tag, line)) = rest.split_once("] ")
        && !tag.is_empty()
        && tag.chars().all(|c| c.is_alphanumeric())
    {
        return if Some(tag) == office {
            Tagged::Own(line.to_string())
        } else {
            Tagged::Other
        };
    }
    Tagged::Untagged
}

/// The sheet names of a workbook this tool wrote, and its process sheet.
const CONSOLIDATED: [(&str, &str); 2] = [
    ("Sammanfattning", "Processlista"),
    ("Summary", "Process list"),
];

/// Reads an office list or a consolidated workbook into template rows for
/// `office` (required for a consolidated workbook; an office list defaults to
/// its own office). Returns the rows and the office.
pub(crate) fn entries_from(
    path: &Path,
    office: Option<&str>,
    cfg: &Config,
    lang: Lang,
    date: NaiveDate,
) -> Result<(Vec<Entry>, Option<String>), Error> {
    let opts = crate::pipeline::Options::new(vec![path.to_path_buf()], cfg.clone());
    let run = crate::pipeline::run(&opts)?;
    let model = &run.model;
    let input_error = |message: String| Error::Input {
        path: path.display().to_string(),
        message,
    };
    let Some(source) = model.sources.first() else {
        return Err(input_error("nothing to read".into()));
    };
    if let Some(e) = &source.error {
        return Err(input_error(e.clone()));
    }
    // The workbook's own sheet names tell a consolidated workbook (the run
    // above reads only its process sheet).
    use calamine::Reader;
    let names: Vec<String> = calamine::open_workbook_auto(path)
        .map(|wb| wb.sheet_names().to_vec())
        .unwrap_or_default();
    let has = |n: &str| names.iter().any(|x| x == n);
    let process_sheet = CONSOLIDATED
        .iter()
        .find(|(summary, list)| {
            (has(summary) || has(crate::ground::names::META_SHEET)) && has(list)
        })
        .map(|(_, list)| *list);
    let office = match (office, process_sheet) {
        (Some(o), _) => Some(o.into()),
        (None, None) => source.office.clone(),
        (None, Some(_)) => {
            return Err(Error::Usage(match lang {
                Lang::Sv => format!(
                    "{}: en sammanställning har alla förvaltningars processer; ange vems med --office",
                    path.display()
                ),
                Lang::En => format!(
                    "{}: a consolidated workbook holds every office's processes; say whose with --office",
                    path.display()
                ),
            }));
        }
    };
    let keep = |r: &ProcessRow| -> bool {
        if let Some(sheet) = process_sheet
            && (r.sheet != sheet || r.long)
        {
            return false;
        }
        let Some(o) = &office else { return true };
        if r.office.as_ref() == Some(o) {
            return true;
        }
        let named = |t: &str| {
            t.split(|c: char| !c.is_alphanumeric())
                .any(|w| cfg.office_code(w).as_deref() == Some(o.as_str()))
        };
        r.responsibility
            .as_ref()
            .is_some_and(|resp| resp.offices.contains(o))
            || r.extras.iter().any(|(h, t)| {
                matches!(
                    fold(h).as_str(),
                    "kallor" | "kalla" | "sources" | "source" | "forvaltningar" | "offices"
                ) && named(&t.text)
            })
    };
    let other = words(lang).other;
    let mut entries: Vec<Entry> = Vec::new();
    let mut verdicts: Vec<Vec<&std::sync::Arc<crate::model::VerdictEntry>>> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for r in model.rows.iter().filter(|r| keep(r)) {
        let id =
            r.id.as_deref()
                .map(str::to_string)
                .or_else(|| r.id_text.as_ref().map(|t| t.text.trim().to_string()))
                .unwrap_or_default();
        let i = match by_id.get(&id) {
            Some(&i) if !id.is_empty() => i,
            _ => {
                entries.push(Entry {
                    id: id.clone(),
                    ..Entry::default()
                });
                verdicts.push(Vec::new());
                if !id.is_empty() {
                    by_id.insert(id, entries.len() - 1);
                }
                entries.len() - 1
            }
        };
        let e = &mut entries[i];
        let fill = |slot: &mut String, t: Option<&crate::model::Text>| {
            if slot.is_empty()
                && let Some(t) = t
            {
                *slot = t.text.trim().to_string();
            }
        };
        fill(&mut e.need, r.need.as_ref());
        fill(&mut e.activity, r.activity.as_ref());
        fill(
            &mut e.responsibility,
            r.responsibility.as_ref().map(|x| &x.text),
        );
        fill(&mut e.result, r.result.as_ref());
        // From a consolidated workbook the office takes only what it reported
        // itself: its own "[X] " lines, and, when it leads the process, the
        // untagged lines and the lead's priority, time plan and verdict. Other
        // offices' lines and values stay theirs.
        let leads = process_sheet.is_none()
            || office.is_none()
            || r.responsibility.as_ref().and_then(|x| x.lead.as_ref()) == office.as_ref();
        if leads {
            fill(&mut e.priority, r.priority.as_ref());
            fill(&mut e.time_plan, r.time_plan.as_ref());
        }
        for s in &r.status {
            if matches!(s.line.kind, LineKind::Verdict(_)) {
                continue;
            }
            let text = status_text(s, r.long, cfg);
            if process_sheet.is_none() {
                e.status.push(text);
                continue;
            }
            match own_line(&text, office.as_deref()) {
                Tagged::Own(line) => e.status.push(line),
                Tagged::Untagged if leads => e.status.push(text),
                _ => {}
            }
        }
        if !leads {
            continue;
        }
        if process_sheet.is_none() {
            for (h, t) in &r.extras {
                let h = if h.trim().is_empty() { other } else { h.trim() };
                e.extras.push((h.to_string(), t.text.to_string()));
            }
        }
        verdicts[i].extend(r.verdicts.iter());
    }
    // The latest verdict (of the rows the office leads): when it is dated
    // the template's date, it goes to the verdict column as its phrase (the
    // column header dates it). An older one is carried in the status log
    // as it was made, "Status YYMMDD: …" with its own date, and
    // the new month's verdict is left empty: nobody has made it yet, and the
    // checks say so (stale-verdict, missing-verdict). Earlier verdict lines
    // are not kept: last month's workbook keeps them.
    for (e, vs) in entries.iter_mut().zip(verdicts) {
        let latest = vs
            .iter()
            .enumerate()
            .max_by_key(|(i, v)| (v.dated.as_ref().map(|d| d.start), *i))
            .map(|(_, v)| *v);
        let Some(v) = latest else { continue };
        let phrase = if v.verdict.phrase.trim().is_empty() {
            v.text.text.trim().to_string()
        } else {
            v.verdict.phrase.trim().to_string()
        };
        match v.dated.as_ref().map(|d| d.start) {
            Some(d) if d != date => e.status.push(format!("Status {}: {phrase}", yymmdd(d))),
            // Dated the template's date, or undated (a verdict column without
            // a date: nothing says it is old).
            _ => e.verdict = phrase,
        }
    }
    Ok((entries, office.map(String::from)))
}

/// The text of a status line as the office would type it. A row of the long
/// layout holds the event, its state and its date in separate cells: they are
/// put together on one line.
fn status_text(s: &StatusEntry, long: bool, cfg: &Config) -> String {
    let text = s.line.text().trim().to_string();
    if !long {
        return text;
    }
    let mut out = text.clone();
    let folded: Vec<String> = text.split_whitespace().map(fold).collect();
    if let LineKind::Meeting(m) = &s.line.kind {
        let st = &cfg.states;
        let list = match m.state {
            crate::model::status::MeetingState::Held => &st.held,
            crate::model::status::MeetingState::Booked => &st.booked,
            crate::model::status::MeetingState::Cancelled => &st.cancelled,
        };
        if m.state_written && !list.iter().any(|w| folded.contains(&fold(w))) {
            out.push(' ');
            out.push_str(list.first().map(String::as_str).unwrap_or(""));
        }
    }
    if let Some(d) = &s.line.date()
        && !text.contains(d.text.trim())
    {
        out.push(' ');
        if d.precision == crate::model::dates::Precision::Day {
            out.push_str(&yymmdd(d.start));
        } else {
            out.push_str(d.text.trim());
        }
    }
    out
}

fn xlsx_error(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::Output {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes the template with `entries` filled in.
pub fn write(
    path: &Path,
    cfg: &Config,
    lang: Lang,
    date: NaiveDate,
    office: Option<&str>,
    entries: &[Entry],
) -> Result<(), Error> {
    let err = xlsx_error(path);
    let mut wb = build(cfg, lang, date, office, entries).map_err(&err)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.processlista-tmp"));
    wb.save(&tmp).map_err(&err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::Output {
            path: path.display().to_string(),
            message: match lang {
                Lang::Sv => format!("kan inte skrivas (är den öppen i Excel?): {e}"),
                Lang::En => format!("cannot write it (is it open in Excel?): {e}"),
            },
        }
    })
}

fn build(
    cfg: &Config,
    lang: Lang,
    date: NaiveDate,
    office: Option<&str>,
    entries: &[Entry],
) -> Result<Workbook, XlsxError> {
    let w = words(lang);
    let mut wb = Workbook::new();
    let created =
        ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
    let title = format!(
        "{} {} {} {}",
        w.title,
        office.unwrap_or(w.office_placeholder),
        w.dated,
        yymmdd(date)
    );
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("processlista")
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    process_sheet(ws, cfg, lang, date, office, entries, &title)?;
    let ins = wb.add_worksheet();
    instructions_sheet(ins, cfg, lang, date, office)?;
    Ok(wb)
}

fn process_sheet(
    ws: &mut Worksheet,
    cfg: &Config,
    lang: Lang,
    date: NaiveDate,
    office: Option<&str>,
    entries: &[Entry],
    title: &str,
) -> Result<(), XlsxError> {
    let w = words(lang);
    ws.set_name(w.sheet)?;
    let locked = Format::new().set_locked();
    let title_fmt = Format::new().set_bold().set_font_size(14).set_locked();
    let hint_fmt = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x595959))
        .set_locked();
    let header_fmt = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_locked();
    let data = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let id_fmt = data.clone().set_num_format("@");
    let center = data.clone().set_align(FormatAlign::Center);

    // Everything is open for typing except the rows above the data.
    let widths = [10.0, 32.0, 32.0, 22.0, 48.0, 30.0, 12.0, 16.0, 24.0, 12.0];
    for (c, width) in widths.iter().enumerate() {
        let c = c as u16;
        let f = match c {
            C_PROCESS => &id_fmt,
            C_PRIORITY => &center,
            _ => &data,
        };
        ws.set_column_width(c, *width)?;
        ws.set_column_format(c, f)?;
    }
    let extra_headers: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for e in entries {
            for (h, _) in &e.extras {
                if !v.contains(h) {
                    v.push(h.clone());
                }
            }
        }
        v
    };
    let first_free = COLUMNS as u16 + extra_headers.len() as u16;
    for c in COLUMNS as u16..first_free {
        ws.set_column_width(c, 24.0)?;
        ws.set_column_format(c, &data)?;
    }
    ws.set_column_range_format(first_free, 16_383, &data)?;
    for r in 0..FIRST_DATA_ROW {
        ws.set_row_format(r, &locked)?;
    }

    ws.write_string_with_format(0, 0, title, &title_fmt)?;
    ws.write_string_with_format(1, 0, w.hint, &hint_fmt)?;
    let heads = headers(lang, date);
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, h, &header_fmt)?;
    }
    for (i, h) in extra_headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, COLUMNS as u16 + i as u16, h, &header_fmt)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;

    // The rows.
    for (i, e) in entries.iter().enumerate() {
        let r = FIRST_DATA_ROW + i as u32;
        let cells: [(u16, &str); 7] = [
            (C_PROCESS, &e.id),
            (1, &e.need),
            (2, &e.activity),
            (3, &e.responsibility),
            (5, &e.result),
            (7, &e.time_plan),
            (C_VERDICT, &e.verdict),
        ];
        for (c, t) in cells {
            if !t.is_empty() {
                let f = if c == C_PROCESS { &id_fmt } else { &data };
                ws.write_string_with_format(r, c, t, f)?;
            }
        }
        if !e.status.is_empty() {
            ws.write_string_with_format(r, 4, e.status.join("\n"), &data)?;
        }
        let p = e.priority.trim();
        if let Ok(n) = p.parse::<u32>() {
            ws.write_number_with_format(r, C_PRIORITY, n as f64, &center)?;
        } else if !p.is_empty() {
            ws.write_string_with_format(r, C_PRIORITY, p, &center)?;
        }
        for (h, t) in &e.extras {
            if let Some(k) = extra_headers.iter().position(|x| x == h) {
                let c = COLUMNS as u16 + k as u16;
                // Several values under one header (rare) stay in one cell.
                ws.write_string_with_format(r, c, t, &data)?;
            }
        }
    }
    let last = FIRST_DATA_ROW + entries.len() as u32 + OPEN_ROWS - 1;
    // The office fills itself in once a process number is typed.
    if let Some(o) = office {
        for r in FIRST_DATA_ROW..=last {
            let filled = ((r - FIRST_DATA_ROW) as usize) < entries.len();
            let f = Formula::new(format!("IF(TRIM($A{})=\"\",\"\",\"{o}\")", r + 1))
                .set_result(if filled { o } else { " " });
            ws.write_formula_with_format(r, C_OFFICE, f, &data)?;
        }
    }

    validations(ws, cfg, lang, date, office, last)?;

    ws.set_freeze_panes(FIRST_DATA_ROW, 1)?;
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    });
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_header(format!("&L{}&R&D", title.replace('&', "&&")));
    ws.set_footer("&C&P / &N");
    Ok(())
}

fn validations(
    ws: &mut Worksheet,
    cfg: &Config,
    lang: Lang,
    date: NaiveDate,
    office: Option<&str>,
    last: u32,
) -> Result<(), XlsxError> {
    let tips = tips(lang, date, office);
    let first = FIRST_DATA_ROW;
    let sv = lang == Lang::Sv;
    // Each header: its input message.
    for (c, (title, msg)) in tips.iter().enumerate() {
        let dv = DataValidation::new()
            .allow_any_value()
            .set_input_title(title)?
            .set_input_message(msg)?;
        ws.add_data_validation(HEADER_ROW, c as u16, HEADER_ROW, c as u16, &dv)?;
    }
    // Free-text columns: the same message while typing.
    for c in [1u16, 2, 3, 4, 5, 7] {
        let (title, msg) = &tips[c as usize];
        let dv = DataValidation::new()
            .allow_any_value()
            .set_input_title(title)?
            .set_input_message(msg)?;
        ws.add_data_validation(first, c, last, c, &dv)?;
    }
    let stop = |dv: DataValidation, title: &str, msg: &str| -> Result<DataValidation, XlsxError> {
        dv.set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(title)?
            .set_error_message(msg)
    };
    // Process id.
    let (title, msg) = &tips[C_PROCESS as usize];
    let cell = format!("A{}", first + 1);
    let dv = DataValidation::new()
        .allow_custom(Formula::new(id_formula(&cell)))
        .set_input_title(title)?
        .set_input_message(msg)?;
    let dv = if sv {
        stop(
            dv,
            "Ogiltigt processnummer",
            "Processnumret skrivs N.N.N, t.ex. 2.1.3: tre tal med punkt emellan, inget annat.",
        )?
    } else {
        stop(
            dv,
            "Invalid process number",
            "The process number is written N.N.N, e.g. 2.1.3: three numbers with dots between, nothing else.",
        )?
    };
    ws.add_data_validation(first, C_PROCESS, last, C_PROCESS, &dv)?;
    // Priority.
    let (title, msg) = &tips[C_PRIORITY as usize];
    let dv = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1, 3))
        .set_input_title(title)?
        .set_input_message(msg)?;
    let dv = if sv {
        stop(
            dv,
            "Ogiltig prioritering",
            "Prioriteringen är 1, 2 eller 3 (1 = högst).",
        )?
    } else {
        stop(
            dv,
            "Invalid priority",
            "The priority is 1, 2 or 3 (1 = highest).",
        )?
    };
    ws.add_data_validation(first, C_PRIORITY, last, C_PRIORITY, &dv)?;
    // Verdict.
    let (title, msg) = &tips[C_VERDICT as usize];
    let dv = DataValidation::new()
        .allow_list_strings(&[VERDICT_CONTINUING, VERDICT_COMPLETED])?
        .set_input_title(title)?
        .set_input_message(msg)?;
    let dv = if sv {
        stop(
            dv,
            "Välj ställningstagande i listan",
            &format!(
                "Ställningstagandet är \"{VERDICT_CONTINUING}\" eller \"{VERDICT_COMPLETED}\". Skriv kommentarer i Status."
            ),
        )?
    } else {
        stop(
            dv,
            "Pick the verdict from the list",
            &format!(
                "The verdict is \"{VERDICT_CONTINUING}\" or \"{VERDICT_COMPLETED}\". Put remarks in Status."
            ),
        )?
    };
    ws.add_data_validation(first, C_VERDICT, last, C_VERDICT, &dv)?;
    // Office.
    let codes: Vec<&str> = cfg.offices.iter().map(|o| o.code.as_str()).collect();
    if codes.iter().map(|c| c.len() + 1).sum::<usize>() <= 255 {
        let (title, msg) = &tips[C_OFFICE as usize];
        let dv = DataValidation::new()
            .allow_list_strings(&codes)?
            .set_input_title(title)?
            .set_input_message(msg)?;
        let dv = if sv {
            stop(dv, "Okänd förvaltning", "Välj förvaltningens kod i listan.")?
        } else {
            stop(
                dv,
                "Unknown office",
                "Pick the office's code from the list.",
            )?
        };
        ws.add_data_validation(first, C_OFFICE, last, C_OFFICE, &dv)?;
    }
    Ok(())
}

/// One line of the instructions sheet.
enum Line {
    Heading(String),
    Text(String),
    /// An example: column name, example value.
    Example(String, String),
    Blank,
}

fn instructions_sheet(
    ws: &mut Worksheet,
    cfg: &Config,
    lang: Lang,
    date: NaiveDate,
    office: Option<&str>,
) -> Result<(), XlsxError> {
    let w = words(lang);
    ws.set_name(w.instructions)?;
    let heading = Format::new().set_bold().set_font_size(12);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let name_fmt = Format::new()
        .set_bold()
        .set_align(FormatAlign::Top)
        .set_font_color(Color::RGB(0x595959));
    let example = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x7F7F7F))
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    ws.set_column_width(0, 22.0)?;
    ws.set_column_width(1, 90.0)?;
    for (r, line) in instruction_lines(cfg, lang, date, office)
        .into_iter()
        .enumerate()
    {
        let r = r as u32;
        match line {
            Line::Heading(t) => {
                ws.write_string_with_format(r, 0, &t, &heading)?;
            }
            Line::Text(t) => {
                ws.merge_range(r, 0, r, 1, &t, &text)?;
                let lines = t.chars().count() / 100 + 1;
                ws.set_row_height(r, 15.0 * lines as f64)?;
            }
            Line::Example(name, value) => {
                ws.write_string_with_format(r, 0, &name, &name_fmt)?;
                ws.write_string_with_format(r, 1, &value, &example)?;
                let lines = value.lines().count().max(1);
                ws.set_row_height(r, 15.0 * lines as f64)?;
            }
            Line::Blank => {}
        }
    }
    Ok(())
}

/// The instructions. They are read by the reader like any sheet, so they must
/// hold no table (never two column names on one row), no line starting with
/// "process" and a number, no "daterad"/"Status" with a date, no stated total,
/// and, in a template for no particular office, no office code.
fn instruction_lines(cfg: &Config, lang: Lang, date: NaiveDate, office: Option<&str>) -> Vec<Line> {
    use Line::*;
    let (o, others) = match office {
        Some(o) => {
            let others: Vec<&str> = cfg
                .offices
                .iter()
                .map(|x| x.code.as_str())
                .filter(|c| *c != o)
                .take(2)
                .collect();
            (o.to_string(), others.join(" och "))
        }
        None => ("X".to_string(), "Y och Z".to_string()),
    };
    let kinds: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for k in &cfg.meeting_kinds {
            if !v.contains(&k.word) {
                v.push(k.word.clone());
            }
        }
        v
    };
    let w = words(lang);
    let h = headers(lang, date);
    let example_status = format!(
        "Processmöte 1 genomfört 240115\nProcessmöte 2 genomfört 240212 med projektledaren\nProcessmöte 1 {o} internt genomfört 240220\nProcessmöte 3 bokad {}",
        yymmdd(date.checked_add_days(chrono::Days::new(30)).unwrap_or(date))
    );
    let resp = format!("Ansvar delas med **{o}** {others}");
    let example = |ex: &[(&str, String)]| -> Vec<Line> {
        ex.iter()
            .map(|(n, v)| Example(n.to_string(), v.clone()))
            .collect()
    };
    // The example row is the same in both languages but for the verdict
    // header's date placeholder.
    let example_row = example(&[
        (h[0].as_str(), "2.1.3".into()),
        (
            h[1].as_str(),
            "Brist på kontaktfamiljer, kontaktpersoner och familjehem".into(),
        ),
        (h[2].as_str(), "Skapa en resursbank".into()),
        (h[3].as_str(), resp.clone()),
        (h[4].as_str(), example_status.clone()),
        (h[5].as_str(), "Upptäcka barn i behov av stöd i tid".into()),
        (h[6].as_str(), "1".into()),
        (h[7].as_str(), "2023 – 2024".into()),
        (
            match lang {
                Lang::Sv => "Status ÅÅMMDD",
                Lang::En => "Status YYMMDD",
            },
            VERDICT_CONTINUING.into(),
        ),
        (h[9].as_str(), o.clone()),
    ]);
    match lang {
        Lang::Sv => {
            let mut v = vec![
                Heading(format!("Så fyller du i bladet {}", w.sheet)),
                Text("Skriv en rad per process, under rubrikraden. Ändra inte rubrikerna: verktyget känner igen kolumnerna på dem. Rubrikraden är låst (bladskyddet har inget lösenord, men låt det vara på).".into()),
                Text("Flera rader i en cell: tryck Alt+Enter (Windows) eller Ctrl+Alt+Retur (Mac) för ny rad. Klicka på en rubrik för att se vad som ska stå i kolumnen.".into()),
                Text(format!("Titeln överst och rubriken {} anger datumet listan gäller. Samordnaren gör en ny lista till varje rapportering; den fortsätter där den förra slutade.", h[C_VERDICT as usize])),
                Blank,
                Heading("Exempel på en ifylld rad (skriv inte här)".into()),
            ];
            v.extend(example_row);
            v.extend([
                Blank,
                Heading("Status: en rad per händelse".into()),
                Text("Skriv varje händelse på en egen rad i cellen, med datum som ÅÅMMDD. Ta aldrig bort eller skriv om gamla rader: loggen är processens historia, och ändringar syns när månaderna jämförs.".into()),
                Text("Genomfört möte: »Processmöte N genomfört ÅÅMMDD«, t.ex. »Processmöte 1 genomfört 240115«. Numrera mötena 1, 2, 3 … utan hopp och utan att upprepa ett nummer. En kommentar får stå efter datumet (»… 240115 med projektledaren«).".into()),
                Text("Bokat möte: »Processmöte 2 bokad ÅÅMMDD«. När mötet har hållits: ändra »bokad« till »genomfört« (och datumet om det flyttades). Ett bokat möte vars datum har passerat rapporteras som en gammal bokning.".into()),
                Text("Inställt möte: »Processmöte 3 inställt ÅÅMMDD«. Numret är då använt: nästa möte får nästa nummer.".into()),
                Text(format!("Möte inom den egna förvaltningen: »Processmöte 1 {o} internt genomfört ÅÅMMDD«. Interna möten har en egen nummerserie per förvaltning.")),
                Text(format!("Andra mötesslag har egna nummerserier: {}. Processmöte och Processträff räknas i samma serie.", kinds.join(", "))),
                Text("Delprocess: skriv »Delprocess: namn« på en egen rad. Mötena under den raden numreras från 1 igen.".into()),
                Text("Annan händelse med datum: skriv vad som hände och datumet, t.ex. »Utbildningsdag för ambassadörerna genomförd 240118«.".into()),
                Text("Avslutad eller pausad process: »Processen avslutad ÅÅMMDD« eller »Pausad ÅÅMMDD«. Möten efter avslutet rapporteras.".into()),
                Blank,
                Heading(format!("Ställningstagande: kolumnen {}", h[C_VERDICT as usize])),
                Text(format!("Välj i listan: »{VERDICT_CONTINUING}« när processen behöver fortsätta, »{VERDICT_COMPLETED}« när den är klar. Skriv förklaringar i Status, inte här. En process utan ställningstagande rapporteras.")),
                Blank,
                Heading("Prioritering".into()),
                Text("1, 2 eller 3, där 1 är högst. Välj i listan; andra värden tas inte emot och rapporteras som fel om de ändå kommer in (t.ex. genom att klistra in).".into()),
                Blank,
                Heading("Ansvar".into()),
                Text(format!("Skriv förvaltningarnas koder, den med huvudansvar först och markerad med **: »{resp}«. Det går också att skriva »{o} (huvudansvar)«. Okända koder rapporteras.")),
                Blank,
                Heading("Datum som tas emot".into()),
                Text("Bäst: ÅÅMMDD (240115). Även: 20240115, 2024-01-15, 24-01-15, 15/1 2024, 15/1-24, 15.1.2024, 15 jan 2024. Ett datum som inte finns (240231) rapporteras.".into()),
                Text("Tidsplanering och ungefärliga datum: 2024, 2023 – 2024, juni 2024, v 37 2024, Q1 2024, kv1 2024, vt 2024 (januari–juni), ht 2024 (augusti–december), våren 2024, hösten 2024, Hösten 2023-våren 2024.".into()),
                Blank,
                Heading("Förvaltning".into()),
                Text(if office.is_some() {
                    "Kolumnen fylls i av sig själv när processnumret är ifyllt. Ändra den bara om raden gäller en annan förvaltning; välj då koden i listan.".into()
                } else {
                    "Välj förvaltningens kod i listan på varje rad.".into()
                }),
                Blank,
                Heading("Egna kolumner".into()),
                Text("Kolumner till höger om Förvaltning får användas för egna anteckningar (t.ex. Kommentar): de följer med till den sammanställda listan.".into()),
            ]);
            v
        }
        Lang::En => {
            let mut v = vec![
                Heading(format!("How to fill in the sheet {}", w.sheet)),
                Text("Write one row per process, below the header row. Do not change the headers: the tool finds the columns by them. The header row is locked (the protection has no password, but leave it on).".into()),
                Text("Several lines in one cell: press Alt+Enter (Windows) or Ctrl+Alt+Return (Mac) for a new line. Click a header to see what goes in the column.".into()),
                Text(format!("The title at the top and the header {} give the date the list is for. The coordinator makes a new list for each report; it continues where the last one ended.", h[C_VERDICT as usize])),
                Blank,
                Heading("Example of a filled-in row (do not type here)".into()),
            ];
            v.extend(example_row);
            v.extend([
                Blank,
                Heading("Status: one line per event".into()),
                Text("Write each event on its own line in the cell, dates as YYMMDD. The words stay Swedish: the report is Swedish. Never delete or rewrite old lines: the log is the process's history, and changes show when months are compared.".into()),
                Text("Meeting held: \"Processmöte N genomfört YYMMDD\", e.g. \"Processmöte 1 genomfört 240115\". Number the meetings 1, 2, 3 … without gaps and without repeating a number. A remark may follow the date (\"… 240115 med projektledaren\").".into()),
                Text("Meeting booked: \"Processmöte 2 bokad YYMMDD\". Once it is held, change \"bokad\" to \"genomfört\" (and the date if it moved). A booking whose date has passed is reported.".into()),
                Text("Meeting cancelled: \"Processmöte 3 inställt YYMMDD\". The number is used: the next meeting takes the next number.".into()),
                Text(format!("Meeting inside one office: \"Processmöte 1 {o} internt genomfört YYMMDD\". Internal meetings have their own numbering per office.")),
                Text(format!("Other meeting kinds number on their own: {}. Processmöte and Processträff count in one series.", kinds.join(", "))),
                Text("Sub-process: write \"Delprocess: name\" on a line of its own. The meetings below it are numbered from 1 again.".into()),
                Text("Another dated event: write what happened and the date, e.g. \"Utbildningsdag för ambassadörerna genomförd 240118\".".into()),
                Text("Closed or paused process: \"Processen avslutad YYMMDD\" or \"Pausad YYMMDD\". Meetings after the closure are reported.".into()),
                Blank,
                Heading(format!("Verdict: the column {}", h[C_VERDICT as usize])),
                Text(format!("Pick from the list: \"{VERDICT_CONTINUING}\" when the process is to go on, \"{VERDICT_COMPLETED}\" when it is done. Put explanations in Status, not here. A process without a verdict is reported.")),
                Blank,
                Heading("Priority".into()),
                Text("1, 2 or 3, 1 the highest. Pick from the list; other values are refused, and reported as errors if they still get in (e.g. by pasting).".into()),
                Blank,
                Heading("Responsibility".into()),
                Text(format!("Write the offices' codes, the lead office first and marked with **: \"{resp}\". \"{o} (huvudansvar)\" works too. Unknown codes are reported.")),
                Blank,
                Heading("Dates accepted".into()),
                Text("Best: YYMMDD (240115). Also: 20240115, 2024-01-15, 24-01-15, 15/1 2024, 15/1-24, 15.1.2024, 15 jan 2024. A date that does not exist (240231) is reported.".into()),
                Text("Time plans and approximate dates: 2024, 2023 – 2024, juni 2024, v 37 2024, Q1 2024, kv1 2024, vt 2024 (January–June), ht 2024 (August–December), våren 2024, hösten 2024, Hösten 2023-våren 2024.".into()),
                Blank,
                Heading("Office".into()),
                Text(if office.is_some() {
                    "The column fills itself in once the process number is there. Change it only if the row is another office's; pick the code from the list.".into()
                } else {
                    "Pick the office's code from the list on every row.".into()
                }),
                Blank,
                Heading("Your own columns".into()),
                Text("Columns to the right of Office may hold your own notes (e.g. Comment): they are carried into the consolidated list.".into()),
            ]);
            v
        }
    }
}
