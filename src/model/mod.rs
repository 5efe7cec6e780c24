//! The model: the values handed from one stage to the next, and nothing that
//! makes them. A process row as normalised ([`ProcessRow`], each value with
//! its original text and source cell), the reconciled [`Process`] and its
//! [`MergedMeeting`]s, the whole [`Model`] of a run and the [`Run`] (the model
//! with its findings); the date values ([`dates`]), status lines and verdicts
//! ([`status`]), the action plan ([`plan`]) and last month's snapshot and its
//! comparison ([`history`]).
//!
//! Takes: only the ground ([`crate::ground`]). Gives: the types every later
//! stage reads and the outputs write.

pub mod dates;
pub mod history;
pub mod plan;
pub mod status;

use std::sync::Arc;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::Serialize;

use crate::ground::finding::Location;
use crate::model::dates::{DateValue, InvalidDate};
use crate::model::status::{Line, Verdict};

/// A text value with its source cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    pub text: Arc<str>,
    pub loc: Location,
}

/// A field of a process row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Process,
    Need,
    Activity,
    Responsibility,
    Status,
    Result,
    Priority,
    TimePlan,
    Verdict,
    Office,
    Date,
    Event,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Process => "process",
            Field::Need => "need",
            Field::Activity => "activity",
            Field::Responsibility => "responsibility",
            Field::Status => "status",
            Field::Result => "result",
            Field::Priority => "priority",
            Field::TimePlan => "time_plan",
            Field::Verdict => "verdict",
            Field::Office => "office",
            Field::Date => "date",
            Field::Event => "event",
        }
    }
}

/// Responsibility: the offices named, the lead first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Responsibility {
    pub text: Text,
    /// The lead office (marked `**X**`, `X*` or "X (huvudansvar)", else the
    /// first named), as a configured code.
    pub lead: Option<CompactString>,
    /// True when the office marked the lead (a text marker or a bold run),
    /// false when the lead is only the first office named.
    #[serde(skip)]
    pub lead_marked: bool,
    /// Every office or unit named, as codes where known, in order.
    pub offices: Vec<CompactString>,
    /// Codes named that configuration does not know.
    pub unknown: Vec<CompactString>,
}

/// One status line with its source.
///
/// A model holds one entry per status line (750,000 for a national list), so
/// an entry is held once, in its row's list ([`ProcessRow::status`]); the
/// reconciled processes point to it with an [`EntryRef`]. The office that
/// reported it is its row's ([`ProcessRow::office`]); the cell it is in, its
/// line's ([`StatusEntry::loc`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEntry {
    pub line: Line,
    /// What few lines have, boxed so that a line without it stays small.
    more: Option<Box<EntryMore>>,
}

impl Serialize for StatusEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("StatusEntry", 4)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("loc", self.loc())?;
        st.serialize_field("subprocess", &self.subprocess())?;
        st.serialize_field("cells", self.cells())?;
        st.end()
    }
}

/// Where a status entry is held: its row in [`Model::rows`] and its place in
/// that row's [`ProcessRow::status`]. Read it with [`EntryRef::get`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct EntryRef {
    pub row: u32,
    pub line: u32,
}

impl EntryRef {
    /// The entry, from the model's rows.
    pub fn get(self, rows: &[ProcessRow]) -> &StatusEntry {
        &rows[self.row as usize].status[self.line as usize]
    }

    /// The office of the row that reported the entry.
    pub fn office(self, rows: &[ProcessRow]) -> Option<&str> {
        rows[self.row as usize].office.as_deref()
    }
}

/// The rarer parts of a [`StatusEntry`].
#[derive(Debug, Clone, PartialEq, Serialize)]
struct EntryMore {
    subprocess: Option<Arc<str>>,
    cells: Box<[Text]>,
}

