//! One finding per thing to fix: `outside-plan` once per process,
//! `meeting-conflict` once per process, series and number, `conflict` once
//! per process and field, each citing every line or office in its details
//! (and on *Avvikelser*, each cited cell in a linked column). One line
//! still gives one finding. Through the binary, on lists written with
//! rust_xlsxwriter.

mod common;

use calamine::{Reader, open_workbook_auto};
use serde_json::{Value, json};

use common::*;

const AS_OF: &[&str] = &["--as-of", "2023-12-31"];

/// The cells a finding cites: (office, sheet!cell) of each.
fn cited(f: &Value) -> Vec<(String, String)> {
    f["details"]["cells"]
        .as_array()
        .unwrap_or_else(|| panic!("no cells in {f:#}"))
        .iter()
        .map(|c| {
            (
                c["office"].as_str().unwrap_or("").to_string(),
                format!(
                    "{}!{}",
                    c["source"]["sheet"].as_str().unwrap(),
                    c["source"]["cell"].as_str().unwrap()
                ),
            )
        })
        .collect()
}

#[test]
fn the_report_says_its_format() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON"], |_, _| {});
    let (_, report) = check_json(dir.path(), &["."], AS_OF);
    assert_eq!(report["format"], 2);
}

/// Meetings outside the time plan: every one in one finding per process,
/// at the first; a single one is one finding too, with the old wording.
#[test]
fn meetings_outside_the_plan_are_one_finding_per_process() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON"], |_, r| {
        r[3][4] = "Processmöte 1 genomfört 221115\nProcessmöte 2 genomfört 221212\n\
                   Processmöte 3 genomfört 230301\nProcessmöte 4 genomfört 240110"
            .into();
        r[3][7] = "2023".into();
        // A second process with one meeting outside its plan.
        let mut second = r[3].clone();
        second[0] = "2.1.2".into();
        second[4] = "Processmöte 1 genomfört 220301\nProcessmöte 2 genomfört 230301".into();
        r.push(second);
    });
    let (_, report) = check_json(dir.path(), &["."], &["--as-of", "2024-01-31"]);
    let found = findings_of(&report, "outside-plan");
    assert_eq!(found.len(), 2, "{report:#}");
    let first = found.iter().find(|f| f["process"] == "2.1.1").unwrap();
    assert_eq!(first["details"]["count"], 3);
    assert_eq!(
        first["details"]["dates"],
        serde_json::json!(["2022-11-15", "2022-12-12", "2024-01-10"])
    );
    assert_eq!(first["source"]["cell"], "E4");
    assert_eq!(cited(first).len(), 3);
    assert!(
        first["message"].as_str().unwrap().starts_with(
            "3 möten ligger utanför tidsplanen 2023: 2022-11-15, 2022-12-12, 2024-01-10"
        ),
        "{first:#}"
    );
    let second = found.iter().find(|f| f["process"] == "2.1.2").unwrap();
    assert_eq!(second["details"]["count"], 1);
    assert_eq!(cited(second).len(), 1);
    assert!(
        second["message"]
            .as_str()
            .unwrap()
            .starts_with("Mötet 2022-03-01 ligger utanför tidsplanen"),
        "{second:#}"
    );
}

/// Four offices: KSON leads; SoC and BoU date meeting 2 otherwise (each
/// its own date), ToS agrees with KSON. One meeting-conflict cites all four
/// offices' lines; a conflict on one number between two offices is one
/// finding as before.
#[test]
fn offices_that_date_a_meeting_otherwise_are_one_finding_per_number() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC", "BoU", "ToS"], |o, r| {
        let second = match o {
            "SoC" => "230302",
            "BoU" => "230303",
            _ => "230301",
        };
        let third = if o == "ToS" { "231002" } else { "231001" };
        r[3][4] = format!(
            "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört {second}\n\
             Processmöte 3 genomfört {third}"
        );
    });
    let (code, report) = check_json(dir.path(), &["."], AS_OF);
    assert_eq!(code, 1);
    let found = findings_of(&report, "meeting-conflict");
    assert_eq!(found.len(), 2, "{report:#}");
    let two = found.iter().find(|f| f["details"]["number"] == 2).unwrap();
    let dates = two["details"]["dates"].as_object().unwrap();
    assert_eq!(dates.len(), 4, "{two:#}");
    assert_eq!(dates["SoC"], "2023-03-02");
    assert_eq!(dates["BoU"], "2023-03-03");
    assert_eq!(dates["ToS"], "2023-03-01");
    let offices: Vec<String> = cited(two).into_iter().map(|c| c.0).collect();
    assert_eq!(offices.len(), 4, "{two:#}");
    for o in ["KSON", "SoC", "BoU", "ToS"] {
        assert!(offices.contains(&o.to_string()), "{o} in {offices:?}");
    }
    let three = found.iter().find(|f| f["details"]["number"] == 3).unwrap();
    assert_eq!(three["details"]["dates"].as_object().unwrap().len(), 4);
    assert_eq!(three["office"], "ToS");
}

