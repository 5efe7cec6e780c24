//! Several offices, the master plan, stated totals and the configuration file.

mod common;

use common::*;

const AS_OF: &[&str] = &["--as-of", "2023-12-31"];

#[test]
fn three_offices_with_the_same_meetings_are_one_process_without_findings() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC", "BoU"], |_, _| {});
    let (code, report) = check_json(dir.path(), &["."], AS_OF);
    assert_eq!(triples(&report), vec![]);
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["processes"], 1);
    assert_eq!(
        report["summary"]["meetings"]["held"], 2,
        "merged, not tripled"
    );
    // Each office's contribution is in the report.
    let offices: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["office"].as_str().unwrap())
        .collect();
    assert_eq!(offices, vec!["BoU", "KSON", "SoC"]);
    assert!(
        report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["processes"] == 1 && s["events"] == 3)
    );
}

#[test]
fn a_third_office_breaks_a_tie_and_its_different_date_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC", "BoU"], |o, r| {
        if o == "BoU" {
            r[3][4] = r[3][4].replace("230301", "230308");
        }
    });
    let (_, report) = check_json(dir.path(), &["."], AS_OF);
    let f = report["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["code"], "meeting-conflict");
    assert_eq!(f[0]["office"], "BoU");
    assert_eq!(f[0]["source"]["file"], "./BoU.xlsx");
    assert_eq!(f[0]["details"]["dates"]["BoU"], "2023-03-08");
    assert_eq!(f[0]["details"]["dates"]["KSON"], "2023-03-01");
}

#[test]
fn the_plan_names_missing_and_unknown_processes_and_fills_titles() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON"], |_, r| {
        let mut second = r[3].clone();
        second[0] = "9.9.9".into();
        r.push(second);
    });
    xlsx(
        &dir.path().join("plan.xlsx"),
        &[(
            "Plan",
            rows(&[
                &["Process", "Titel", "Huvudansvar"],
                &["2.1.1", "Tillgänglig barn- och ungdomsvård", "KSON"],
                &["2.1.2", "Föräldraskapsstöd", "KSK"],
            ]),
        )],
    );
    let (_, report) = check_json(dir.path(), &["KSON.xlsx", "--plan", "plan.xlsx"], AS_OF);
    let mut t = triples(&report);
    t.sort();
    assert_eq!(
        t,
        vec![
            ("missing-process".into(), "2.1.2".into(), "A3".into()),
            ("unknown-process".into(), "9.9.9".into(), "A5".into()),
        ]
    );
    let missing = first_finding(&report, "missing-process");
    assert_eq!(missing["source"]["file"], "plan.xlsx");
    assert_eq!(missing["office"], "KSK");
    assert_eq!(missing["text"], "Föräldraskapsstöd");
    // Without the plan neither code is raised.
    let (_, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
    assert_eq!(triples(&report), vec![]);
    // The plan's title reaches the model.
    let mut opts = processlista::Options::new(
        vec![dir.path().join("KSON.xlsx")],
        processlista::config::Config::default(),
    );
    opts.plan = Some(dir.path().join("plan.xlsx"));
    let run = processlista::run(&opts).unwrap();
    assert_eq!(
        run.model.processes[0].plan_title.as_deref(),
        Some("Tillgänglig barn- och ungdomsvård")
    );
}

#[test]
fn a_plan_without_ids_stops_the_run_with_a_plain_message() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON"], |_, _| {});
    xlsx(
        &dir.path().join("plan.xlsx"),
        &[("Plan", rows(&[&["Hej"]]))],
    );
    let out = run(&["check", "KSON.xlsx", "--plan", "plan.xlsx"], dir.path());
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("plan.xlsx") && out.stderr.contains("Process"),
        "{}",
        out.stderr
    );
}