impl StatusEntry {
    /// A line (read from the cell [`Line::loc`] names), under the
    /// sub-process heading `subprocess`, with the other cells of its row
    /// (long layout) in `cells`.
    pub fn new(line: Line, subprocess: Option<Arc<str>>, cells: Box<[Text]>) -> Self {
        let more = (subprocess.is_some() || !cells.is_empty())
            .then(|| Box::new(EntryMore { subprocess, cells }));
        StatusEntry { line, more }
    }

    /// The cell the line is in.
    pub fn loc(&self) -> &Location {
        self.line.loc()
    }

    /// The sub-process the line belongs to ("Delprocess: …" above it),
    /// shared by the lines below the same heading.
    pub fn subprocess(&self) -> Option<&Arc<str>> {
        self.more.as_ref()?.subprocess.as_ref()
    }

    /// In the long layout, the other cells of the row that make up the line
    /// (date, number, state), each at its own location.
    pub fn cells(&self) -> &[Text] {
        self.more.as_ref().map_or(&[], |m| &m.cells)
    }
}

/// A verdict with its date and source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictEntry {
    pub verdict: Verdict,
    pub text: Text,
    pub dated: Option<DateValue>,
}

/// The latest of some verdicts by date; on a tie the first (callers list the
/// lead office's first).
pub fn latest_verdict<'a>(
    verdicts: impl Iterator<Item = &'a Arc<VerdictEntry>>,
) -> Option<&'a Arc<VerdictEntry>> {
    verdicts.fold(None, |best, v| match best {
        Some(b) if v.dated.as_ref().map(|d| d.start) <= b.dated.as_ref().map(|d| d.start) => {
            Some(b)
        }
        _ => Some(v),
    })
}

/// A date-like token that is no date, with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadDate {
    pub invalid: InvalidDate,
    pub text: Text,
    /// True when it stands in a meeting or event line (reported even when the
    /// token is not obviously date-like).
    pub in_meeting: bool,
}

/// One row of one source: what one office says about one process.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessRow {
    pub source: usize,
    pub sheet: CompactString,
    /// Zero-based row in the sheet.
    pub row: u32,
    pub office: Option<CompactString>,
    /// The office cell as written, when the sheet has an office column.
    pub office_text: Option<Text>,
    /// The id cell as written.
    pub id_text: Option<Text>,
    /// The canonical id ("2.1.1") when the text holds one of any form.
    pub id: Option<CompactString>,
    /// True when `id` is of the form N.N.N.
    pub id_valid: bool,
    pub need: Option<Text>,
    pub activity: Option<Text>,
    /// Shared by the row and the process that takes it.
    pub responsibility: Option<Arc<Responsibility>>,
    /// The row's status lines in order; the reconciled processes point to
    /// them with [`EntryRef`]s.
    pub status: Vec<StatusEntry>,
    pub result: Option<Text>,
    pub priority: Option<Text>,
    pub time_plan: Option<Text>,
    pub period: Option<DateValue>,
    /// Shared with the process that takes one as its verdict.
    pub verdicts: Vec<Arc<VerdictEntry>>,
    /// Columns the tool does not know, and unlabelled text: (header, value).
    pub extras: Vec<(String, Text)>,
    pub bad_dates: Vec<BadDate>,
    /// True for rows of the long layout (one event per row).
    pub long: bool,
}

impl ProcessRow {
    pub fn new(source: usize, sheet: &str, row: u32, office: Option<CompactString>) -> Self {
        ProcessRow {
            source,
            sheet: sheet.into(),
            row,
            office,
            office_text: None,
            id_text: None,
            id: None,
            id_valid: false,
            need: None,
            activity: None,
            responsibility: None,
            status: Vec::new(),
            result: None,
            priority: None,
            time_plan: None,
            period: None,
            verdicts: Vec::new(),
            extras: Vec::new(),
            bad_dates: Vec::new(),
            long: false,
        }
    }

    /// The text of a free-text field (need, activity, result, priority,
    /// time plan); `None` for the other fields.
    pub fn text(&self, field: Field) -> Option<&Text> {
        match field {
            Field::Need => self.need.as_ref(),
            Field::Activity => self.activity.as_ref(),
            Field::Result => self.result.as_ref(),
            Field::Priority => self.priority.as_ref(),
            Field::TimePlan => self.time_plan.as_ref(),
            _ => None,
        }
    }

