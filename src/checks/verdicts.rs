//! Verdicts: missing-verdict (none, or one whose wording reads as neither
//! continuing nor completed), stale-verdict.

use serde_json::json;

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;

/// The verdict a finished process is given, as the board's attachment
/// words it (the lists are Swedish whatever the report's language).
const COMPLETED: &str = "Inget behov av fortsatt processledning";

pub const CHECKS: &[Check] = &[Check {
    codes: &[Code::MissingVerdict, Code::StaleVerdict],
    run: verdicts,
}];

fn verdicts(ctx: &Ctx, out: &mut Vec<Raw>) {
    for p in &ctx.model.processes {
        let rows: Vec<&crate::model::ProcessRow> = p
            .rows
            .iter()
            .map(|&i| &ctx.model.rows[i])
            .filter(|r| !r.long)
            .collect();
        let Some(first) = rows.first() else { continue };
        match &p.verdict {
            None => {
                let lead_row = rows
                    .iter()
                    .find(|r| r.office.is_some() && r.office == p.lead)
                    .unwrap_or(first);
                let mut raw = Raw::new(
                    Code::MissingVerdict,
                    lead_row.anchor(ctx.file(lead_row.source)),
                    lead_row
                        .id_text
                        .as_ref()
                        .map(|t| t.text.clone())
                        .unwrap_or_default(),
                )
                .process(&p.id)
                .office(lead_row.office.as_ref());
                // The status says the work is finished ("Processen avslutad
                // 231115"): the verdict that says so, dated as of the
                // report, as a new last line of that cell.
                if let Some(closed) = p.closed.as_deref() {
                    let line = format!("Status {}: {COMPLETED}", ctx.model.as_of.format("%y%m%d"));
                    raw = raw
                        .detail("closed", json!(closed.0.start.to_string()))
                        .detail("proposal", super::proposal::proposal(&closed.1, "", &line));
                }
                out.push(raw);
            }
            // A verdict whose wording reads as neither: no verdict the
            // report can count.
            Some(v) if v.verdict.outcome == crate::model::status::Outcome::Unclear => {
                out.push(
                    Raw::new(
                        Code::MissingVerdict,
                        v.text.loc.clone(),
                        v.text.text.clone(),
                    )
                    .process(&p.id)
                    .office(first.office.as_ref())
                    .detail("unclear", json!(v.verdict.phrase)),
                );
            }
            Some(v) => {
                if let Some(d) = &v.dated
                    && d.end < ctx.model.as_of
                {
                    out.push(
                        Raw::new(Code::StaleVerdict, v.text.loc.clone(), v.text.text.clone())
                            .process(&p.id)
                            .detail("dated", json!(d.start.to_string()))
                            .detail("as_of", json!(ctx.model.as_of.to_string())),
                    );
                }
            }
        }
    }
}
