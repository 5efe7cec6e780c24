//! Findings: the data errors the checks report, with stable codes.

use std::sync::Arc;

use compact_str::CompactString;
use serde::Serialize;

/// Where a value came from: file, sheet and cell (A1). The file and sheet
/// names are shared (`Arc<str>`) by every value of one sheet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Location {
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    /// Held inline (no allocation): a model has a location per value.
    pub cell: CompactString,
}

impl Location {
    pub fn new(file: &str, sheet: &str, cell: impl Into<CompactString>) -> Self {
        Location {
            file: file.into(),
            sheet: sheet.into(),
            cell: cell.into(),
        }
    }

    /// A location whose file and sheet names are shared with others.
    pub fn shared(file: &Arc<str>, sheet: &Arc<str>, cell: impl Into<CompactString>) -> Self {
        Location {
            file: file.clone(),
            sheet: sheet.clone(),
            cell: cell.into(),
        }
    }

    /// `Sheet!A1`, or just the file's name for a whole-file location.
    pub fn short(&self) -> String {
        match (self.sheet.is_empty(), self.cell.is_empty()) {
            (true, _) => String::new(),
            (false, true) => self.sheet.to_string(),
            (false, false) => format!("{}!{}", self.sheet, self.cell),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $sev:ident;)*) => {
        /// A finding code. The string forms are stable: scripts and
        /// configuration files use them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }

            pub fn parse(s: &str) -> Option<Code> {
                match s { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    FileUnreadable = "file-unreadable", Error;
    NoProcessTable = "no-process-table", Error;
    MissingProcessId = "missing-process-id", Error;
    InvalidProcessId = "invalid-process-id", Error;
    DuplicateProcess = "duplicate-process", Error;
    InvalidDate = "invalid-date", Error;
    FutureDate = "future-date", Error;
    StaleBooking = "stale-booking", Warning;
    MeetingDuplicate = "meeting-duplicate", Error;
    MeetingGap = "meeting-gap", Warning;
    MeetingOrder = "meeting-order", Warning;
    MeetingUnnumbered = "meeting-unnumbered", Info;
    MeetingConflict = "meeting-conflict", Error;
    AfterClosure = "after-closure", Warning;
    OutsidePlan = "outside-plan", Info;
    MissingVerdict = "missing-verdict", Warning;
    StaleVerdict = "stale-verdict", Warning;
    InvalidPriority = "invalid-priority", Error;
    UnknownOffice = "unknown-office", Warning;
    Conflict = "conflict", Warning;
    MissingProcess = "missing-process", Warning;
    UnknownProcess = "unknown-process", Warning;
    TotalsMismatch = "totals-mismatch", Error;
    FormulaError = "formula-error", Error;
    HistoryChanged = "history-changed", Warning;
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, as the JSON report and the Avvikelser sheet show it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub process: Option<String>,
    pub office: Option<String>,
    pub source: Location,
    /// The original text the finding is about.
    pub text: String,
    pub message: String,
    pub suggestion: Option<String>,
    pub details: serde_json::Map<String, serde_json::Value>,
}
