//! Checks: small functions over the reconciled model, one family per file.
//! Each family registers the codes it raises in [`REGISTRY`].

use compact_str::CompactString;
use serde_json::Value;

use crate::config::Config;
use crate::finding::{Code, Finding, Location};
use crate::model::Model;

mod dates;
mod fields;
mod history;
mod ids;
mod meetings;
mod plan;
mod totals;
mod verdicts;

/// A finding before its severity and message are set.
#[derive(Debug, Clone)]
pub struct Raw {
    pub code: Code,
    pub process: Option<CompactString>,
    pub office: Option<CompactString>,
    pub source: Location,
    pub text: String,
    pub details: crate::finding::Details,
}

impl Raw {
    pub fn new(code: Code, source: Location, text: impl AsRef<str>) -> Self {
        Raw {
            code,
            process: None,
            office: None,
            source,
            text: text.as_ref().to_string(),
            details: Default::default(),
        }
    }

    /// A finding at a status line: its cell, its text and the office of the
    /// row that reported it.
    pub fn at_line(
        code: Code,
        rows: &[crate::model::ProcessRow],
        at: crate::model::EntryRef,
    ) -> Self {
        let e = at.get(rows);
        Raw::new(code, e.loc().clone(), e.line.text()).office(at.office(rows))
    }

    pub fn process(mut self, id: &str) -> Self {
        self.process = Some(id.into());
        self
    }

    pub fn office<S: AsRef<str>>(mut self, office: Option<S>) -> Self {
        self.office = office.map(|o| o.as_ref().into());
        self
    }

    pub fn detail(mut self, key: &str, value: Value) -> Self {
        self.details.insert(key, value);
        self
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
pub fn run_all(model: &Model, cfg: &Config) -> Vec<Finding> {
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
            let (message, suggestion) = crate::messages::render(&r, cfg.lang);
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
            );
            assert!(
                registered.contains(code) || raised_elsewhere,
                "{code} has no check"
            );
        }
    }
}
