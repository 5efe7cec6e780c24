//! Checks: small functions over the reconciled model, one family per file.
//! Each family registers the codes it raises in [`REGISTRY`].
//!
//! Takes: the [`Model`] and the configuration. Gives:
//! the findings, each with its code, severity (from the configuration),
//! source cell, the text it is about, details and the message in the run's
//! language.
//!
//! A new check is a function `fn(&Ctx, &mut Vec<Raw>)` in the family's file,
//! listed in that file's `CHECKS` with the codes it raises; a new family is a
//! new file whose `CHECKS` is added to [`REGISTRY`]; a new code also goes in
//! [`Code`], the message catalogue and the
//! default configuration's severities.

use crate::ground::config::Config;
use crate::ground::finding::{Code, Finding};
use crate::model::Model;

pub use crate::ground::finding::Raw;

mod dates;
mod fields;
pub(crate) mod history;
mod ids;
mod meetings;
mod plan;
pub(crate) mod proposal;
mod totals;
mod verdicts;

impl Raw {
    /// A finding at a status line: its cell, its text and the office of the
    /// row that reported it.
    pub(crate) fn at_line(
        code: Code,
        rows: &[crate::model::ProcessRow],
        at: crate::model::EntryRef,
    ) -> Self {
        let e = at.get(rows);
        Raw::new(code, e.loc().clone(), e.line.text()).office(at.office(rows))
    }
}

/// The status lines a grouped finding cites, for [`Raw::cells`]: each
/// line's source, text and office.
pub(crate) fn cited_lines<'a>(
    rows: &'a [crate::model::ProcessRow],
    lines: impl Iterator<Item = crate::model::EntryRef> + 'a,
) -> impl Iterator<Item = serde_json::Value> + 'a {
    lines.map(|at| {
        let e = at.get(rows);
        serde_json::json!({
            "source": e.loc(),
            "text": e.line.text(),
            "office": at.office(rows),
        })
    })
}

impl Raw {
    /// The cells a grouped finding cites, as its `cells` detail: at most
    /// `limits.max_cited_cells` of them, and `cells_omitted` the count of
    /// the rest (a process that 250 lists report would cite 250 cells).
    pub(crate) fn cells(
        self,
        cfg: &Config,
        cells: impl Iterator<Item = serde_json::Value>,
    ) -> Self {
        let max = cfg.limits.max_cited_cells;
        let mut kept = Vec::new();
        let mut omitted = 0usize;
        for c in cells {
            if kept.len() < max {
                kept.push(c);
            } else {
                omitted += 1;
            }
        }
        let raw = self.detail("cells", serde_json::Value::Array(kept));
        if omitted > 0 {
            raw.detail("cells_omitted", serde_json::json!(omitted))
        } else {
            raw
        }
    }
}

/// What a check sees.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub cfg: &'a Config,
}

impl Ctx<'_> {
    /// The file name of a row's source.
    pub fn file(&self, source: usize) -> &str {
        &self.model.sources[source].file
    }
}

/// A check: the codes it may raise and the function that raises them.
pub struct Check {
    pub codes: &'static [Code],
    pub run: fn(&Ctx, &mut Vec<Raw>),
}

/// Every check, by family.
pub const REGISTRY: &[&[Check]] = &[
    ids::CHECKS,
    dates::CHECKS,
    meetings::CHECKS,
    verdicts::CHECKS,
    fields::CHECKS,
    totals::CHECKS,
    plan::CHECKS,
    history::CHECKS,
];

/// Runs every check and the findings raised while reading, applies the
/// configured severities, writes the messages, and sorts the findings by file,
/// sheet, cell and code.
pub(crate) fn run_all(model: &Model, cfg: &Config) -> Vec<Finding> {
    let ctx = Ctx { model, cfg };
    let mut raws: Vec<Raw> = model.read_findings.clone();
    for family in REGISTRY {
        for check in *family {
            (check.run)(&ctx, &mut raws);
        }
    }
    let mut out: Vec<Finding> = raws
        .into_iter()
        .filter_map(|r| {
            let severity = cfg.severity_of(r.code)?;
            let (message, suggestion) = crate::ground::messages::render(&r, cfg.lang);
            Some(Finding {
                code: r.code,
                severity,
                process: r.process,
                office: r.office,
                source: r.source,
                text: r.text,
                message,
                suggestion,
                details: r.details,
            })
        })
        .collect();
    // By file, sheet, row, column (locations order so), then code and text.
    out.sort_by(|a, b| (&a.source, a.code, &a.text).cmp(&(&b.source, b.code, &b.text)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_but_the_reading_ones_is_registered() {
        let registered: Vec<Code> = REGISTRY
            .iter()
            .flat_map(|f| f.iter())
            .flat_map(|c| c.codes.iter().copied())
            .collect();
        for code in Code::ALL {
            let raised_elsewhere = matches!(
                code,
                Code::FileUnreadable
                    | Code::NoProcessTable
                    | Code::FormulaError
                    | Code::MissingProcessId
                    | Code::DuplicateProcess
                    | Code::SheetSkipped
            );
            assert!(
                registered.contains(code) || raised_elsewhere,
                "{code} has no check"
            );
        }
    }
}
