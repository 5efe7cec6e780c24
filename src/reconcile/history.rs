//! Month over month: what changed since an earlier consolidation.
//!
//! A consolidated workbook carries a hidden metadata sheet ([`META_SHEET`])
//! that proves the tool wrote it and with which format. [`read_snapshot`]
//! reads such a workbook back — its *Processlista* and *Möten* sheets, by the
//! header names the writer uses, in either language — into a [`Snapshot`];
//! [`Snapshot::of_model`] builds the same from the current run. [`compare`]
//! sets two snapshots side by side: processes added and removed, meetings
//! added, verdicts and priorities changed, and the history that was rewritten
//! (a meeting's date changed, a meeting renumbered or gone, a verdict gone),
//! which [`crate::checks`] turns into `history-changed` findings.
//!
//! ```no_run
//! use processlista::{config::Config, reconcile::history};
//! let cfg = Config::default();
//! let old = history::read_snapshot("november.xlsx".as_ref(), &cfg).unwrap();
//! let new = history::read_snapshot("december.xlsx".as_ref(), &cfg).unwrap();
//! let c = history::compare(&old, &new);
//! println!("{} meetings added", c.meetings_added.len());
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;

use crate::ground::config::{Config, Lang};
use crate::ground::finding::Location;
use crate::ground::names::{
    FORMAT_VERSION, META_SHEET, STATUS_BY_OFFICE, continues, sheet_names, tr,
};
use crate::ground::text::file_name;
use crate::ground::text::fold;
use crate::model::dates::Precision;
pub use crate::model::history::*;
use crate::model::status::MeetingState;
use crate::model::{Model, Series};
use crate::read::{CellValue, RawSheet, RawWorkbook};

/// Why an earlier workbook cannot be compared.
fn not_ours(path: &Path, lang: Lang, why: &str) -> crate::ground::Error {
    crate::ground::Error::Input {
        path: path.display().to_string(),
        message: match lang {
            Lang::Sv => format!(
                "är inte en sammanställning från processlista ({why}). Ange en arbetsbok som \
                 \"processlista consolidate\" har skrivit, t.ex. förra månadens processlista-2023-11-30.xlsx"
            ),
            Lang::En => format!(
                "is not a consolidation written by processlista ({why}). Give a workbook \
                 that \"processlista consolidate\" wrote, e.g. last month's processlista-2023-11-30.xlsx"
            ),
        },
    }
}

/// The metadata rows: (key, value, more).
fn meta_rows(sheet: &RawSheet) -> Vec<(String, String, String)> {
    sheet
        .rows
        .iter()
        .map(|r| {
            let get = |c: usize| r.get(c).map(CellValue::display).unwrap_or_default();
            (get(0), get(1), get(2))
        })
        .collect()
}

