//! The findings as a person reads them in a terminal: grouped by file, one
//! line per finding (sheet!cell, severity, process, code, message) and the
//! suggestion below it. Colour only when writing to a terminal.

use std::fmt::Write;

use crate::ground::config::Lang;
use crate::ground::finding::{Finding, Severity};
use crate::ground::names::tr;
use crate::ground::text::file_name;
use crate::model::Run;
use crate::model::Source;

fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Sv) => "fel",
        (Severity::Warning, Lang::Sv) => "varning",
        (Severity::Info, Lang::Sv) => "info",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Info, Lang::En) => "info",
    }
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The findings grouped by file, each file's counts per code first, then a
/// closing summary line. `limit` shows at most that many findings per code
/// and file, and says how many more there are.
pub fn findings(run: &Run, lang: Lang, color: bool, limit: Option<usize>) -> String {
    let mut out = String::new();
    let sv = lang == Lang::Sv;
    // The sources in order, then other files that findings point at (the plan).
    let mut groups: Vec<(String, Option<&Source>)> = run
        .model
        .sources
        .iter()
        .map(|s| (s.file.clone(), Some(s)))
        .collect();
    for f in &run.findings {
        if !groups.iter().any(|(file, _)| **file == *f.source.file()) {
            groups.push((f.source.file().to_string(), None));
        }
    }
    for (file, source) in groups {
        let fs: Vec<&Finding> = run
            .findings
            .iter()
            .filter(|f| *f.source.file() == *file)
            .collect();
        let head = match source {
            None => file.clone(),
            Some(s) => {
                let processes: usize = s.sheets.iter().map(|x| x.processes).sum();
                let office = s.office.clone().unwrap_or_else(|| "?".into());
                match (s.error.is_some(), sv) {
                    (true, _) => format!("{file} ({office})"),
                    (false, true) => format!(
                        "{file} ({office}, {processes} {})",
                        n(processes, "process", "processer")
                    ),
                    (false, false) => format!(
                        "{file} ({office}, {processes} {})",
                        n(processes, "process", "processes")
                    ),
                }
            }
        };
        let _ = writeln!(out, "{}", paint(&head, "1", color));
        if fs.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                if sv { "inga avvikelser" } else { "no findings" }
            );
        }
        // The location column as wide as this file's longest sheet!cell.
        let width = fs
            .iter()
            .map(|f| f.source.describe(lang).chars().count())
            .max()
            .unwrap_or(0)
            .clamp(8, 40);
        // Counts per code, in the order the codes first appear.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for f in &fs {
            match counts.iter_mut().find(|(c, _)| *c == f.code.as_str()) {
                Some((_, n)) => *n += 1,
                None => counts.push((f.code.as_str(), 1)),
            }
        }
        if counts.len() > 1 || counts.iter().any(|(_, n)| *n > 1) {
            let list: Vec<String> = counts.iter().map(|(c, n)| format!("{c} {n}")).collect();
            let _ = writeln!(
                out,
                "  {} {}",
                tr(lang, "Per kod:", "By code:"),
                list.join(", ")
            );
        }
        let mut shown: Vec<(&str, usize)> = Vec::new();
        for f in &fs {
            let code = f.code.as_str();
            let seen = match shown.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    shown.push((code, 1));
                    1
                }
            };
            if limit.is_none_or(|l| seen <= l) {
                line(&mut out, f, lang, color, width);
            }
        }
        if let Some(l) = limit {
            for (code, n) in counts.iter().filter(|(_, n)| *n > l) {
                let more = n - l;
                let _ = writeln!(
                    out,
                    "  {}",
                    match lang {
                        Lang::Sv => format!("… och {more} till med {code} (--limit {l})"),
                        Lang::En => format!("… and {more} more {code} (--limit {l})"),
                    }
                );
            }
        }
        out.push('\n');
    }
    let skipped = skipped(run, lang, color);
    if !skipped.is_empty() {
        out.push_str(&skipped);
        out.push('\n');
    }
    let sum = crate::output::report::summary(run);
    let (e, w, i) = (
        sum.findings["error"],
        sum.findings["warning"],
        sum.findings["info"],
    );
    let as_of = run.model.as_of;
    let count = sum.processes;
    let _ = if sv {
        writeln!(
            out,
            "{count} {} per {as_of} · {e} fel, {w} {}, {i} info",
            n(count, "process", "processer"),
            n(w, "varning", "varningar")
        )
    } else {
        writeln!(
            out,
            "{count} {} as of {as_of} · {e} {}, {w} {}, {i} info",
            n(count, "process", "processes"),
            n(e, "error", "errors"),
            n(w, "warning", "warnings")
        )
    };
    out
}

