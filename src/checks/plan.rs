//! The master plan: missing-process, unknown-process (only with `--plan`).

use serde_json::json;

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;

pub const CHECKS: &[Check] = &[Check {
    codes: &[Code::MissingProcess, Code::UnknownProcess],
    run: plan,
}];

fn plan(ctx: &Ctx, out: &mut Vec<Raw>) {
    let Some(plan) = &ctx.model.plan else { return };
    for e in &plan.entries {
        if !ctx.model.processes.iter().any(|p| p.id == e.id) {
            out.push(
                Raw::new(
                    Code::MissingProcess,
                    e.loc.clone(),
                    e.title.clone().unwrap_or_default(),
                )
                .process(&e.id)
                .office(e.lead.as_ref())
                .detail("lead", json!(e.lead)),
            );
        }
    }
    for p in &ctx.model.processes {
        if plan.get(&p.id).is_some() {
            continue;
        }
        // Point at each source row that reports the unknown id.
        for &i in &p.rows {
            let row = &ctx.model.rows[i];
            let Some(t) = &row.id_text else { continue };
            out.push(
                Raw::new(Code::UnknownProcess, t.loc.clone(), t.text.clone())
                    .process(&p.id)
                    .office(row.office.as_ref())
                    .detail("plan", json!(plan.file)),
            );
        }
    }
}
