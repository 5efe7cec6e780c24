//! The corrected copy of one office's list (`processlista fix`): the
//! list's own sheets, every cell where it stood, with the findings'
//! proposed fixes ([`crate::checks::proposal`]) applied; each changed cell
//! highlighted, with a note holding its original text and the reason; and a
//! last sheet listing every change and every finding left for a person.
//!
//! A proposal is applied to the text the cell holds: its `from` (a line as
//! written, or the whole cell) becomes `to`; an empty `to` removes the line;
//! an empty `from` adds `to` as the cell's last line. A proposal whose
//! `from` the cell no longer holds (an earlier change took it) is left for a
//! person.
//!
//! ```no_run
//! # fn main() -> Result<(), processlista::ground::Error> {
//! use processlista::ground::config::Config;
//! let cfg = Config::default();
//! let book = processlista::read::read_file("KSON.xlsx".as_ref(), &cfg).unwrap();
//! let findings = Vec::new(); // the findings of `check KSON.xlsx`
//! let fixed = processlista::output::corrected::write(
//!     &book, &findings, None, &cfg, "KSON-rättad.xlsx".as_ref())?;
//! println!("{} changes, {} left", fixed.changes.len(), fixed.left);
//! # Ok(()) }
//! ```

use std::path::Path;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, Note, Workbook};

use crate::ground::Error;
use crate::ground::config::{Config, Lang};
use crate::ground::finding::{Code, Finding, Location};
use crate::read::{CellValue, RawWorkbook};

/// One change made: where, what it was and became, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub sheet: String,
    /// `A1`.
    pub cell: String,
    pub code: Code,
    /// The text changed (a line, or the whole cell) and what it became:
    /// `after` empty for a line removed, `before` empty for a line added.
    pub before: String,
    pub after: String,
    /// The finding's message.
    pub reason: String,
}

/// What [`write`] did.
#[derive(Debug, Default)]
pub struct Fixed {
    pub changes: Vec<Change>,
    /// The findings left for a person.
    pub left: usize,
}

impl Fixed {
    /// "1 ändring, 4 avvikelser kvar att rätta" / "1 change, 4 findings
    /// left to fix".
    pub fn summary(&self, lang: Lang) -> String {
        let (n, k) = (self.changes.len(), self.left);
        match lang {
            Lang::Sv => format!(
                "{n} {}, {k} {} kvar att rätta",
                if n == 1 { "ändring" } else { "ändringar" },
                if k == 1 { "avvikelse" } else { "avvikelser" }
            ),
            Lang::En => format!(
                "{n} {}, {k} {} left to fix",
                if n == 1 { "change" } else { "changes" },
                if k == 1 { "finding" } else { "findings" }
            ),
        }
    }
}

/// A cell that changes: its text as read, as changed so far, and the
/// changes made to it (indices into [`Fixed::changes`]).
struct Edit {
    original: String,
    text: String,
    changes: Vec<usize>,
}

/// A proposal read back from a finding.
struct Proposal<'a> {
    at: Location,
    from: &'a str,
    to: &'a str,
    finding: &'a Finding,
}

fn proposal_of(f: &Finding) -> Option<Proposal<'_>> {
    let p = f.details.get("proposal").filter(|p| !p.is_null())?;
    Some(Proposal {
        at: Location::from_json(p.get("source")?)?,
        from: p.get("from")?.as_str()?,
        to: p.get("to")?.as_str()?,
        finding: f,
    })
}

/// `text` with the proposal applied, or `None` when it does not hold the
/// proposal's `from`.
fn apply(text: &str, from: &str, to: &str) -> Option<String> {
    if from.is_empty() {
        return Some(if text.trim().is_empty() {
            to.to_string()
        } else {
            format!("{}\n{to}", text.trim_end())
        });
    }
    let at = text.find(from)?;
    let (before, after) = (&text[..at], &text[at + from.len()..]);
    if !to.is_empty() {
        return Some(format!("{before}{to}{after}"));
    }
    // Removing a line: with the line break after it (or before it, for the
    // last line).
    Some(
        match (after.strip_prefix('\n'), before.strip_suffix('\n')) {
            (Some(rest), _) => format!("{before}{rest}"),
            (None, Some(head)) => format!("{head}{after}"),
            (None, None) => format!("{before}{after}"),
        },
    )
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Blad".into()
    } else {
        clean
    }
}

