//! The master plan (`--plan FILE`): a sheet of process ids with an optional
//! title and lead office. Plan processes no office reports are
//! `missing-process`; reported ids the plan does not know are
//! `unknown-process`; the plan's title and lead fill in what sources lack.

use std::path::Path;

use crate::ground::Error;
use crate::ground::config::Config;
use crate::ground::finding::Location;
use crate::ground::text::fold;
pub use crate::model::plan::{Plan, PlanEntry};
use crate::normalize::canonical_id;
use crate::read::{CellValue, read_file};

const ID_HEADERS: &[&str] = &[
    "process",
    "processnr",
    "processnummer",
    "processid",
    "nr",
    "id",
];
const TITLE_HEADERS: &[&str] = &[
    "titel",
    "title",
    "namn",
    "name",
    "processnamn",
    "aktivitet",
    "atgardsbehov",
    "benamning",
];
const LEAD_HEADERS: &[&str] = &[
    "huvudansvar",
    "huvudansvarig",
    "lead",
    "ansvar",
    "ansvarig",
    "leadoffice",
];

/// Reads a plan: the first sheet with a header row naming a process column
/// (in the first 30 rows), or else the first sheet whose first column holds ids.
/// `shown` is the name the plan is cited by (its path on the command line).
pub(crate) fn read_plan(path: &Path, shown: &str, cfg: &Config) -> Result<Plan, Error> {
    let file = shown.to_string();
    let err = |message: String| Error::Input {
        path: file.clone(),
        message,
    };
    let sv = cfg.lang == crate::ground::config::Lang::Sv;
    let book = read_file(path, cfg).map_err(|f| {
        err(if sv {
            format!(
                "handlingsplanen kan inte läsas: {}",
                crate::ground::messages::reason_sv(&f.reason)
            )
        } else {
            format!("the plan cannot be read: {}", f.reason)
        })
    })?;
    for sheet in &book.sheets {
        let header = sheet.rows.iter().take(30).position(|row| {
            row.iter()
                .any(|c| matches!(c, CellValue::Text(t) if ID_HEADERS.contains(&fold(t).as_str())))
        });
        let find = |r: usize, names: &[&str]| {
            sheet.rows[r]
                .iter()
                .position(|c| matches!(c, CellValue::Text(t) if names.contains(&fold(t).as_str())))
        };
        let (start, id_col, title_col, lead_col) = match header {
            Some(r) => (
                r + 1,
                find(r, ID_HEADERS).expect("found"),
                find(r, TITLE_HEADERS),
                find(r, LEAD_HEADERS),
            ),
            None => (0, 0, Some(1), None),
        };
        let mut entries = Vec::new();
        for (r, row) in sheet.rows.iter().enumerate().skip(start) {
            let cell = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .filter(|v| !v.is_empty())
                    .map(|v| v.display().trim().to_string())
            };
            let Some(id_text) = cell(Some(id_col)) else {
                continue;
            };
            let Some((id, true)) = canonical_id(&id_text) else {
                continue;
            };
            let lead = cell(lead_col).map(|l| cfg.office_code(&l).unwrap_or(l));
            entries.push(PlanEntry {
                id,
                title: cell(title_col),
                lead,
                loc: Location::at_cell(&file, &sheet.name, r as u32, id_col as u32),
            });
        }
        if !entries.is_empty() {
            return Ok(Plan { file, entries });
        }
    }
    Err(err(if sv {
        "handlingsplanen har inga processnummer: ge en flik med kolumnen \"Process\" med nummer \
         som 2.1.3 (och gärna kolumnerna \"Titel\" och \"Huvudansvar\")"
            .into()
    } else {
        "the plan holds no process ids: give a sheet with a column \"Process\" of ids like 2.1.3 \
         (optional columns \"Titel\" and \"Huvudansvar\")"
            .into()
    }))
}
