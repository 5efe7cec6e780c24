//! `processlista check` on workbooks the tests write: every finding code is
//! triggered by one small change to a clean list, and the clean list is quiet.

mod common;

use common::*;
use serde_json::Value;

const AS_OF: &[&str] = &["--as-of", "2023-12-31"];

/// Writes the clean list of KSON with `edit` applied and checks it.
fn check_edited(edit: impl FnOnce(&mut Vec<Vec<String>>)) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = clean_rows("KSON");
    edit(&mut rows);
    xlsx(&dir.path().join("KSON.xlsx"), &[("Blad1", to_cells(&rows))]);
    check_json(dir.path(), &["KSON.xlsx"], AS_OF)
}

const STATUS: usize = 4;

#[test]
fn clean_list_has_no_findings_and_exit_0() {
    let (code, report) = check_edited(|_| {});
    assert_eq!(triples(&report), vec![], "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["processes"], 1);
    assert_eq!(report["summary"]["verdicts"]["continuing"], 1);
    assert_eq!(report["summary"]["meetings"]["held"], 2);
    assert_eq!(report["summary"]["meetings"]["booked"], 1);
    assert_eq!(report["sources"][0]["office"], "KSON");
    assert_eq!(report["as_of"], "2023-12-31");
}

/// (code, edit, process, cell) — each edit introduces exactly one kind of error.
type Edit = fn(&mut Vec<Vec<String>>);

fn cases() -> Vec<(&'static str, Edit, &'static str, &'static str)> {
    vec![
        (
            "missing-process-id",
            |r| r.push(vec!["".into(), "Ett behov utan nummer".into()]),
            "",
            "A5",
        ),
        ("invalid-process-id", |r| r[3][0] = "2.1".into(), "", "A4"),
        (
            "process-id-normalized",
            |r| r[3][0] = "2.01.1".into(),
            "2.1.1",
            "A4",
        ),
        (
            "duplicate-process",
            |r| {
                let dup = r[3].clone();
                r.push(dup)
            },
            "2.1.1",
            "A5",
        ),
        (
            "invalid-date",
            |r| r[3][STATUS] = r[3][STATUS].replace("230115", "230231"),
            "2.1.1",
            "E4",
        ),
        (
            "future-date",
            |r| r[3][STATUS] = r[3][STATUS].replace("bokad 240115", "genomfört 240115"),
            "2.1.1",
            "E4",
        ),
        (
            "stale-booking",
            |r| r[3][STATUS] = r[3][STATUS].replace("bokad 240115", "bokad 231115"),
            "2.1.1",
            "E4",
        ),
        (
            "meeting-duplicate",
            |r| r[3][STATUS] = r[3][STATUS].replace("Processmöte 3 bokad", "Processmöte 2 bokad"),
            "2.1.1",
            "E4",
        ),
        (
            "meeting-gap",
            |r| r[3][STATUS] = r[3][STATUS].replace("Processmöte 2 genomfört 230301\n", ""),
            "2.1.1",
            "E4",
        ),
        (
            "meeting-order",
            |r| r[3][STATUS] = r[3][STATUS].replace("230115", "230401"),
            "2.1.1",
            "E4",
        ),
        (
            "meeting-unnumbered",
            |r| r[3][STATUS].push_str("\nProcessmöte KSON internt genomfört 230817"),
            "2.1.1",
            "E4",
        ),
        (
            "after-closure",
            |r| {
                r[3][STATUS] =
                    r[3][STATUS].replace("Processmöte 3 bokad 240115", "Processen avslutad 230201")
            },
            "2.1.1",
            "E4",
        ),
        ("outside-plan", |r| r[3][7] = "2023".into(), "2.1.1", "E4"),
        ("missing-verdict", |r| r[3][8] = "".into(), "2.1.1", "A4"),
        (
            "stale-verdict",
            |r| r[2][8] = "Status 231130".into(),
            "2.1.1",
            "I4",
        ),
        ("invalid-priority", |r| r[3][6] = "4".into(), "2.1.1", "G4"),
        (
            "unknown-office",
            |r| r[3][3] = "**KSON** och FRI".into(),
            "2.1.1",
            "D4",
        ),
        (
            "totals-mismatch",
            |r| r.push(vec!["Fortsatt behov av processledning: 2 st".into()]),
            "",
            "A5",
        ),
    ]
}

#[test]
fn each_code_is_triggered_by_its_error_alone() {
    for (code, edit, process, cell) in cases() {
        let (exit, report) = check_edited(edit);
        let found = triples(&report);
        assert!(
            found.contains(&(code.to_string(), process.to_string(), cell.to_string())),
            "{code}: expected ({process}, {cell}) in {found:?}"
        );
        // The edit raises its own code and nothing of another kind.
        let others: Vec<_> = found.iter().filter(|t| t.0 != code).collect();
        assert!(others.is_empty(), "{code}: unexpected {others:?}");
        let f = first_finding(&report, code);
        assert!(!f["message"].as_str().unwrap().is_empty());
        assert_eq!(f["source"]["file"], "KSON.xlsx");
        let expect_exit = if f["severity"] == "error" { 1 } else { 0 };
        assert_eq!(exit, expect_exit, "{code}");
    }
}

/// "2.01.1" and "2.1.01" are process 2.1.1, and the finding says so with
/// the id to write; "Process 2.1.1" and "2.1.1." are the id as it is, quiet.
#[test]
fn ids_with_leading_zeros_are_read_as_the_process_and_said() {
    for written in ["2.01.1", "2.1.01", "02.1.1"] {
        let (exit, report) = check_edited(|r| r[3][0] = written.into());
        assert_eq!(exit, 0, "a warning");
        assert_eq!(report["summary"]["processes"], 1);
        let f = first_finding(&report, "process-id-normalized");
        assert_eq!(f["process"], "2.1.1");
        assert_eq!(f["details"]["written"], written);
        assert_eq!(f["details"]["id"], "2.1.1");
        assert_eq!(f["suggestion"], "Skriv 2.1.1 i källan.");
        assert!(
            f["message"]
                .as_str()
                .unwrap()
                .contains(&format!("\"{written}\" läses som 2.1.1")),
            "{f}"
        );
    }
    for quiet in ["Process 2.1.1", "2.1.1.", " 2.1.1 "] {
        let (_, report) = check_edited(|r| r[3][0] = quiet.into());
        assert_eq!(triples(&report), vec![], "{quiet}: {report:#}");
    }
}

#[test]
fn a_correct_stated_total_is_quiet() {
    let (_, report) = check_edited(|r| {
        r.push(vec!["Fortsatt behov av processledning: 1 st".into()]);
        r.push(vec!["Slutförda per 231231: 0 st".into()]);
    });
    assert_eq!(triples(&report), vec![]);
}

#[test]
fn details_carry_numbers_and_dates() {
    let (_, report) = check_edited(|r| {
        r[3][STATUS] = "Processmöte 3 genomfört 230115\nProcessmöte 6 genomfört 230301".into();
    });
    let gap = &report["findings"][0];
    assert_eq!(gap["code"], "meeting-gap");
    assert_eq!(gap["details"]["missing"], serde_json::json!([1, 2, 4, 5]));
    let (_, report) =
        check_edited(|r| r[3][STATUS] = r[3][STATUS].replace("bokad 240115", "bokad 231115"));
    let f = &report["findings"][0];
    assert_eq!(f["details"]["number"], 3);
    assert_eq!(f["details"]["date"], "2023-11-15");
    let (_, report) = check_edited(|r| r[3][STATUS] = r[3][STATUS].replace("230115", "230231"));
    // February 2023 has no 31st: said so, and the DDMMYY reading (2031-02-23)
    // is not offered, it is no help.
    let f = &report["findings"][0];
    assert_eq!(f["code"], "invalid-date");
    assert!(f["details"].get("alternative").is_none(), "{f}");
    assert_eq!(
        f["details"]["no_such_day"],
        serde_json::json!({"year": 2023, "month": 2, "day": 31})
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("februari 2023 har ingen dag 31"),
        "{f}"
    );
    assert_eq!(
        f["suggestion"],
        "Rätta dagen i datumet (ÅÅMMDD): februari 2023 har 28 dagar."
    );
    // The near case: 300431 is no day in April 2030, but read as DDMMYY it
    // is 2031-04-30, a year away: that reading is offered.
    let (_, report) = check_edited(|r| r[3][STATUS] = r[3][STATUS].replace("230115", "300431"));
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "invalid-date")
        .unwrap();
    assert_eq!(f["details"]["alternative"], "2031-04-30");
    assert!(f["suggestion"].as_str().unwrap().contains("2031-04-30"));
}