/// Reads a workbook this tool wrote. A workbook without the metadata sheet,
/// or written in another format version, is refused with a plain message
/// naming the file (exit status 2), never compared wrongly.
pub fn read_snapshot(path: &Path, cfg: &Config) -> Result<Snapshot, crate::ground::Error> {
    let lang = cfg.lang;
    if !path.is_file() {
        return Err(crate::ground::Error::Input {
            path: path.display().to_string(),
            message: tr(lang, "filen finns inte", "no such file").into(),
        });
    }
    let book = crate::read::read_file(path, cfg).map_err(|f| {
        not_ours(
            path,
            lang,
            &format!(
                "{}: {}",
                tr(lang, "den kan inte läsas", "it cannot be read"),
                f.reason
            ),
        )
    })?;
    let Some(meta) = book.sheets.iter().find(|s| s.name == META_SHEET) else {
        return Err(not_ours(
            path,
            lang,
            &match lang {
                Lang::Sv => format!("fliken {META_SHEET} saknas"),
                Lang::En => format!("the sheet {META_SHEET} is missing"),
            },
        ));
    };
    let rows = meta_rows(meta);
    let value = |k: &str| rows.iter().find(|r| r.0 == k).map(|r| r.1.clone());
    if value("tool").as_deref() != Some("processlista") {
        return Err(not_ours(
            path,
            lang,
            tr(lang, "okänd metadataflik", "unknown metadata sheet"),
        ));
    }
    let version = value("version").unwrap_or_default();
    let format: Option<u32> = value("format").and_then(|f| f.trim().parse().ok());
    // Format 1 had no continuation rows and no status-by-office column;
    // this reader reads both.
    if !format.is_some_and(|f| (1..=FORMAT_VERSION).contains(&f)) {
        return Err(crate::ground::Error::Input {
            path: path.display().to_string(),
            message: match lang {
                Lang::Sv => format!(
                    "skrevs av processlista {version} i format {} – den här versionen ({}) läser format 1 till {FORMAT_VERSION}. \
                     Kör förra månadens \"processlista consolidate\" igen med den här versionen och jämför med den nya arbetsboken.",
                    format.map_or("?".into(), |f| f.to_string()),
                    env!("CARGO_PKG_VERSION")
                ),
                Lang::En => format!(
                    "was written by processlista {version} in format {} – this version ({}) reads formats 1 to {FORMAT_VERSION}. \
                     Run last month's \"processlista consolidate\" again with this version and compare with the new workbook.",
                    format.map_or("?".into(), |f| f.to_string()),
                    env!("CARGO_PKG_VERSION")
                ),
            },
        });
    }
    let book_lang = match value("lang").as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Sv,
    };
    let as_of = value("as_of").and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    let find = |i: usize| {
        book.sheets
            .iter()
            .find(|s| s.name == sheet_names(Lang::Sv)[i] || s.name == sheet_names(Lang::En)[i])
    };
    let missing = |i: usize| {
        not_ours(
            path,
            lang,
            &match lang {
                Lang::Sv => format!("fliken {} saknas", sheet_names(Lang::Sv)[i]),
                Lang::En => format!("the sheet {} is missing", sheet_names(Lang::En)[i]),
            },
        )
    };
    let list = find(1).ok_or_else(|| missing(1))?;
    let meetings = find(2).ok_or_else(|| missing(2))?;
    let file = path.display().to_string();
    Ok(Snapshot {
        processes: read_processes(&file, list),
        meetings: read_meetings(&file, meetings),
        file,
        as_of,
        version,
        lang: book_lang,
        status_cells: Vec::new(),
    })
}

/// The column whose header is one of `names` (folded).
fn column(sheet: &RawSheet, names: &[&str]) -> Option<usize> {
    let header = sheet.rows.first()?;
    header.iter().position(|c| {
        let h = fold(&c.display());
        names.iter().any(|n| fold(n) == h)
    })
}

fn cell_text(sheet: &RawSheet, r: usize, c: Option<usize>) -> String {
    c.map(|c| sheet.get(r, c).display().trim().to_string())
        .unwrap_or_default()
}

fn read_processes(file: &str, sheet: &RawSheet) -> Vec<SnapProcess> {
    let id = column(sheet, &["Process"]);
    let priority = column(sheet, &["Prioritering", "Priority"]);
    // "Status 231231" or "Verdict 2023-12-31"; "Status" alone is the log.
    let verdict = sheet.rows.first().and_then(|h| {
        h.iter().position(|c| {
            let t = c.display();
            let t = t.trim();
            let rest = t
                .strip_prefix("Status ")
                .or_else(|| t.strip_prefix("Verdict "));
            rest.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit() || c == '-'))
        })
    });
    let mut out = Vec::new();
    for r in 1..sheet.rows.len() {
        let pid = cell_text(sheet, r, id);
        if pid.is_empty() || continues(&pid).is_some() {
            continue;
        }
        out.push(SnapProcess {
            id: pid,
            verdict: cell_text(sheet, r, verdict),
            priority: cell_text(sheet, r, priority),
            loc: Location::at_cell(file, &sheet.name, r as u32, id.unwrap_or(0) as u32),
        });
    }
    out
}

/// A date as the Möten sheet shows it, in one form for both languages (the
/// English one: "2021-W37", "2024 Q1", "autumn 2022"), so that workbooks
/// written in Swedish and in English compare.
fn canonical_date(s: &str) -> String {
    static SV: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:v (?P<w>\d{1,2})|kv(?P<q>[1-4])|(?P<t>vt|ht)) (?P<y>\d{4})$")
            .expect("regex")
    });
    let s = s.trim();
    let Some(c) = SV.captures(s) else {
        return s.to_string();
    };
    let y = &c["y"];
    if let Some(w) = c.name("w") {
        format!("{y}-W{:0>2}", w.as_str())
    } else if let Some(q) = c.name("q") {
        format!("{y} Q{}", q.as_str())
    } else if &c["t"] == "vt" {
        format!("spring {y}")
    } else {
        format!("autumn {y}")
    }
}

