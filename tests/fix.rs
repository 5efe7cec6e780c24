//! Proposed fixes and `processlista fix`, through the binary: each proposal
//! (`details.proposal` and the suggestion that words it) and a near case
//! where none must be made; the corrected copy's cells, highlights, notes
//! and changes sheet; the input untouched; the corrected copy re-checked.

mod common;

use std::path::Path;

use calamine::{Reader, open_workbook_auto};
use serde_json::Value;

use common::*;

const AS_OF: &[&str] = &["--as-of", "2023-12-31"];

/// KSON's list: each process holds one case of a proposal and, beside it,
/// a near case where none may be made.
fn list(path: &Path) {
    let mut r = clean_rows("KSON");
    // The stated total: 3 processes go on, the list says 5.
    r[1] = vec!["Fortsatt behov av processledning: 5 st".into()];
    let row = |id: &str, status: &str, verdict: &str| -> Vec<String> {
        vec![
            id.into(),
            "Behov.".into(),
            "Aktivitet.".into(),
            "KSON".into(),
            status.into(),
            "Mål.".into(),
            "1".into(),
            "2023 – 2024".into(),
            verdict.into(),
        ]
    };
    let go = "Fortsatt behov av processledning";
    r[3] = row(
        "2.1.1",
        // 4 twice with 3 missing: the earlier 4 is 3. An impossible date
        // (month 13) with one date one digit away between 230115 and 230601.
        "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 231305\n\
         Processmöte 4 genomfört 230601\nProcessmöte 4 genomfört 230901\nProcessmöte 5 genomfört 231001",
        go,
    );
    r.push(row(
        "2.1.2",
        // 2 twice, no number missing: which one is wrong is not implied.
        // February 31st: 230131, 230201, 230221 … all fit, none proposed.
        "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230231\n\
         Processmöte 3 genomfört 230601\nProcessmöte 3 genomfört 230901",
        go,
    ));
    r.push(row(
        "2.1.3",
        // A booking long past beside the held meeting of its number; a
        // past booking of a number never held stays for a person.
        "Processmöte 1 genomfört 230115\nProcessmöte 2 bokad 230301\n\
         Processmöte 2 genomfört 230305\nProcessmöte 3 bokad 230901",
        go,
    ));
    r.push(row(
        "2.1.4",
        // Closed, and no verdict: the verdict that says so.
        "Processmöte 1 genomfört 230115\nProcessen avslutad 231115",
        "",
    ));
    r.push(row(
        "2.1.5",
        // No verdict and nothing says the work is finished.
        "Processmöte 1 genomfört 230115",
        "",
    ));
    xlsx(path, &[("Blad1", to_cells(&r))]);
}

fn proposal_of<'a>(report: &'a Value, code: &str, process: &str) -> Vec<&'a Value> {
    findings_of(report, code)
        .into_iter()
        .filter(|f| f["process"] == process || process.is_empty())
        .collect()
}