    /// Where a finding about the whole row points: the id cell, else the
    /// first cell of the row.
    pub fn anchor(&self, file: &str) -> Location {
        match &self.id_text {
            Some(t) => t.loc.clone(),
            None => Location::at_cell(file, &self.sheet, self.row, 0),
        }
    }
}

/// A total a source states about itself ("Slutförda per 231231: 9 st").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatedTotal {
    pub kind: TotalKind,
    pub value: u32,
    pub text: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TotalKind {
    /// "18 processer", "KSON:s 18 processer".
    Processes,
    /// "Slutförda per 231231: 9 st".
    Completed,
    /// "Fortsatt behov av processledning: 9 st".
    Continuing,
}

/// The layout a sheet was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// A header row names the columns; one row per process.
    Wide,
    /// A header with a date and an event column; one row per event.
    Long,
    /// No header: the fields carry their labels inside the cells, as in a
    /// list pasted from the Word attachment.
    Cells,
    /// No process table on the sheet.
    None,
}

/// How a sheet was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetInfo {
    pub name: String,
    pub layout: Layout,
    pub header_row: Option<u32>,
    /// The header cells as written (wide and long layouts).
    pub header: Vec<Text>,
    pub processes: usize,
    pub events: usize,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub file: String,
    pub office: Option<CompactString>,
    pub sheets: Vec<SheetInfo>,
    /// Title lines above the table.
    pub title: Vec<Text>,
    /// "daterad YYMMDD" in the title.
    pub dated: Option<NaiveDate>,
    pub totals: Vec<StatedTotal>,
    pub error: Option<String>,
}

/// A file in a folder given as input that was not read, and why. Every
/// such file is listed (terminal, JSON report, summary sheet): nothing the
/// user gave vanishes without a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: SkipReason,
}

/// Why a file in a folder was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// Not one of the extensions that are read (a .pdf, .doc, .txt …).
    NotASpreadsheet,
    /// Excel's lock file (`~$…`): the list beside it is open in Excel.
    LockFile,
    /// A hidden file or folder (its name begins with a dot).
    Hidden,
    /// A consolidated workbook this tool wrote (name it to read its list).
    OwnOutput,
    /// A Word attachment this tool wrote (name it to read its processes).
    OwnAttachment,
}

impl SkipReason {
    /// The reason as a person reads it.
    pub fn text(self, lang: crate::ground::config::Lang) -> &'static str {
        use crate::ground::config::Lang::{En, Sv};
        match (self, lang) {
            (SkipReason::NotASpreadsheet, Sv) => {
                "inget kalkylark (läses bara som .xlsx, .xlsm, .xlsb, .xls, .ods, .csv eller .docx)"
            }
            (SkipReason::NotASpreadsheet, En) => {
                "not a spreadsheet (only .xlsx, .xlsm, .xlsb, .xls, .ods, .csv and .docx are read)"
            }
            (SkipReason::LockFile, Sv) => "Excels låsfil: listan bredvid är öppen i Excel",
            (SkipReason::LockFile, En) => "Excel's lock file: the list beside it is open in Excel",
            (SkipReason::Hidden, Sv) => "dold fil eller mapp",
            (SkipReason::Hidden, En) => "a hidden file or folder",
            (SkipReason::OwnOutput, Sv) => {
                "en sammanställning från processlista (ange filen själv för att läsa dess lista)"
            }
            (SkipReason::OwnOutput, En) => {
                "a consolidation written by processlista (name the file to read its list)"
            }
            (SkipReason::OwnAttachment, Sv) => {
                "en bilaga från processlista (ange filen själv för att läsa dess processer)"
            }
            (SkipReason::OwnAttachment, En) => {
                "an attachment written by processlista (name the file to read its processes)"
            }
        }
    }
}

