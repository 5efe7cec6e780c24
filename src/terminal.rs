//! The findings as a person reads them in a terminal: grouped by file, one
//! line per finding (sheet!cell, severity, process, code, message) and the
//! suggestion below it. Colour only when writing to a terminal.

use std::fmt::Write;

use crate::Run;
use crate::config::Lang;
use crate::finding::Severity;

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

/// The findings grouped by file, then a closing summary line.
pub fn findings(run: &Run, lang: Lang, color: bool) -> String {
    let mut out = String::new();
    let sv = lang == Lang::Sv;
    for s in &run.model.sources {
        let fs: Vec<_> = run
            .findings
            .iter()
            .filter(|f| f.source.file == s.file)
            .collect();
        let processes: usize = s.sheets.iter().map(|x| x.processes).sum();
        let office = s.office.clone().unwrap_or_else(|| "?".into());
        let head = if s.error.is_some() {
            format!("{} ({office})", s.file)
        } else if sv {
            format!("{} ({office}, {processes} processer)", s.file)
        } else {
            format!("{} ({office}, {processes} processes)", s.file)
        };
        let _ = writeln!(out, "{}", paint(&head, "1", color));
        if fs.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                if sv { "inga avvikelser" } else { "no findings" }
            );
        }
        for f in fs {
            let sev = severity_word(f.severity, lang);
            let sev_col = match f.severity {
                Severity::Error => paint(&format!("{sev:<8}"), "31", color),
                Severity::Warning => paint(&format!("{sev:<8}"), "33", color),
                Severity::Info => paint(&format!("{sev:<8}"), "36", color),
            };
            let _ = writeln!(
                out,
                "  {:<16} {} {:<7} {:<19} {}",
                f.source.short(),
                sev_col,
                f.process.clone().unwrap_or_default(),
                f.code.as_str(),
                f.message
            );
            if !f.text.is_empty() && f.text != f.message {
                let _ = writeln!(
                    out,
                    "  {:<16} {:<8} {}",
                    "",
                    "",
                    paint(&format!("» {}", first_line(&f.text)), "2", color)
                );
            }
            if let Some(sug) = &f.suggestion {
                let _ = writeln!(out, "  {:<16} {:<8} → {}", "", "", sug);
            }
        }
        out.push('\n');
    }
    let sum = crate::report::summary(run);
    let e = sum.findings["error"];
    let w = sum.findings["warning"];
    let i = sum.findings["info"];
    let _ = if sv {
        writeln!(
            out,
            "{} processer per {} · {e} fel, {w} varningar, {i} info",
            sum.processes, run.model.as_of
        )
    } else {
        writeln!(
            out,
            "{} processes as of {} · {e} errors, {w} warnings, {i} info",
            sum.processes, run.model.as_of
        )
    };
    out
}

fn first_line(s: &str) -> String {
    let l = s.lines().next().unwrap_or("");
    if s.lines().count() > 1 {
        format!("{l} …")
    } else {
        l.to_string()
    }
}