#[test]
fn stated_totals_in_the_title_are_checked() {
    for (stated, mismatch) in [("1", false), ("18", true)] {
        let dir = tempfile::tempdir().unwrap();
        write_offices(dir.path(), &["KSON"], |_, r| {
            r[0][0] = format!("KSON:s {stated} processer daterad 231231")
        });
        let (_, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
        assert_eq!(
            codes(&report).contains(&"totals-mismatch".to_string()),
            mismatch,
            "{stated}"
        );
        if mismatch {
            let f = &report["findings"][0];
            assert_eq!(f["details"]["stated"], 18);
            assert_eq!(f["details"]["computed"], 1);
            assert_eq!(f["source"]["cell"], "A1");
        }
    }
}

#[test]
fn a_config_file_changes_severities_and_adds_office_aliases() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON"], |_, r| {
        r[3][3] = "**KSON** och FRI".into();
        r[3][4] = r[3][4].replace("Processmöte 2 genomfört 230301\n", "");
    });
    let (code, report) = check_json(dir.path(), &["KSON.xlsx"], AS_OF);
    let mut c = codes(&report);
    c.sort();
    assert_eq!(c, vec!["meeting-gap", "unknown-office"]);
    assert_eq!(code, 0, "both are warnings by default");

    let config = r#"
[severity]
meeting-gap = "error"
unknown-office = "off"
"#;
    std::fs::write(dir.path().join("cfg.toml"), config).unwrap();
    let (code, report) = check_json(dir.path(), &["KSON.xlsx", "--config", "cfg.toml"], AS_OF);
    assert_eq!(codes(&report), vec!["meeting-gap"]);
    assert_eq!(report["findings"][0]["severity"], "error");
    assert_eq!(code, 1);

    // An alias makes "FRI" the office KoF; the whole office list is replaced.
    let mut default = processlista::config::DEFAULT_TOML.to_string();
    default = default.replace(
        "aliases = [\"Kultur- och fritidskontoret\", \"Kultur och fritid\"]",
        "aliases = [\"Kultur- och fritidskontoret\", \"Kultur och fritid\", \"FRI\"]",
    );
    std::fs::write(dir.path().join("cfg2.toml"), default).unwrap();
    let (_, report) = check_json(dir.path(), &["KSON.xlsx", "--config", "cfg2.toml"], AS_OF);
    assert_eq!(codes(&report), vec!["meeting-gap"]);
}

#[test]
fn a_bad_config_file_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON"], |_, _| {});
    std::fs::write(
        dir.path().join("cfg.toml"),
        "lang = \"sv\"\n[severity\nmeeting-gap = 1\n",
    )
    .unwrap();
    let out = run(&["check", "KSON.xlsx", "--config", "cfg.toml"], dir.path());
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cfg.toml: rad 2, kolumn"),
        "{}",
        out.stderr
    );
    let out = run(
        &["check", "KSON.xlsx", "--config", "cfg.toml", "--lang", "en"],
        dir.path(),
    );
    assert!(
        out.stderr.contains("cfg.toml: line 2, column"),
        "{}",
        out.stderr
    );
    // A wrong value is found only on the merged configuration: still its
    // line and column, and what is allowed, in Swedish.
    std::fs::write(
        dir.path().join("cfg.toml"),
        "[severity]\nmeeting-gap = \"loud\"\n",
    )
    .unwrap();
    let out = run(&["check", "KSON.xlsx", "--config", "cfg.toml"], dir.path());
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr.trim(),
        "processlista: cfg.toml: rad 2, kolumn 15: okänt värde \"loud\"; möjliga värden: error, warning, info, off",
    );
}

#[test]
fn config_prints_the_default_that_parses() {
    let out = run(&["config"], &repo());
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("[[offices]]") && out.stdout.contains("# "));
    assert!(
        out.stdout
            .contains("# Gränser som skyddar mot skadliga eller trasiga filer.")
    );
    let sv = processlista::config::Config::from_toml_over_default(&out.stdout).unwrap();
    let out = run(&["config", "--lang", "en"], &repo());
    assert!(
        out.stdout
            .contains("# Limits that guard against hostile or broken files.")
    );
    let en = processlista::config::Config::from_toml_over_default(&out.stdout).unwrap();
    assert_eq!(
        processlista::config::config_hash(&sv),
        processlista::config::config_hash(&en)
    );
}