#[test]
fn each_proposal_and_a_near_case_without_one() {
    let dir = tempfile::tempdir().unwrap();
    list(&dir.path().join("KSON.xlsx"));
    let (_, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
    let one = |code: &str, process: &str| {
        let found = proposal_of(&report, code, process);
        assert_eq!(found.len(), 1, "{code} {process}: {report:#}");
        found[0].clone()
    };
    let cases = [
        (
            "meeting-duplicate",
            "2.1.1",
            "E4",
            "Processmöte 4 genomfört 230601",
            "Processmöte 3 genomfört 230601",
        ),
        (
            "invalid-date",
            "2.1.1",
            "E4",
            "Processmöte 2 genomfört 231305",
            "Processmöte 2 genomfört 230305",
        ),
        (
            "stale-booking",
            "2.1.3",
            "E6",
            "Processmöte 2 bokad 230301",
            "",
        ),
        (
            "missing-verdict",
            "2.1.4",
            "E7",
            "",
            "Status 231231: Inget behov av fortsatt processledning",
        ),
        (
            "totals-mismatch",
            "",
            "A2",
            "Fortsatt behov av processledning: 5 st",
            "Fortsatt behov av processledning: 3 st",
        ),
    ];
    for (code, process, cell, from, to) in cases {
        let with: Vec<&Value> = proposal_of(&report, code, process)
            .into_iter()
            .filter(|f| !f["details"]["proposal"].is_null())
            .collect();
        assert_eq!(with.len(), 1, "{code} {process}: {report:#}");
        let f = with[0];
        let p = &f["details"]["proposal"];
        assert_eq!(p["source"]["cell"], cell, "{code}: {f:#}");
        assert_eq!(p["source"]["sheet"], "Blad1");
        assert_eq!(
            (p["from"].as_str(), p["to"].as_str()),
            (Some(from), Some(to)),
            "{code}"
        );
        let s = f["suggestion"].as_str().unwrap();
        assert!(
            s.contains("processlista fix") && s.contains(cell),
            "{code}: {s}"
        );
        assert!(
            s.contains(if from.is_empty() { to } else { from }),
            "{code}: {s}"
        );
    }
    // The near cases: the same codes, no proposal.
    for (code, process) in [
        ("meeting-duplicate", "2.1.2"),
        ("invalid-date", "2.1.2"),
        ("missing-verdict", "2.1.5"),
    ] {
        let f = one(code, process);
        assert!(
            f["details"]["proposal"].is_null(),
            "{code} {process}: {f:#}"
        );
    }
    let bookings = proposal_of(&report, "stale-booking", "2.1.3");
    assert_eq!(bookings.len(), 2, "{report:#}");
    assert!(
        bookings.iter().any(
            |f| f["text"] == "Processmöte 3 bokad 230901" && f["details"]["proposal"].is_null()
        )
    );
    // English words the same proposal in English.
    let (_, en) = check_json(dir.path(), &["KSON.xlsx", "--lang", "en"], AS_OF);
    let f = &proposal_of(&en, "stale-booking", "2.1.3")[0];
    assert!(
        f["suggestion"]
            .as_str()
            .unwrap()
            .starts_with("Remove the line \"Processmöte 2 bokad 230301\" from Blad1!E6"),
        "{f:#}"
    );
}

/// The cells of a sheet of a workbook, by (row, col) as text.
fn cell(path: &Path, sheet: &str, r: u32, c: u32) -> String {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .get_value((r, c))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// The text of a part of a zip.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn fix_writes_a_corrected_copy_and_leaves_the_list_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("KSON.xlsx");
    list(&input);
    let before = std::fs::read(&input).unwrap();
    let out = run(
        &[
            "fix",
            "KSON.xlsx",
            "-o",
            "KSON-rättad.xlsx",
            AS_OF[0],
            AS_OF[1],
        ],
        dir.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("5 ändringar"), "{}", out.stdout);
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is never written"
    );
    let fixed = dir.path().join("KSON-rättad.xlsx");

    // The office's layout: every cell where it stood, the changed ones
    // changed.
    assert_eq!(
        cell(&fixed, "Blad1", 0, 0),
        "Processlista KSON daterad 231231"
    );
    assert_eq!(
        cell(&fixed, "Blad1", 1, 0),
        "Fortsatt behov av processledning: 3 st"
    );
    assert_eq!(cell(&fixed, "Blad1", 2, 4), "Status");
    assert_eq!(
        cell(&fixed, "Blad1", 3, 4),
        "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230305\n\
         Processmöte 3 genomfört 230601\nProcessmöte 4 genomfört 230901\nProcessmöte 5 genomfört 231001"
    );
    assert_eq!(
        cell(&fixed, "Blad1", 5, 4),
        "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230305\nProcessmöte 3 bokad 230901"
    );
    assert_eq!(
        cell(&fixed, "Blad1", 6, 4),
        "Processmöte 1 genomfört 230115\nProcessen avslutad 231115\n\
         Status 231231: Inget behov av fortsatt processledning"
    );
    assert_eq!(
        cell(&fixed, "Blad1", 4, 4),
        cell(&input, "Blad1", 4, 4),
        "untouched"
    );
    assert_eq!(cell(&fixed, "Blad1", 3, 6), "1");

    // Each changed cell highlighted, with a note of its original text and
    // the reason.
    let sheet = part(&fixed, "xl/worksheets/sheet1.xml");
    let styles = part(&fixed, "xl/styles.xml");
    assert!(styles.contains("FFF2CC"), "the highlight's fill");
    for c in ["A2", "E4", "E6", "E7"] {
        let at = sheet.find(&format!("r=\"{c}\"")).unwrap();
        assert!(sheet[at..at + 20].contains(" s=\""), "{c} has a style");
    }
    let notes = part(&fixed, "xl/comments1.xml");
    assert!(notes.contains("Ursprunglig text"), "{notes}");
    assert!(
        notes.contains("Processmöte 2 bokad 230301"),
        "the original text"
    );
    assert!(notes.contains("stale-booking"), "the reason");
    assert_eq!(
        notes.matches("<comment ").count(),
        4,
        "one note per changed cell"
    );

    // The changes sheet: every change, then every finding left.
    assert!(cell(&fixed, "Ändringar", 0, 0).starts_with("5 ändringar"));
    let mut wb = open_workbook_auto(&fixed).unwrap();
    let changes = wb.worksheet_range("Ändringar").unwrap();
    let codes: Vec<String> = (3..8)
        .map(|r| changes.get_value((r, 2)).unwrap().to_string())
        .collect();
    for c in [
        "meeting-duplicate",
        "invalid-date",
        "stale-booking",
        "missing-verdict",
        "totals-mismatch",
    ] {
        assert!(codes.contains(&c.to_string()), "{c} in {codes:?}");
    }
    assert_eq!(
        changes.get_value((9, 0)).unwrap().to_string(),
        "Kvar att rätta"
    );
    let left: Vec<String> = (11..changes.height() as u32)
        .filter_map(|r| changes.get_value((r, 2)).map(|v| v.to_string()))
        .filter(|v| !v.is_empty())
        .collect();
    assert!(left.contains(&"invalid-date".to_string()), "{left:?}");

    // Re-checked, the corrected copy has none of the findings it fixed;
    // the near cases are still there.
    let (_, report) = check_json(dir.path(), &["KSON-rättad.xlsx"], AS_OF);
    assert!(
        findings_of(&report, "totals-mismatch").is_empty(),
        "{report:#}"
    );
    assert!(proposal_of(&report, "meeting-duplicate", "2.1.1").is_empty());
    assert!(proposal_of(&report, "invalid-date", "2.1.1").is_empty());
    assert!(proposal_of(&report, "missing-verdict", "2.1.4").is_empty());
    assert_eq!(proposal_of(&report, "stale-booking", "2.1.3").len(), 1);
    assert_eq!(proposal_of(&report, "meeting-duplicate", "2.1.2").len(), 1);
    assert_eq!(proposal_of(&report, "invalid-date", "2.1.2").len(), 1);
    assert_eq!(proposal_of(&report, "missing-verdict", "2.1.5").len(), 1);
}

