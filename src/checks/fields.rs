//! Fields: invalid-priority, unknown-office, conflict.

use serde_json::json;

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;
use crate::model::Chosen;
use crate::model::status::LineKind;

pub const CHECKS: &[Check] = &[
    Check {
        codes: &[Code::InvalidPriority],
        run: priority,
    },
    Check {
        codes: &[Code::UnknownOffice],
        run: offices,
    },
    Check {
        codes: &[Code::Conflict],
        run: conflicts,
    },
];

/// The priority as a number 1–3, if the text is one.
pub(crate) fn parse_priority(text: &str) -> Option<u8> {
    let t = text.trim().trim_end_matches(".0");
    match t {
        "1" | "2" | "3" => t.parse().ok(),
        _ => None,
    }
}

fn priority(ctx: &Ctx, out: &mut Vec<Raw>) {
    for row in &ctx.model.rows {
        let Some(p) = &row.priority else { continue };
        if parse_priority(&p.text).is_none() {
            let mut raw = Raw::new(Code::InvalidPriority, p.loc.clone(), p.text.clone())
                .office(row.office.as_ref())
                .detail("priority", json!(p.text));
            if let Some(id) = row.id.as_ref().filter(|_| row.id_valid) {
                raw = raw.process(id);
            }
            out.push(raw);
        }
    }
}

fn offices(ctx: &Ctx, out: &mut Vec<Raw>) {
    for row in &ctx.model.rows {
        let id = row.id.as_ref().filter(|_| row.id_valid);
        let mut push = |office: &str, loc: &crate::ground::finding::Location, text: &str| {
            let mut raw = Raw::new(Code::UnknownOffice, loc.clone(), text)
                .office(row.office.as_ref())
                .detail("office", json!(office));
            if let Some(id) = id {
                raw = raw.process(id);
            }
            out.push(raw);
        };
        if let Some(r) = &row.responsibility {
            for u in &r.unknown {
                push(u, &r.text.loc, &r.text.text);
            }
        }
        for e in &row.status {
            if let LineKind::Meeting(m) = &e.line.kind
                && let Some(o) = m.internal()
                && ctx.cfg.office_code(o).is_none()
                && !ctx.cfg.is_unit(o)
            {
                push(o, e.loc(), e.line.text());
            }
        }
    }
    // An office column or title naming an office that is not configured.
    for (i, s) in ctx.model.sources.iter().enumerate() {
        if let Some(o) = &s.office
            && ctx.cfg.office_code(o).is_none()
        {
            let loc = ctx
                .model
                .rows
                .iter()
                .find(|r| r.source == i)
                .map(|r| r.anchor(&s.file))
                .unwrap_or_else(|| crate::ground::finding::Location::new(&s.file, "", ""));
            out.push(
                Raw::new(Code::UnknownOffice, loc, o.clone())
                    .office(Some(o))
                    .detail("office", json!(o)),
            );
        }
    }
}

fn conflicts(ctx: &Ctx, out: &mut Vec<Raw>) {
    for p in &ctx.model.processes {
        let fields: [(&str, &Option<Chosen>); 5] = [
            ("need", &p.need),
            ("activity", &p.activity),
            ("result", &p.result),
            ("priority", &p.priority),
            ("time_plan", &p.time_plan),
        ];
        let rows = &ctx.model.rows;
        for (name, chosen) in fields {
            let Some(c) = chosen else { continue };
            let (value, chosen_office) = (c.value(rows), c.office(rows));
            for (office, t) in c.others(rows) {
                let mut values = serde_json::Map::new();
                values.insert(
                    chosen_office.unwrap_or("?").to_string(),
                    json!({"value": value.text, "cell": format!("{}!{}", value.loc.sheet(), value.loc.cell()), "file": value.loc.file()}),
                );
                values.insert(
                    office.unwrap_or("?").to_string(),
                    json!({"value": t.text, "cell": format!("{}!{}", t.loc.sheet(), t.loc.cell()), "file": t.loc.file()}),
                );
                out.push(
                    Raw::new(Code::Conflict, t.loc.clone(), t.text.clone())
                        .process(&p.id)
                        .office(office)
                        .detail("field", json!(name))
                        .detail("values", serde_json::Value::Object(values))
                        .detail("chosen", json!(value.text))
                        .detail("chosen_office", json!(chosen_office)),
                );
            }
        }
        verdict_conflicts(ctx, p, out);
        lead_conflicts(ctx, p, out);
    }
}

