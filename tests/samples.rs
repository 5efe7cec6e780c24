//! The committed samples: the generator makes exactly them, and the check
//! finds exactly the planted errors (samples/README.md lists them).

mod common;

use common::*;
use processlista::model::status::Outcome;

#[test]
fn committed_samples_are_what_the_generator_makes() {
    let dir = tempfile::tempdir().unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["run", "-q", "--example", "make_samples", "--"])
        .arg(dir.path())
        .current_dir(repo())
        .status()
        .unwrap();
    assert!(status.success());
    let mut compared = 0;
    for entry in walk(&repo().join("samples")) {
        let rel = entry.strip_prefix(repo().join("samples")).unwrap();
        if rel.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let fresh =
            std::fs::read(dir.path().join(rel)).unwrap_or_else(|_| panic!("{rel:?} not generated"));
        let committed = std::fs::read(&entry).unwrap();
        assert!(
            fresh == committed,
            "{rel:?} differs from the generator's output"
        );
        compared += 1;
    }
    assert_eq!(compared, 11);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn december_findings_are_exactly_the_planted_errors() {
    let (code, report) = check_json(&repo(), &["samples/2023-12"], &[]);
    assert_eq!(code, 1, "errors give exit 1");
    assert_eq!(report["as_of"], "2023-12-31");
    let mut found: Vec<(String, String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["source"]["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["process"].as_str().unwrap_or("").to_string(),
                f["source"]["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    let mut expected: Vec<(String, String, String, String)> = [
        ("BoU-processlista.xlsx", "invalid-process-id", "", "A6"),
        ("BoU-processlista.xlsx", "invalid-date", "2.2.2", "E8"),
        ("BoU-processlista.xlsx", "meeting-gap", "2.2.3", "E9"),
        ("KSON-processlista.xlsx", "meeting-duplicate", "2.1.3", "C7"),
        ("KSON-processlista.xlsx", "meeting-conflict", "2.1.3", "C7"),
        ("KSON-processlista.xlsx", "conflict", "2.1.3", "E7"),
        (
            "KSON-processlista.xlsx",
            "meeting-unnumbered",
            "2.1.4",
            "C8",
        ),
        ("KSON-processlista.xlsx", "after-closure", "4.1.1", "C15"),
        ("KoF-processlista.xlsx", "unknown-office", "3.3.1", "E2"),
        ("KoF-processlista.xlsx", "missing-verdict", "3.3.2", "B3"),
        ("KoF-processlista.xlsx", "future-date", "4.3.1", "F4"),
        ("KoF-processlista.xlsx", "invalid-priority", "4.3.2", "H5"),
        ("SoC-processlista.xlsx", "meeting-gap", "2.1.3", "E5"),
        ("SoC-processlista.xlsx", "stale-booking", "2.3.2", "E7"),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect();
    expected.sort();
    assert_eq!(found, expected);
}

fn december() -> processlista::Run {
    let cfg = processlista::config::Config::default();
    let opts = processlista::Options::new(vec![repo().join("samples/2023-12")], cfg);
    processlista::run(&opts).unwrap()
}

#[test]
fn the_seed_processes_read_as_the_attachment_says() {
    let run = december();
    let find = |code: &str, process: &str| {
        run.findings
            .iter()
            .filter(|f| f.code.as_str() == code && f.process.as_deref() == Some(process))
            .collect::<Vec<_>>()
    };
    // 2.1.3: numbers 6 and 20 are missing and 21 is written twice.
    let gaps = find("meeting-gap", "2.1.3");
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].details["missing"], serde_json::json!([6, 20]));
    let dups = find("meeting-duplicate", "2.1.3");
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0].details["number"], 21);
    assert_eq!(
        dups[0].details["dates"],
        serde_json::json!(["2023-11-22", "2023-12-04"])
    );
    // 2.2.3: only meeting 3 is reported.
    let gaps = find("meeting-gap", "2.2.3");
    assert_eq!(gaps[0].details["missing"], serde_json::json!([1, 2]));
    // Nothing of the kind for the other three.
    for p in ["2.1.1", "2.1.2", "2.1.4"] {
        for code in ["meeting-gap", "meeting-duplicate", "meeting-order"] {
            assert!(find(code, p).is_empty(), "{code} for {p}");
        }
    }
    // The verdicts of the five seed processes.
    for (id, outcome) in [
        ("2.1.1", Outcome::Continuing),
        ("2.1.2", Outcome::Completed),
        ("2.1.3", Outcome::Completed),
        ("2.1.4", Outcome::Completed),
        ("2.2.3", Outcome::Continuing),
    ] {
        let p = run.model.processes.iter().find(|p| p.id == id).unwrap();
        let v = p
            .verdict
            .as_ref()
            .unwrap_or_else(|| panic!("{id} has no verdict"));
        assert_eq!(v.verdict.outcome, outcome, "{id}");
        assert_eq!(v.dated.as_ref().unwrap().start.to_string(), "2023-12-31");
    }
    // Lead offices from the marked responsibility.
    let lead = |id: &str| {
        run.model
            .processes
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .lead
            .clone()
    };
    assert_eq!(lead("2.1.2").as_deref(), Some("KSK"));
    assert_eq!(lead("2.1.3").as_deref(), Some("SoC"));
    assert_eq!(lead("2.2.3").as_deref(), Some("BoU"));
    // 2.1.1's run-together status paragraph gives its seven meetings.
    let p = run
        .model
        .processes
        .iter()
        .find(|p| p.id == "2.1.1")
        .unwrap();
    let mut numbers: Vec<u32> = p
        .meetings
        .iter()
        .filter_map(|m| m.number(&run.model.rows))
        .collect();
    numbers.sort();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6, 7]);
}

#[test]
fn other_date_forms_and_the_csv_are_normalised() {
    let run = december();
    // BoU writes "2023-05-29", "29 maj 2023", "5/10 2022", "sept 2022": all read.
    let bou: Vec<_> = run
        .model
        .rows
        .iter()
        .filter(|r| run.model.sources[r.source].office.as_deref() == Some("BoU"))
        .flat_map(|r| r.status.iter())
        .filter_map(|e| e.line.date())
        .map(|d| d.precision)
        .collect();
    assert!(bou.len() >= 15, "{bou:?}");
    assert!(bou.contains(&processlista::model::dates::Precision::Month));
    // The Windows-1252 CSV keeps its å, ä, ö.
    let tos = run
        .model
        .rows
        .iter()
        .find(|r| run.model.sources[r.source].file.ends_with(".csv"))
        .unwrap();
    assert!(
        tos.need
            .as_ref()
            .unwrap()
            .text
            .chars()
            .any(|c| "åäöÅÄÖ".contains(c))
    );
    assert_eq!(
        run.model
            .sources
            .iter()
            .find(|s| s.file.ends_with(".csv"))
            .unwrap()
            .office
            .as_deref(),
        Some("ToS")
    );
}
