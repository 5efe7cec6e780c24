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
                    out.push(
                        Raw::at_line(Code::MeetingDuplicate, rows, e)
                            .process(&series.process)
                            .detail("series", json!(series.label()))
                            .detail("number", json!(n))
                            .detail(
                                "dates",
                                json!([date_str(first, rows), date_str(later, rows)]),
                            )
                            .detail("first", json!(first.first(rows).line.text())),
                    );
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
