//! Normalising: raw sheets → process rows whose values keep their original
//! text and source cell.
//!
//! Takes: a [`RawWorkbook`] and the
//! configuration. Gives: the workbook's [`ProcessRow`]s,
//! its texts outside the lists and the rows without a valid id, with the
//! dates ([`dates`]) and status lines ([`status`]) classified.
//!
//! A sheet is read in one of three layouts:
//! - *wide*: a header row (anywhere in the first 30 rows) names the columns;
//!   one row per process;
//! - *cells*: no header row, the fields carry their labels inside the cells, as
//!   in a list pasted from the Word attachment ("Åtgärdsbehov 2 process 2.1.2");
//! - *long*: a header with a date and an event column; one row per event.

pub mod dates;
pub mod status;

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use compact_str::CompactString;
use rayon::prelude::*;
use regex::Regex;

use crate::ground::config::Config;
use crate::ground::finding::Raw;
use crate::ground::finding::{Code, Container, Location, Place};
use crate::ground::per_thread::PerThread;
use crate::ground::text::fold;
use crate::model::dates::DateValue;
use crate::model::status::{CellText, LineKind, Outcome};
use crate::model::*;
use crate::normalize::status::Classifier;
use crate::read::{CellValue, RawSheet, RawWorkbook};

/// How far down a sheet the header row is looked for.
pub(crate) const HEADER_SEARCH_ROWS: usize = 30;

#[derive(Debug, Clone, PartialEq)]
enum Column {
    Field(Field),
    /// The meeting number column of the long layout.
    Number,
    Extra(String),
}

/// Header words per field, built in and from configuration, folded.
#[derive(Debug, Clone)]
pub(crate) struct HeaderWords {
    words: Vec<(Field, Vec<String>)>,
}

/// A pattern compiled once, cloned for each rayon worker that uses it.
fn shared(pattern: &str) -> PerThread<Regex> {
    Regex::new(pattern).expect("regex").into()
}

static VERDICT_HEADER: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| shared(r"^status(?:per)?(?:\d{6}|\d{8}|datum)$"));

impl HeaderWords {
    pub fn new(cfg: &Config) -> Self {
        let h = &cfg.headers;
        let built_in: [(Field, &[&str], &Vec<String>); 12] = [
            (
                Field::Process,
                &[
                    "Process",
                    "Processnr",
                    "Processnummer",
                    "Process-id",
                    "Process id",
                    "Processer",
                    "Nr",
                    "Id",
                ],
                &h.process,
            ),
            (
                Field::Need,
                &["Åtgärdsbehov", "Behov", "Need", "Needs"],
                &h.need,
            ),
            (
                Field::Activity,
                &["Aktivitet", "Aktiviteter", "Åtgärd", "Åtgärder", "Activity"],
                &h.activity,
            ),
            (
                Field::Responsibility,
                &[
                    "Ansvar",
                    "Ansvarig",
                    "Ansvariga",
                    "Ansvar delas med",
                    "Huvudansvar",
                    "Responsibility",
                    "Responsible",
                ],
                &h.responsibility,
            ),
            (
                Field::Status,
                &[
                    "Status",
                    "Statuslogg",
                    "Status log",
                    "Statuslog",
                    "Händelser",
                ],
                &h.status,
            ),
            (
                Field::Result,
                &[
                    "Resultat – målbild",
                    "Resultat",
                    "Målbild",
                    "Result",
                    "Goal",
                    "Results",
                ],
                &h.result,
            ),
            (
                Field::Priority,
                &["Prioritering", "Prio", "Prioritet", "Priority"],
                &h.priority,
            ),
            (
                Field::TimePlan,
                &[
                    "Tidsplanering",
                    "Tidsplan",
                    "Time plan",
                    "Timeline",
                    "Timeplan",
                ],
                &h.time_plan,
            ),
            (
                Field::Verdict,
                &["Status per datum", "Verdict", "Bedömning", "Slutstatus"],
                &h.verdict,
            ),
            (
                Field::Office,
                &["Förvaltning", "Kontor", "Office", "Förvaltning/kontor"],
                &h.office,
            ),
            (Field::Date, &["Datum", "Date", "Mötesdatum"], &h.date),
            (
                Field::Event,
                &["Händelse", "Möte", "Event", "Meeting", "Aktivitet/möte"],
                &h.event,
            ),
        ];
        let words = built_in
            .into_iter()
            .map(|(f, b, extra)| {
                let mut v: Vec<String> = b.iter().map(|w| fold(w)).collect();
                v.extend(extra.iter().map(|w| fold(w)));
                (f, v)
            })
            .collect();
        HeaderWords { words }
    }

    /// The field a header names, if any. "Status 231231" is the verdict.
    fn field(&self, header: &str) -> Option<Field> {
        let f = fold(header);
        if f.is_empty() {
            return None;
        }
        if VERDICT_HEADER.is_match(&f) {
            return Some(Field::Verdict);
        }
        // The verdict and event lists are checked before status and activity,
        // whose words they share.
        for want in [Field::Verdict, Field::Event] {
            if self
                .words
                .iter()
                .any(|(k, ws)| *k == want && ws.contains(&f))
            {
                return Some(want);
            }
        }
        self.words
            .iter()
            .find(|(_, ws)| ws.contains(&f))
            .map(|(k, _)| *k)
    }
}

