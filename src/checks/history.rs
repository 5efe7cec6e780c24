//! History: history-changed, against last month's consolidation (`--previous`).
//!
//! The comparison itself is [`crate::reconcile::history::compare`], made once in
//! [`crate::pipeline::run`] and kept in the model; this family turns its history
//! changes into findings.

use serde_json::json;

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;
use crate::ground::text::file_name;
use crate::model::history::Comparison;

pub const CHECKS: &[Check] = &[Check {
    codes: &[Code::HistoryChanged],
    run: history,
}];

fn history(ctx: &Ctx, out: &mut Vec<Raw>) {
    if let Some(c) = &ctx.model.changes {
        out.extend(findings(c));
    }
}

/// The `history-changed` findings of a comparison.
pub fn findings(c: &Comparison) -> Vec<Raw> {
    c.history
        .iter()
        .map(|h| {
            let text = h
                .after_text
                .clone()
                .unwrap_or_else(|| h.before_text.clone());
            let mut r = Raw::new(Code::HistoryChanged, h.loc.clone(), text)
                .process(&h.process)
                .detail("kind", json!(h.kind.as_str()))
                .detail("before", h.before.clone())
                .detail("after", h.after.clone())
                .detail("previous", json!(file_name(&c.old.file)));
            if let Some(s) = &h.series {
                r = r.detail("series", json!(s));
            }
            if let Some(n) = h.number {
                r = r.detail("number", json!(n));
            }
            if let Some(d) = &h.date {
                r = r.detail("date", json!(d));
            }
            r
        })
        .collect()
}
