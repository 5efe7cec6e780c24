//! Meeting numbering: meeting-duplicate, meeting-gap, meeting-order,
//! meeting-unnumbered, meeting-conflict. Numbers are compared inside a series
//! (process, sub-process, kind family, internal office), after the offices'
//! reports of one meeting were merged.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::{Check, Ctx, Raw};
use crate::ground::finding::Code;
use crate::model::{MergedMeeting, Series};

pub const CHECKS: &[Check] = &[
    Check {
        codes: &[Code::MeetingDuplicate, Code::MeetingConflict],
        run: duplicates_and_conflicts,
    },
    Check {
        codes: &[Code::MeetingGap],
        run: gaps,
    },
    Check {
        codes: &[Code::MeetingOrder],
        run: order,
    },
    Check {
        codes: &[Code::MeetingUnnumbered],
        run: unnumbered,
    },
];

/// The meetings of each series, in report order.
fn series_of<'a>(ctx: &Ctx<'a>) -> BTreeMap<&'a Series, Vec<&'a MergedMeeting>> {
    let mut map: BTreeMap<&Series, Vec<&MergedMeeting>> = BTreeMap::new();
    let mut groups: Vec<(&std::sync::Arc<Series>, Vec<&MergedMeeting>)> = Vec::new();
    for p in &ctx.model.processes {
        // A series belongs to one process, whose meetings share one copy of
        // it: grouped by that copy first, the map is searched once per
        // series rather than once per meeting.
        groups.clear();
        for m in &p.meetings {
            match groups
                .iter_mut()
                .find(|(s, _)| std::sync::Arc::ptr_eq(s, &m.series))
            {
                Some((_, ms)) => ms.push(m),
                None => groups.push((&m.series, vec![m])),
            }
        }
        for (series, ms) in groups.drain(..) {
            map.entry(&**series).or_default().extend(ms);
        }
    }
    map
}

fn date_str(m: &MergedMeeting, rows: &[crate::model::ProcessRow]) -> serde_json::Value {
    m.date_range(rows)
        .map_or(json!(null), |(start, _)| json!(start.to_string()))
}

fn duplicates_and_conflicts(ctx: &Ctx, out: &mut Vec<Raw>) {
    let rows = &ctx.model.rows;
    for (series, ms) in series_of(ctx) {
        let mut by_number: BTreeMap<u32, Vec<&MergedMeeting>> = BTreeMap::new();
        for m in ms {
            if let Some(n) = m.number(rows) {
                by_number.entry(n).or_default().push(m);
            }
        }
        let present: BTreeSet<u32> = by_number.keys().copied().collect();
        // The date of each number's first dated meeting.
        let dated: BTreeMap<u32, chrono::NaiveDate> = by_number
            .iter()
            .filter_map(|(&n, g)| Some((n, g.iter().find_map(|m| m.date_range(rows))?.0)))
            .collect();
        for (n, group) in by_number {
            if group.len() < 2 {
                continue;
            }
            let first = group[0];
            // The offices that date this meeting otherwise: one finding.
            let mut conflicting: Vec<&MergedMeeting> = Vec::new();
            for later in &group[1..] {
                let shares_file = later.entries.iter().any(|&e| {
                    first.entries.iter().any(|&f| {
                        f.get(rows).loc().file() == e.get(rows).loc().file()
                            && f.office(rows) == e.office(rows)
                    })
                });
                if shares_file {
                    let e = later.entries[0];
                    let mut raw = Raw::at_line(Code::MeetingDuplicate, rows, e)
                        .process(&series.process)
                        .detail("series", json!(series.label()))
                        .detail("number", json!(n))
                        .detail(
                            "dates",
                            json!([date_str(first, rows), date_str(later, rows)]),
                        )
                        .detail("first", json!(first.first(rows).line.text()));
                    if group.len() == 2
                        && let Some(p) = renumbering(rows, (&present, &dated), n, first, later)
                    {
                        raw = raw.detail("proposal", p);
                    }
                    out.push(raw);
                } else {
                    conflicting.push(later);
                }
            }
            let Some(at) = conflicting.first() else {
                continue;
            };
            let mut by_office = serde_json::Map::new();
            for m in std::iter::once(&first).chain(&conflicting) {
                for &e in &m.entries {
                    by_office.insert(
                        e.office(rows)
                            .map_or_else(|| e.get(rows).loc().file().to_string(), str::to_string),
                        date_str(m, rows),
                    );
                }
            }
            let lines = std::iter::once(&first)
                .chain(&conflicting)
                .flat_map(|m| m.entries.iter().copied());
            out.push(
                Raw::at_line(Code::MeetingConflict, rows, at.entries[0])
                    .process(&series.process)
                    .detail("series", json!(series.label()))
                    .detail("number", json!(n))
                    .detail("dates", serde_json::Value::Object(by_office))
                    .detail(
                        "other",
                        json!(format!(
                            "{} ({})",
                            first.first(rows).line.text(),
                            first.first(rows).loc().short()
                        )),
                    )
                    .cells(ctx.cfg, super::cited_lines(rows, lines)),
            );
        }
    }
}