#[test]
fn formula_errors_are_found_in_any_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut cells = to_cells(&clean_rows("KSON"));
    cells[3].push(C::F("=1/0".into(), "#DIV/0!".into()));
    xlsx(&dir.path().join("KSON.xlsx"), &[("Blad1", cells)]);
    let (code, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
    assert_eq!(
        triples(&report),
        vec![("formula-error".into(), "".into(), "J4".into())]
    );
    assert_eq!(report["findings"][0]["text"], "#DIV/0!");
    assert_eq!(code, 1);
}

#[test]
fn no_table_and_unreadable_files_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    xlsx(
        &dir.path().join("KSON.xlsx"),
        &[("Blad1", to_cells(&clean_rows("KSON")))],
    );
    xlsx(
        &dir.path().join("anteckningar.xlsx"),
        &[("Blad1", rows(&[&["Hej, här är mina anteckningar"]]))],
    );
    std::fs::write(
        dir.path().join("trasig.xlsx"),
        b"this is not a workbook at all",
    )
    .unwrap();
    std::fs::write(dir.path().join("tom.xlsx"), b"").unwrap();
    std::fs::write(dir.path().join("~$KSON.xlsx"), b"lock").unwrap();
    let (code, report) = check_json(dir.path(), &["."], AS_OF);
    let found = triples(&report);
    assert_eq!(code, 1);
    let mut by_file: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["source"]["file"].as_str().unwrap().into(),
            )
        })
        .collect();
    by_file.sort();
    assert_eq!(
        by_file,
        vec![
            ("file-unreadable".into(), "./tom.xlsx".into()),
            ("file-unreadable".into(), "./trasig.xlsx".into()),
            ("no-process-table".into(), "./anteckningar.xlsx".into()),
        ],
        "{found:?}"
    );
    // The good file is still read: its process is counted.
    assert_eq!(report["summary"]["processes"], 1);
    let sources = report["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 4, "the lock file is skipped");
    let bad = sources
        .iter()
        .find(|s| s["file"] == "./trasig.xlsx")
        .unwrap();
    assert_eq!(bad["status"], "unreadable");
    assert!(bad["error"].as_str().unwrap().contains("not a workbook"));
}