#[test]
fn the_plan_title_fills_an_activity_no_office_wrote() {
    use calamine::{Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON"], |_, r| r[3][2] = String::new());
    xlsx(
        &dir.path().join("plan.xlsx"),
        &[(
            "Plan",
            rows(&[
                &["Process", "Titel"],
                &["2.1.1", "Tillgänglig barn- och ungdomsvård"],
            ]),
        )],
    );
    let out = run(
        &[
            "consolidate",
            "KSON.xlsx",
            "--plan",
            "plan.xlsx",
            "--as-of",
            "2023-12-31",
            "-o",
            "ut.xlsx",
        ],
        dir.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut wb = open_workbook_auto(dir.path().join("ut.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Processlista").unwrap();
    assert_eq!(sheet.get_value((1, 0)).unwrap().to_string(), "2.1.1");
    assert_eq!(
        sheet.get_value((1, 2)).unwrap().to_string(),
        "Tillgänglig barn- och ungdomsvård"
    );
}

#[test]
fn one_unnumbered_meeting_reported_by_two_offices_is_one_meeting() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC"], |_, r| {
        r[3][4].push_str("\nProcessmöte KSON internt genomfört 230817")
    });
    let (_, report) = check_json(dir.path(), &["."], AS_OF);
    assert_eq!(codes(&report), vec!["meeting-unnumbered"], "{report:#}");
    assert_eq!(report["summary"]["meetings"]["held"], 3);
}

#[test]
fn the_lead_office_verdict_wins_and_a_different_one_is_a_conflict() {
    for order in [["KSON", "SoC"], ["SoC", "KSON"]] {
        let dir = tempfile::tempdir().unwrap();
        write_offices(dir.path(), &order, |o, r| {
            if o == "SoC" {
                r[3][8] = "Inget behov av fortsatt processledning".into();
            }
        });
        let (_, report) = check_json(dir.path(), &["."], AS_OF);
        assert_eq!(
            report["summary"]["verdicts"]["continuing"], 1,
            "KSON leads: {order:?}"
        );
        assert_eq!(codes(&report), vec!["conflict"]);
        let f = &report["findings"][0];
        assert_eq!(f["details"]["field"], "verdict");
        assert_eq!(f["office"], "SoC");
        assert_eq!(f["details"]["chosen_office"], "KSON");
    }
}

/// Runs `args` in `dir`, expecting exit 2 and `file` unchanged.
fn refused_and_untouched(dir: &std::path::Path, args: &[&str], file: &str) {
    let before = std::fs::read(dir.join(file)).unwrap();
    let out = run(args, dir);
    assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    assert_eq!(std::fs::read(dir.join(file)).unwrap(), before, "{args:?}");
}