/// A finding cites at most `limits.max_cited_cells` cells and counts the
/// rest: four offices' lines of one meeting, two cited, two omitted.
#[test]
fn a_finding_cites_at_most_the_limit_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC", "BoU", "ToS"], |o, r| {
        let day = match o {
            "SoC" => "230302",
            _ => "230301",
        };
        r[3][4] = format!("Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört {day}");
    });
    for (limit, cited_n, omitted) in [(2, 2, json!(2)), (50, 4, Value::Null)] {
        std::fs::write(
            dir.path().join("cfg.toml"),
            format!("[limits]\nmax_cited_cells = {limit}\n"),
        )
        .unwrap();
        let (_, report) = check_json(dir.path(), &[".", "--config", "cfg.toml"], AS_OF);
        let found = findings_of(&report, "meeting-conflict");
        assert_eq!(found.len(), 1, "{report:#}");
        assert_eq!(cited(found[0]).len(), cited_n, "{:#}", found[0]);
        assert_eq!(found[0]["details"]["cells_omitted"], omitted);
        // The dates of every office stay, whatever is cited.
        assert_eq!(found[0]["details"]["dates"].as_object().unwrap().len(), 4);
    }
}

/// Three offices give three priorities: one conflict with every office's
/// value and cell; on *Avvikelser* the cells beyond the finding's own are
/// linked in their own columns.
#[test]
fn offices_that_disagree_on_a_field_are_one_finding_per_field() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC", "BoU"], |o, r| {
        r[3][6] = match o {
            "KSON" => "1",
            "SoC" => "2",
            _ => "3",
        }
        .into();
    });
    let (_, report) = check_json(dir.path(), &["."], AS_OF);
    let found = findings_of(&report, "conflict");
    assert_eq!(found.len(), 1, "{report:#}");
    let f = found[0];
    assert_eq!(f["details"]["field"], "priority");
    assert_eq!(f["details"]["chosen_office"], "KSON");
    let values = f["details"]["values"].as_object().unwrap();
    assert_eq!(
        (
            &values["KSON"]["value"],
            &values["SoC"]["value"],
            &values["BoU"]["value"]
        ),
        (&Value::from("1"), &Value::from("2"), &Value::from("3"))
    );
    let mut others: Vec<&str> = f["details"]["offices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    others.sort();
    assert_eq!(others, ["BoU", "SoC"]);
    assert_eq!(cited(f).len(), 3);

    let out = run(
        &["consolidate", ".", "--as-of", "2023-12-31", "-o", "ut.xlsx"],
        dir.path(),
    );
    assert!(out.code <= 1, "{}", out.stderr);
    let mut wb = open_workbook_auto(dir.path().join("ut.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Avvikelser").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = sheet.rows().find(|r| r[col("Kod")] == "conflict").unwrap();
    let own = row[col("Källa")].to_string();
    let more = [
        row[col("Källa 2")].to_string(),
        row[col("Källa 3")].to_string(),
    ];
    assert!(row[col("Källa 4")].to_string().is_empty());
    // The finding stands at one of the other offices' cells; the chosen
    // office's cell and the remaining other office's are linked beside it.
    assert!(
        more.iter()
            .any(|m| m.starts_with("KSON: KSON.xlsx – Blad1!G4")),
        "{more:?}"
    );
    for o in ["SoC", "BoU"] {
        let listed = own.starts_with(&format!("{o}.xlsx"))
            || more
                .iter()
                .any(|m| m.starts_with(&format!("{o}: {o}.xlsx – Blad1!G4")));
        assert!(listed, "{o}: {own:?} {more:?}");
    }
    // The details column leaves the cells to the link columns.
    assert!(!row[col("Detaljer")].to_string().contains("source"));
    // The link columns (M and N) hold hyperlinks to the cited cells.
    let sheets_xml = {
        use std::io::Read;
        let f = std::fs::File::open(dir.path().join("ut.xlsx")).unwrap();
        let mut z = zip::ZipArchive::new(f).unwrap();
        let mut xml = String::new();
        for i in 0..z.len() {
            let mut part = z.by_index(i).unwrap();
            if part.name().unwrap().starts_with("xl/worksheets/sheet") {
                part.read_to_string(&mut xml).unwrap();
            }
        }
        xml
    };
    for column in ["M", "N"] {
        let link = format!("<hyperlink ref=\"{column}");
        let at = sheets_xml
            .find(&link)
            .unwrap_or_else(|| panic!("no link in {column}"));
        assert!(sheets_xml[at..].starts_with(&link));
        let element = &sheets_xml[at..at + sheets_xml[at..].find("/>").unwrap()];
        assert!(element.contains("location=\"'Blad1'!G4\""), "{element}");
    }
}

/// Two offices that disagree once: one conflict, one meeting-conflict, as
/// before; no office left out of either.
#[test]
fn one_disagreement_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC"], |o, r| {
        if o == "SoC" {
            r[3][6] = "2".into();
            r[3][4] = "Processmöte 1 genomfört 230116\nProcessmöte 2 genomfört 230301".into();
        }
    });
    let (_, report) = check_json(dir.path(), &["."], AS_OF);
    for code in ["conflict", "meeting-conflict"] {
        let found = findings_of(&report, code);
        assert_eq!(found.len(), 1, "{code}: {report:#}");
        assert_eq!(cited(found[0]).len(), 2, "{:#}", found[0]);
        assert_eq!(found[0]["office"], "SoC");
    }
}