/// A state as either language writes it on the meetings sheet, in its
/// English form.
fn state_key(written: &str) -> String {
    for state in [
        MeetingState::Held,
        MeetingState::Booked,
        MeetingState::Cancelled,
    ] {
        if written == state.label(Lang::Sv) || written == state.label(Lang::En) {
            return state.label(Lang::En).to_string();
        }
    }
    String::new()
}

/// "Processmöte (SoC internt)" → ("Processmöte", Some("SoC")).
fn parse_series(s: &str) -> (String, Option<String>) {
    let s = s.trim();
    if let Some(open) = s.rfind(" (")
        && s.ends_with(')')
    {
        let inner = &s[open + 2..s.len() - 1];
        for suffix in [" internt", " internal"] {
            if let Some(office) = inner.strip_suffix(suffix) {
                return (
                    s[..open].trim().to_string(),
                    Some(office.trim().to_string()),
                );
            }
        }
    }
    (s.to_string(), None)
}

fn read_meetings(file: &str, sheet: &RawSheet) -> Vec<SnapMeeting> {
    let col = |names: &[&str]| column(sheet, names);
    let process = col(&["Process"]);
    let sub = col(&["Delprocess", "Sub-process"]);
    let series = col(&["Serie", "Series"]);
    let number = col(&["Nr", "Number"]);
    let date = col(&["Datum", "Date"]);
    let text = col(&["Originaltext", "Original text"]);
    let state = col(&["Läge", "State"]);
    let src_file = col(&["Fil", "File"]);
    let src_sheet = col(&["Flik", "Sheet"]);
    let src_cell = col(&["Cell"]);
    let mut out = Vec::new();
    for r in 1..sheet.rows.len() {
        let pid = cell_text(sheet, r, process);
        let ser = cell_text(sheet, r, series);
        // Rows without a series are dated events, not meetings.
        if pid.is_empty() || ser.is_empty() {
            continue;
        }
        let (family, internal) = parse_series(&ser);
        let d = match date.map(|c| sheet.get(r, c)) {
            Some(CellValue::Date(d)) => d.format("%Y-%m-%d").to_string(),
            Some(other) => canonical_date(&other.display()),
            None => String::new(),
        };
        let sp = cell_text(sheet, r, sub);
        out.push(SnapMeeting {
            process: pid,
            subprocess: (!sp.is_empty()).then_some(sp),
            family,
            internal,
            number: cell_text(sheet, r, number).parse().ok(),
            date: d,
            text: cell_text(sheet, r, text),
            state: state_key(&cell_text(sheet, r, state)),
            loc: Location::at_cell(file, &sheet.name, r as u32, text.unwrap_or(0) as u32),
            source: Location::new(
                &cell_text(sheet, r, src_file),
                &cell_text(sheet, r, src_sheet),
                &cell_text(sheet, r, src_cell),
            ),
        });
    }
    out
}

impl Snapshot {
    /// The current run as the workbook will show it (dates other than days in
    /// their English form, as [`read_snapshot`] reads them); `lang` is the
    /// language of the workbook it will be compared with.
    pub fn of_model(model: &Model, lang: Lang) -> Snapshot {
        let mut processes = Vec::new();
        let mut meetings = Vec::new();
        let mut status_cells = Vec::new();
        for p in &model.processes {
            let anchor = p
                .rows
                .iter()
                .map(|&i| &model.rows[i])
                .find(|r| r.office.is_some() && r.office == p.lead)
                .or_else(|| p.rows.first().map(|&i| &model.rows[i]))
                .map(|r| r.anchor(&model.sources[r.source].file))
                .unwrap_or_default();
            processes.push(SnapProcess {
                id: p.id.to_string(),
                verdict: crate::model::verdict_text(p, model),
                priority: crate::model::priority(p, &model.rows)
                    .map(|n| n.to_string())
                    .or_else(|| {
                        p.priority
                            .as_ref()
                            .map(|c| c.value(&model.rows).text.trim().to_string())
                    })
                    .unwrap_or_default(),
                loc: anchor,
            });
            for &i in &p.rows {
                for e in &model.rows[i].status {
                    status_cells.push((p.id.to_string(), e.loc().clone()));
                }
            }
            for m in &p.meetings {
                let e = m.first(&model.rows);
                meetings.push(SnapMeeting {
                    process: p.id.to_string(),
                    subprocess: m.series.subprocess.as_deref().map(str::to_string),
                    family: m.series.family.to_string(),
                    internal: m.series.internal.as_deref().map(str::to_string),
                    number: m.number(&model.rows),
                    date: m
                        .date(&model.rows)
                        .as_ref()
                        .map(|d| match d.precision {
                            Precision::Day => crate::model::dates::iso(d.start),
                            _ => d.normalized(Lang::En),
                        })
                        .unwrap_or_default(),
                    text: e.line.text().trim().to_string(),
                    state: m.state(&model.rows).label(Lang::En).to_string(),
                    loc: e.loc().clone(),
                    source: Location::new(
                        &file_name(e.loc().file()),
                        e.loc().sheet(),
                        &e.loc().cell(),
                    ),
                });
            }
        }
        Snapshot {
            file: String::new(),
            as_of: Some(model.as_of),
            version: env!("CARGO_PKG_VERSION").into(),
            lang,
            processes,
            meetings,
            status_cells,
        }
    }
}