/// The reports of one meeting, read as a slice: one held inline (most
/// meetings have one), more in a list of their own; 16 bytes (a model holds
/// one per meeting, 675,000 for a national list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reports(ReportsRepr);

#[derive(Debug, Clone, PartialEq, Eq)]
enum ReportsRepr {
    One(EntryRef),
    // A thin pointer, so that the list is as small as the one report.
    #[allow(clippy::box_collection)]
    Many(Box<Vec<EntryRef>>),
}

impl Reports {
    /// One report.
    pub fn one(at: EntryRef) -> Self {
        Reports(ReportsRepr::One(at))
    }

    /// Adds a report.
    pub fn push(&mut self, at: EntryRef) {
        match &mut self.0 {
            ReportsRepr::One(first) => self.0 = ReportsRepr::Many(Box::new(vec![*first, at])),
            ReportsRepr::Many(v) => v.push(at),
        }
    }
}

impl std::ops::Deref for Reports {
    type Target = [EntryRef];
    fn deref(&self) -> &[EntryRef] {
        match &self.0 {
            ReportsRepr::One(at) => std::slice::from_ref(at),
            ReportsRepr::Many(v) => v,
        }
    }
}

impl<'a> IntoIterator for &'a Reports {
    type Item = &'a EntryRef;
    type IntoIter = std::slice::Iter<'a, EntryRef>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for Reports {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// A meeting after merging the offices' reports of it.
///
/// The reports of one meeting agree on its number and date (that is what
/// merges them); its number, date and state are read from the first report
/// rather than stored again. The reports are held by the rows: read them with
/// the model's rows, as in `m.first(&model.rows)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedMeeting {
    /// Shared by the meetings of one series.
    pub series: Arc<Series>,
    /// Every status entry that reports this meeting (one per source), the
    /// lead office's first. Never empty, and every entry is a meeting line.
    pub entries: Reports,
}

impl MergedMeeting {
    /// The first report (the lead office's).
    pub fn first<'a>(&self, rows: &'a [ProcessRow]) -> &'a StatusEntry {
        self.entries[0].get(rows)
    }

    /// Every report, the lead office's first.
    pub fn reports<'a>(
        &'a self,
        rows: &'a [ProcessRow],
    ) -> impl ExactSizeIterator<Item = &'a StatusEntry> + 'a {
        self.entries.iter().map(move |r| r.get(rows))
    }

    fn meeting<'a>(&self, rows: &'a [ProcessRow]) -> Option<&'a crate::model::status::Meeting> {
        match &self.first(rows).line.kind {
            crate::model::status::LineKind::Meeting(m) => Some(m),
            _ => None,
        }
    }

    pub fn number(&self, rows: &[ProcessRow]) -> Option<u32> {
        self.meeting(rows).and_then(|m| m.number())
    }

    /// The first report's date, with its text as written.
    pub fn date(&self, rows: &[ProcessRow]) -> Option<DateValue> {
        self.first(rows).line.date()
    }

    /// The first and last day the meeting's date can mean.
    pub fn date_range(&self, rows: &[ProcessRow]) -> Option<(NaiveDate, NaiveDate)> {
        self.first(rows).line.date_range()
    }

    /// The state the first report gives (held, booked, cancelled).
    pub fn state(&self, rows: &[ProcessRow]) -> crate::model::status::MeetingState {
        self.meeting(rows)
            .map_or(crate::model::status::MeetingState::Held, |m| m.state)
    }

    /// False when the first report wrote no state word.
    pub fn state_written(&self, rows: &[ProcessRow]) -> bool {
        self.meeting(rows).is_some_and(|m| m.state_written)
    }

    /// The kind as the first report writes it ("Processträff").
    pub fn kind<'a>(&self, rows: &'a [ProcessRow]) -> &'a str {
        let e = self.first(rows);
        self.meeting(rows).map_or("", |m| m.kind(&e.line))
    }

    /// The first report's text after the date ("med projektledaren").
    pub fn note<'a>(&self, rows: &'a [ProcessRow]) -> &'a str {
        self.meeting(rows).map_or("", |m| m.note())
    }
}

