//! Month over month as values: what one consolidation reports
//! ([`Snapshot`]) and what changed between two ([`Comparison`]). They are
//! read and compared in [`crate::reconcile::history`].

use chrono::NaiveDate;
use serde::Serialize;

use crate::ground::config::Lang;
use crate::ground::finding::Location;
use crate::model::Series;

/// A process as one consolidation reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapProcess {
    pub id: String,
    /// The verdict as the Processlista sheet shows it ("" when none).
    pub verdict: String,
    /// The priority as shown ("" when none).
    pub priority: String,
    /// Where to point: the process's cell in the workbook, or its source row.
    pub loc: Location,
}

/// A meeting as one consolidation reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapMeeting {
    pub process: String,
    pub subprocess: Option<String>,
    pub family: String,
    pub internal: Option<String>,
    pub number: Option<u32>,
    /// ISO date for a day, else the normalised text in its English form
    /// ("2022-06", "autumn 2022", "2021-W37"); "" for none.
    pub date: String,
    /// The original status line.
    pub text: String,
    /// "held", "booked" or "cancelled" ("" when a workbook does not say).
    pub state: String,
    /// Where to point: the Möten cell of a workbook, or the source cell.
    pub loc: Location,
    /// The source cell as the workbook names it: file name, sheet, cell.
    pub source: Location,
}

impl SnapMeeting {
    pub(crate) fn series(&self) -> Series {
        Series {
            process: self.process.as_str().into(),
            subprocess: self.subprocess.as_deref().map(Into::into),
            family: self.family.as_str().into(),
            internal: self.internal.as_deref().map(Into::into),
        }
    }

    /// "2.1.1 Processmöte".
    pub fn series_label(&self) -> String {
        self.series().label()
    }
}

/// What one consolidation reports: its processes and meetings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// The workbook read, or "" for the current run.
    pub file: String,
    pub as_of: Option<NaiveDate>,
    /// The tool version that wrote it.
    pub version: String,
    pub lang: Lang,
    pub processes: Vec<SnapProcess>,
    pub meetings: Vec<SnapMeeting>,
    /// Every status cell of the current run, by process (empty for a
    /// workbook): a meeting gone from a cell that still exists points there.
    #[serde(skip)]
    pub status_cells: Vec<(String, Location)>,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub file: String,
    pub as_of: Option<NaiveDate>,
}

/// A verdict or priority that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub process: String,
    pub before: String,
    pub after: String,
    pub loc: Location,
}

/// How last month's history was rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryKind {
    DateChanged,
    Renumbered,
    MeetingGone,
    VerdictGone,
    ProcessGone,
    /// A meeting reported as held is now booked or cancelled.
    StateChanged,
}

impl HistoryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryKind::DateChanged => "date-changed",
            HistoryKind::Renumbered => "renumbered",
            HistoryKind::MeetingGone => "meeting-gone",
            HistoryKind::VerdictGone => "verdict-gone",
            HistoryKind::ProcessGone => "process-gone",
            HistoryKind::StateChanged => "state-changed",
        }
    }
}

/// An entry last month's report had that is now changed or gone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryChange {
    pub kind: HistoryKind,
    pub process: String,
    /// The series label ("2.1.1 Processmöte"), for meetings.
    pub series: Option<String>,
    pub number: Option<u32>,
    /// The date of the meeting (last month's).
    pub date: Option<String>,
    /// Last month's value: a date, a number, a verdict, a line.
    pub before: serde_json::Value,
    /// This month's value, null when gone.
    pub after: serde_json::Value,
    /// Last month's line and this month's, when there is one.
    pub before_text: String,
    pub after_text: Option<String>,
    /// The current source cell when there is one, else the earlier workbook's cell.
    pub loc: Location,
}

/// What changed between two consolidations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub old: Side,
    pub new: Side,
    pub processes_added: Vec<SnapProcess>,
    pub processes_removed: Vec<SnapProcess>,
    pub meetings_added: Vec<SnapMeeting>,
    pub verdicts_changed: Vec<FieldChange>,
    pub priorities_changed: Vec<FieldChange>,
    pub history: Vec<HistoryChange>,
}

impl Comparison {
    /// Number of changes of every kind.
    pub fn len(&self) -> usize {
        self.processes_added.len()
            + self.processes_removed.len()
            + self.meetings_added.len()
            + self.verdicts_changed.len()
            + self.priorities_changed.len()
            + self.history.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
