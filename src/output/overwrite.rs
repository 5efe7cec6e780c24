//! Never over someone else's file: what an output path already holds, and
//! whether the run may replace it.
//!
//! A consolidated workbook carries the hidden sheet
//! [`META_SHEET`](crate::ground::names::META_SHEET), and a JSON report
//! begins as the report writer begins it; either may be replaced by a new
//! run (and the run says so). Anything else at the output path (an office's
//! own list given as `-o` by mistake, a template an office has filled in) is
//! refused unless the user says `--force`.

use std::io::Read;
use std::path::Path;

use crate::ground::Error;
use crate::ground::config::Lang;
use crate::ground::names::{META_SHEET, tr};

/// What an output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The consolidated workbook.
    Workbook,
    /// The JSON report.
    Report,
    /// An office's list to fill in: once written, it is the office's.
    Template,
    /// The Word attachment.
    Attachment,
    /// An office's list corrected by `fix`: once written, it is the office's.
    Corrected,
}

/// What the output path holds now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Nothing (or a folder, which the writer refuses on its own).
    Nothing,
    /// An earlier output of the same kind written by this tool.
    Ours,
    /// A file this tool did not write (or cannot tell it wrote).
    Foreign,
}

/// What `path` holds, judged for an output of `kind`. Reads at most the
/// zip directory and the workbook part (a workbook) or the first bytes (a
/// report).
pub fn existing(path: &Path, kind: Kind) -> Existing {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        _ => return Existing::Nothing,
    }
    let ours = match kind {
        Kind::Workbook => has_meta_sheet(path),
        Kind::Report => begins_as_report(path),
        Kind::Template | Kind::Corrected => false,
        Kind::Attachment => marked_attachment(path),
    };
    if ours {
        Existing::Ours
    } else {
        Existing::Foreign
    }
}

/// Refuses to replace a file this tool did not write, unless `force`;
/// returns true when an earlier output of the tool is replaced (the caller
/// says so).
pub fn may_replace(path: &Path, kind: Kind, lang: Lang, force: bool) -> Result<bool, Error> {
    match existing(path, kind) {
        Existing::Nothing => Ok(false),
        Existing::Ours => Ok(true),
        Existing::Foreign if force => Ok(false),
        Existing::Foreign => {
            let (what_sv, what_en) = match kind {
                Kind::Workbook => (
                    "filen finns redan och är ingen sammanställning från processlista (kanske en förvaltnings egen lista)",
                    "the file exists and is not a consolidation written by processlista (an office's own list, perhaps)",
                ),
                Kind::Report => (
                    "filen finns redan och är ingen JSON-rapport från processlista",
                    "the file exists and is not a JSON report written by processlista",
                ),
                Kind::Attachment => (
                    "filen finns redan och är ingen bilaga från processlista (kanske en bilaga skriven för hand)",
                    "the file exists and is not an attachment written by processlista (one written by hand, perhaps)",
                ),
                Kind::Template => (
                    "filen finns redan (en mall som en förvaltning kan ha fyllt i)",
                    "the file exists (a template an office may have filled in)",
                ),
                Kind::Corrected => (
                    "filen finns redan (kanske en rättad lista som redan skickats till förvaltningen)",
                    "the file exists (a corrected list already sent to the office, perhaps)",
                ),
            };
            Err(Error::Usage(format!(
                "{}: {} – {}",
                path.display(),
                tr(lang, what_sv, what_en),
                tr(
                    lang,
                    "välj ett annat namn, eller lägg till --force för att skriva över den",
                    "choose another name, or add --force to overwrite it"
                )
            )))
        }
    }
}

/// The line a command prints when it replaced its own earlier output.
pub fn replaced_note(path: &Path, kind: Kind, lang: Lang) -> String {
    let what = match (kind, lang) {
        (Kind::Report, Lang::Sv) => "den tidigare JSON-rapporten",
        (Kind::Report, Lang::En) => "the earlier JSON report",
        (Kind::Attachment, Lang::Sv) => "den tidigare bilagan",
        (Kind::Attachment, Lang::En) => "the earlier attachment",
        (_, Lang::Sv) => "den tidigare sammanställningen",
        (_, Lang::En) => "the earlier consolidation",
    };
    match lang {
        Lang::Sv => format!("Ersatte {what} {}\n", path.display()),
        Lang::En => format!("Replaced {what} {}\n", path.display()),
    }
}

/// Whether the workbook at `path` lists the hidden sheet that marks the
/// tool's workbooks (only `xl/workbook.xml` is unpacked, at most 1 MiB).
fn has_meta_sheet(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return false;
    };
    let Ok(part) = zip.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = String::new();
    if part.take(1 << 20).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains(&format!("name=\"{META_SHEET}\""))
}

/// Whether the file begins as the report writer begins a report.
fn begins_as_report(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(64).read_to_end(&mut head).is_err() {
        return false;
    }
    head.starts_with(b"{\n  \"as_of\": ")
}

/// True when `path` is a .docx whose custom properties carry this tool's
/// mark ([`crate::read::docx::is_marked`]).
fn marked_attachment(path: &Path) -> bool {
    std::fs::File::open(path).is_ok_and(crate::read::docx::is_marked)
}

/// Whether two paths name one existing file (an output that does not exist
/// yet is no input).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
