//! Process ids: invalid-process-id. (missing-process-id and duplicate-process
//! are raised while reading, where the rows of one sheet are at hand.)

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;

pub const CHECKS: &[Check] = &[Check {
    codes: &[Code::InvalidProcessId],
    run: invalid_ids,
}];

fn invalid_ids(ctx: &Ctx, out: &mut Vec<Raw>) {
    for row in &ctx.model.rows {
        if let (Some(t), false) = (&row.id_text, row.id_valid) {
            out.push(
                Raw::new(Code::InvalidProcessId, t.loc.clone(), t.text.clone())
                    .office(row.office.as_ref())
                    .detail("id", serde_json::json!(row.id.clone().unwrap_or_default())),
            );
        }
    }
}