static ID_LABEL: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    shared(
        r"(?i)^\s*(?:åtgärdsbehov\s*\d*\s*[,:.-]?\s*)?process(?:\s*(?:nr|id|nummer)\.?)?\s*[:#]?\s*(?P<id>\d+(?:\.\d+)*\.?)(?:\s+(?P<rest>.*))?$",
    )
});
static NEED_LABEL: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    // "Åtgärdsbehov", "Åtgärdsbehov 3" alone, or followed by a colon: a label,
    // not the start of prose ("Åtgärdsbehoven är …").
    shared(r"(?i)^\s*åtgärdsbehov(?:\s+\d+)?\s*(?:$|:\s*(?P<rest>.*)$)")
});
static ACTIVITY_LABEL: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| shared(r"(?i)^\s*aktivitet(?:\s+\d+)?\s*(?:$|:\s*(?P<rest>.*)$)"));
static RESULT_LABEL: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    // "Resultat – målbild" (then the text may follow on the same line),
    // "Resultat" or "Målbild" alone or with a colon.
    shared(
        r"(?i)^\s*(?:resultat\s*[–—-]\s*målbild\s*:?\s*(?P<rest>.*)|(?:resultat|målbild)\s*(?:$|:\s*(?P<rest2>.*)))$",
    )
});
/// A responsibility line in its labelled forms: "Ansvar delas med …",
/// "Ansvar delas mellan …", "Ansvar: …", "Ansvarig: …", "Ansvariga
/// förvaltningar: …", "Delat ansvar: …", "Huvudansvar: …".
static RESP_LABEL: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    shared(
        r"(?i)^\s*(?:ansvar\s+delas\s+(?:med|mellan)|(?:delat\s+)?(?:huvud)?ansvar(?:ig|iga)?(?:\s+förvaltning(?:ar)?)?\s*:)\s*(?P<rest>.+)$",
    )
});
/// "Ansvar KSON, SoC och BoU": the word alone before offices (taken only
/// when the rest names offices and nothing else).
static RESP_BARE: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| shared(r"(?i)^\s*(?:ansvar|ansvarig|ansvariga)\s+(?P<rest>\S.*)$"));
static PRIO_LABEL: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| shared(r"(?i)^\s*(?:prioritering|prio)(?:\s*:\s*|\s+)(?P<rest>\S.{0,19})$"));
static PLAN_LABEL: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| shared(r"(?i)^\s*(?:tidsplanering|tidsplan)(?:\s*:\s*|\s+)(?P<rest>\S.*)$"));
static STATUS_LABEL: LazyLock<PerThread<Regex>> = LazyLock::new(|| shared(r"(?i)^\s*status\s*:"));
static VERDICT_LINE: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    shared(&format!(
        r"(?i)^\s*{}",
        crate::normalize::status::VERDICT_START
    ))
});
static DATERAD: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    shared(
        r"(?i)(?-u:\b)(?:daterad|daterat|dated|per)\s+(?P<d>\d{6}|\d{8}|\d{4}-\d{2}-\d{2})(?-u:\b)",
    )
});
static CANON_ID: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| shared(r"(?i)^\s*(?:process\s*)?(?P<id>\d+(?:\.\d+)*)\.?\s*$"));
static TOTAL_PROCESSES: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| shared(r"(?i)(?-u:\b)(?P<n>\d{1,4})\s+processer(?-u:\b)"));
static TOTAL_COMPLETED: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| shared(r"(?i)^\s*slutförda(?-u:\b)[^:]*:\s*(?P<n>\d{1,4})\s*st(?-u:\b)"));
static TOTAL_CONTINUING: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    shared(r"(?i)^\s*fortsatt\s+behov\s+av\s+processledning\s*[^:]*:\s*(?P<n>\d{1,4})\s*st(?-u:\b)")
});
static LEAD_MARK: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    shared(
        r"(?i)\*\*\s*(?P<a>[^*]+?)\s*\*\*|(?P<b>[\p{L}]+)\*|(?P<c>[\p{L}]+)\s*\(\s*huvudansvar(?:ig)?\s*\)",
    )
});
static CODE_WORD: LazyLock<PerThread<Regex>> = LazyLock::new(|| shared(r"[\p{L}][\p{L}\-]*"));

/// Whether `row` repeats the header row `header` cell for cell (and holds
/// something): a header merged over two rows, which the reader fills from
/// its first cell. Such a row is the header's, not a process.
fn is_header_copy(header: &[CellValue], row: &[CellValue]) -> bool {
    let mut any = false;
    for (c, v) in row.iter().enumerate() {
        if v.is_empty() {
            continue;
        }
        match header.get(c) {
            Some(h) if !h.is_empty() && fold(&h.display()) == fold(&v.display()) => any = true,
            _ => return false,
        }
    }
    any
}

/// The canonical id of an id text ("process 2.1.1." → "2.1.1"), and whether it
/// has the form N.N.N.
pub(crate) fn canonical_id(text: &str) -> Option<(String, bool)> {
    let c = CANON_ID.captures(text)?;
    let id = c["id"]
        .split('.')
        .map(|p| match p.trim_start_matches('0') {
            "" => "0",
            p => p,
        })
        .collect::<Vec<_>>()
        .join(".");
    let valid = id.split('.').count() == 3;
    Some((id, valid))
}

/// The id as the cell writes it, before [`canonical_id`] drops leading
/// zeros ("2.01.3").
pub(crate) fn written_id(text: &str) -> Option<String> {
    CANON_ID.captures(text).map(|c| c["id"].to_string())
}

/// Scans every text cell for "daterad YYMMDD" and "Status YYMMDD" and returns
/// the most common date (the latest on a tie): the default reporting date.
/// The "daterad" dates of the titles decide when there are any; the
/// verdicts' "Status" dates only when no list says its date.
pub(crate) fn infer_as_of(books: &[RawWorkbook], cfg: &Config) -> Option<NaiveDate> {
    static STATUS_DATE: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
        shared(&format!(
            r"(?im)^\s*{}",
            crate::normalize::status::VERDICT_START
        ))
    });
    let parser = crate::normalize::dates::DateParser::new(cfg.six_digit_order, 2000);
    // Every row on its own (in parallel: a national list's 50,000 rows took
    // a quarter of a second on one thread), the counts then added up.
    // Counted apart: the dates the lists are "daterad" (their titles say
    // what they report), and the "Status YYMMDD" dates of their verdicts.
    // The titles decide when there are any: a list made for January carries
    // December's verdicts, dated December, one per process.
    type Counts = (BTreeMap<NaiveDate, usize>, BTreeMap<NaiveDate, usize>);
    let count_row = |mut counts: Counts, row: &Vec<CellValue>| {
        for cell in row {
            let CellValue::Text(t) = cell else { continue };
            // "Status per 231130" matches both patterns: count each date
            // token once, as a title's.
            let mut tokens = std::collections::BTreeSet::new();
            for (titled, re) in [(true, &**DATERAD), (false, &**STATUS_DATE)] {
                for c in re.captures_iter(t) {
                    let m = c.name("d").expect("group");
                    if tokens.insert(m.start())
                        && let Some(Ok(d)) = parser.parse_one(m.as_str())
                    {
                        let map = if titled { &mut counts.0 } else { &mut counts.1 };
                        *map.entry(d.start).or_default() += 1;
                    }
                }
            }
        }
        counts
    };
    let counts = books
        .par_iter()
        .flat_map(|b| b.sheets.par_iter())
        .flat_map(|s| s.rows.par_iter())
        .fold(Counts::default, count_row)
        .reduce(Counts::default, |mut a, b| {
            for (d, n) in b.0 {
                *a.0.entry(d).or_default() += n;
            }
            for (d, n) in b.1 {
                *a.1.entry(d).or_default() += n;
            }
            a
        });
    let (titled, verdicts) = counts;
    let decide = if titled.is_empty() { verdicts } else { titled };
    decide
        .into_iter()
        .max_by_key(|(d, n)| (*n, *d))
        .map(|(d, _)| d)
}

/// `re`'s groups in `text`, looked for only when the fast engine finds a
/// match: most lines carry no label, and a search with groups costs several
/// times a plain one.
fn captures_if<'t>(re: &Regex, text: &'t str) -> Option<regex::Captures<'t>> {
    if re.is_match(text) {
        re.captures(text)
    } else {
        None
    }
}