/// A verdict compared without its "Status 231231:" prefix, case or spacing.
fn verdict_key(v: &str) -> String {
    static PREFIX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\s*(?:status|verdict)\s*(?:per\s*)?[0-9-]{6,10}\s*:?\s*")
            .expect("regex")
    });
    fold(&PREFIX.replace(v.trim(), ""))
}

type MeetingKey = (Series, Option<u32>, String);

fn key(m: &SnapMeeting) -> MeetingKey {
    (m.series(), m.number, m.date.clone())
}

/// Compares an earlier consolidation with a later one.
pub fn compare(old: &Snapshot, new: &Snapshot) -> Comparison {
    let old_ids: BTreeMap<&str, &SnapProcess> =
        old.processes.iter().map(|p| (p.id.as_str(), p)).collect();
    let new_ids: BTreeMap<&str, &SnapProcess> =
        new.processes.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut c = Comparison {
        old: Side {
            file: old.file.clone(),
            as_of: old.as_of,
        },
        new: Side {
            file: new.file.clone(),
            as_of: new.as_of,
        },
        processes_added: Vec::new(),
        processes_removed: Vec::new(),
        meetings_added: Vec::new(),
        verdicts_changed: Vec::new(),
        priorities_changed: Vec::new(),
        history: Vec::new(),
    };
    for p in &new.processes {
        match old_ids.get(p.id.as_str()) {
            None => c.processes_added.push(p.clone()),
            Some(o) => {
                if verdict_key(&o.verdict) != verdict_key(&p.verdict) {
                    if p.verdict.is_empty() {
                        c.history.push(HistoryChange {
                            kind: HistoryKind::VerdictGone,
                            process: p.id.clone(),
                            series: None,
                            number: None,
                            date: None,
                            before: json!(o.verdict),
                            after: serde_json::Value::Null,
                            before_text: o.verdict.clone(),
                            after_text: None,
                            loc: p.loc.clone(),
                        });
                    } else {
                        c.verdicts_changed.push(FieldChange {
                            process: p.id.clone(),
                            before: o.verdict.clone(),
                            after: p.verdict.clone(),
                            loc: p.loc.clone(),
                        });
                    }
                }
                if fold(&o.priority) != fold(&p.priority) {
                    c.priorities_changed.push(FieldChange {
                        process: p.id.clone(),
                        before: o.priority.clone(),
                        after: p.priority.clone(),
                        loc: p.loc.clone(),
                    });
                }
            }
        }
    }
    for p in &old.processes {
        if !new_ids.contains_key(p.id.as_str()) {
            c.processes_removed.push(p.clone());
            c.history.push(HistoryChange {
                kind: HistoryKind::ProcessGone,
                process: p.id.clone(),
                series: None,
                number: None,
                date: None,
                before: json!(p.id),
                after: serde_json::Value::Null,
                before_text: p.id.clone(),
                after_text: None,
                loc: p.loc.clone(),
            });
        }
    }

    // Meetings: exact matches first (as multisets), then renumbered (same
    // series and date), then date changed (same series and number); what is
    // left of last month is gone, what is left of this month is added.
    let mut new_used = vec![false; new.meetings.len()];
    let mut pending: Vec<&SnapMeeting> = Vec::new();
    let mut state_changes: Vec<(&SnapMeeting, usize)> = Vec::new();
    for m in &old.meetings {
        let k = key(m);
        match (0..new.meetings.len()).find(|&j| !new_used[j] && key(&new.meetings[j]) == k) {
            Some(j) => {
                new_used[j] = true;
                // A meeting reported as held that is now booked or cancelled.
                let n = &new.meetings[j];
                if m.state == "held" && !n.state.is_empty() && n.state != "held" {
                    state_changes.push((m, j));
                }
            }
            None if new_ids.contains_key(m.process.as_str()) => pending.push(m),
            None => {} // the whole process is gone: reported once above
        }
    }
    let mut gone: Vec<&SnapMeeting> = Vec::new();
    let mut matched: Vec<(HistoryKind, &SnapMeeting, usize)> = Vec::new();
    for m in pending {
        let s = m.series();
        let renumbered = (!m.date.is_empty())
            .then(|| {
                (0..new.meetings.len()).find(|&j| {
                    let n = &new.meetings[j];
                    !new_used[j] && n.series() == s && n.date == m.date && n.number != m.number
                })
            })
            .flatten();
        if let Some(j) = renumbered {
            new_used[j] = true;
            matched.push((HistoryKind::Renumbered, m, j));
        } else {
            gone.push(m);
        }
    }
    let mut really_gone = Vec::new();
    for m in gone {
        let s = m.series();
        let moved = m.number.and_then(|num| {
            (0..new.meetings.len()).find(|&j| {
                let n = &new.meetings[j];
                !new_used[j] && n.series() == s && n.number == Some(num)
            })
        });
        match moved {
            Some(j) => {
                new_used[j] = true;
                matched.push((HistoryKind::DateChanged, m, j));
            }
            None => really_gone.push(m),
        }
    }
    // Not history: a date the old list had written unreadably (230231) and
    // has now corrected, and a meeting that was still ahead at last month's
    // reporting date (a booking moved).
    let ahead = |m: &SnapMeeting| {
        let start = NaiveDate::parse_from_str(&m.date, "%Y-%m-%d").ok();
        matches!((start, old.as_of), (Some(d), Some(as_of)) if d > as_of)
    };
    matched.retain(|(kind, m, _)| {
        *kind != HistoryKind::DateChanged || !(m.date.is_empty() || ahead(m))
    });
    for (m, j) in state_changes {
        let n = &new.meetings[j];
        c.history.push(HistoryChange {
            kind: HistoryKind::StateChanged,
            process: m.process.clone(),
            series: Some(m.series_label()),
            number: m.number,
            date: (!m.date.is_empty()).then(|| m.date.clone()),
            before: json!(m.state),
            after: json!(n.state),
            before_text: m.text.clone(),
            after_text: Some(n.text.clone()),
            loc: n.loc.clone(),
        });
    }
    for (kind, m, j) in matched {
        let n = &new.meetings[j];
        let (before, after) = match kind {
            HistoryKind::Renumbered => (json!(m.number), json!(n.number)),
            _ => (json!(m.date), json!(n.date)),
        };
        c.history.push(HistoryChange {
            kind,
            process: m.process.clone(),
            series: Some(m.series_label()),
            number: m.number,
            date: (!m.date.is_empty()).then(|| m.date.clone()),
            before,
            after,
            before_text: m.text.clone(),
            after_text: Some(n.text.clone()),
            loc: n.loc.clone(),
        });
    }
    for m in really_gone {
        // Point at the source cell the line stood in, when it still exists.
        let loc = new
            .status_cells
            .iter()
            .find(|(p, l)| {
                *p == m.process
                    && *file_name(l.file()) == *m.source.file()
                    && l.sheet() == m.source.sheet()
                    && l.cell() == m.source.cell()
            })
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| m.loc.clone());
        c.history.push(HistoryChange {
            kind: HistoryKind::MeetingGone,
            process: m.process.clone(),
            series: Some(m.series_label()),
            number: m.number,
            date: (!m.date.is_empty()).then(|| m.date.clone()),
            before: json!(m.text),
            after: serde_json::Value::Null,
            before_text: m.text.clone(),
            after_text: None,
            loc,
        });
    }
    for (j, m) in new.meetings.iter().enumerate() {
        if !new_used[j] {
            c.meetings_added.push(m.clone());
        }
    }
    c.history
        .sort_by_key(|h| (crate::reconcile::id_key(&h.process), h.kind));
    c
}