#[test]
fn two_offices_agree_quietly_and_disagreements_are_found() {
    let pair = |edit: Edit| {
        let dir = tempfile::tempdir().unwrap();
        xlsx(
            &dir.path().join("KSON.xlsx"),
            &[("Blad1", to_cells(&clean_rows("KSON")))],
        );
        let mut soc = clean_rows("SoC");
        edit(&mut soc);
        xlsx(&dir.path().join("SoC.xlsx"), &[("Blad1", to_cells(&soc))]);
        check_json(dir.path(), &["KSON.xlsx", "SoC.xlsx"], AS_OF)
    };
    let (code, report) = pair(|_| {});
    assert_eq!(
        triples(&report),
        vec![],
        "identical reports are one process, one set of meetings"
    );
    assert_eq!(report["summary"]["meetings"]["held"], 2);
    assert_eq!(code, 0);

    let (_, report) = pair(|r| r[3][STATUS] = r[3][STATUS].replace("230301", "230302"));
    let f = &report["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["code"], "meeting-conflict");
    assert_eq!(f[0]["details"]["number"], 2);
    assert_eq!(
        f[0]["details"]["dates"],
        serde_json::json!({"KSON": "2023-03-01", "SoC": "2023-03-02"})
    );

    let (_, report) = pair(|r| r[3][6] = "2".into());
    let f = &report["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["code"], "conflict");
    assert_eq!(f[0]["office"], "SoC");
    assert_eq!(f[0]["details"]["field"], "priority");
    assert_eq!(
        f[0]["details"]["chosen"], "1",
        "the lead office KSON's value wins"
    );
}

#[test]
fn strict_makes_warnings_fail_and_bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = clean_rows("KSON");
    r[3][8] = String::new();
    xlsx(&dir.path().join("KSON.xlsx"), &[("Blad1", to_cells(&r))]);
    assert_eq!(
        run(&["check", "KSON.xlsx", "--as-of", "2023-12-31"], dir.path()).code,
        0
    );
    assert_eq!(
        run(
            &["check", "KSON.xlsx", "--as-of", "2023-12-31", "--strict"],
            dir.path()
        )
        .code,
        1
    );
    let out = run(&["check", "finns-inte.xlsx"], dir.path());
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("finns-inte.xlsx") && out.stderr.contains("finns inte"),
        "{}",
        out.stderr
    );
    let out = run(&["check", "finns-inte.xlsx", "--lang", "en"], dir.path());
    assert!(
        out.stderr.contains("no such file or folder"),
        "{}",
        out.stderr
    );
    let out = run(&["check", "KSON.xlsx", "--as-of", "igår"], dir.path());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("ÅÅÅÅ-MM-DD"), "{}", out.stderr);
    let out = run(
        &["check", "KSON.xlsx", "--as-of", "igår", "--lang", "en"],
        dir.path(),
    );
    assert!(out.stderr.contains("YYYY-MM-DD"), "{}", out.stderr);
}