/// What [`Normalizer::sheet`] needs to read one row on its own.
struct RowContext<'a> {
    source_index: usize,
    at: &'a Arc<Place>,
    sheet: &'a RawSheet,
    columns: &'a [Column],
    layout: Layout,
    header_row: Option<u32>,
}

/// One row read: nothing, a stated total, or a process row with its first
/// text (for a finding about a row without an id).
enum RowOut {
    Skip,
    Total(StatedTotal),
    Row(Box<ProcessRow>, String),
}

/// Normalises one workbook into a source, its rows and the findings of reading.
pub struct Normalizer<'a> {
    pub cfg: &'a Config,
    pub classifier: PerThread<Classifier>,
    headers: HeaderWords,
}

impl<'a> Normalizer<'a> {
    pub fn new(cfg: &'a Config, as_of: NaiveDate) -> Self {
        use chrono::Datelike;
        Normalizer {
            cfg,
            classifier: Classifier::new(cfg, as_of.year()).with_as_of(as_of).into(),
            headers: HeaderWords::new(cfg),
        }
    }

    /// The office named by a text, as a configured code: a code or alias as a
    /// word, or a configured name inside it.
    pub(crate) fn office_in(&self, text: &str) -> Option<String> {
        for w in CODE_WORD.find_iter(text) {
            let w = w.as_str().trim_end_matches('-');
            if let Some(code) = self.cfg.office_code(w)
                && w.len() >= 3
                && w.chars().any(|c| c.is_uppercase())
            {
                return Some(code);
            }
        }
        let folded = fold(text);
        self.cfg
            .offices
            .iter()
            .find(|o| !o.name.is_empty() && folded.contains(&fold(&o.name)))
            .map(|o| o.code.clone())
    }

