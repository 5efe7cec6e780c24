//! Process ids: invalid-process-id, process-id-normalized. (missing-process-id and duplicate-process
//! are raised while reading, where the rows of one sheet are at hand.)

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;

pub const CHECKS: &[Check] = &[
    Check {
        codes: &[Code::InvalidProcessId],
        run: invalid_ids,
    },
    Check {
        codes: &[Code::ProcessIdNormalized],
        run: normalized_ids,
    },
];

/// An id written with leading zeros ("2.01.3", "2.1.03") is read as the
/// process it names (2.1.3) and merged with it: said, not done silently.
fn normalized_ids(ctx: &Ctx, out: &mut Vec<Raw>) {
    for row in &ctx.model.rows {
        let (Some(t), Some(id), true) = (&row.id_text, &row.id, row.id_valid) else {
            continue;
        };
        if let Some(written) = crate::normalize::written_id(&t.text)
            && written != id.as_str()
        {
            out.push(
                Raw::new(Code::ProcessIdNormalized, t.loc.clone(), t.text.clone())
                    .process(id)
                    .office(row.office.as_ref())
                    .detail("id", serde_json::json!(id.as_str()))
                    .detail("written", serde_json::json!(written)),
            );
        }
    }
}

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
