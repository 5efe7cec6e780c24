//! The JSON report of SPEC §6, and the counts the summary shows.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ground::finding::{Finding, Severity};
use crate::model::Run;
use crate::model::status::{MeetingState, Outcome};

/// The JSON report's layout, raised when a reader of the old one would
/// misread it. 2: `outside-plan` is one finding per process,
/// `meeting-conflict` one per process, series and number, `conflict` one
/// per process and field, each citing every line or office in `details`
/// (`cells`: each cited cell's source, text and office; `dates`, `count`,
/// `offices`); a Word document's locations add `table`, `row`, `column` or
/// `paragraph`.
pub const REPORT_FORMAT: u32 = 2;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Report<'a> {
    pub as_of: String,
    /// The report's layout ([`REPORT_FORMAT`]).
    pub format: u32,
    pub sources: Vec<SourceReport>,
    /// Files in the input folders that were not read (left out when none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub skipped: &'a [crate::model::Skipped],
    pub summary: Summary,
    pub findings: &'a [Finding],
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SourceReport {
    pub file: String,
    pub office: Option<String>,
    pub sheets: Vec<String>,
    pub processes: usize,
    pub events: usize,
    pub status: &'static str,
    pub error: Option<String>,
    /// Findings per severity for this file.
    pub findings: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Verdicts {
    pub completed: usize,
    pub continuing: usize,
    pub missing: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Meetings {
    pub held: usize,
    pub booked: usize,
    pub cancelled: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub processes: usize,
    pub verdicts: Verdicts,
    pub meetings: Meetings,
    pub findings: BTreeMap<&'static str, usize>,
}

/// Counts findings per severity, with all three keys present.
pub(crate) fn by_severity<'a>(
    findings: impl Iterator<Item = &'a Finding>,
) -> BTreeMap<&'static str, usize> {
    let mut m: BTreeMap<&'static str, usize> = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|s| (s.as_str(), 0))
        .collect();
    for f in findings {
        *m.entry(f.severity.as_str()).or_default() += 1;
    }
    m
}

pub fn summary(run: &Run) -> Summary {
    summary_of(&run.model, &run.findings)
}

/// The summary of a model and its findings.
pub(crate) fn summary_of(
    model: &crate::model::Model,
    findings: &[crate::ground::finding::Finding],
) -> Summary {
    let mut verdicts = Verdicts::default();
    let mut meetings = Meetings::default();
    for p in &model.processes {
        match p.verdict.as_ref().map(|v| v.verdict.outcome) {
            Some(Outcome::Completed) => verdicts.completed += 1,
            Some(Outcome::Continuing) => verdicts.continuing += 1,
            Some(Outcome::Unclear) | None => verdicts.missing += 1,
        }
        for m in &p.meetings {
            match m.state(&model.rows) {
                MeetingState::Held => meetings.held += 1,
                MeetingState::Booked => meetings.booked += 1,
                MeetingState::Cancelled => meetings.cancelled += 1,
            }
        }
    }
    Summary {
        processes: model.processes.len(),
        verdicts,
        meetings,
        findings: by_severity(findings.iter()),
    }
}

pub(crate) fn report(run: &Run) -> Report<'_> {
    let sources = run
        .model
        .sources
        .iter()
        .map(|s| SourceReport {
            file: s.file.clone(),
            office: s.office.as_deref().map(str::to_string),
            sheets: s.sheets.iter().map(|x| x.name.clone()).collect(),
            processes: s.sheets.iter().map(|x| x.processes).sum(),
            events: s.sheets.iter().map(|x| x.events).sum(),
            status: if s.error.is_some() {
                "unreadable"
            } else {
                "ok"
            },
            error: s.error.clone(),
            findings: by_severity(run.findings.iter().filter(|f| *f.source.file() == *s.file)),
        })
        .collect();
    Report {
        as_of: run.model.as_of.to_string(),
        format: REPORT_FORMAT,
        sources,
        skipped: &run.model.skipped,
        summary: summary(run),
        findings: &run.findings,
    }
}

/// The JSON report as pretty-printed text.
pub fn to_json(run: &Run) -> String {
    serde_json::to_string_pretty(&report(run)).expect("the report serialises")
}