    pub fn normalize(
        &self,
        source_index: usize,
        book: &RawWorkbook,
        rows_out: &mut Vec<ProcessRow>,
        findings: &mut Vec<Raw>,
    ) -> Source {
        let file = &book.file;
        let file_office = std::path::Path::new(file)
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| {
                n.split(|c: char| !c.is_alphanumeric())
                    .find_map(|w| self.cfg.office_code(w))
            })
            .map(CompactString::from);
        let mut source = Source {
            file: file.clone(),
            office: None,
            sheets: Vec::new(),
            title: Vec::new(),
            dated: None,
            totals: Vec::new(),
            error: None,
        };
        let first_row = rows_out.len();
        for sheet in &book.sheets {
            // Formula errors anywhere in the sheet.
            for (r, row) in sheet.rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if let CellValue::Error(e) = cell {
                        findings.push(Raw::new(
                            Code::FormulaError,
                            Location::at_cell(file, &sheet.name, r as u32, c as u32),
                            e.clone(),
                        ));
                    }
                }
            }
            let info = self.sheet(source_index, file, sheet, &mut source, rows_out, findings);
            source.sheets.push(info);
        }
        if source.office.is_none() {
            source.office = file_office.or_else(|| {
                (!self.cfg.default_office.is_empty())
                    .then(|| self.cfg.default_office.as_str().into())
            });
        }
        for row in &mut rows_out[first_row..] {
            if row.office.is_none() {
                row.office = source.office.clone();
            }
            // The lead as the office set it in bold, where no text marks it.
            if let Some(r) = &row.responsibility
                && !book.bold.is_empty()
                && !LEAD_MARK.is_match(&r.text.text)
                && let Some(lead) = self.bold_lead(book, r)
            {
                let mut r = (**r).clone();
                r.offices.retain(|o| o.as_str() != lead);
                r.offices.insert(0, lead.as_str().into());
                r.lead = Some(lead.into());
                r.lead_marked = true;
                row.responsibility = Some(Arc::new(r));
            }
        }
        // A recognised header with no rows below it is an empty list, not a
        // missing one.
        if !source.sheets.iter().any(|s| s.layout != Layout::None) {
            findings.push(
                Raw::new(
                    Code::NoProcessTable,
                    Location::new(file, "", ""),
                    String::new(),
                )
                .detail(
                    "sheets",
                    serde_json::json!(
                        book.sheets
                            .iter()
                            .map(|s| s.name.clone())
                            .collect::<Vec<_>>()
                    ),
                ),
            );
        }
        source
    }

    /// The office a responsibility's cell sets in bold: the runs of the
    /// responsibility's own text, of one of its lines (a responsibility
    /// read from two cells, one of them bold whole), or of the whole cell
    /// it stands in (a pasted cell or a Word cell holds the id and the need
    /// too; only the runs inside the responsibility count). A run marks the
    /// lead only when it names exactly one office: a cell bold whole that
    /// names them all marks none.
    fn bold_lead(&self, book: &RawWorkbook, r: &Responsibility) -> Option<String> {
        use crate::read::rich::key;
        let own = key(&r.text.text);
        let cell = || {
            let (row, col) = r.text.loc.row_col()?;
            let sheet = book.sheets.iter().find(|s| s.name == r.text.loc.sheet())?;
            Some(key(&sheet.get(row as usize, col as usize).display()))
        };
        let runs = book
            .bold
            .get(&own)
            .or_else(|| {
                let lines: Vec<&str> = r.text.text.lines().collect();
                (lines.len() > 1)
                    .then(|| lines.iter().find_map(|l| book.bold.get(&key(l))))
                    .flatten()
            })
            .or_else(|| book.bold.get(&cell()?))?;
        runs.iter()
            .filter(|run| own.contains(&key(run)))
            .find_map(|run| match self.offices_named(run).as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            })
    }

    /// The offices a text names, by code or alias, or else by full name.
    fn offices_named(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in CODE_WORD.find_iter(text) {
            if let Some(code) = self.cfg.office_code(w.as_str().trim_end_matches('-'))
                && !out.contains(&code)
            {
                out.push(code);
            }
        }
        if out.is_empty() {
            out.extend(self.office_in(text));
        }
        out
    }

    /// A text at (r, c) of the sheet `at` (file and sheet names, shared).
    fn text(&self, at: &Arc<Place>, r: usize, c: usize, s: String) -> Text {
        Text {
            text: s.into(),
            loc: Location::at(at, r as u32, c as u32),
        }
    }

    fn sheet(
        &self,
        source_index: usize,
        file: &str,
        sheet: &RawSheet,
        source: &mut Source,
        rows_out: &mut Vec<ProcessRow>,
        findings: &mut Vec<Raw>,
    ) -> SheetInfo {
        let at = Place::within(file, &sheet.name, sheet.container);
        let mut info = SheetInfo {
            name: sheet.name.clone(),
            layout: Layout::None,
            header_row: None,
            header: Vec::new(),
            processes: 0,
            events: 0,
        };
        // A chart sheet holds no cells: said, and skipped.
        if sheet.container == Container::Chart {
            findings.push(Raw::new(
                Code::SheetSkipped,
                Location::new(file, &sheet.name, ""),
                String::new(),
            ));
            return info;
        }
        // A Word document's paragraphs outside its tables are its title
        // block and its stated totals.
        if sheet.container == Container::Paragraphs {
            for (r, row) in sheet.rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if !v.is_empty() {
                        let t = self.text(&at, r, c, v.display());
                        self.title_line(&t, source);
                    }
                }
            }
            return info;
        }
        // The header row: the row in the first 30 that names most fields (two at least).
        let mut best: Option<(usize, Vec<Column>, usize)> = None;
        for (r, row) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
            let cols: Vec<Column> = row
                .iter()
                .enumerate()
                .map(|(c, v)| match v {
                    CellValue::Text(t) => self
                        .headers
                        .field(t)
                        .map(Column::Field)
                        .unwrap_or_else(|| Column::Extra(t.trim().to_string())),
                    other if !other.is_empty() => Column::Extra(other.display()),
                    _ => Column::Extra(crate::ground::text::col_name(c as u32).into()),
                })
                .collect();
            let mut named: Vec<Field> = cols
                .iter()
                .filter_map(|c| match c {
                    Column::Field(f) => Some(*f),
                    _ => None,
                })
                .collect();
            named.sort();
            named.dedup();
            let score = named.len();
            // A header names fields but holds no field labels with values.
            let has_id = row.iter().any(|v| matches!(v, CellValue::Text(t) if ID_LABEL.is_match(t.lines().next().unwrap_or(""))));
            if score >= 2 && !has_id && best.as_ref().is_none_or(|(_, _, s)| score > *s) {
                best = Some((r, cols, score));
            }
        }
        let start;
        let mut columns: Vec<Column>;
        match best {
            Some((r, cols, _)) => {
                info.header_row = Some(r as u32);
                info.header = sheet.rows[r]
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(c, v)| self.text(&at, r, c, v.display()))
                    .collect();
                start = (r + 1..=sheet.rows.len())
                    .find(|&n| {
                        sheet
                            .rows
                            .get(n)
                            .is_none_or(|row| !is_header_copy(&sheet.rows[r], row))
                    })
                    .unwrap_or(r + 1);
                columns = cols;
                // A date and an event column make the long layout.
                let has = |f: Field| columns.contains(&Column::Field(f));
                if has(Field::Date) && has(Field::Event) {
                    info.layout = Layout::Long;
                    if has(Field::Process) {
                        // "Nr" beside a process column is the meeting number.
                        for (c, v) in sheet.rows[r].iter().enumerate() {
                            if let CellValue::Text(t) = v
                                && fold(t) == "nr"
                                && columns[c] == Column::Field(Field::Process)
                                && columns
                                    .iter()
                                    .filter(|x| **x == Column::Field(Field::Process))
                                    .count()
                                    > 1
                            {
                                columns[c] = Column::Number;
                            }
                        }
                    }
                } else {
                    info.layout = Layout::Wide;
                }
            }
            None => {
                // Fields inside cells: the first row whose first line is an id label.
                let first = sheet.rows.iter().position(|row| {
                    row.iter().any(|v| matches!(v, CellValue::Text(t) if ID_LABEL.is_match(t.lines().next().unwrap_or(""))))
                });
                match first {
                    Some(r) => {
                        info.layout = Layout::Cells;
                        start = r;
                        columns = Vec::new();
                    }
                    None => {
                        // No table: keep every text so that nothing is lost,
                        // but take no office or date from stray text.
                        for (r, row) in sheet.rows.iter().enumerate() {
                            for (c, v) in row.iter().enumerate() {
                                if !v.is_empty() {
                                    let t = self.text(&at, r, c, v.display());
                                    source.title.push(t);
                                }
                            }
                        }
                        return info;
                    }
                }
            }
        }
        // Title rows above the table.
        for (r, row) in sheet
            .rows
            .iter()
            .enumerate()
            .take(info.header_row.map_or(start, |h| h as usize))
        {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    let t = self.text(&at, r, c, v.display());
                    self.title_line(&t, source);
                }
            }
        }
        let long = info.layout == Layout::Long;
        // Keyed by office too: one sheet with an office column may hold
        // several offices' rows of one process.
        let mut seen_ids: BTreeMap<(CompactString, Option<CompactString>), Vec<Location>> =
            BTreeMap::new();
        // Rows are read in parallel (a national list may hold 50,000
        // processes in one sheet); what they add to the source, the findings
        // and the counts is then taken in row order.
        let ctx = RowContext {
            source_index,
            at: &at,
            sheet,
            columns: &columns,
            layout: info.layout,
            header_row: info.header_row,
        };
        let outs: Vec<RowOut> =
            if matches!(sheet.container, Container::Table(_)) && info.layout == Layout::Cells {
                // A Word table in the attachment's shape: a process is the rows
                // from its id label to the next one.
                blocks(sheet, start)
                    .into_iter()
                    .flat_map(|rows| self.block(&ctx, rows))
                    .collect()
            } else {
                sheet.rows[start.min(sheet.rows.len())..]
                    .par_iter()
                    .with_min_len(64)
                    .enumerate()
                    .map(|(i, row)| self.row(&ctx, start + i, row))
                    .collect()
            };
        for out in outs {
            let (pr, text) = match out {
                RowOut::Skip => continue,
                RowOut::Total(total) => {
                    source.totals.push(total);
                    continue;
                }
                RowOut::Row(pr, text) => (*pr, text),
            };
            if pr.id.is_none() && pr.id_text.is_none() {
                findings.push(Raw::new(Code::MissingProcessId, pr.anchor(file), text));
            } else if let Some(id) = &pr.id
                && !long
            {
                seen_ids
                    .entry((id.clone(), pr.office.clone()))
                    .or_default()
                    .push(pr.anchor(file));
            }
            if long {
                info.events += pr.status.len();
            } else {
                info.processes += 1;
                info.events += pr
                    .status
                    .iter()
                    .filter(|e| e.line.date_range().is_some())
                    .count();
            }
            if let Some(o) = &pr.office
                && source.office.is_none()
            {
                source.office = Some(o.clone());
            }
            rows_out.push(pr);
        }
        for ((id, _), locs) in seen_ids {
            if locs.len() > 1 {
                for loc in &locs[1..] {
                    findings.push(
                        Raw::new(Code::DuplicateProcess, loc.clone(), id.clone())
                            .process(&id)
                            .detail(
                                "rows",
                                serde_json::json!(
                                    locs.iter().map(|l| l.cell()).collect::<Vec<_>>()
                                ),
                            ),
                    );
                }
            }
        }
        info
    }

    /// Reads one row of a table below its header (or from the first
    /// labelled row): a process row, a stated total, or nothing.
    fn row(&self, ctx: &RowContext, r: usize, row: &[CellValue]) -> RowOut {
        let (at, sheet, columns) = (ctx.at, ctx.sheet, ctx.columns);
        let long = ctx.layout == Layout::Long;
        if row.iter().all(CellValue::is_empty) {
            return RowOut::Skip;
        }
        // A row that only states a total.
        let mut filled = row.iter().enumerate().filter(|(_, v)| !v.is_empty());
        if let (Some((c, v)), None) = (filled.next(), filled.next()) {
            let t = self.text(at, r, c, v.display());
            if let Some(total) = self.total_of(&t) {
                return RowOut::Total(total);
            }
        }
        let mut pr = ProcessRow::new(ctx.source_index, &sheet.name, r as u32, None);
        pr.long = long;
        let mut long_parts = LongParts::default();
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let col = columns.get(c).cloned();
            let t = self.text(at, r, c, v.display());
            if long {
                match col {
                    Some(Column::Field(Field::Date)) => long_parts.date = Some((t, v.clone())),
                    Some(Column::Field(Field::Event)) => long_parts.event = Some(t),
                    Some(Column::Number) => long_parts.number = Some(t),
                    Some(Column::Field(Field::Status)) => long_parts.state = Some(t),
                    Some(Column::Field(Field::Process)) => self.set_id(&mut pr, t),
                    Some(Column::Field(Field::Office)) => {
                        pr.office = Some(self.office_value(&t.text));
                        pr.office_text = Some(t);
                    }
                    Some(Column::Extra(h)) => pr.extras.push((h, t)),
                    Some(Column::Field(f)) => self.cell(&mut pr, Some(f), t),
                    None => pr.extras.push((String::new(), t)),
                }
                continue;
            }
            match col {
                Some(Column::Field(Field::Office)) => {
                    pr.office = Some(self.office_value(&t.text));
                    pr.office_text = Some(t);
                }
                Some(Column::Field(Field::Verdict)) => {
                    let loc = t.loc.clone();
                    self.cell(&mut pr, Some(Field::Verdict), t);
                    // "Status 231231" in the header dates the verdicts below it.
                    let header_date = ctx.header_row.and_then(|h| {
                        let header = sheet.get(h as usize, c).display();
                        self.classifier
                            .date_parser()
                            .find_all(&header)
                            .into_iter()
                            .find_map(|f| f.value.ok())
                    });
                    for v in pr
                        .verdicts
                        .iter_mut()
                        .filter(|v| v.text.loc == loc && v.dated.is_none())
                    {
                        Arc::make_mut(v).dated = header_date.clone();
                    }
                }
                Some(Column::Field(f)) => self.cell(&mut pr, Some(f), t),
                Some(Column::Extra(h)) if ctx.layout == Layout::Wide => {
                    // Labelled fields inside an unknown column are still read.
                    self.cell_extra(&mut pr, &h, t)
                }
                _ => self.cell(&mut pr, None, t),
            }
        }
        if long {
            self.long_event(&mut pr, long_parts);
        }
        self.finish_row(&mut pr);
        // The first cell's text names a row without an id in its finding.
        let text = match (&pr.id, &pr.id_text) {
            (None, None) => row
                .iter()
                .find(|v| !v.is_empty())
                .map(CellValue::display)
                .unwrap_or_default(),
            _ => String::new(),
        };
        RowOut::Row(Box::new(pr), text)
    }

    /// Reads a block of rows of a Word table that hold one process (the
    /// attachment's shape: "Åtgärdsbehov 1 process 2.1.1" | "Aktivitet 1",
    /// then the need | the activity, the status | the result, the priority,
    /// the time plan). A cell without a label of its own goes on with the
    /// field the cell above it ended in (the need under the id, the
    /// activity under its label); the third row is the status log and the
    /// result. A row that only states a total is a total.
    fn block(&self, ctx: &RowContext, rows: Vec<usize>) -> Vec<RowOut> {
        let (at, sheet) = (ctx.at, ctx.sheet);
        let mut out = Vec::new();
        let Some(&first) = rows.first() else {
            return out;
        };
        let mut pr = ProcessRow::new(ctx.source_index, &sheet.name, first as u32, None);
        let mut above: Vec<Option<Field>> = Vec::new();
        for (i, r) in rows.into_iter().enumerate() {
            let row = &sheet.rows[r];
            // The third row of the shape holds the status log (left) and the
            // result (right), with or without their labels.
            if i == 2 {
                above = vec![Some(Field::Status), Some(Field::Result)];
            }
            let mut filled = row.iter().enumerate().filter(|(_, v)| !v.is_empty());
            if let (Some((c, v)), None) = (filled.next(), filled.next()) {
                let t = self.text(at, r, c, v.display());
                if let Some(total) = self.total_of(&t) {
                    out.push(RowOut::Total(total));
                    continue;
                }
            }
            for (c, v) in row.iter().enumerate() {
                if v.is_empty() {
                    continue;
                }
                if above.len() <= c {
                    above.resize(c + 1, None);
                }
                let t = self.text(at, r, c, v.display());
                above[c] = self.cell_in(&mut pr, above[c], t);
            }
        }
        self.finish_row(&mut pr);
        let text = match (&pr.id, &pr.id_text) {
            (None, None) => sheet
                .rows
                .get(first)
                .and_then(|row| row.iter().find(|v| !v.is_empty()))
                .map(CellValue::display)
                .unwrap_or_default(),
            _ => String::new(),
        };
        out.push(RowOut::Row(Box::new(pr), text));
        out
    }

    fn office_value(&self, text: &str) -> CompactString {
        self.cfg
            .office_code(text)
            .or_else(|| self.office_in(text))
            .map_or_else(|| text.trim().into(), Into::into)
    }

    fn title_line(&self, t: &Text, source: &mut Source) {
        if self.total(t, source) && !TOTAL_PROCESSES.is_match(&t.text) {
            source.title.push(t.clone());
            return;
        }
        if source.office.is_none() {
            source.office = self.office_in(&t.text).map(Into::into);
        }
        let dated = DATERAD
            .captures(&t.text)
            .and_then(|c| self.classifier.date_parser().parse_one(&c["d"]))
            .and_then(Result::ok);
        if let Some(d) = dated {
            source.dated = Some(d.start);
        }
        source.title.push(t.clone());
    }

    /// Reads a stated total from a text and keeps it; true when it was one.
    fn total(&self, t: &Text, source: &mut Source) -> bool {
        match self.total_of(t) {
            Some(total) => {
                source.totals.push(total);
                true
            }
            None => false,
        }
    }

    /// The total a text states ("Slutförda per 231231: 9 st"), if any.
    fn total_of(&self, t: &Text) -> Option<StatedTotal> {
        let (kind, re) = if TOTAL_COMPLETED.is_match(&t.text) {
            (TotalKind::Completed, &**TOTAL_COMPLETED)
        } else if TOTAL_CONTINUING.is_match(&t.text) {
            (TotalKind::Continuing, &**TOTAL_CONTINUING)
        } else if TOTAL_PROCESSES.is_match(&t.text) {
            (TotalKind::Processes, &**TOTAL_PROCESSES)
        } else {
            return None;
        };
        let value = re.captures(&t.text).and_then(|c| c["n"].parse().ok())?;
        Some(StatedTotal {
            kind,
            value,
            text: t.clone(),
        })
    }

    fn set_id(&self, pr: &mut ProcessRow, t: Text) {
        let (id, valid) = match canonical_id(&t.text) {
            Some((id, valid)) => (Some(id.into()), valid),
            None => (None, false),
        };
        if pr.id.is_none() || (valid && !pr.id_valid) {
            pr.id = id;
            pr.id_valid = valid;
            pr.id_text = Some(t);
        }
    }

    /// Reads a cell of an unknown column: labelled fields are taken, the rest
    /// is kept under the column's header.
    fn cell_extra(&self, pr: &mut ProcessRow, header: &str, t: Text) {
        let before = pr.extras.len();
        self.cell(pr, None, t);
        for e in &mut pr.extras[before..] {
            if e.0.is_empty() {
                e.0 = header.to_string();
            }
        }
    }

    /// Reads one cell whose column names `field` (or nothing), following the
    /// labels inside it line by line.
    fn cell(&self, pr: &mut ProcessRow, field: Option<Field>, t: Text) {
        self.cell_in(pr, field, t);
    }

    /// [`Self::cell`], giving the field its last unlabelled line went to.
    fn cell_in(&self, pr: &mut ProcessRow, field: Option<Field>, t: Text) -> Option<Field> {
        let mut current = field;
        let mut in_responsibility = false;
        let mut verdict_open = false;
        let mut buffers: Vec<(Option<Field>, Vec<String>)> = Vec::new();
        let push =
            |buffers: &mut Vec<(Option<Field>, Vec<String>)>, f: Option<Field>, line: &str| {
                match buffers.last_mut() {
                    Some((g, lines)) if *g == f => lines.push(line.to_string()),
                    _ => buffers.push((f, vec![line.to_string()])),
                }
            };
        for line in t.text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            // An id label starts a process's block in pasted lists; inside a
            // status, verdict or result column it is prose ("Process 2.1.4
            // hanteras i samma grupp").
            if !matches!(
                field,
                Some(Field::Process | Field::Status | Field::Verdict | Field::Result)
            ) && let Some(c) = captures_if(&ID_LABEL, trimmed)
            {
                self.set_id(
                    pr,
                    Text {
                        text: c["id"].into(),
                        loc: t.loc.clone(),
                    },
                );
                if let Some(id_text) = &mut pr.id_text
                    && id_text.loc == t.loc
                {
                    id_text.text = trimmed.into();
                }
                current = Some(Field::Need);
                if let Some(rest) = c
                    .name("rest")
                    .map(|m| m.as_str().trim())
                    .filter(|s| !s.is_empty())
                {
                    push(&mut buffers, current, rest);
                }
                continue;
            }
            if VERDICT_LINE.is_match(trimmed) && current != Some(Field::Verdict) {
                push(&mut buffers, Some(Field::Verdict), trimmed);
                // A phrase that reads as neither verdict may go on below.
                verdict_open = matches!(self.classifier.classify(trimmed).kind,
                    LineKind::Verdict(ref v) if v.outcome == Outcome::Unclear);
                continue;
            }
            if verdict_open && self.classifier.classify(trimmed).kind == LineKind::Note {
                push(&mut buffers, Some(Field::Verdict), trimmed);
                verdict_open = false;
                continue;
            }
            verdict_open = false;
            if let Some(c) = captures_if(&RESP_LABEL, trimmed) {
                push(&mut buffers, Some(Field::Responsibility), c["rest"].trim());
                in_responsibility = true;
                continue;
            }
            if let Some(c) = captures_if(&RESP_BARE, trimmed)
                && self.only_offices(c["rest"].trim())
            {
                push(&mut buffers, Some(Field::Responsibility), c["rest"].trim());
                in_responsibility = true;
                continue;
            }
            // "Ansvar delas med **KSK** KSON,\nBoU och SoC": a line of office
            // codes right after the responsibility continues it.
            if in_responsibility && self.only_offices(trimmed) {
                push(&mut buffers, Some(Field::Responsibility), trimmed);
                continue;
            }
            in_responsibility = false;
            if current != Some(Field::Status) || buffers.is_empty() {
                if let Some(c) = captures_if(&PRIO_LABEL, trimmed) {
                    push(&mut buffers, Some(Field::Priority), c["rest"].trim());
                    continue;
                }
                if let Some(c) = captures_if(&PLAN_LABEL, trimmed) {
                    push(&mut buffers, Some(Field::TimePlan), c["rest"].trim());
                    continue;
                }
                if let Some(c) = captures_if(&ACTIVITY_LABEL, trimmed) {
                    current = Some(Field::Activity);
                    let rest = c.name("rest").map_or("", |m| m.as_str().trim());
                    if !rest.is_empty() {
                        push(&mut buffers, current, rest);
                    }
                    continue;
                }
                if let Some(c) = captures_if(&RESULT_LABEL, trimmed) {
                    current = Some(Field::Result);
                    let rest = c
                        .name("rest")
                        .or(c.name("rest2"))
                        .map_or("", |m| m.as_str().trim());
                    if !rest.is_empty() {
                        push(&mut buffers, current, rest);
                    }
                    continue;
                }
                if (current.is_none() || current == Some(Field::Need))
                    && let Some(c) = captures_if(&NEED_LABEL, trimmed)
                {
                    current = Some(Field::Need);
                    let rest = c.name("rest").map_or("", |m| m.as_str().trim());
                    if !rest.is_empty() {
                        push(&mut buffers, current, rest);
                    }
                    continue;
                }
            }
            if STATUS_LABEL.is_match(trimmed) {
                current = Some(Field::Status);
            }
            push(&mut buffers, current, line.trim_end());
        }
        for (f, lines) in buffers {
            let text = Text {
                text: lines.join("\n").into(),
                loc: t.loc.clone(),
            };
            self.assign(pr, f, text);
        }
        current
    }

    fn assign(&self, pr: &mut ProcessRow, f: Option<Field>, t: Text) {
        fn append(slot: &mut Option<Text>, t: Text) {
            match slot {
                Some(s) => s.text = format!("{}\n{}", s.text, t.text).into(),
                None => *slot = Some(t),
            }
        }
        match f {
            Some(Field::Process) => self.set_id(pr, t),
            Some(Field::Need) => append(&mut pr.need, t),
            Some(Field::Activity) | Some(Field::Event) => append(&mut pr.activity, t),
            Some(Field::Result) => append(&mut pr.result, t),
            Some(Field::Priority) => append(&mut pr.priority, t),
            Some(Field::TimePlan) => append(&mut pr.time_plan, t),
            Some(Field::Responsibility) => {
                let text = match pr.responsibility.take().map(|r| r.text.clone()) {
                    Some(r) if !r.text.is_empty() => Text {
                        text: format!("{}\n{}", r.text, t.text).into(),
                        loc: r.loc,
                    },
                    Some(r) => Text {
                        text: t.text,
                        loc: r.loc,
                    },
                    None => t,
                };
                pr.responsibility = Some(Arc::new(self.responsibility(text)));
            }
            Some(Field::Status) => self.status_lines(pr, &t),
            Some(Field::Verdict) => {
                // Each "Status YYMMDD: …" line starts a verdict; other lines
                // continue the one before (a phrase wrapped over two lines).
                let mut groups: Vec<String> = Vec::new();
                for line in t.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    match groups.last_mut() {
                        Some(g) if !VERDICT_LINE.is_match(line) => {
                            g.push(' ');
                            g.push_str(line);
                        }
                        _ => groups.push(line.to_string()),
                    }
                }
                for text in groups {
                    let classified = self.classifier.classify(&text);
                    let dated = classified.date();
                    let (verdict, dated) = match classified.kind {
                        LineKind::Verdict(v) => (v, dated),
                        _ => (self.classifier.verdict_from_phrase(&text), None),
                    };
                    pr.verdicts.push(Arc::new(VerdictEntry {
                        verdict,
                        text: Text {
                            text: text.into(),
                            loc: t.loc.clone(),
                        },
                        dated,
                    }));
                }
            }
            Some(Field::Office) => {
                pr.office = Some(self.office_value(&t.text));
                pr.office_text = Some(t);
            }
            Some(Field::Date) => pr.extras.push(("Datum".into(), t)),
            None => pr.extras.push((String::new(), t)),
        }
    }

    fn status_lines(&self, pr: &mut ProcessRow, t: &Text) {
        let mut sub = pr.status.last().and_then(|e| e.subprocess().cloned());
        // The cell's text and location, shared by its lines.
        let cell = CellText::new(&t.text, t.loc.clone());
        let pieces = self.classifier.split_lines(&cell.text);
        let mut i = 0;
        while i < pieces.len() {
            let mut line = self.classifier.classify_in(&cell, pieces[i]);
            i += 1;
            // "Status 231231: Inget behov av fortsatt" + "processledning": a
            // verdict wrapped over two lines is one line.
            while let LineKind::Verdict(v) = &line.kind {
                let next = pieces.get(i).map(|p| self.classifier.classify_in(&cell, p));
                match next {
                    Some(n) if v.outcome == Outcome::Unclear && n.kind == LineKind::Note => {
                        let joined = format!("{} {}", line.text(), n.text());
                        line = self.classifier.classify_at(&joined, &t.loc);
                        i += 1;
                    }
                    _ => break,
                }
            }
            if let LineKind::Subprocess { name } = &line.kind {
                sub = Some(Arc::from(name.as_str()));
            }
            if let LineKind::Verdict(v) = &line.kind {
                pr.verdicts.push(Arc::new(VerdictEntry {
                    verdict: v.clone(),
                    text: Text {
                        text: Arc::from(line.text()),
                        loc: t.loc.clone(),
                    },
                    dated: line.date(),
                }));
            }
            let in_meeting = matches!(line.kind, LineKind::Meeting(_) | LineKind::Event);
            for inv in line.invalid_dates() {
                if inv.date_like || in_meeting {
                    pr.bad_dates.push(BadDate {
                        invalid: inv.clone(),
                        text: Text {
                            text: Arc::from(line.text()),
                            loc: t.loc.clone(),
                        },
                        in_meeting,
                    });
                }
            }
            pr.status
                .push(StatusEntry::new(line, sub.clone(), Box::default()));
        }
    }

    /// True when a line holds nothing but office or unit codes, "och"/"and"
    /// and punctuation ("BoU och SoC").
    fn only_offices(&self, line: &str) -> bool {
        let mut any = false;
        for w in CODE_WORD.find_iter(line) {
            let w = w.as_str().trim_matches(['*', '-']);
            if matches!(w.to_lowercase().as_str(), "och" | "and" | "samt") {
                continue;
            }
            if self.cfg.office_code(w).is_none() && !self.cfg.is_unit(w) {
                return false;
            }
            any = true;
        }
        any && line
            .chars()
            .all(|c| c.is_alphanumeric() || " ,*&+/-".contains(c))
    }

    /// Reads the offices of a responsibility text and its lead office.
    pub fn responsibility(&self, text: Text) -> Responsibility {
        let mut lead: Option<String> = None;
        let lead_marked = LEAD_MARK.is_match(&text.text);
        if let Some(c) = LEAD_MARK.captures(&text.text) {
            let written = c
                .name("a")
                .or(c.name("b"))
                .or(c.name("c"))
                .map(|m| m.as_str())
                .unwrap_or("");
            lead = self
                .cfg
                .office_code(written)
                .or_else(|| self.office_in(written))
                .or_else(|| Some(written.trim().to_string()));
        }
        let mut offices = Vec::new();
        let mut unknown = Vec::new();
        for m in CODE_WORD.find_iter(&text.text) {
            let w = m.as_str().trim_end_matches('-');
            if let Some(code) = self.cfg.office_code(w) {
                if !offices.contains(&code) {
                    offices.push(code);
                }
            } else if self.cfg.is_unit(w) {
                if !offices.iter().any(|o| o == w) {
                    offices.push(w.to_string());
                }
            } else if looks_like_code(w) && !unknown.iter().any(|u| u == w) {
                unknown.push(w.to_string());
            }
        }
        if lead.is_none() {
            lead = offices
                .iter()
                .find(|o| self.cfg.office_code(o).is_some())
                .cloned();
        }
        if let Some(l) = &lead
            && let Some(pos) = offices.iter().position(|o| o == l)
        {
            let o = offices.remove(pos);
            offices.insert(0, o);
        }
        Responsibility {
            text,
            lead_marked,
            lead: lead.map(Into::into),
            offices: offices.into_iter().map(Into::into).collect(),
            unknown: unknown.into_iter().map(Into::into).collect(),
        }
    }

    fn long_event(&self, pr: &mut ProcessRow, mut parts: LongParts) {
        // The line is the event cell; without one, the date, the state or the
        // number stands for it, so that no cell of the row is lost.
        let (event, date_cell) = match (parts.event.take(), parts.date.take()) {
            (Some(e), d) => (e, d),
            (None, Some((t, v))) => (t.clone(), Some((t, v))),
            (None, None) => match parts.state.take().or(parts.number.take()) {
                Some(t) => (t, None),
                None => return,
            },
        };
        let mut line = self.classifier.classify_event(
            &event.text,
            &event.loc,
            parts.state.as_ref().map(|s| &*s.text),
        );
        if let Some((dt, dv)) = &date_cell
            && dt.loc != event.loc
        {
            let value = match dv {
                CellValue::Date(d) => Some(Ok(DateValue::day(&*dt.text, *d))),
                CellValue::Number(n) => {
                    // Six digits first (230529), then an Excel serial.
                    let s = format!("{}", *n as i64);
                    self.classifier.date_parser().parse_one(&s).or_else(|| {
                        crate::model::dates::from_excel_serial(*n)
                            .map(|d| Ok(DateValue::day(&*dt.text, d)))
                    })
                }
                _ => self.classifier.date_parser().parse_one(&dt.text),
            };
            match value {
                Some(Ok(v)) if line.date_range().is_none() => {
                    line.set_date(Some(v));
                    // Re-read the state from the date now known: the row's
                    // state and date cells after its event, as one line
                    // whose text is still the event cell's.
                    let after = match &parts.state {
                        Some(s) => format!("{} {}", s.text, dt.text),
                        None => dt.text.to_string(),
                    };
                    let again =
                        self.classifier
                            .classify_event(&event.text, &event.loc, Some(&after));
                    if let (LineKind::Meeting(a), LineKind::Meeting(b)) =
                        (&mut line.kind, &again.kind)
                    {
                        a.state = b.state;
                    } else if matches!(line.kind, LineKind::Note) {
                        // A meeting only with its date: the line read again
                        // (its kind's place is in that reading's text), with
                        // the date cell's value.
                        let date = line.date();
                        line = again;
                        line.set_date(date);
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(inv)) => pr.bad_dates.push(BadDate {
                    invalid: inv,
                    text: dt.clone(),
                    in_meeting: true,
                }),
                None => {}
            }
        }
        if let (Some(n), LineKind::Meeting(m)) = (&parts.number, &mut line.kind)
            && m.number().is_none()
        {
            m.set_number(crate::model::status::number_in_cell(&n.text));
        }
        for inv in line.invalid_dates() {
            pr.bad_dates.push(BadDate {
                invalid: inv.clone(),
                text: event.clone(),
                in_meeting: true,
            });
        }
        let cells = [date_cell.map(|(t, _)| t), parts.number, parts.state]
            .into_iter()
            .flatten()
            .filter(|t| t.loc != event.loc)
            .collect();
        pr.status.push(StatusEntry::new(line, None, cells));
    }

    /// Reads the time plan as a period once the row's cells are all in.
    fn finish_row(&self, pr: &mut ProcessRow) {
        if let Some(tp) = &pr.time_plan {
            pr.period = self.classifier.date_parser().parse_period(&tp.text);
        }
        // A row lives until the workbook is written: the room its lists grew
        // into is given back (a verdict list grown to four holds one).
        pr.status.shrink_to_fit();
        pr.verdicts.shrink_to_fit();
        pr.bad_dates.shrink_to_fit();
        pr.extras.shrink_to_fit();
    }
}

