//! The names the tool gives its own work: the consolidated workbook's
//! sheets, the hidden sheet that marks it, and its format version. Readers
//! (to know a workbook this tool wrote) and writers share them.

use crate::ground::config::Lang;

/// The custom document property that marks a Word attachment this tool
/// wrote: the reader skips such a file in a folder, and the writer replaces
/// only such a file without `--force`.
pub const ATTACHMENT_MARK: &str = "processlista";

/// The hidden sheet that marks a workbook written by this tool.
pub const META_SHEET: &str = "_processlista";

/// The layout of the consolidated workbook that [`crate::reconcile::history::read_snapshot`] reads.
/// Raise it whenever the sheets or their headers change in a way an older
/// reader would misread.
pub(crate) const FORMAT_VERSION: u32 = 2;

/// Picks the Swedish or the English text.
pub(crate) fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// The sheet names in order. The first and last pair mark a workbook this
/// tool wrote: the reader skips such workbooks when it finds them in a folder.
pub fn sheet_names(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Sv => ["Sammanfattning", "Processlista", "Möten", "Avvikelser"],
        Lang::En => ["Summary", "Process list", "Meetings", "Findings"],
    }
}

/// The fifth sheet, written with `--previous`: what changed since last month.
pub(crate) fn changes_sheet_name(lang: Lang) -> &'static str {
    tr(lang, "Förändringar", "Changes")
}

/// The process cell of a continuation row of *Processlista* (a process
/// whose text is taller than one row can be): "2.1.3 (forts.)".
pub(crate) fn continued(id: &str, lang: Lang) -> String {
    format!("{id} ({})", tr(lang, "forts.", "cont."))
}

/// The process a continuation row continues, from its process cell.
pub(crate) fn continues(cell: &str) -> Option<&str> {
    let cell = cell.trim();
    ["(forts.)", "(cont.)"]
        .iter()
        .find_map(|m| cell.strip_suffix(m))
        .map(str::trim_end)
        .filter(|id| !id.is_empty())
}

/// The header of *Processlista*'s column that keeps every status line with
/// the office that reported it ("[SoC] Processmöte 3 …"), beside the
/// attachment's own log.
pub(crate) const STATUS_BY_OFFICE: [&str; 2] = ["Status per förvaltning", "Status by office"];

/// Sheet names that mark a workbook written by this tool (before the hidden
/// sheet existed): both sheets of a pair.
pub(crate) const OWN_SHEETS: [[&str; 2]; 2] =
    [["Sammanfattning", "Avvikelser"], ["Summary", "Findings"]];