#[test]
fn fix_only_some_codes_and_refuse_to_write_the_list() {
    let dir = tempfile::tempdir().unwrap();
    list(&dir.path().join("KSON.xlsx"));
    let out = run(
        &[
            "fix",
            "KSON.xlsx",
            "-o",
            "ut.xlsx",
            "--only",
            "stale-booking,totals-mismatch",
            AS_OF[0],
            AS_OF[1],
        ],
        dir.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let fixed = dir.path().join("ut.xlsx");
    assert_eq!(
        cell(&fixed, "Blad1", 1, 0),
        "Fortsatt behov av processledning: 3 st"
    );
    assert!(
        cell(&fixed, "Blad1", 3, 4).contains("231305"),
        "not fixed: not asked"
    );
    assert!(!cell(&fixed, "Blad1", 5, 4).contains("bokad 230301"));
    assert!(cell(&fixed, "Ändringar", 0, 0).starts_with("2 ändringar"));

    // The list itself, even with --force; a name that is not .xlsx; an
    // unknown code; an existing file without --force.
    for (args, says) in [
        (
            vec!["fix", "KSON.xlsx", "-o", "./KSON.xlsx", "--force"],
            "aldrig",
        ),
        (vec!["fix", "KSON.xlsx", "-o", "ut.csv"], ".xlsx"),
        (
            vec![
                "fix",
                "KSON.xlsx",
                "-o",
                "ny.xlsx",
                "--only",
                "no-such-code",
            ],
            "no-such-code",
        ),
        (vec!["fix", "KSON.xlsx", "-o", "ut.xlsx"], "--force"),
    ] {
        let out = run(&args, dir.path());
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
    assert!(!dir.path().join("ny.xlsx").exists());
}