#[derive(Default)]
struct LongParts {
    date: Option<(Text, CellValue)>,
    event: Option<Text>,
    number: Option<Text>,
    state: Option<Text>,
}

/// The rows of a Word table in the attachment's shape, from `start`, in
/// blocks: each from a row with an id label to the row before the next.
fn blocks(sheet: &RawSheet, start: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate().skip(start) {
        if row.iter().all(CellValue::is_empty) {
            continue;
        }
        let labelled = row.iter().any(|v| {
            matches!(v, CellValue::Text(t) if ID_LABEL.is_match(t.lines().next().unwrap_or("")))
        });
        match out.last_mut() {
            Some(block) if !labelled => block.push(r),
            _ => out.push(vec![r]),
        }
    }
    out
}

/// A word that is written like an office code: 2–6 letters with a capital
/// after the first letter ("BoU", "KSON", "FRI").
fn looks_like_code(w: &str) -> bool {
    let n = w.chars().count();
    (2..=6).contains(&n)
        && w.chars().all(char::is_alphabetic)
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(file: &str, cells: &[&[&str]]) -> RawWorkbook {
        RawWorkbook {
            file: file.into(),
            bold: Default::default(),
            own_attachment: false,
            sheets: vec![RawSheet {
                name: "Blad1".into(),
                rows: cells
                    .iter()
                    .map(|r| r.iter().map(|t| CellValue::Text(t.to_string())).collect())
                    .collect(),
                container: Default::default(),
            }],
        }
    }

    fn date(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn reporting_date_is_the_most_common_over_all_books_rows_and_cells() {
        let cfg = Config::default();
        // Titles: 231130 twice in a.xlsx ("Status per 231130" matches both
        // patterns and counts once, as a title's) and once in c.xlsx;
        // 231231 once in b.xlsx, whose verdict line does not count.
        let books = [
            book(
                "a.xlsx",
                &[
                    &["Processlista daterad 231130", "2.1.1"],
                    &["Status per 231130: fortsatt behov", "x"],
                ],
            ),
            book(
                "b.xlsx",
                &[&["Status 231231: slutförd"], &["daterad 231231"]],
            ),
            book(
                "c.xlsx",
                &[&["daterad 2023-11-30"], &["Processmöte 1 230529"]],
            ),
        ];
        assert_eq!(infer_as_of(&books, &cfg), date("2023-11-30"));
        // A tie goes to the later date.
        let tie = [
            book("t.xlsx", &[&["daterad 231130"]]),
            book("u.xlsx", &[&["daterad 231231"]]),
        ];
        assert_eq!(infer_as_of(&tie, &cfg), date("2023-12-31"));
        // Many rows (9,999), read in parallel, add up the same way; a date
        // written twice in one cell counts twice.
        let twice = [
            book("f.xlsx", &[&["daterad 231231, daterad 231231"]]),
            book("g.xlsx", &[&["daterad 231130"], &["daterad 231130"]]),
        ];
        assert_eq!(infer_as_of(&twice, &cfg), date("2023-12-31"));
        // The titles' dates decide over the verdicts' (a list for November
        // carrying October's verdicts); without a title, the verdicts do.
        let many: Vec<&[&str]> = std::iter::repeat_n(&["Status 231031: pågår"][..], 5_000)
            .chain(std::iter::repeat_n(&["daterad 231130"][..], 4_999))
            .collect();
        assert_eq!(
            infer_as_of(&[book("d.xlsx", &many)], &cfg),
            date("2023-11-30")
        );
        let verdicts: Vec<&[&str]> = std::iter::repeat_n(&["Status 231031: pågår"][..], 5_000)
            .chain(std::iter::repeat_n(&["Status 231130: pågår"][..], 4_999))
            .collect();
        assert_eq!(
            infer_as_of(&[book("v.xlsx", &verdicts)], &cfg),
            date("2023-10-31")
        );
        assert_eq!(
            infer_as_of(&[book("e.xlsx", &[&["inget datum"]])], &cfg),
            None
        );
    }
}