/// A numbering series: process, sub-process, kind family and internal office.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Series {
    pub process: CompactString,
    pub subprocess: Option<CompactString>,
    pub family: CompactString,
    pub internal: Option<CompactString>,
}

impl Series {
    /// "2.1.3 Processmöte", "2.1.4 Möte (SoC internt)", "2.3.1 Delprocess X: Processmöte".
    pub fn label(&self) -> String {
        let mut s = self.process.clone();
        if let Some(sp) = &self.subprocess {
            s.push_str(&format!(" [{sp}]"));
        }
        s.push(' ');
        s.push_str(&self.family);
        if let Some(o) = &self.internal {
            s.push_str(&format!(" ({o} internt)"));
        }
        s.into()
    }
}

/// A chosen field value with every other office's different value beside
/// it.
///
/// The values stay in their rows (a process has five such fields, a model
/// one process per id): read them with the model's rows, as in
/// `c.value(&model.rows)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chosen {
    /// The field: need, activity, result, priority or time plan.
    pub(crate) field: Field,
    /// The row whose value was chosen (an index into [`Model::rows`]).
    pub(crate) row: u32,
    /// The rows of the other offices' different values, in the process's
    /// row order (empty without an allocation).
    pub(crate) others: Box<[u32]>,
}

impl Chosen {
    /// The field: need, activity, result, priority or time plan.
    pub fn field(&self) -> Field {
        self.field
    }

    /// The row whose value was chosen (an index into [`Model::rows`]).
    pub fn row(&self) -> usize {
        self.row as usize
    }

    /// The value chosen.
    pub fn value<'a>(&self, rows: &'a [ProcessRow]) -> &'a Text {
        rows[self.row as usize]
            .text(self.field)
            .expect("a chosen row holds the field")
    }

    /// The office whose value was chosen.
    pub fn office<'a>(&self, rows: &'a [ProcessRow]) -> Option<&'a str> {
        rows[self.row as usize].office.as_deref()
    }

    /// Each other office's different value, with the office.
    pub fn others<'a>(
        &'a self,
        rows: &'a [ProcessRow],
    ) -> impl ExactSizeIterator<Item = (Option<&'a str>, &'a Text)> + 'a {
        self.others.iter().map(move |&i| {
            let r = &rows[i as usize];
            (
                r.office.as_deref(),
                r.text(self.field).expect("a row in others holds the field"),
            )
        })
    }
}

/// One process after reconciling every source that reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Process {
    pub id: CompactString,
    /// Indices into `Model::rows` (most processes have one or two rows:
    /// held inline).
    pub rows: smallvec::SmallVec<[usize; 2]>,
    pub lead: Option<CompactString>,
    pub offices: Vec<CompactString>,
    /// Shared by the row and the process that takes it.
    pub responsibility: Option<Arc<Responsibility>>,
    pub need: Option<Chosen>,
    pub activity: Option<Chosen>,
    pub result: Option<Chosen>,
    pub priority: Option<Chosen>,
    pub time_plan: Option<Chosen>,
    /// The row whose time plan gives the period: read it with
    /// [`Process::period`].
    pub period_row: Option<u32>,
    /// The verdict chosen, shared with the row that states it.
    pub verdict: Option<Arc<VerdictEntry>>,
    pub meetings: Vec<MergedMeeting>,
    /// Dated events, state lines, notes: every status entry that is not a
    /// meeting (read them with the model's rows).
    pub other_lines: Vec<EntryRef>,
    /// Date the process was closed ("Processen avslutad 221231"); boxed,
    /// as few processes are.
    pub closed: Option<Box<(DateValue, Location)>>,
    /// Title from the plan, when a plan was given.
    pub plan_title: Option<String>,
}

impl Process {
    /// The period the time plan gives (the lead office's first).
    pub fn period<'a>(&self, rows: &'a [ProcessRow]) -> Option<&'a DateValue> {
        rows[self.period_row? as usize].period.as_ref()
    }
}