#[test]
fn no_output_is_written_over_the_plan_last_month_or_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_offices(d, &["KSON"], |_, _| {});
    xlsx(
        &d.join("plan.xlsx"),
        &[("Plan", rows(&[&["Process"], &["2.1.1"]]))],
    );
    refused_and_untouched(
        d,
        &[
            "consolidate",
            "KSON.xlsx",
            "--plan",
            "plan.xlsx",
            "-o",
            "plan.xlsx",
        ],
        "plan.xlsx",
    );
    let out = run(
        &[
            "consolidate",
            "KSON.xlsx",
            "-o",
            "forra.xlsx",
            "--as-of",
            "2023-11-30",
        ],
        d,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    refused_and_untouched(
        d,
        &[
            "consolidate",
            "KSON.xlsx",
            "--previous",
            "forra.xlsx",
            "-o",
            "forra.xlsx",
        ],
        "forra.xlsx",
    );
    refused_and_untouched(
        d,
        &[
            "consolidate",
            "KSON.xlsx",
            "-o",
            "ut.xlsx",
            "--json",
            "KSON.xlsx",
        ],
        "KSON.xlsx",
    );
    let out = run(
        &[
            "consolidate",
            "KSON.xlsx",
            "-o",
            "ut.xlsx",
            "--json",
            "rapport.json",
        ],
        d,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("rapport.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["processes"], 1);
}

/// Consolidates KSON's list with status `november` (dated 231130), then with
/// `december` (231231) against it, and returns December's history-changed
/// findings.
fn history_between(november: &str, december: &str, lang: &str) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    for (status, dated, out, previous) in [
        (november, "231130", "nov.xlsx", None),
        (december, "231231", "dec.xlsx", Some("nov.xlsx")),
    ] {
        let mut r = clean_rows("KSON");
        r[0][0] = format!("Processlista KSON daterad {dated}");
        r[3][4] = status.to_string();
        xlsx(&dir.path().join("KSON.xlsx"), &[("Blad1", to_cells(&r))]);
        let mut args = vec!["consolidate", "KSON.xlsx", "-o", out, "--lang", lang];
        if let Some(p) = previous {
            args.extend(["--previous", p, "--json", "r.json"]);
        }
        let o = run(&args, dir.path());
        assert!(o.code <= 1, "{}", o.stderr);
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "history-changed")
        .cloned()
        .collect()
}

#[test]
fn corrected_dates_and_moved_bookings_are_not_rewritten_history() {
    // 230231 corrected, the booking moved, and (the control) meeting 1 re-dated.
    let history = history_between(
        "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230231\nProcessmöte 3 bokad 240213",
        "Processmöte 1 genomfört 230116\nProcessmöte 2 genomfört 230228\nProcessmöte 3 bokad 240220",
        "sv",
    );
    assert_eq!(history.len(), 1, "{history:#?}");
    assert_eq!(history[0]["details"]["number"], 1);
    assert_eq!(history[0]["details"]["before"], "2023-01-15");
}

#[test]
fn a_held_meeting_rewritten_as_cancelled_is_rewritten_history() {
    let history = history_between(
        "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230301",
        "Processmöte 1 genomfört 230115\nProcessmöte 2 inställt 230301",
        "en",
    );
    assert_eq!(history.len(), 1, "{history:#?}");
    assert_eq!(history[0]["details"]["kind"], "state-changed");
    assert_eq!(history[0]["details"]["before"], "held");
    assert_eq!(history[0]["details"]["after"], "cancelled");
    assert!(history[0]["message"].as_str().unwrap().contains("was held"));
}

/// The status log shows each meeting once: of a meeting two offices report,
/// it leaves out exactly the line that was merged into the lead office's
/// report. Here SoC writes "Processmöte 2" twice, once before and once
/// under the sub-process heading "Delprocess: Y"; only the second is the
/// lead office's meeting (same series), so only the second is left out,
/// and the first stays above the heading, where SoC wrote it. The status by
/// office marks SoC's lines; the board's log gives each line once, unmarked.
#[test]
fn the_status_log_leaves_out_the_very_line_merged_into_the_lead_offices_meeting() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC"], |o, r| {
        r[3][4] = match o {
            "KSON" => "Delprocess: Y\nProcessmöte 2 genomfört 230301",
            _ => "Processmöte 2 genomfört 230301\nDelprocess: Y\nProcessmöte 2 genomfört 230301",
        }
        .into();
    });
    let out = run(
        &["consolidate", ".", "--as-of", "2023-12-31", "-o", "ut.xlsx"],
        dir.path(),
    );
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(dir.path().join("ut.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Processlista").unwrap();
    let column = |name: &str| {
        let col = (0..sheet.width())
            .find(|&c| {
                matches!(sheet.get_value((0, c as u32)),
                    Some(calamine::Data::String(h)) if h == name)
            })
            .unwrap_or_else(|| panic!("a {name} column"));
        sheet.get_value((1, col as u32)).unwrap().to_string()
    };
    let log = column("Status per förvaltning");
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        vec![
            "Delprocess: Y",
            "Processmöte 2 genomfört 2023-03-01",
            "[SoC] Processmöte 2 genomfört 2023-03-01",
            "[SoC] Delprocess: Y",
        ],
        "{log}"
    );
    let board = column("Status");
    assert_eq!(
        board.lines().collect::<Vec<_>>(),
        vec!["Delprocess: Y", "Processmöte 2 genomfört 2023-03-01"],
        "{board}"
    );
}