#[test]
fn terminal_output_groups_by_file_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = clean_rows("KSON");
    r[3][6] = "4".into();
    xlsx(&dir.path().join("KSON.xlsx"), &[("Blad1", to_cells(&r))]);
    let sv = run(&["check", "KSON.xlsx", "--as-of", "2023-12-31"], dir.path());
    assert!(
        sv.stdout.starts_with("KSON.xlsx (KSON, 1 process)"),
        "{}",
        sv.stdout
    );
    assert!(sv.stdout.contains("Blad1!G4"));
    assert!(sv.stdout.contains("fel"));
    assert!(
        sv.stdout
            .contains("Prioriteringen \"4\" är inte 1, 2 eller 3.")
    );
    assert!(!sv.stdout.contains('\x1b'), "no colour when not a terminal");
    let en = run(
        &[
            "check",
            "KSON.xlsx",
            "--as-of",
            "2023-12-31",
            "--lang",
            "en",
        ],
        dir.path(),
    );
    assert!(
        en.stdout.contains("The priority \"4\" is not 1, 2 or 3."),
        "{}",
        en.stdout
    );
    assert!(en.stdout.contains("1 process as of 2023-12-31 · 1 error,"));
}

#[test]
fn as_of_comes_from_the_lists_when_not_given() {
    let dir = tempfile::tempdir().unwrap();
    xlsx(
        &dir.path().join("KSON.xlsx"),
        &[("Blad1", to_cells(&clean_rows("KSON")))],
    );
    let (_, report) = check_json(dir.path(), &["KSON.xlsx"], &[]);
    assert_eq!(report["as_of"], "2023-12-31");
}

#[test]
fn series_rules() {
    // (status cell, expected (code, details.series, details.missing or number))
    let cases: &[(&str, &[(&str, &str)])] = &[
        // Delprocess restarts the numbering.
        (
            "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230301\nDelprocess: Rutin för SIP\nProcessmöte 1 genomfört 230401\nProcessmöte 2 genomfört 230501",
            &[],
        ),
        // Processträff and Processmöte are one family.
        (
            "Processmöte 1 genomfört 230115\nProcessträff 2 genomfört 230301\nProcessmöte 3 genomfört 230401",
            &[],
        ),
        // "X internt" is a series of its own per office.
        (
            "Processmöte 1 KSON internt 230110\nProcessmöte 1 genomfört 230115\nProcessmöte 2 SoC internt genomfört 230120\nProcessmöte 2 genomfört 230301",
            &[("meeting-gap", "2.1.1 Processmöte (SoC internt)")],
        ),
        // Other kinds have their own numbering.
        (
            "Processmöte 1 genomfört 230115\nAnalysmöte 2 genomfört 230120\nProcessmöte 2 genomfört 230301",
            &[("meeting-gap", "2.1.1 Analysmöte")],
        ),
        // A number repeated inside a sub-process is a duplicate of that sub-process.
        (
            "Processmöte 1 genomfört 230115\nDelprocess: Rutin\nProcessmöte 1 genomfört 230401\nProcessmöte 1 genomfört 230501",
            &[("meeting-duplicate", "2.1.1 [Rutin] Processmöte")],
        ),
        // Numbers against the dates.
        (
            "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230401\nProcessmöte 3 genomfört 230301",
            &[("meeting-order", "2.1.1 Processmöte")],
        ),
    ];
    for (status, expected) in cases {
        let (_, report) = check_edited(|r| r[3][STATUS] = status.to_string());
        let got: Vec<(String, String)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["details"]["series"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want, "{status}");
    }
}

