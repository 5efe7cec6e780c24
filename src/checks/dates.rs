//! Dates: invalid-date, future-date, stale-booking, after-closure, outside-plan.

use chrono::NaiveDate;
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

/// The dates around each numbered meeting line whose date is invalid:
/// (cell, line) → the dates of the nearest dated numbers below and above
/// it in its series.
type Around = std::collections::HashMap<
    (crate::ground::finding::Location, String),
    (Option<NaiveDate>, Option<NaiveDate>),
>;

fn around_invalid(ctx: &Ctx) -> Around {
    let rows = &ctx.model.rows;
    let mut out = Around::new();
    for p in &ctx.model.processes {
        let bad: Vec<&crate::model::MergedMeeting> = p
            .meetings
            .iter()
            .filter(|m| m.reports(rows).any(|e| !e.line.invalid_dates().is_empty()))
            .collect();
        for m in bad {
            let Some(n) = m.number(rows) else { continue };
            let mut lo: Option<(u32, NaiveDate)> = None;
            let mut hi: Option<(u32, NaiveDate)> = None;
            for o in p
                .meetings
                .iter()
                .filter(|o| std::sync::Arc::ptr_eq(&o.series, &m.series))
            {
                let (Some(k), Some((d, _))) = (o.number(rows), o.date_range(rows)) else {
                    continue;
                };
                if k < n && lo.is_none_or(|(x, _)| k > x) {
                    lo = Some((k, d));
                }
                if k > n && hi.is_none_or(|(x, _)| k < x) {
                    hi = Some((k, d));
                }
            }
            for e in m.reports(rows) {
                out.insert(
                    (e.loc().clone(), e.line.text().to_string()),
                    (lo.map(|x| x.1), hi.map(|x| x.1)),
                );
            }
        }
    }
    out
}

/// The date one digit away from an invalid one that fits between the
/// meetings numbered around it, as a proposal for its line; none when no
/// date or more than one fits, or the line has no numbered neighbours on
/// both sides.
fn redated(ctx: &Ctx, around: &Around, b: &crate::model::BadDate) -> Option<serde_json::Value> {
    let (Some(lo), Some(hi)) = *around.get(&(b.text.loc.clone(), b.text.text.to_string()))? else {
        return None;
    };
    let parser = crate::normalize::dates::DateParser::new(ctx.cfg.six_digit_order, 2000);
    let parse = |t: &str| match parser.parse_one(t) {
        Some(Ok(v)) if v.start == v.end => Some(v.start),
        _ => None,
    };
    let fits: Vec<(String, NaiveDate)> = super::proposal::one_digit_away(&b.invalid.text, parse)
        .into_iter()
        .filter(|(_, d)| lo <= *d && *d <= hi)
        .collect();
    let [(token, _)] = fits.as_slice() else {
        return None;
    };
    let line = &b.text.text;
    let at = line.find(b.invalid.text.as_str())?;
    let to = format!(
        "{}{token}{}",
        &line[..at],
        &line[at + b.invalid.text.len()..]
    );
    Some(super::proposal::proposal(&b.text.loc, line, &to))
}

fn invalid_dates(ctx: &Ctx, out: &mut Vec<Raw>) {
    let around = around_invalid(ctx);
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
            if let Some(p) = redated(ctx, &around, b) {
                raw = raw.detail("proposal", p);
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
                let mut raw = Raw::at_line(Code::StaleBooking, rows, e)
                    .process(&p.id)
                    .detail("number", number)
                    .detail("date", json!(d.start.to_string()))
                    .detail("as_of", json!(as_of.to_string()));
                // A meeting of the same number held in the same list: the
                // booking is left over, and its line goes.
                let line = e.get(rows);
                let held = m.number(rows).and_then(|n| {
                    p.meetings.iter().find(|o| {
                        std::sync::Arc::ptr_eq(&o.series, &m.series)
                            && o.number(rows) == Some(n)
                            && o.state(rows) == MeetingState::Held
                            && o.reports(rows).any(|r| r.loc().file() == line.loc().file())
                    })
                });
                if let Some(held) = held {
                    raw = raw
                        .detail("held", json!(held.first(rows).line.text()))
                        .detail(
                            "proposal",
                            super::proposal::proposal(line.loc(), line.line.text(), ""),
                        );
                }
                out.push(raw);
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