/// Everything read, normalised and reconciled.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub as_of: NaiveDate,
    pub sources: Vec<Source>,
    pub rows: Vec<ProcessRow>,
    pub processes: Vec<Process>,
    /// The master plan, when `--plan` was given.
    pub plan: Option<crate::model::plan::Plan>,
    /// Findings raised while reading (file-unreadable, no-process-table,
    /// formula-error, missing/invalid ids).
    #[serde(skip)]
    pub read_findings: Vec<crate::ground::finding::Raw>,
    /// SHA-256 of the configuration's TOML form (the metadata sheet).
    pub config_hash: String,
    /// Last month's consolidation (`--previous`).
    #[serde(skip)]
    pub previous: Option<crate::model::history::Snapshot>,
    /// This run compared with `previous`.
    pub changes: Option<crate::model::history::Comparison>,
    /// Files in the input folders that were not read, and why.
    pub skipped: Vec<Skipped>,
    /// Where a file shown by a label is on disk (the web server's uploads):
    /// the metadata sheet hashes its bytes. Empty when files are shown by
    /// their paths.
    #[serde(skip)]
    pub on_disk: Vec<(String, std::path::PathBuf)>,
}

/// A model holds a status entry per status line and a merged meeting per
/// meeting (750,000 and 675,000 for a national list of 50,000 processes):
/// their sizes are the model's memory. These fail when a change makes them
/// larger (docs/performance.md measures what each byte costs).
#[cfg(all(test, target_pointer_width = "64"))]
mod size_tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn per_line_and_per_meeting_sizes_stay_small() {
        assert_eq!(size_of::<crate::model::status::LineKind>(), 32);
        assert_eq!(size_of::<Line>(), 80);
        assert_eq!(size_of::<StatusEntry>(), 88);
        assert_eq!(size_of::<EntryRef>(), 8);
        assert_eq!(size_of::<Reports>(), 16);
        assert_eq!(size_of::<MergedMeeting>(), 24);
    }

    #[test]
    fn reports_read_as_a_slice_in_order() {
        let at = |line| EntryRef { row: 1, line };
        let mut r = Reports::one(at(0));
        assert_eq!(&*r, &[at(0)]);
        r.push(at(3));
        r.push(at(2));
        assert_eq!(&*r, &[at(0), at(3), at(2)]);
        assert_eq!(r.iter().count(), 3);
        assert_eq!(
            serde_json::to_value(&r).unwrap().as_array().unwrap().len(),
            3
        );
    }

    #[test]
    fn per_process_sizes_stay_small() {
        assert_eq!(size_of::<Chosen>(), 24);
        assert_eq!(size_of::<Option<Chosen>>(), 24);
        assert!(size_of::<Process>() <= 320, "{}", size_of::<Process>());
        assert!(
            size_of::<ProcessRow>() <= 512,
            "{}",
            size_of::<ProcessRow>()
        );
    }
}

/// The result of reading and checking.
#[derive(Debug, Clone)]
pub struct Run {
    pub model: Model,
    pub findings: Vec<crate::ground::finding::Finding>,
}

/// The verdict as the Processlista sheet shows it: the phrase when it is
/// dated the as-of date, else the whole line.
pub(crate) fn verdict_text(p: &Process, model: &Model) -> String {
    match &p.verdict {
        None => String::new(),
        Some(v) => {
            let current = v.dated.as_ref().is_some_and(|d| d.start == model.as_of);
            if current && !v.verdict.phrase.trim().is_empty() {
                v.verdict.phrase.trim().to_string()
            } else {
                v.text.text.trim().to_string()
            }
        }
    }
}

/// The priority of a process when it is 1, 2 or 3.
pub(crate) fn priority(p: &Process, rows: &[ProcessRow]) -> Option<u32> {
    p.priority
        .as_ref()
        .and_then(|c| c.value(rows).text.trim().parse::<u32>().ok())
        .filter(|n| (1..=3).contains(n))
}