/// Runs the library on the clean list with `edit` applied.
fn model_of(edit: impl FnOnce(&mut Vec<Vec<String>>)) -> processlista::Run {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = clean_rows("KSON");
    edit(&mut rows);
    let path = dir.path().join("KSON.xlsx");
    xlsx(&path, &[("Blad1", to_cells(&rows))]);
    let mut opts = processlista::Options::new(vec![path], processlista::config::Config::default());
    opts.as_of = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
    processlista::run(&opts).unwrap()
}

#[test]
fn prose_that_starts_like_a_label_stays_in_its_column() {
    let run = model_of(|r| {
        r[3][1] = "Tidsplanen för utbyggnad saknas".into();
        r[3][2] = "Aktiviteter för unga på fritidsgårdar".into();
        r[3][5] = "Resultatet ska följas upp årligen".into();
    });
    let p = &run.model.processes[0];
    assert_eq!(
        &*p.need.as_ref().unwrap().value(&run.model.rows).text,
        "Tidsplanen för utbyggnad saknas"
    );
    assert_eq!(
        &*p.activity.as_ref().unwrap().value(&run.model.rows).text,
        "Aktiviteter för unga på fritidsgårdar"
    );
    assert_eq!(
        &*p.result.as_ref().unwrap().value(&run.model.rows).text,
        "Resultatet ska följas upp årligen"
    );
    assert_eq!(
        &*p.time_plan.as_ref().unwrap().value(&run.model.rows).text,
        "2023 – 2024"
    );
    assert!(run.findings.is_empty());
}

#[test]
fn a_process_id_in_a_status_line_is_prose() {
    let run = model_of(|r| {
        r[3][STATUS] = "Processmöte 1 genomfört 230115\nProcess 2.1.4 hanteras i samma grupp\nProcessmöte 2 genomfört 230301".into();
    });
    let p = &run.model.processes[0];
    assert_eq!(p.meetings.len(), 2);
    assert_eq!(
        &*p.need.as_ref().unwrap().value(&run.model.rows).text,
        "Väntetiderna är långa."
    );
}

#[test]
fn wrapped_verdicts_are_one_verdict_and_unclear_ones_are_reported() {
    // In the verdict column.
    let run = model_of(|r| r[3][8] = "Inget behov av fortsatt\nprocessledning".into());
    let v = run.model.processes[0].verdict.as_ref().unwrap();
    assert_eq!(
        v.verdict.outcome,
        processlista::model::status::Outcome::Completed
    );
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    // In a status cell, as the seed's PDF wraps it.
    let run = model_of(|r| {
        r[3][8] = String::new();
        r[3][STATUS].push_str("\nStatus 231231:\nInget behov av fortsatt processledning");
    });
    let v = run.model.processes[0].verdict.as_ref().unwrap();
    assert_eq!(
        v.verdict.outcome,
        processlista::model::status::Outcome::Completed
    );
    // A wording that reads as neither is a missing verdict, with the phrase.
    let (_, report) = check_edited(|r| r[3][8] = "Vi får se".into());
    let f = &report["findings"][0];
    assert_eq!(f["code"], "missing-verdict");
    assert_eq!(f["details"]["unclear"], "Vi får se");
    assert_eq!(f["source"]["cell"], "I4");
    // Negated wordings are completed.
    for phrase in [
        "Ej fortsatt behov av processledning",
        "Inte fortsatt behov av processledning",
    ] {
        let run = model_of(|r| r[3][8] = phrase.into());
        let v = run.model.processes[0].verdict.as_ref().unwrap();
        assert_eq!(
            v.verdict.outcome,
            processlista::model::status::Outcome::Completed,
            "{phrase}"
        );
    }
}

/// KSON's list in the pasted layout (fields inside cells): a title row and
/// one process row of `cells`, read as of 2023-12-31 through the library.
fn pasted_list(dir: &std::path::Path, cells: &[&str]) -> processlista::Run {
    xlsx(
        &dir.join("KSON.xlsx"),
        &[(
            "Blad1",
            rows(&[&["Processlista KSON daterad 231231"], cells]),
        )],
    );
    let mut opts = processlista::Options::new(
        vec![dir.join("KSON.xlsx")],
        processlista::config::Config::default(),
    );
    opts.as_of = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
    processlista::run(&opts).unwrap()
}