/// An explicitly named input that is one of the tool's own workbooks is read
/// as a wide list: only its process list sheet (whose status log holds every
/// line with normalised dates), without the columns the writer computes. The
/// summary, meetings, findings, changes and metadata sheets are left out.
pub(crate) fn own_workbook_as_list(mut book: RawWorkbook) -> RawWorkbook {
    let list = [sheet_names(Lang::Sv)[1], sheet_names(Lang::En)[1]];
    book.sheets.retain(|s| list.contains(&s.name.as_str()));
    let computed = [
        "Genomförda möten",
        "Meetings held",
        "Senaste möte",
        "Last meeting",
        "Källor",
        "Sources",
    ];
    for sheet in &mut book.sheets {
        join_continuation_rows(sheet);
        let Some(header) = sheet.rows.first() else {
            continue;
        };
        let is = |c: &CellValue, names: &[&str]| {
            let h = fold(&c.display());
            names.iter().any(|n| fold(n) == h)
        };
        let mut cols: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, c)| is(c, &computed))
            .map(|(i, _)| i)
            .collect();
        // The status by office is the log as the offices wrote it (the
        // board's log beside it gives each line once, unmarked): it is read
        // as the status, the board's log left out.
        let by_office = column(sheet, &STATUS_BY_OFFICE);
        let board = column(sheet, &["Status", "Status log"]);
        if let (Some(by_office), Some(board)) = (by_office, board) {
            cols.push(board);
            sheet.rows[0][board] = CellValue::Empty;
            sheet.rows[0][by_office] = CellValue::Text("Status".into());
        }
        for row in &mut sheet.rows {
            for &c in &cols {
                if let Some(v) = row.get_mut(c) {
                    *v = CellValue::Empty;
                }
            }
        }
    }
    book
}

