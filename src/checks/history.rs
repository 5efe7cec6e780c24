//! History: history-changed, against last month's consolidation (`--previous`).
//!
//! The comparison itself is [`crate::history::compare`], made once in
//! [`crate::run`] and kept in the model; this family turns its history
//! changes into findings.

use super::{Check, Ctx, Raw};
use crate::finding::Code;

pub const CHECKS: &[Check] = &[Check {
    codes: &[Code::HistoryChanged],
    run: history,
}];

fn history(ctx: &Ctx, out: &mut Vec<Raw>) {
    if let Some(c) = &ctx.model.changes {
        out.extend(crate::history::findings(c));
    }
}
