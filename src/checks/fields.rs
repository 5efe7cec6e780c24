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

/// One value an office gives for a field: its office, the value as the
/// finding shows it, and where it was written (with the cell's text).
struct Given<'a> {
    office: Option<&'a str>,
    value: &'a str,
    at: &'a crate::model::Text,
}

/// A field's value, as one entry of a conflict's `values`.
fn value_json(g: &Given) -> serde_json::Value {
    json!({
        "value": g.value,
        "cell": format!("{}!{}", g.at.loc.sheet(), g.at.loc.cell()),
        "file": g.at.loc.file(),
    })
}

/// One `conflict` for a process and field: the chosen value and every
/// office that gives another, each with its value and cell (`values`, by
/// office; `cells`, each cited cell). The finding stands at the first other
/// office's cell.
/// `chosen` is where the chosen value was written, when an office wrote it.
fn conflict(
    ctx: &Ctx,
    p: &crate::model::Process,
    field: &str,
    (chosen_value, chosen): (&str, Option<&Given>),
    others: &[Given],
) -> Option<Raw> {
    let first = others.first()?;
    let mut values = serde_json::Map::new();
    for g in chosen.into_iter().chain(others) {
        values.insert(g.office.unwrap_or("?").to_string(), value_json(g));
    }
    let cells = chosen
        .into_iter()
        .chain(others)
        .map(|g| json!({"source": g.at.loc, "text": g.at.text.as_ref(), "office": g.office}));
    Some(
        Raw::new(Code::Conflict, first.at.loc.clone(), first.at.text.clone())
            .process(&p.id)
            .office(first.office)
            .detail("field", json!(field))
            .detail("values", serde_json::Value::Object(values))
            .detail(
                "offices",
                json!(others.iter().map(|g| g.office).collect::<Vec<_>>()),
            )
            .detail("chosen", json!(chosen_value))
            .detail("chosen_office", json!(chosen.and_then(|g| g.office)))
            .cells(ctx.cfg, cells),
    )
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
            let value = c.value(rows);
            let chosen = Given {
                office: c.office(rows),
                value: &value.text,
                at: value,
            };
            let others: Vec<Given> = c
                .others(rows)
                .map(|(office, t)| Given {
                    office,
                    value: &t.text,
                    at: t,
                })
                .collect();
            out.extend(conflict(
                ctx,
                p,
                name,
                (chosen.value, Some(&chosen)),
                &others,
            ));
        }
        verdict_conflicts(ctx, p, out);
        lead_conflicts(ctx, p, out);
    }
}

/// Offices that mark different lead offices (in bold or with a marker) for
/// one process. The chosen lead is the process's; the offices that mark
/// another are one conflict, at the first one's responsibility cell. An
/// office that marks none (its first office named is only a default) is no
/// conflict.
fn lead_conflicts(ctx: &Ctx, p: &crate::model::Process, out: &mut Vec<Raw>) {
    let Some(chosen) = &p.lead else { return };
    let rows: Vec<&crate::model::ProcessRow> = p.rows.iter().map(|&i| &ctx.model.rows[i]).collect();
    let chosen_at = rows.iter().find_map(|r| {
        r.responsibility
            .as_ref()
            .filter(|x| x.lead_marked && x.lead.as_ref() == Some(chosen))
            .map(|x| (r.office.as_deref(), &x.text))
    });
    let others: Vec<Given> = rows
        .iter()
        .filter_map(|row| {
            let r = row.responsibility.as_ref()?;
            let lead = r.lead.as_ref().filter(|l| r.lead_marked && *l != chosen)?;
            Some(Given {
                office: row.office.as_deref(),
                value: lead.as_str(),
                at: &r.text,
            })
        })
        .collect();
    // Where no office marks the chosen lead, the finding cites only the
    // offices that mark another.
    let chosen_given = chosen_at.map(|(office, at)| Given {
        office,
        value: chosen.as_str(),
        at,
    });
    out.extend(conflict(
        ctx,
        p,
        "lead",
        (chosen.as_str(), chosen_given.as_ref()),
        &others,
    ));
}

/// Offices whose verdicts of the same date read differently (continuing
/// against completed): one conflict, the chosen verdict the lead office's.
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
        .and_then(|r| r.office.as_deref());
    let day = |v: &crate::model::VerdictEntry| v.dated.as_ref().map(|d| d.start);
    let others: Vec<Given> = rows
        .iter()
        .filter_map(|row| {
            let v = crate::model::latest_verdict(row.verdicts.iter())?;
            let differs = row.office.as_deref() != chosen_office
                && day(v) == day(chosen)
                && v.verdict.outcome != Outcome::Unclear
                && v.verdict.outcome != chosen.verdict.outcome;
            differs.then(|| Given {
                office: row.office.as_deref(),
                value: &v.text.text,
                at: &v.text,
            })
        })
        .collect();
    let chosen = Given {
        office: chosen_office,
        value: &chosen.text.text,
        at: &chosen.text,
    };
    out.extend(conflict(
        ctx,
        p,
        "verdict",
        (chosen.value, Some(&chosen)),
        &others,
    ));
}
