//! Month over month through real files: two months of office lists written
//! with rust_xlsxwriter, `consolidate` run on each (the second with
//! `--previous`), the workbooks read back with calamine; `diff` between two
//! workbooks; the round trip; and the refusal of a workbook this tool did not
//! write.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, SheetVisible, open_workbook_auto};
use common::{rows, run, xlsx};
use serde_json::Value;

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "processlista-history-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A KSON list dated `dated` (YYMMDD) with rows (process, status, priority, verdict).
fn list(path: &Path, dated: &str, procs: &[(&str, &str, &str, &str)]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let title = format!("Processlista KSON daterad {dated}");
    let verdict = format!("Status {dated}");
    let mut r: Vec<Vec<&str>> = vec![
        vec![title.as_str()],
        vec![],
        vec![
            "Process",
            "Åtgärdsbehov",
            "Aktivitet",
            "Ansvar",
            "Status",
            "Prioritering",
            "Tidsplanering",
            verdict.as_str(),
        ],
    ];
    for (id, status, prio, verdict) in procs {
        r.push(vec![
            id,
            "Ett behov",
            "En aktivitet",
            "**KSON**",
            status,
            prio,
            "2023 – 2024",
            verdict,
        ]);
    }
    let refs: Vec<&[&str]> = r.iter().map(|v| v.as_slice()).collect();
    xlsx(path, &[("Processer", rows(&refs))]);
}

const CONT: &str = "Fortsatt behov av processledning";
const DONE: &str = "Inget behov av fortsatt processledning";

/// November and December of one office, with one change of every kind.
fn two_months(dir: &Path) {
    list(
        &dir.join("nov/kson.xlsx"),
        "231130",
        &[
            (
                "2.1.1",
                "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230301\n\
                 Processmöte 3 genomfört 230410\nProcessmöte 4 genomfört 230520",
                "1",
                CONT,
            ),
            ("2.1.2", "Processmöte 1 genomfört 230201", "2", CONT),
            ("2.1.3", "Processmöte 1 genomfört 230301", "2", CONT),
            ("2.1.5", "Processmöte 1 genomfört 230601", "3", CONT),
        ],
    );
    list(
        &dir.join("dec/kson.xlsx"),
        "231231",
        &[
            (
                // 2 re-dated, 3 renumbered to 4, the old 4 gone, 5 added.
                "2.1.1",
                "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230302\n\
                 Processmöte 4 genomfört 230410\nProcessmöte 5 genomfört 231205",
                "2",
                DONE,
            ),
            ("2.1.2", "Processmöte 1 genomfört 230201", "2", CONT),
            // 2.1.3 removed, 2.1.4 added.
            ("2.1.4", "Processmöte 1 genomfört 231115", "1", CONT),
            // the verdict is gone.
            ("2.1.5", "Processmöte 1 genomfört 230601", "3", ""),
        ],
    );
}

fn consolidate(dir: &Path, args: &[&str]) -> common::Out {
    let mut a = vec!["consolidate"];
    a.extend_from_slice(args);
    let o = run(&a, dir);
    assert!(
        o.code == 0 || o.code == 1,
        "exit {}\nstdout: {}\nstderr: {}",
        o.code,
        o.stdout,
        o.stderr
    );
    o
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Rows of a table sheet as maps from header to text.
fn table(path: &Path, name: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let s = sheet(path, name);
    let header: Vec<String> = s[0].iter().map(text).collect();
    s[1..]
        .iter()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.iter().map(text).chain(std::iter::repeat(String::new())))
                .collect()
        })
        .collect()
}

fn history_findings(json: &Value) -> Vec<&Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "history-changed")
        .collect()
}

fn find<'a>(fs: &[&'a Value], process: &str, kind: &str) -> &'a Value {
    fs.iter()
        .find(|f| f["process"] == process && f["details"]["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} for {process} in {fs:#?}"))
}

