//! Reconciling: one process per id across every source.
//!
//! Takes: every workbook's normalised rows. Gives: the
//! [`Model`]: processes merged per id, meetings merged
//! per series, number and date; the action plan read ([`plan`]) and last
//! month's workbook read back and compared ([`history`]).
//!
//! Text fields take the lead office's value (the lead named in the
//! responsibility, else the first source); other offices' different values are
//! kept beside it for the `conflict` check. The same meeting (series, number,
//! date) reported by several offices, or by two rows of one list, becomes one
//! meeting with several sources; the same line twice in one cell stays two.

pub mod history;
pub mod plan;

use compact_str::CompactString;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ground::text::fold;
use crate::model::status::LineKind;
use crate::model::*;

/// Sorts ids numerically: 2.1.10 after 2.1.9.
pub(crate) fn id_key(id: &str) -> Vec<u64> {
    id.split('.')
        .map(|p| p.parse().unwrap_or(u64::MAX))
        .collect()
}

pub fn reconcile(rows: &[ProcessRow]) -> Vec<Process> {
    let mut by_id: BTreeMap<Vec<u64>, (CompactString, Vec<usize>)> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let (Some(id), true) = (&r.id, r.id_valid) {
            by_id
                .entry(id_key(id))
                .or_insert_with(|| (id.clone(), Vec::new()))
                .1
                .push(i);
        }
    }
    // Each process is built on its own (in parallel), in id order.
    use rayon::prelude::*;
    let groups: Vec<(CompactString, Vec<usize>)> = by_id.into_values().collect();
    groups
        .into_par_iter()
        .map(|(id, idx)| build(id, idx, rows))
        .collect()
}

fn build(id: CompactString, idx: Vec<usize>, rows: &[ProcessRow]) -> Process {
    let wide: Vec<usize> = idx.iter().copied().filter(|&i| !rows[i].long).collect();
    // Responsibility: the first wide row that names a lead, preferring the
    // row of the office it names as lead.
    let responsibility = wide
        .iter()
        .filter_map(|&i| rows[i].responsibility.clone())
        .find(|r| r.lead.is_some())
        .or_else(|| wide.iter().find_map(|&i| rows[i].responsibility.clone()));
    let lead = responsibility.as_ref().and_then(|r| r.lead.clone());
    // Rows ordered lead office first, then in reading order.
    let mut ordered = wide.clone();
    ordered.sort_by_key(|&i| (rows[i].office.is_none() || rows[i].office != lead, i));
    let responsibility = ordered
        .iter()
        .find_map(|&i| rows[i].responsibility.clone().filter(|r| r.lead.is_some()))
        .or(responsibility);

    let pick = |field: Field| -> Option<Chosen> {
        let mut chosen: Option<(usize, Vec<u32>)> = None;
        for &i in &ordered {
            let Some(t) = rows[i].text(field) else {
                continue;
            };
            match &mut chosen {
                None => chosen = Some((i, Vec::new())),
                Some((c, others)) => {
                    let c = &rows[*c];
                    if c.text(field).map(|v| fold(&v.text)) != Some(fold(&t.text))
                        && rows[i].office != c.office
                    {
                        others.push(i as u32);
                    }
                }
            }
        }
        chosen.map(|(row, others)| Chosen {
            field,
            row: row as u32,
            others: others.into_boxed_slice(),
        })
    };
    let need = pick(Field::Need);
    let activity = pick(Field::Activity);
    let result = pick(Field::Result);
    let priority = pick(Field::Priority);
    let time_plan = pick(Field::TimePlan);
    let period_row = ordered
        .iter()
        .find(|&&i| rows[i].period.is_some())
        .map(|&i| i as u32);
    let verdict = latest_verdict(
        ordered
            .iter()
            .chain(idx.iter().filter(|i| rows[**i].long))
            .flat_map(|&i| rows[i].verdicts.iter()),
    )
    .cloned();

    let mut offices: Vec<CompactString> = Vec::new();
    for &i in &idx {
        if let Some(o) = &rows[i].office
            && !offices.contains(o)
        {
            offices.push(o.clone());
        }
    }

    // Meetings, merged across sources.
    let mut meetings: Vec<MergedMeeting> = Vec::new();
    let mut series_pool: Vec<Arc<Series>> = Vec::new();
    let mut other_lines = Vec::new();
    let mut closed = None;
    let mut order: Vec<usize> = idx.clone();
    order.sort_by_key(|&i| (rows[i].office.is_none() || rows[i].office != lead, i));
    for &i in &order {
        for (j, e) in rows[i].status.iter().enumerate() {
            let at = EntryRef {
                row: i as u32,
                line: j as u32,
            };
            match &e.line.kind {
                LineKind::Meeting(m) => {
                    // One shared copy per series, found without building a
                    // key for every line (the process is the same for all).
                    let known = series_pool.iter().find(|s| {
                        s.subprocess.as_deref() == e.subprocess().map(|s| &**s)
                            && *s.family == *m.family
                            && s.internal.as_deref() == m.internal()
                    });
                    let series = match known {
                        Some(s) => s.clone(),
                        None => {
                            let s = Arc::new(Series {
                                process: id.clone(),
                                subprocess: e.subprocess().map(|s| (**s).into()),
                                family: m.family.as_str().into(),
                                internal: m.internal().map(Into::into),
                            });
                            series_pool.push(s.clone());
                            s
                        }
                    };
                    let same = meetings.iter_mut().find(|x| {
                        x.series == series
                            && x.number(rows) == m.number()
                            && x.date_range(rows) == e.line.date_range()
                            && (x.number(rows).is_some() || x.date_range(rows).is_some())
                            && !x.reports(rows).any(|y| y.loc() == e.loc())
                    });
                    match same {
                        Some(x) => x.entries.push(at),
                        None => meetings.push(MergedMeeting {
                            series,
                            entries: Reports::one(at),
                        }),
                    }
                }
                LineKind::State {
                    state: crate::model::status::ProcessState::Closed,
                } => {
                    if let Some(d) = e.line.date() {
                        closed = Some(Box::new((d, e.loc().clone())));
                    }
                    other_lines.push(at);
                }
                _ => other_lines.push(at),
            }
        }
    }

    // The process lives until the workbook is written: no room to grow.
    meetings.shrink_to_fit();
    other_lines.shrink_to_fit();
    Process {
        id,
        // Inline when it fits (a Vec converted keeps its allocation).
        rows: smallvec::SmallVec::from_slice(&idx),
        lead,
        offices,
        responsibility,
        need,
        activity,
        result,
        priority,
        time_plan,
        period_row,
        verdict,
        meetings,
        other_lines,
        closed,
        plan_title: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_numerically() {
        let mut ids = vec!["2.1.10", "2.1.9", "10.1.1", "2.2.1"];
        ids.sort_by_key(|i| id_key(i));
        assert_eq!(ids, vec!["2.1.9", "2.1.10", "2.2.1", "10.1.1"]);
    }
}