/// The terminal counts each file's findings per code first; `--limit N`
/// shows N of each code and says how many more there are.
#[test]
fn the_terminal_counts_per_code_and_limits_each_code() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON"], |_, r| {
        r[3][4] = (1..=5)
            .map(|d| format!("Möte genomfört 23011{d}"))
            .chain(["Processmöte 2 genomfört 230301".to_string()])
            .collect::<Vec<_>>()
            .join("\n");
    });
    let all = run(&["check", ".", "--as-of", "2023-12-31"], dir.path());
    assert!(
        all.stdout
            .contains("Per kod: meeting-gap 1, meeting-unnumbered 5"),
        "{}",
        all.stdout
    );
    let lines = |s: &str, code: &str| s.lines().filter(|l| l.contains(code)).count();
    // Five lines and the counts line.
    assert_eq!(
        lines(&all.stdout, "meeting-unnumbered"),
        6,
        "{}",
        all.stdout
    );
    let limited = run(
        &["check", ".", "--as-of", "2023-12-31", "--limit", "2"],
        dir.path(),
    );
    assert_eq!(
        lines(&limited.stdout, "meeting-unnumbered"),
        4,
        "{}",
        limited.stdout
    );
    assert!(
        limited
            .stdout
            .contains("… och 3 till med meeting-unnumbered (--limit 2)"),
        "{}",
        limited.stdout
    );
    // The one meeting-gap is shown, with nothing more to say.
    assert!(!limited.stdout.contains("till med meeting-gap"));
    assert_eq!(lines(&limited.stdout, "meeting-gap"), 2);
    // The closing line still counts every finding.
    assert_eq!(
        all.stdout.lines().last(),
        limited.stdout.lines().last(),
        "{}",
        limited.stdout
    );
    let en = run(
        &[
            "check",
            ".",
            "--as-of",
            "2023-12-31",
            "--limit",
            "2",
            "--lang",
            "en",
        ],
        dir.path(),
    );
    assert!(
        en.stdout
            .contains("By code: meeting-gap 1, meeting-unnumbered 5"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout.contains("… and 3 more meeting-unnumbered"),
        "{}",
        en.stdout
    );
}
