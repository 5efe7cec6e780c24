//! Dates: invalid-date, future-date, stale-booking, after-closure, outside-plan.

use serde_json::json;

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;
use crate::model::status::MeetingState;

pub const CHECKS: &[Check] = &[
    Check {
        codes: &[Code::InvalidDate],
        run: invalid_dates,
    },
    Check {
        codes: &[Code::FutureDate, Code::StaleBooking],
        run: against_as_of,
    },
    Check {
        codes: &[Code::AfterClosure],
        run: after_closure,
    },
    Check {
        codes: &[Code::OutsidePlan],
        run: outside_plan,
    },
];

fn invalid_dates(ctx: &Ctx, out: &mut Vec<Raw>) {
    for row in &ctx.model.rows {
        for b in &row.bad_dates {
            let mut raw = Raw::new(Code::InvalidDate, b.text.loc.clone(), b.text.text.clone())
                .office(row.office.as_ref())
                .detail("token", json!(b.invalid.text))
                .detail("reason", json!(b.invalid.reason));
            if let Some(id) = row.id.as_ref().filter(|_| row.id_valid) {
                raw = raw.process(id);
            }
            if let Some(alt) = b.invalid.alternative {
                raw = raw.detail("alternative", json!(alt.to_string()));
            }
            if let Some((y, m, d)) = b.invalid.no_such_day {
                raw = raw.detail("no_such_day", json!({"year": y, "month": m, "day": d}));
            }
            out.push(raw);
        }
    }
}

fn against_as_of(ctx: &Ctx, out: &mut Vec<Raw>) {
    let rows = &ctx.model.rows;
    let as_of = ctx.model.as_of;
    for p in &ctx.model.processes {
        for m in &p.meetings {
            let Some(d) = m.date(rows) else { continue };
            let e = m.entries[0];
            let number = m.number(rows).map_or(json!(null), |n| json!(n));
            if m.state(rows) == MeetingState::Held && m.state_written(rows) && d.start > as_of {
                out.push(
                    Raw::at_line(Code::FutureDate, rows, e)
                        .process(&p.id)
                        .detail("date", json!(d.start.to_string()))
                        .detail("as_of", json!(as_of.to_string()))
                        .detail("number", number.clone()),
                );
            }
            if m.state(rows) == MeetingState::Booked && m.state_written(rows) && d.end <= as_of {
                out.push(
                    Raw::at_line(Code::StaleBooking, rows, e)
                        .process(&p.id)
                        .detail("number", number)
                        .detail("date", json!(d.start.to_string()))
                        .detail("as_of", json!(as_of.to_string())),
                );
            }
        }
    }
}

fn after_closure(ctx: &Ctx, out: &mut Vec<Raw>) {
    let rows = &ctx.model.rows;
    for p in &ctx.model.processes {
        let Some((closed, _)) = p.closed.as_deref() else {
            continue;
        };
        for m in &p.meetings {
            let Some(d) = m.date(rows) else { continue };
            if d.start > closed.end {
                let e = m.entries[0];
                out.push(
                    Raw::at_line(Code::AfterClosure, rows, e)
                        .process(&p.id)
                        .detail("closed", json!(closed.start.to_string()))
                        .detail("date", json!(d.start.to_string())),
                );
            }
        }
    }
}

fn outside_plan(ctx: &Ctx, out: &mut Vec<Raw>) {
    let rows = &ctx.model.rows;
    for p in &ctx.model.processes {
        let Some(period) = p.period(rows) else {
            continue;
        };
        // One finding per process: every meeting outside the period.
        let outside: Vec<(crate::model::EntryRef, String)> = p
            .meetings
            .iter()
            .filter_map(|m| {
                let d = m.date(rows)?;
                (d.end < period.start || d.start > period.end)
                    .then(|| (m.entries[0], d.start.to_string()))
            })
            .collect();
        let Some((first, date)) = outside.first() else {
            continue;
        };
        out.push(
            Raw::at_line(Code::OutsidePlan, rows, *first)
                .process(&p.id)
                .detail("period", json!(period.text))
                .detail("period_start", json!(period.start.to_string()))
                .detail("period_end", json!(period.end.to_string()))
                .detail("date", json!(date))
                .detail(
                    "dates",
                    json!(outside.iter().map(|(_, d)| d).collect::<Vec<_>>()),
                )
                .detail("count", json!(outside.len()))
                .cells(
                    ctx.cfg,
                    super::cited_lines(rows, outside.iter().map(|(e, _)| *e)),
                ),
        );
    }
}