#[test]
fn every_kind_of_change_and_of_history_change() {
    let dir = tempdir("kinds");
    two_months(&dir);
    consolidate(&dir, &["nov", "-o", "nov.xlsx"]);
    let o = consolidate(
        &dir,
        &[
            "dec",
            "--previous",
            "nov.xlsx",
            "-o",
            "dec.xlsx",
            "--json",
            "dec.json",
        ],
    );
    assert!(
        o.stdout.contains("Förändringar sedan nov.xlsx"),
        "{}",
        o.stdout
    );

    // The changes sheet is the fifth, after Avvikelser; the metadata sheet is hidden.
    let wb = open_workbook_auto(dir.join("dec.xlsx")).unwrap();
    let names: Vec<String> = wb.sheet_names().to_vec();
    assert_eq!(
        names,
        [
            "Sammanfattning",
            "Processlista",
            "Möten",
            "Avvikelser",
            "Förändringar",
            "_processlista"
        ]
    );
    let meta = wb
        .sheets_metadata()
        .iter()
        .find(|m| m.name == "_processlista")
        .unwrap()
        .clone();
    assert_eq!(meta.visible, SheetVisible::Hidden);
    // November has no changes sheet (no --previous).
    let nov: Vec<String> = open_workbook_auto(dir.join("nov.xlsx"))
        .unwrap()
        .sheet_names()
        .to_vec();
    assert!(!nov.iter().any(|n| n == "Förändringar"), "{nov:?}");

    let changes = table(&dir.join("dec.xlsx"), "Förändringar");
    let has = |change: &str, process: &str, before: &str, after: &str| {
        changes.iter().any(|r| {
            r["Ändring"] == change
                && r["Process"] == process
                && r["Före"].contains(before)
                && r["Efter"].contains(after)
        })
    };
    assert!(has("Ny process", "2.1.4", "", "2.1.4"), "{changes:#?}");
    assert!(
        has("Borttagen process", "2.1.3", "2.1.3", ""),
        "{changes:#?}"
    );
    assert!(
        has("Nytt möte", "2.1.1", "", "Processmöte 5 genomfört 231205"),
        "{changes:#?}"
    );
    assert!(
        has("Nytt möte", "2.1.4", "", "Processmöte 1 genomfört 231115"),
        "{changes:#?}"
    );
    assert!(
        has("Ändrat ställningstagande", "2.1.1", CONT, DONE),
        "{changes:#?}"
    );
    assert!(
        has("Ändrad prioritering", "2.1.1", "1", "2"),
        "{changes:#?}"
    );
    assert!(
        has(
            "Historik: datum ändrat",
            "2.1.1",
            "2023-03-01",
            "2023-03-02"
        ),
        "{changes:#?}"
    );
    assert!(
        has("Historik: omnumrerat", "2.1.1", "3", "4"),
        "{changes:#?}"
    );
    assert!(
        has(
            "Historik: möte borta",
            "2.1.1",
            "Processmöte 4 genomfört 230520",
            ""
        ),
        "{changes:#?}"
    );
    assert!(
        has("Historik: ställningstagande borta", "2.1.5", CONT, ""),
        "{changes:#?}"
    );
    // Unchanged process 2.1.2 appears nowhere; the unchanged meetings are not "added".
    assert!(
        !changes.iter().any(|r| r["Process"] == "2.1.2"),
        "{changes:#?}"
    );
    assert_eq!(
        changes
            .iter()
            .filter(|r| r["Ändring"] == "Nytt möte")
            .count(),
        2,
        "{changes:#?}"
    );

    // history-changed findings: both values, the current source cell.
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("dec.json")).unwrap()).unwrap();
    let fs = history_findings(&json);
    let date = find(&fs, "2.1.1", "date-changed");
    assert_eq!(date["details"]["before"], "2023-03-01");
    assert_eq!(date["details"]["after"], "2023-03-02");
    assert_eq!(date["details"]["number"], 2);
    assert_eq!(date["severity"], "warning");
    assert!(
        date["source"]["file"]
            .as_str()
            .unwrap()
            .ends_with("kson.xlsx")
    );
    assert_eq!(date["source"]["cell"], "E4");
    assert!(date["message"].as_str().unwrap().contains("2023-03-01"));
    let renum = find(&fs, "2.1.1", "renumbered");
    assert_eq!(renum["details"]["before"], 3);
    assert_eq!(renum["details"]["after"], 4);
    assert_eq!(renum["details"]["date"], "2023-04-10");
    let gone = find(&fs, "2.1.1", "meeting-gone");
    assert_eq!(gone["details"]["before"], "Processmöte 4 genomfört 230520");
    assert_eq!(gone["details"]["after"], Value::Null);
    // The status cell it stood in still exists: the finding points there.
    assert_eq!(gone["source"]["cell"], "E4");
    let verdict = find(&fs, "2.1.5", "verdict-gone");
    assert_eq!(verdict["details"]["before"], CONT);
    assert_eq!(verdict["details"]["after"], Value::Null);
    assert_eq!(verdict["source"]["cell"], "A7");
    // A process gone from every list: pointed at in last month's workbook.
    let process = find(&fs, "2.1.3", "process-gone");
    assert_eq!(process["source"]["file"], "nov.xlsx");
    assert_eq!(process["source"]["sheet"], "Processlista");
    assert_eq!(process["source"]["cell"], "A4");
    // Nothing else was rewritten: five history changes in all.
    assert_eq!(fs.len(), 5, "{fs:#?}");

    // diff prints the same comparison.
    let d = run(&["diff", "nov.xlsx", "dec.xlsx"], &dir);
    assert_eq!(d.code, 0, "{}", d.stderr);
    for needle in [
        "Nya processer (1)",
        "Borttagna processer (1)",
        "Nya möten (2)",
        "Ändrade ställningstaganden (1)",
        "Ändrade prioriteringar (1)",
        "Ändrad historik (5)",
        "var daterat 2023-03-01 i nov.xlsx, nu 2023-03-02",
    ] {
        assert!(d.stdout.contains(needle), "{needle}\n{}", d.stdout);
    }
    // No bare code in the headings, no "" for a value that was not there.
    assert!(!d.stdout.contains("(history-changed)"), "{}", d.stdout);
    assert!(!d.stdout.contains("\"\""), "{}", d.stdout);
    let d = run(&["diff", "nov.xlsx", "dec.xlsx", "--json"], &dir);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let v: Value = serde_json::from_str(&d.stdout).unwrap();
    assert_eq!(v["processes_added"][0]["id"], "2.1.4");
    assert_eq!(v["processes_removed"][0]["id"], "2.1.3");
    assert_eq!(v["meetings_added"].as_array().unwrap().len(), 2);
    assert_eq!(v["priorities_changed"][0]["before"], "1");
    assert_eq!(v["priorities_changed"][0]["after"], "2");
    assert_eq!(v["history"].as_array().unwrap().len(), 5);
    assert_eq!(v["findings"].as_array().unwrap().len(), 5);
    assert!(v["findings"][0]["message"].is_string());
    // In English.
    let d = run(&["diff", "nov.xlsx", "dec.xlsx", "--lang", "en"], &dir);
    assert!(d.stdout.contains("Processes added (1)"), "{}", d.stdout);
}