/// SoC writes "2.01.1" for the process KSON writes "2.1.1": one process,
/// named 2.1.1 whichever office is read first, and one finding at SoC's cell.
#[test]
fn an_id_with_a_leading_zero_joins_its_process_and_is_reported_there() {
    let dir = tempfile::tempdir().unwrap();
    write_offices(dir.path(), &["KSON", "SoC"], |o, r| {
        if o == "SoC" {
            r[3][0] = "2.01.1".into();
        }
    });
    let (_, report) = check_json(dir.path(), &["."], AS_OF);
    assert_eq!(report["summary"]["processes"], 1);
    assert_eq!(
        triples(&report),
        vec![(
            "process-id-normalized".to_string(),
            "2.1.1".to_string(),
            "A4".to_string()
        )]
    );
    assert_eq!(report["findings"][0]["source"]["file"], "./SoC.xlsx");
    assert_eq!(
        report["summary"]["meetings"]["held"], 2,
        "merged, not doubled"
    );
}

/// The lead office as offices mark it in Excel: a bold run inside the cell,
/// not necessarily first ("KSON och **SoC**" makes SoC the lead); without
/// bold the first office leads; a text marker ("**KSON**") still wins.
#[test]
fn a_bold_run_in_the_responsibility_cell_names_the_lead() {
    let cases: [(&[(&str, bool)], &str); 3] = [
        (&[("KSON och ", false), ("SoC", true)], "SoC, KSON"),
        (&[("KSON och SoC", false)], "KSON, SoC"),
        (&[("**KSON** och ", false), ("SoC", true)], "KSON, SoC"),
    ];
    for (runs, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        list_with_responsibility_runs(&dir.path().join("KSON.xlsx"), runs);
        let sheet = consolidated_list(dir.path(), "KSON.xlsx");
        assert_eq!(
            sheet.get_value((1, 3)).unwrap().to_string(),
            expected,
            "{runs:?}"
        );
    }
}