#[test]
fn a_responsibility_wrapped_over_lines_stays_whole_in_a_pasted_list() {
    let dir = tempfile::tempdir().unwrap();
    let run = pasted_list(
        dir.path(),
        &[
            "Åtgärdsbehov 2 process 2.1.2\nAnsvar delas med **KSK** KSON,\nBoU och SoC\nBehov av ett utbyggt föräldraskapsstöd.",
            "Aktivitet 2\nI samverkan utbilda fler gruppledare",
            "Status:\nProcessmöte 1 genomfört 220206\nStatus 231231: Inget behov av fortsatt processledning",
            "Prioritering 1",
        ],
    );
    let p = &run.model.processes[0];
    let resp = p.responsibility.as_ref().unwrap();
    assert_eq!(resp.lead.as_deref(), Some("KSK"));
    assert_eq!(resp.offices, vec!["KSK", "KSON", "BoU", "SoC"]);
    assert_eq!(
        &*p.need.as_ref().unwrap().value(&run.model.rows).text,
        "Behov av ett utbyggt föräldraskapsstöd."
    );
}

/// The responsibility line in the forms real lists write it, in the pasted
/// layout: with or without "delas med", "mellan", a colon, "Ansvariga
/// förvaltningar", "Huvudansvar". A line that begins with "Ansvar" but names
/// no offices ("Ansvar för …") is text, not a responsibility.
#[test]
fn responsibility_lines_in_their_real_forms() {
    /// The line, and the lead and offices it gives (none: no responsibility).
    type Case<'a> = (&'a str, Option<(&'a str, &'a [&'a str])>);
    let cases: [Case; 7] = [
        (
            "Ansvar KSON, SoC och BoU",
            Some(("KSON", &["KSON", "SoC", "BoU"])),
        ),
        ("Ansvarig: SoC", Some(("SoC", &["SoC"]))),
        (
            "Ansvar delas mellan BoU och **SoC**",
            Some(("SoC", &["SoC", "BoU"])),
        ),
        (
            "Ansvariga förvaltningar: KoF, KSON",
            Some(("KoF", &["KoF", "KSON"])),
        ),
        ("Huvudansvar: ToS", Some(("ToS", &["ToS"]))),
        (
            "Delat ansvar: KSON och KSK",
            Some(("KSON", &["KSON", "KSK"])),
        ),
        ("Ansvar för samordningen ligger hos oss", None),
    ];
    for (line, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let run = pasted_list(
            dir.path(),
            &[
                &format!("Åtgärdsbehov 1 process 2.1.1\n{line}\nEtt behov."),
                "Aktivitet 1\nEn aktivitet",
                "Status:\nProcessmöte 1 genomfört 230206",
                "Prioritering 1",
            ],
        );
        let p = &run.model.processes[0];
        match expected {
            Some((lead, offices)) => {
                let r = p
                    .responsibility
                    .as_ref()
                    .unwrap_or_else(|| panic!("{line}: none"));
                assert_eq!(r.lead.as_deref(), Some(lead), "{line}");
                assert_eq!(r.offices, offices.to_vec(), "{line}");
                let need = &p.need.as_ref().unwrap().value(&run.model.rows).text;
                assert_eq!(&**need, "Ett behov.", "{line}");
            }
            None => {
                assert!(p.responsibility.is_none(), "{line}: {:?}", p.responsibility);
            }
        }
    }
}

#[test]
fn offices_in_one_sheet_with_an_office_column_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut header: Vec<&str> = HEADER.to_vec();
    header.push("Förvaltning");
    let row = |office: &'static str, date: &'static str| -> Vec<String> {
        let mut r: Vec<String> = vec![
            "2.1.1".into(),
            "Behov".into(),
            "Aktivitet".into(),
            "**KSON** och SoC".into(),
            format!("Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört {date}"),
            "Mål".into(),
            "1".into(),
            "2023".into(),
            "Fortsatt behov av processledning".into(),
        ];
        r.push(office.into());
        r
    };
    let rows = vec![
        header.iter().map(|h| h.to_string()).collect(),
        row("KSON", "230301"),
        row("SoC", "230305"),
    ];
    xlsx(
        &dir.path().join("lista.xlsx"),
        &[("Blad1", to_cells(&rows))],
    );
    let (_, report) = check_json(dir.path(), &["lista.xlsx"], AS_OF);
    assert_eq!(codes(&report), vec!["meeting-conflict"], "{report:#}");
    assert_eq!(
        report["findings"][0]["details"]["dates"]["SoC"],
        "2023-03-05"
    );
}