/// Writes the corrected copy of `book` to `out`: `findings` are the
/// findings of checking it, of which those with a proposal of the codes in
/// `only` (every code when `None`) are applied.
pub fn write(
    book: &RawWorkbook,
    findings: &[Finding],
    only: Option<&[Code]>,
    cfg: &Config,
    out: &Path,
) -> Result<Fixed, Error> {
    let lang = cfg.lang;
    let sv = lang == Lang::Sv;
    let mut fixed = Fixed::default();
    let mut applied = vec![false; findings.len()];
    // The cells' texts after the changes: (sheet index, row, col) → text,
    // with the changes made to them.
    let mut edits: std::collections::BTreeMap<(usize, usize, usize), Edit> = Default::default();
    for (i, f) in findings.iter().enumerate() {
        let Some(p) = proposal_of(f) else { continue };
        if only.is_some_and(|codes| !codes.contains(&f.code)) {
            continue;
        }
        let Some(s) = book.sheets.iter().position(|s| s.name == p.at.sheet()) else {
            continue;
        };
        let Some((r, c)) = p.at.row_col() else {
            continue;
        };
        let (r, c) = (r as usize, c as usize);
        let entry = edits.entry((s, r, c)).or_insert_with(|| {
            let text = book.sheets[s].get(r, c).display();
            Edit {
                original: text.clone(),
                text,
                changes: Vec::new(),
            }
        });
        let Some(after) = apply(&entry.text, p.from, p.to) else {
            continue;
        };
        entry.text = after;
        entry.changes.push(fixed.changes.len());
        applied[i] = true;
        fixed.changes.push(Change {
            sheet: book.sheets[s].name.clone(),
            cell: p.at.cell().to_string(),
            code: p.finding.code,
            before: p.from.to_string(),
            after: p.to.to_string(),
            reason: p.finding.message.clone(),
        });
    }
    fixed.left = applied.iter().filter(|a| !**a).count();

    let mut wb = Workbook::new();
    // The same inputs give the same bytes: no time of writing inside.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).expect("a valid date");
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_author("processlista fix")
            .set_creation_datetime(&created),
    );
    let changed = Format::new()
        .set_background_color(Color::RGB(0xFFF2CC))
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    let output = |e: rust_xlsxwriter::XlsxError| Error::Output {
        path: out.display().to_string(),
        message: e.to_string(),
    };
    let mut names: Vec<String> = Vec::new();
    for (s, sheet) in book.sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        let mut name = sheet_name(&sheet.name);
        while names.contains(&name) {
            name = sheet_name(&format!("{name}_"));
        }
        ws.set_name(&name).map_err(output)?;
        names.push(name);
        // Printed as the board's lists are: landscape, a page wide.
        ws.set_landscape().set_print_fit_to_pages(1, 0);
        // The copy is read on screen: each column as wide as its longest
        // line (within bounds), each row tall enough for its lines.
        let mut widths: Vec<usize> = Vec::new();
        for (r, row) in sheet.rows.iter().enumerate() {
            let mut lines = 1;
            for (c, v) in row.iter().enumerate() {
                let text = match edits.get(&(s, r, c)) {
                    Some(e) => e.text.clone(),
                    None => v.display(),
                };
                let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                // A title alone on its row runs over the next columns.
                let alone = row.iter().filter(|v| !v.is_empty()).count() <= 1;
                if !alone {
                    widths[c] = widths[c].max(longest);
                }
                lines = lines.max(text.lines().count());
            }
            if lines > 1 {
                ws.set_row_height(r as u32, 15.0 * lines.min(40) as f64)
                    .map_err(output)?;
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(8, 60) as f64 + 1.0)
                .map_err(output)?;
        }
        let top = Format::new().set_align(FormatAlign::Top);
        let wrap = Format::new().set_align(FormatAlign::Top).set_text_wrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r32, c16) = (r as u32, c as u16);
                if let Some(edit) = edits.get(&(s, r, c)) {
                    ws.write_string_with_format(r32, c16, &edit.text, &changed)
                        .map_err(output)?;
                    let mut note = String::from(if sv {
                        "Ursprunglig text:\n"
                    } else {
                        "Original text:\n"
                    });
                    note.push_str(&edit.original);
                    for &i in &edit.changes {
                        let ch = &fixed.changes[i];
                        note.push_str(if sv { "\n\nSkäl (" } else { "\n\nReason (" });
                        note.push_str(ch.code.as_str());
                        note.push_str("): ");
                        note.push_str(&ch.reason);
                    }
                    let note = Note::new(note)
                        .set_author("processlista")
                        .set_width(480)
                        .set_height(200);
                    ws.insert_note(r32, c16, &note).map_err(output)?;
                    continue;
                }
                match v {
                    CellValue::Empty => continue,
                    CellValue::Text(t) if t.contains('\n') => {
                        ws.write_string_with_format(r32, c16, t, &wrap)
                    }
                    CellValue::Text(t) => ws.write_string_with_format(r32, c16, t, &top),
                    CellValue::Number(n) => ws.write_number_with_format(r32, c16, *n, &top),
                    CellValue::Bool(b) => ws.write_boolean_with_format(r32, c16, *b, &top),
                    CellValue::Date(d) => {
                        let dt = ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string())
                            .map_err(output)?;
                        ws.write_datetime_with_format(r32, c16, &dt, &date)
                    }
                    CellValue::Error(e) => ws.write_string(r32, c16, e),
                }
                .map_err(output)?;
            }
        }
    }
    changes_sheet(&mut wb, &fixed, findings, &applied, lang, &names).map_err(output)?;
    wb.save(out).map_err(output)?;
    Ok(fixed)
}

