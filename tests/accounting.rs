//! Nothing is lost: every non-empty cell of every sample input reaches the
//! model at its own location. See `common/accounting.rs` for the rule.

mod common;

#[test]
fn every_sample_cell_reaches_the_model_at_its_location() {
    let folder = common::repo().join("samples/2023-12");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let (counted, lost) = common::accounting::account(&[folder], &files);
    assert!(counted > 250, "only {counted} cells counted");
    assert!(
        lost.is_empty(),
        "{} of {counted} cells lost words:\n{}",
        lost.len(),
        lost.join("\n")
    );
}

/// Nothing is lost in the workbook either: every word of every sample input
/// cell stands in some cell of the consolidated workbook. Allowed to go: the
/// labels of fields inside cells, the header cells (the workbook has its own
/// headers), and a six-digit date whose normalised form (2023-05-29) is there
/// (one meeting reported by two offices is one row).
#[test]
fn every_sample_cell_reaches_the_workbook() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let out = common::run(
        &[
            "consolidate",
            common::repo().join("samples/2023-12").to_str().unwrap(),
            "-o",
            "ut.xlsx",
        ],
        dir.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let mut wb = calamine::open_workbook_auto(dir.path().join("ut.xlsx")).unwrap();
    let mut have = std::collections::BTreeSet::new();
    let mut all_text = String::new();
    for name in wb.sheet_names().to_vec() {
        for (_, _, v) in wb.worksheet_range(&name).unwrap().used_cells() {
            let text = match v {
                calamine::Data::DateTime(d) if d.is_datetime() => {
                    (chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                        + chrono::Duration::days(d.as_f64() as i64))
                    .to_string()
                }
                other => other.to_string(),
            };
            have.extend(common::accounting::words_of(&text));
            all_text.push_str(&text);
            all_text.push('\n');
        }
    }
    // The header cells of the input lists.
    let run = processlista::run(&processlista::Options::new(
        vec![common::repo().join("samples/2023-12")],
        processlista::config::Config::default(),
    ))
    .unwrap();
    let headers: std::collections::BTreeSet<(String, String, String)> = run
        .model
        .sources
        .iter()
        .flat_map(|s| s.sheets.iter())
        .flat_map(|sh| sh.header.iter())
        .map(|t| {
            let name = std::path::Path::new(t.loc.file())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            (name, t.loc.sheet().to_string(), t.loc.cell().to_string())
        })
        .collect();
    let six = regex::Regex::new(r"^\d{6}$").unwrap();
    let normalised_there = |w: &str| {
        six.is_match(w)
            && chrono::NaiveDate::parse_from_str(&format!("20{w}"), "%Y%m%d")
                .is_ok_and(|d| all_text.contains(&d.to_string()))
    };
    let mut counted = 0;
    let mut lost = Vec::new();
    let folder = common::repo().join("samples/2023-12");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for ((sheet, cell), text) in common::accounting::input_cells(&file) {
            if headers.contains(&(name.clone(), sheet.clone(), cell.clone())) {
                continue;
            }
            counted += 1;
            let missing: Vec<String> = common::accounting::words_of(&text)
                .into_iter()
                .filter(|w| {
                    !have.contains(w) && !common::accounting::is_label(w) && !normalised_there(w)
                })
                .collect();
            if !missing.is_empty() {
                lost.push(format!("{}!{sheet}!{cell}: {missing:?}", file.display()));
            }
        }
    }
    assert!(counted > 250, "{counted}");
    assert!(
        lost.is_empty(),
        "{} cells lost words:\n{}",
        lost.len(),
        lost.join("\n")
    );
}