#[test]
fn metadata_sheet_and_determinism_with_previous() {
    let dir = tempdir("meta");
    two_months(&dir);
    consolidate(&dir, &["nov", "-o", "nov.xlsx"]);
    consolidate(&dir, &["dec", "--previous", "nov.xlsx", "-o", "a.xlsx"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    consolidate(&dir, &["dec", "--previous", "nov.xlsx", "-o", "b.xlsx"]);
    let a = std::fs::read(dir.join("a.xlsx")).unwrap();
    let b = std::fs::read(dir.join("b.xlsx")).unwrap();
    assert!(a == b, "the two workbooks differ");

    let meta = sheet(&dir.join("a.xlsx"), "_processlista");
    let get = |k: &str| -> Vec<Vec<String>> {
        meta.iter()
            .filter(|r| text(&r[0]) == k)
            .map(|r| r.iter().map(text).collect())
            .collect()
    };
    assert_eq!(get("tool")[0][1], "processlista");
    assert_eq!(get("version")[0][1], env!("CARGO_PKG_VERSION"));
    assert_eq!(get("format")[0][1], "2");
    assert_eq!(get("as_of")[0][1], "2023-12-31");
    assert_eq!(get("config_sha256")[0][1].len(), 64);
    let input = &get("input")[0];
    assert!(input[1].ends_with("kson.xlsx"), "{input:?}");
    let bytes = std::fs::read(dir.join("dec/kson.xlsx")).unwrap();
    assert_eq!(input[2], processlista::sha256_hex(&bytes));
    assert_eq!(get("previous")[0][1], "nov.xlsx");
}

#[test]
fn samples_h1_and_h2() {
    let dir = tempdir("samples");
    let repo = common::repo();
    let s = |p: &str| repo.join("samples").join(p).display().to_string();
    consolidate(
        &dir,
        &[
            &s("2023-11"),
            "--plan",
            &s("handlingsplan.xlsx"),
            "-o",
            "november.xlsx",
        ],
    );
    consolidate(
        &dir,
        &[
            &s("2023-12"),
            "--plan",
            &s("handlingsplan.xlsx"),
            "--previous",
            "november.xlsx",
            "-o",
            "december.xlsx",
            "--json",
            "december.json",
        ],
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("december.json")).unwrap()).unwrap();
    let fs = history_findings(&json);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    // h1: KSON 2.1.1 Processmöte 6 230906 → 230907, at Blad1!C5.
    let h1 = find(&fs, "2.1.1", "date-changed");
    assert_eq!(h1["details"]["number"], 6);
    assert_eq!(h1["details"]["before"], "2023-09-06");
    assert_eq!(h1["details"]["after"], "2023-09-07");
    assert!(
        h1["source"]["file"]
            .as_str()
            .unwrap()
            .ends_with("KSON-processlista.xlsx")
    );
    assert_eq!(h1["source"]["sheet"], "Blad1");
    assert_eq!(h1["source"]["cell"], "C5");
    // h2: SoC 2.3.2 "Processmöte 3 SoC internt genomfört 231017" gone, at E7.
    let h2 = find(&fs, "2.3.2", "meeting-gone");
    assert_eq!(
        h2["details"]["before"],
        "Processmöte 3 SoC internt genomfört 231017"
    );
    assert_eq!(h2["details"]["series"], "2.3.2 Processmöte (SoC internt)");
    assert_eq!(h2["source"]["sheet"], "Processlista SoC");
    assert_eq!(h2["source"]["cell"], "E7");

    let changes = table(&dir.join("december.xlsx"), "Förändringar");
    assert!(
        changes
            .iter()
            .any(|r| r["Ändring"] == "Historik: datum ändrat"
                && r["Process"] == "2.1.1"
                && r["Cell"] == "C5")
    );
    assert!(
        changes
            .iter()
            .any(|r| r["Ändring"] == "Historik: möte borta"
                && r["Process"] == "2.3.2"
                && r["Cell"] == "E7")
    );

    // diff between the two workbooks: the same two, the gone one pointed at
    // November's Möten sheet.
    let d = run(&["diff", "november.xlsx", "december.xlsx", "--json"], &dir);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let v: Value = serde_json::from_str(&d.stdout).unwrap();
    let hist = v["history"].as_array().unwrap();
    assert_eq!(hist.len(), 2, "{hist:#?}");
    let gone = hist.iter().find(|h| h["kind"] == "meeting-gone").unwrap();
    assert_eq!(gone["loc"]["file"], "november.xlsx");
    assert_eq!(gone["loc"]["sheet"], "Möten");

    // A November written in English compares with a Swedish December: the
    // same two rewrites, no false ones from dates written differently
    // ("v 37 2021" / "2021-W37").
    consolidate(&dir, &[&s("2023-11"), "--lang", "en", "-o", "nov-en.xlsx"]);
    let d = run(&["diff", "nov-en.xlsx", "december.xlsx", "--json"], &dir);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let v: Value = serde_json::from_str(&d.stdout).unwrap();
    assert_eq!(
        v["history"].as_array().unwrap().len(),
        2,
        "{}",
        v["history"]
    );
    assert_eq!(v["meetings_added"].as_array().unwrap().len(), 5);
}

/// (process, series, number, date) of every row of the Möten sheet.
fn meeting_set(path: &Path) -> BTreeSet<(String, String, String, String)> {
    table(path, "Möten")
        .into_iter()
        .filter(|r| !r["Serie"].is_empty())
        .map(|r| {
            (
                r["Process"].clone(),
                format!("{} {}", r["Delprocess"], r["Serie"]),
                r["Nr"].clone(),
                r["Datum"].clone(),
            )
        })
        .collect()
}

#[test]
fn consolidating_the_consolidation_gives_the_same_processes_and_meetings() {
    let dir = tempdir("roundtrip");
    let repo = common::repo();
    let dec = repo.join("samples/2023-12").display().to_string();
    consolidate(&dir, &[&dec, "-o", "dec.xlsx"]);
    let o = consolidate(&dir, &["dec.xlsx", "-o", "again.xlsx"]);
    assert!(o.stdout.contains("1 källa"), "{}", o.stdout);
    let ids = |f: &str| -> Vec<String> {
        table(&dir.join(f), "Processlista")
            .into_iter()
            .map(|r| r["Process"].clone())
            .collect()
    };
    assert_eq!(ids("dec.xlsx"), ids("again.xlsx"));
    // 24 processes, three of them taller than a row: continued below.
    let ids = ids("dec.xlsx");
    let continued = ids.iter().filter(|i| i.ends_with(" (forts.)")).count();
    assert_eq!(ids.len() - continued, 24, "{ids:?}");
    assert!(continued > 0, "{ids:?}");
    // The board's status log, read back and written again, is the same.
    let log = |f: &str| -> Vec<String> {
        table(&dir.join(f), "Processlista")
            .into_iter()
            .map(|r| r["Status"].clone())
            .collect()
    };
    assert_eq!(log("dec.xlsx"), log("again.xlsx"));
    let a = meeting_set(&dir.join("dec.xlsx"));
    let b = meeting_set(&dir.join("again.xlsx"));
    assert!(a.len() > 50, "{}", a.len());
    assert_eq!(a, b);
    // The columns the writer computes are not carried as extra columns.
    let header: Vec<String> = sheet(&dir.join("again.xlsx"), "Processlista")[0]
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        header
            .iter()
            .filter(|h| h.starts_with("Genomförda möten"))
            .count(),
        1,
        "{header:?}"
    );
    // And diff finds nothing between them.
    let d = run(&["diff", "dec.xlsx", "again.xlsx", "--json"], &dir);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let v: Value = serde_json::from_str(&d.stdout).unwrap();
    for k in [
        "processes_added",
        "processes_removed",
        "meetings_added",
        "verdicts_changed",
        "priorities_changed",
        "history",
    ] {
        assert_eq!(v[k].as_array().unwrap().len(), 0, "{k}: {}", v[k]);
    }
    // In a folder the consolidation is still skipped, not read twice.
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::copy(
        repo.join("samples/2023-12/KoF-processlista.xlsx"),
        dir.join("in/KoF-processlista.xlsx"),
    )
    .unwrap();
    std::fs::copy(dir.join("dec.xlsx"), dir.join("in/dec.xlsx")).unwrap();
    let o = consolidate(&dir, &["in", "-o", "kof.xlsx"]);
    assert!(o.stdout.contains("Läste 1 källa"), "{}", o.stdout);
}