/// The last sheet: every change, then every finding left for a person.
fn changes_sheet(
    wb: &mut Workbook,
    fixed: &Fixed,
    findings: &[Finding],
    applied: &[bool],
    lang: Lang,
    taken: &[String],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let sv = lang == Lang::Sv;
    let t = |a: &'static str, b: &'static str| if sv { a } else { b };
    let mut name = t("Ändringar", "Changes").to_string();
    while taken.contains(&name) {
        name.push('_');
    }
    let ws = wb.add_worksheet().set_name(&name)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    ws.write_string_with_format(0, 0, fixed.summary(lang), &bold)?;
    let head = [
        t("Flik", "Sheet"),
        t("Cell", "Cell"),
        t("Kod", "Code"),
        t("Före (rad eller cell)", "Before (line or cell)"),
        t("Efter", "After"),
        t("Skäl", "Reason"),
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let mut r = 3u32;
    for ch in &fixed.changes {
        ws.write_string_with_format(r, 0, &ch.sheet, &top)?;
        ws.write_string_with_format(r, 1, &ch.cell, &top)?;
        ws.write_string_with_format(r, 2, ch.code.as_str(), &top)?;
        ws.write_string_with_format(r, 3, &ch.before, &wrap)?;
        ws.write_string_with_format(r, 4, &ch.after, &wrap)?;
        ws.write_string_with_format(r, 5, &ch.reason, &wrap)?;
        ws.set_row_height(r, 30)?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, t("Kvar att rätta", "Left to fix"), &bold)?;
    r += 1;
    let head = [
        t("Flik", "Sheet"),
        t("Cell", "Cell"),
        t("Kod", "Code"),
        t("Text", "Text"),
        t("Avvikelse", "Finding"),
        t("Förslag", "Suggestion"),
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &bold)?;
    }
    r += 1;
    for (f, _) in findings.iter().zip(applied).filter(|(_, a)| !**a) {
        ws.write_string_with_format(r, 0, f.source.sheet(), &top)?;
        ws.write_string_with_format(r, 1, f.source.describe(lang), &top)?;
        ws.write_string_with_format(r, 2, f.code.as_str(), &top)?;
        ws.write_string_with_format(r, 3, &f.text, &wrap)?;
        ws.write_string_with_format(r, 4, &f.message, &wrap)?;
        ws.write_string_with_format(r, 5, f.suggestion.as_deref().unwrap_or(""), &wrap)?;
        ws.set_row_height(r, 30)?;
        r += 1;
    }
    for (c, w) in [16, 10, 20, 45, 45, 60].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words() {
        let change = Change {
            sheet: "Blad1".into(),
            cell: "E4".into(),
            code: Code::StaleBooking,
            before: "x".into(),
            after: String::new(),
            reason: "r".into(),
        };
        let one = Fixed {
            changes: vec![change.clone()],
            left: 1,
        };
        assert_eq!(
            one.summary(Lang::Sv),
            "1 ändring, 1 avvikelse kvar att rätta"
        );
        assert_eq!(one.summary(Lang::En), "1 change, 1 finding left to fix");
        let two = Fixed {
            changes: vec![change.clone(), change],
            left: 0,
        };
        assert_eq!(
            two.summary(Lang::Sv),
            "2 ändringar, 0 avvikelser kvar att rätta"
        );
    }

    #[test]
    fn a_line_is_replaced_removed_or_added() {
        let cell = "Processmöte 1 genomfört 230115\nProcessmöte 2 bokad 230301\nProcessmöte 2 genomfört 230305";
        assert_eq!(
            apply(cell, "Processmöte 2 bokad 230301", "").as_deref(),
            Some("Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230305")
        );
        assert_eq!(
            apply(cell, "Processmöte 2 genomfört 230305", "").as_deref(),
            Some("Processmöte 1 genomfört 230115\nProcessmöte 2 bokad 230301")
        );
        assert_eq!(
            apply(
                cell,
                "Processmöte 1 genomfört 230115",
                "Processmöte 1 genomfört 230116"
            )
            .as_deref()
            .map(|s| s.lines().next().unwrap()),
            Some("Processmöte 1 genomfört 230116")
        );
        assert_eq!(
            apply("x\n", "", "Status 231231: Klar").as_deref(),
            Some("x\nStatus 231231: Klar")
        );
        assert_eq!(apply("", "", "Status").as_deref(), Some("Status"));
        assert_eq!(apply(cell, "Processmöte 9", "x"), None);
    }
}