/// The number a repeated meeting number's neighbours imply for one of its
/// two meetings, as a proposal: with n - 1 missing (… 19, 21, 21) the
/// earlier is n - 1; with n + 1 missing below a higher number (19, 19, 21)
/// the later is n + 1. None when both or neither neighbour is missing, when
/// the two are of one date, or when the new number would put the meeting
/// out of date order with the number beyond.
fn renumbering(
    rows: &[crate::model::ProcessRow],
    (present, dated): (&BTreeSet<u32>, &BTreeMap<u32, chrono::NaiveDate>),
    n: u32,
    first: &MergedMeeting,
    later: &MergedMeeting,
) -> Option<serde_json::Value> {
    let max = *present.iter().next_back()?;
    let below = n >= 2 && !present.contains(&(n - 1));
    let above = n + 1 < max && !present.contains(&(n + 1));
    // The two in date order (report order when undated).
    let (early, late) = match (first.date_range(rows), later.date_range(rows)) {
        (Some(a), Some(b)) if a.0 == b.0 => return None,
        (Some(a), Some(b)) if b.0 < a.0 => (later, first),
        _ => (first, later),
    };
    let (target, new) = match (below, above) {
        (true, false) => (early, n - 1),
        (false, true) => (late, n + 1),
        _ => return None,
    };
    if let Some((d, _)) = target.date_range(rows) {
        let beyond = if new < n {
            new.checked_sub(1)
        } else {
            Some(new + 1)
        };
        if let Some(b) = beyond.and_then(|b| dated.get(&b))
            && ((new < n && *b > d) || (new > n && *b < d))
        {
            return None;
        }
    }
    // The line in the list that repeats the number.
    let file = later.first(rows).loc().file();
    let entry = target
        .reports(rows)
        .find(|e| e.loc().file() == file)
        .unwrap_or(target.first(rows));
    let to = super::proposal::renumbered(&entry.line, n, new)?;
    Some(super::proposal::proposal(
        entry.loc(),
        entry.line.text(),
        &to,
    ))
}

fn gaps(ctx: &Ctx, out: &mut Vec<Raw>) {
    let rows = &ctx.model.rows;
    for (series, ms) in series_of(ctx) {
        let numbers: BTreeSet<u32> = ms.iter().filter_map(|m| m.number(rows)).collect();
        let Some(&max) = numbers.iter().next_back() else {
            continue;
        };
        let missing: Vec<u32> = (1..max).filter(|n| !numbers.contains(n)).collect();
        if missing.is_empty() {
            continue;
        }
        // Point at the meeting after the first gap.
        let after = missing[0] + 1;
        let anchor = ms
            .iter()
            .filter(|m| m.number(rows).is_some_and(|n| n >= after))
            .min_by_key(|m| m.number(rows))
            .expect("a number above the gap");
        let e = anchor.entries[0];
        out.push(
            Raw::at_line(Code::MeetingGap, rows, e)
                .process(&series.process)
                .detail("series", json!(series.label()))
                .detail("missing", json!(missing)),
        );
    }
}

fn order(ctx: &Ctx, out: &mut Vec<Raw>) {
    let rows = &ctx.model.rows;
    for (series, ms) in series_of(ctx) {
        // One dated meeting per number (duplicates are reported elsewhere).
        let mut by_number: BTreeMap<u32, &MergedMeeting> = BTreeMap::new();
        for m in ms {
            if let (Some(n), Some(_)) = (m.number(rows), m.date_range(rows)) {
                by_number.entry(n).or_insert(m);
            }
        }
        let list: Vec<(u32, &MergedMeeting)> = by_number.into_iter().collect();
        for w in list.windows(2) {
            let ((a, ma), (b, mb)) = (w[0], w[1]);
            let (da, db) = (ma.date(rows).expect("dated"), mb.date(rows).expect("dated"));
            if db.end < da.start {
                let e = mb.entries[0];
                out.push(
                    Raw::at_line(Code::MeetingOrder, rows, e)
                        .process(&series.process)
                        .detail("series", json!(series.label()))
                        .detail("numbers", json!([a, b]))
                        .detail("dates", json!([da.start.to_string(), db.start.to_string()])),
                );
            }
        }
    }
}

fn unnumbered(ctx: &Ctx, out: &mut Vec<Raw>) {
    let rows = &ctx.model.rows;
    for p in &ctx.model.processes {
        for m in p.meetings.iter().filter(|m| m.number(rows).is_none()) {
            let e = m.entries[0];
            out.push(
                Raw::at_line(Code::MeetingUnnumbered, rows, e)
                    .process(&p.id)
                    .detail("series", json!(m.series.label())),
            );
        }
    }
}