fn line(out: &mut String, f: &Finding, lang: Lang, color: bool, width: usize) {
    let sev = severity_word(f.severity, lang);
    let code = match f.severity {
        Severity::Error => "31",
        Severity::Warning => "33",
        Severity::Info => "36",
    };
    let _ = writeln!(
        out,
        "  {:<width$} {} {:<7} {:<19} {}",
        f.source.describe(lang),
        paint(&format!("{sev:<8}"), code, color),
        f.process.clone().unwrap_or_default(),
        f.code.as_str(),
        f.message
    );
    if !f.text.is_empty() && f.text != f.message {
        let quoted = paint(&format!("» {}", first_line(&f.text)), "2", color);
        let _ = writeln!(out, "  {:<width$} {:<8} {}", "", "", quoted);
    }
    if let Some(sug) = &f.suggestion {
        let _ = writeln!(out, "  {:<width$} {:<8} → {}", "", "", sug);
    }
}

fn first_line(s: &str) -> String {
    let l = s.lines().next().unwrap_or("");
    if s.lines().count() > 1 {
        format!("{l} …")
    } else {
        l.to_string()
    }
}

/// The few lines `consolidate` prints: sources, processes, verdicts,
/// findings and where the workbook went.
pub fn consolidate_summary(run: &Run, lang: Lang, out: &std::path::Path) -> String {
    let s = crate::output::report::summary(run);
    let sources = run.model.sources.len();
    let unreadable = run
        .model
        .sources
        .iter()
        .filter(|x| x.error.is_some())
        .count();
    let (e, w, i) = (
        s.findings["error"],
        s.findings["warning"],
        s.findings["info"],
    );
    let v = &s.verdicts;
    let as_of = run.model.as_of.format("%y%m%d");
    let changes = match &run.model.changes {
        None => String::new(),
        Some(c) => {
            let prev = std::path::Path::new(&c.old.file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match lang {
                Lang::Sv => format!(
                    "Förändringar sedan {prev}: {} nya möten, {} nya och {} borttagna processer, {} ändrade ställningstaganden, {} ändrade prioriteringar, {} ändringar i historiken\n",
                    c.meetings_added.len(),
                    c.processes_added.len(),
                    c.processes_removed.len(),
                    c.verdicts_changed.len(),
                    c.priorities_changed.len(),
                    c.history.len()
                ),
                Lang::En => format!(
                    "Changes since {prev}: {} meetings added, {} processes added and {} removed, {} verdicts changed, {} priorities changed, {} history changes\n",
                    c.meetings_added.len(),
                    c.processes_added.len(),
                    c.processes_removed.len(),
                    c.verdicts_changed.len(),
                    c.priorities_changed.len(),
                    c.history.len()
                ),
            }
        }
    };
    let text = match lang {
        Lang::Sv => format!(
            "Läste {sources} {} ({unreadable} {})\n\
             {} {} · slutförda per {as_of}: {} st · fortsatt behov av processledning: {} st · utan ställningstagande: {} st\n\
             Avvikelser: {e} fel, {w} {}, {i} info\n\
             Arbetsboken skrevs till {}\n",
            n(sources, "källa", "källor"),
            n(unreadable, "oläsbar", "oläsbara"),
            s.processes,
            n(s.processes, "process", "processer"),
            v.completed,
            v.continuing,
            v.missing,
            n(w, "varning", "varningar"),
            out.display()
        ),
        Lang::En => format!(
            "Read {sources} {} ({unreadable} unreadable)\n\
             {} {} · completed as of {as_of}: {} · continuing: {} · no verdict: {}\n\
             Findings: {e} {}, {w} {}, {i} info\n\
             Workbook written to {}\n",
            n(sources, "source", "sources"),
            s.processes,
            n(s.processes, "process", "processes"),
            v.completed,
            v.continuing,
            v.missing,
            n(e, "error", "errors"),
            n(w, "warning", "warnings"),
            out.display()
        ),
    };
    let skipped = skipped(run, lang, false);
    // The skipped files right after the sources line.
    match text.split_once('\n') {
        Some((first, rest)) => format!("{first}\n{skipped}{rest}{changes}"),
        None => format!("{text}{changes}"),
    }
}

/// The files in the input folders that were not read, each with its
/// reason, a line each; nothing when there are none.
fn skipped(run: &Run, lang: Lang, color: bool) -> String {
    let list = &run.model.skipped;
    if list.is_empty() {
        return String::new();
    }
    let count = list.len();
    let head = match lang {
        Lang::Sv => format!("Hoppade över {count} {}:", n(count, "fil", "filer")),
        Lang::En => format!("Skipped {count} {}:", n(count, "file", "files")),
    };
    let mut out = format!("{}\n", paint(&head, "1", color));
    for s in list {
        let _ = writeln!(out, "  {}: {}", s.file, s.reason.text(lang));
    }
    out
}

/// The plain-text form of a comparison, as `processlista diff` prints it.
pub fn diff(c: &crate::model::history::Comparison, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let side = |s: &crate::model::history::Side| match s.as_of {
        Some(d) => format!("{} ({d})", file_name(&s.file)),
        None => file_name(&s.file),
    };
    let _ = writeln!(
        out,
        "{} {} → {}",
        tr(lang, "Förändringar:", "Changes:"),
        side(&c.old),
        side(&c.new)
    );
    let head = |out: &mut String, sv: &str, en: &str, n: usize| {
        let _ = writeln!(out, "\n{} ({n})", if lang == Lang::Sv { sv } else { en });
    };
    head(
        &mut out,
        "Nya processer",
        "Processes added",
        c.processes_added.len(),
    );
    for p in &c.processes_added {
        let _ = writeln!(out, "  {}", p.id);
    }
    head(
        &mut out,
        "Borttagna processer",
        "Processes removed",
        c.processes_removed.len(),
    );
    for p in &c.processes_removed {
        let _ = writeln!(out, "  {}", p.id);
    }
    head(
        &mut out,
        "Nya möten",
        "Meetings added",
        c.meetings_added.len(),
    );
    for m in &c.meetings_added {
        let _ = writeln!(out, "  {}  {}", m.process, m.text);
    }
    head(
        &mut out,
        "Ändrade ställningstaganden",
        "Verdicts changed",
        c.verdicts_changed.len(),
    );
    // A value that was not there is said so, not shown as "".
    let quoted = |v: &str| {
        if v.trim().is_empty() {
            tr(lang, "(inget)", "(none)").to_string()
        } else {
            format!("\"{v}\"")
        }
    };
    let changed = |out: &mut String, list: &[crate::model::history::FieldChange]| {
        for v in list {
            let _ = writeln!(
                out,
                "  {}: {} → {}",
                v.process,
                quoted(&v.before),
                quoted(&v.after)
            );
        }
    };
    changed(&mut out, &c.verdicts_changed);
    head(
        &mut out,
        "Ändrade prioriteringar",
        "Priorities changed",
        c.priorities_changed.len(),
    );
    changed(&mut out, &c.priorities_changed);
    head(
        &mut out,
        "Ändrad historik",
        "History changed",
        c.history.len(),
    );
    for r in crate::checks::history::findings(c) {
        let (message, _) = crate::ground::messages::render(&r, lang);
        let _ = writeln!(
            out,
            "  {} {}  [{} {}]",
            r.process.as_deref().unwrap_or(""),
            message,
            file_name(r.source.file()),
            r.source.describe(lang)
        );
    }
    out
}

/// The singular or the plural, by the count.
fn n(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