/// The other ways Excel keeps bold: an inline rich string (a
/// constant-memory writer's `<is>`), and a cell bold whole by its format.
/// A cell bold whole that names every office marks none; one that names
/// one office of a responsibility read from two columns marks it.
#[test]
fn inline_strings_and_cells_bold_whole_name_the_lead() {
    use common::Bold;
    type Case<'a> = (&'a [(&'a str, bool)], Bold, &'a str);
    let cases: [Case; 3] = [
        (
            &[("KSON och ", false), ("SoC", true)],
            Bold::Inline,
            "SoC, KSON",
        ),
        (&[("KSON och SoC", false)], Bold::Inline, "KSON, SoC"),
        (&[("KSON och SoC", true)], Bold::Cell, "KSON, SoC"),
    ];
    for (runs, how, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        common::list_with_responsibility(&dir.path().join("KSON.xlsx"), runs, how);
        let sheet = consolidated_list(dir.path(), "KSON.xlsx");
        assert_eq!(
            sheet.get_value((1, 3)).unwrap().to_string(),
            expected,
            "{runs:?}"
        );
    }
    for (bold, expected) in [(4, "SoC, KSON"), (3, "KSON, SoC")] {
        let dir = tempfile::tempdir().unwrap();
        common::list_with_two_responsibility_cells(&dir.path().join("KSON.xlsx"), bold);
        let sheet = consolidated_list(dir.path(), "KSON.xlsx");
        assert_eq!(sheet.get_value((1, 3)).unwrap().to_string(), expected);
    }
}

/// Offices that mark different lead offices: a `conflict` on the lead at the
/// other office's cell, the chosen lead and both offices' marks in the
/// details. An office that marks no lead (its first office named is only a
/// default) does not conflict.
#[test]
fn offices_that_mark_different_leads_are_a_conflict() {
    for (soc_writes, conflict) in [
        ("KSON och **SoC**", true),
        ("SoC* och KSON", true),
        ("SoC och KSON", false),
        ("**KSON** och SoC", false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_offices(dir.path(), &["KSON", "SoC"], |o, r| {
            if o == "SoC" {
                r[3][3] = soc_writes.into();
            }
        });
        let (_, report) = check_json(dir.path(), &["."], AS_OF);
        let found: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "conflict" && f["details"]["field"] == "lead")
            .collect();
        if !conflict {
            assert!(found.is_empty(), "{soc_writes}: {found:?}");
            continue;
        }
        assert_eq!(found.len(), 1, "{soc_writes}: {report:#}");
        let f = found[0];
        assert_eq!(f["source"]["file"], "./SoC.xlsx");
        assert_eq!(f["source"]["cell"], "D4");
        assert_eq!(f["details"]["chosen"], "KSON");
        assert_eq!(f["details"]["values"]["SoC"]["value"], "SoC");
        assert_eq!(f["details"]["values"]["KSON"]["value"], "KSON");
        assert!(
            f["message"].as_str().unwrap().contains("huvudansvar"),
            "{f}"
        );
    }
}

/// In a pasted cell that holds the id, the responsibility and the need, the
/// bold run inside the responsibility names the lead; a bold heading (the id
/// label) names no office and leaves the first office the lead.
#[test]
fn a_bold_run_in_a_pasted_cell_names_the_lead() {
    let cases: [(&[(&str, bool)], &str); 2] = [
        (
            &[
                ("Åtgärdsbehov 2 process 2.1.2", true),
                ("\nAnsvar delas med KSON och ", false),
                ("SoC", true),
                ("\nBehov av ett utbyggt föräldraskapsstöd.", false),
            ],
            "SoC, KSON",
        ),
        (
            &[
                ("Åtgärdsbehov 2 process 2.1.2", true),
                (
                    "\nAnsvar delas med KSON och SoC\nBehov av ett utbyggt föräldraskapsstöd.",
                    false,
                ),
            ],
            "KSON, SoC",
        ),
    ];
    for (runs, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let plain = rust_xlsxwriter::Format::new();
        ws.write_string(0, 0, "Processlista KSON daterad 231231")
            .unwrap();
        let parts: Vec<(&rust_xlsxwriter::Format, &str)> = runs
            .iter()
            .map(|(t, b)| (if *b { &bold } else { &plain }, *t))
            .collect();
        ws.write_rich_string(1, 0, &parts).unwrap();
        ws.write_string(1, 1, "Aktivitet 2\nUtbilda gruppledare")
            .unwrap();
        ws.write_string(1, 2, "Status:\nProcessmöte 1 genomfört 230206")
            .unwrap();
        wb.save(dir.path().join("KSON.xlsx")).unwrap();
        let sheet = consolidated_list(dir.path(), "KSON.xlsx");
        assert_eq!(sheet.get_value((1, 0)).unwrap().to_string(), "2.1.2");
        assert_eq!(
            sheet.get_value((1, 3)).unwrap().to_string(),
            expected,
            "{runs:?}"
        );
        assert_eq!(
            sheet.get_value((1, 1)).unwrap().to_string(),
            "Behov av ett utbyggt föräldraskapsstöd."
        );
    }
}
