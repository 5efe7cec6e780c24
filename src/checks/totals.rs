//! Stated totals: totals-mismatch. A source's "18 processer", "Slutförda per
//! 231231: 9 st" and "Fortsatt behov av processledning: 9 st" are compared with
//! what the same source's rows give.

use serde_json::json;

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;
use crate::model::TotalKind;
use crate::model::status::Outcome;

pub const CHECKS: &[Check] = &[Check {
    codes: &[Code::TotalsMismatch],
    run: totals,
}];

fn totals(ctx: &Ctx, out: &mut Vec<Raw>) {
    for (i, s) in ctx.model.sources.iter().enumerate() {
        let rows: Vec<&crate::model::ProcessRow> = ctx
            .model
            .rows
            .iter()
            .filter(|r| r.source == i && !r.long && r.id.is_some())
            .collect();
        let mut ids: Vec<&compact_str::CompactString> =
            rows.iter().filter_map(|r| r.id.as_ref()).collect();
        ids.sort();
        ids.dedup();
        let outcome_count = |want: Outcome| {
            rows.iter()
                .filter(|r| {
                    crate::model::latest_verdict(r.verdicts.iter())
                        .is_some_and(|v| v.verdict.outcome == want)
                })
                .count()
        };
        for t in &s.totals {
            let computed = match t.kind {
                TotalKind::Processes => ids.len(),
                TotalKind::Completed => outcome_count(Outcome::Completed),
                TotalKind::Continuing => outcome_count(Outcome::Continuing),
            };
            if computed != t.value as usize {
                let mut raw = Raw::new(
                    Code::TotalsMismatch,
                    t.text.loc.clone(),
                    t.text.text.clone(),
                )
                .office(s.office.as_ref())
                .detail("total", json!(t.kind))
                .detail("stated", json!(t.value))
                .detail("computed", json!(computed));
                // The stated number, where the text writes it once, becomes
                // the computed one.
                if let Some(to) =
                    super::proposal::with_number(&t.text.text, t.value as u64, computed as u64)
                {
                    raw = raw.detail(
                        "proposal",
                        super::proposal::proposal(&t.text.loc, &t.text.text, &to),
                    );
                }
                out.push(raw);
            }
        }
    }
}