/// Puts each continuation row of a process ("2.1.3 (forts.)") back into the
/// process's row, every cell's text after the row's own on a new line, and
/// leaves the continuation row empty (the cells keep their addresses).
fn join_continuation_rows(sheet: &mut RawSheet) {
    let Some(id) = sheet
        .rows
        .first()
        .and_then(|h| h.iter().position(|c| fold(&c.display()) == "process"))
    else {
        return;
    };
    let mut base: Option<usize> = None;
    for r in 1..sheet.rows.len() {
        let cell = sheet.rows[r]
            .get(id)
            .map(CellValue::display)
            .unwrap_or_default();
        let Some(continued) = continues(&cell) else {
            base = Some(r);
            continue;
        };
        let Some(b) = base else { continue };
        let base_id = sheet.rows[b]
            .get(id)
            .map(CellValue::display)
            .unwrap_or_default();
        if base_id.trim() != continued {
            continue;
        }
        let row = std::mem::take(&mut sheet.rows[r]);
        for (c, v) in row.into_iter().enumerate() {
            if c == id || v.is_empty() {
                continue;
            }
            let target = &mut sheet.rows[b];
            if target.len() <= c {
                target.resize(c + 1, CellValue::Empty);
            }
            target[c] = match std::mem::replace(&mut target[c], CellValue::Empty) {
                CellValue::Empty => v,
                before if before.is_empty() => v,
                before => CellValue::Text(format!("{}\n{}", before.display(), v.display())),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_headers_parse_in_both_languages() {
        assert_eq!(
            parse_series("Processmöte (SoC internt)"),
            ("Processmöte".into(), Some("SoC".into()))
        );
        assert_eq!(
            parse_series("Processmöte (SoC internal)"),
            ("Processmöte".into(), Some("SoC".into()))
        );
        assert_eq!(parse_series("Möte"), ("Möte".into(), None));
    }

    #[test]
    fn dates_compare_across_languages() {
        for (sv, en) in [
            ("v 37 2021", "2021-W37"),
            ("v 5 2021", "2021-W05"),
            ("kv1 2024", "2024 Q1"),
            ("ht 2022", "autumn 2022"),
            ("vt 2024", "spring 2024"),
            ("2022-06", "2022-06"),
        ] {
            assert_eq!(canonical_date(sv), en);
            assert_eq!(canonical_date(en), en);
        }
    }

    #[test]
    fn verdicts_compare_without_their_date() {
        assert_eq!(
            verdict_key("Status 230630: Fortsatt behov av processledning"),
            verdict_key("Fortsatt behov av processledning")
        );
        assert_ne!(verdict_key("Status"), verdict_key(""));
    }
}