/// Offices that mark different lead offices (in bold or with a marker) for
/// one process. The chosen lead is the process's; each office that marks
/// another is a conflict at its responsibility cell. An office that marks
/// none (its first office named is only a default) is no conflict.
fn lead_conflicts(ctx: &Ctx, p: &crate::model::Process, out: &mut Vec<Raw>) {
    let Some(chosen) = &p.lead else { return };
    let rows: Vec<&crate::model::ProcessRow> = p.rows.iter().map(|&i| &ctx.model.rows[i]).collect();
    let chosen_at = rows.iter().find_map(|r| {
        r.responsibility
            .as_ref()
            .filter(|x| x.lead_marked && x.lead.as_ref() == Some(chosen))
            .map(|x| (r.office.clone(), x.text.clone()))
    });
    for row in &rows {
        let Some(r) = &row.responsibility else {
            continue;
        };
        let Some(lead) = r.lead.as_ref().filter(|l| r.lead_marked && *l != chosen) else {
            continue;
        };
        let mut values = serde_json::Map::new();
        if let Some((office, t)) = &chosen_at {
            values.insert(
                office.as_deref().unwrap_or("?").to_string(),
                json!({"value": chosen.as_str(), "cell": format!("{}!{}", t.loc.sheet(), t.loc.cell()), "file": t.loc.file()}),
            );
        }
        values.insert(
            row.office.as_deref().unwrap_or("?").to_string(),
            json!({"value": lead.as_str(), "cell": format!("{}!{}", r.text.loc.sheet(), r.text.loc.cell()), "file": r.text.loc.file()}),
        );
        out.push(
            Raw::new(Code::Conflict, r.text.loc.clone(), r.text.text.clone())
                .process(&p.id)
                .office(row.office.as_ref())
                .detail("field", json!("lead"))
                .detail("values", serde_json::Value::Object(values))
                .detail("chosen", json!(chosen.as_str()))
                .detail(
                    "chosen_office",
                    json!(chosen_at.as_ref().and_then(|(o, _)| o.clone())),
                ),
        );
    }
}

/// Offices whose verdicts of the same date read differently (continuing
/// against completed). The chosen verdict is the lead office's.
fn verdict_conflicts(ctx: &Ctx, p: &crate::model::Process, out: &mut Vec<Raw>) {
    use crate::model::status::Outcome;
    let Some(chosen) = &p.verdict else { return };
    if chosen.verdict.outcome == Outcome::Unclear {
        return;
    }
    let rows: Vec<&crate::model::ProcessRow> = p.rows.iter().map(|&i| &ctx.model.rows[i]).collect();
    let chosen_office = rows
        .iter()
        .find(|r| r.verdicts.iter().any(|v| v.text.loc == chosen.text.loc))
        .and_then(|r| r.office.clone());
    let day = |v: &crate::model::VerdictEntry| v.dated.as_ref().map(|d| d.start);
    for row in rows {
        let Some(v) = crate::model::latest_verdict(row.verdicts.iter()) else {
            continue;
        };
        if row.office == chosen_office
            || day(v) != day(chosen)
            || v.verdict.outcome == Outcome::Unclear
            || v.verdict.outcome == chosen.verdict.outcome
        {
            continue;
        }
        let mut values = serde_json::Map::new();
        for (office, t) in [(&chosen_office, &chosen.text), (&row.office, &v.text)] {
            values.insert(
                office.as_deref().unwrap_or("?").to_string(),
                json!({"value": t.text, "cell": format!("{}!{}", t.loc.sheet(), t.loc.cell()), "file": t.loc.file()}),
            );
        }
        out.push(
            Raw::new(Code::Conflict, v.text.loc.clone(), v.text.text.clone())
                .process(&p.id)
                .office(row.office.as_ref())
                .detail("field", json!("verdict"))
                .detail("values", serde_json::Value::Object(values))
                .detail("chosen", json!(chosen.text.text))
                .detail("chosen_office", json!(chosen_office)),
        );
    }
}