#[test]
fn a_workbook_not_written_by_the_tool_is_refused_plainly() {
    let dir = tempdir("foreign");
    two_months(&dir);
    // A plain process list, as an office sends it.
    let plain = dir.join("plain.xlsx");
    std::fs::copy(dir.join("nov/kson.xlsx"), &plain).unwrap();
    let o = run(
        &[
            "consolidate",
            "dec",
            "--previous",
            "plain.xlsx",
            "-o",
            "x.xlsx",
        ],
        &dir,
    );
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(o.stderr.contains("plain.xlsx"), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("är inte en sammanställning från processlista"),
        "{}",
        o.stderr
    );
    assert!(!dir.join("x.xlsx").exists());
    let o = run(&["diff", "plain.xlsx", "nov/kson.xlsx"], &dir);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("plain.xlsx: är inte en sammanställning"),
        "{}",
        o.stderr
    );
    let o = run(&["diff", "plain.xlsx", "x.xlsx", "--lang", "en"], &dir);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("is not a consolidation written by processlista"),
        "{}",
        o.stderr
    );
    // A text file named .xlsx, and a missing file.
    std::fs::write(dir.join("fake.xlsx"), "not a workbook").unwrap();
    let o = run(&["diff", "fake.xlsx", "plain.xlsx"], &dir);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("fake.xlsx"), "{}", o.stderr);
    let o = run(&["diff", "missing.xlsx", "plain.xlsx"], &dir);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("missing.xlsx"), "{}", o.stderr);

    // A workbook of an older format version.
    let old = dir.join("old.xlsx");
    xlsx(
        &old,
        &[
            ("Processlista", rows(&[&["Process"], &["2.1.1"]])),
            ("Möten", rows(&[&["Process", "Serie"]])),
            (
                "_processlista",
                rows(&[
                    &["key", "value"],
                    &["tool", "processlista"],
                    &["version", "0.0.1"],
                    &["format", "0"],
                ]),
            ),
        ],
    );
    consolidate(&dir, &["nov", "-o", "nov.xlsx"]);
    let o = run(&["diff", "old.xlsx", "nov.xlsx"], &dir);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("old.xlsx"), "{}", o.stderr);
    assert!(o.stderr.contains("format 0"), "{}", o.stderr);
    assert!(o.stderr.contains("Kör förra månadens"), "{}", o.stderr);
}
