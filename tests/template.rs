//! `processlista template`: the template is read back (cells with calamine,
//! data validations from the sheet XML), checked empty and filled in, and
//! filled from the samples with `--from`.

mod common;

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use common::*;
use processlista::output::template::{VERDICT_COMPLETED, VERDICT_CONTINUING};
use serde_json::Value;

const DATE: &str = "240131";

/// Every sheet of a workbook as rows of display strings.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows: Vec<Vec<String>> = vec![Vec::new(); r0 as usize];
            for row in range.rows() {
                let mut cells = vec![String::new(); c0 as usize];
                cells.extend(row.iter().map(|d| match d {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    other => other.to_string(),
                }));
                rows.push(cells);
            }
            (n, rows)
        })
        .collect()
}

/// The XML of the first worksheet.
fn sheet1_xml(path: &Path) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// Each `<dataValidation …>…</dataValidation>` (or self-closed) element.
fn validations(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<dataValidation ") {
        let tail = &rest[i..];
        let open_end = tail.find('>').unwrap();
        let end = if tail[..open_end].ends_with('/') {
            open_end + 1
        } else {
            tail.find("</dataValidation>").unwrap() + "</dataValidation>".len()
        };
        out.push(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

fn attr<'a>(el: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = el.find(&key)? + key.len();
    Some(&el[i..i + el[i..].find('"')?])
}

fn template(dir: &Path, args: &[&str]) -> Out {
    let mut a = vec!["template"];
    a.extend_from_slice(args);
    let out = run(&a, dir);
    assert_eq!(
        out.code, 0,
        "template {args:?}: {}{}",
        out.stdout, out.stderr
    );
    out
}

fn codes_of(report: &Value) -> Vec<String> {
    let mut c = codes(report);
    c.sort();
    c
}

#[test]
fn the_template_has_the_columns_validations_and_instructions() {
    let dir = tempfile::tempdir().unwrap();
    template(
        dir.path(),
        &["-o", "SoC.xlsx", "--office", "soc", "--date", DATE],
    );
    let path = dir.path().join("SoC.xlsx");
    let s = sheets(&path);
    let names: Vec<&str> = s.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Processlista", "Instruktioner"]);
    let list = &s[0].1;
    assert_eq!(list[0][0], "Processlista SoC daterad 240131");
    assert_eq!(
        list[2][..10],
        [
            "Process",
            "Åtgärdsbehov",
            "Aktivitet",
            "Ansvar",
            "Status",
            "Resultat – målbild",
            "Prioritering",
            "Tidsplanering",
            "Status 240131",
            "Förvaltning",
        ]
    );
    // The instructions name every convention.
    let text: String = s[1]
        .1
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    for want in [
        "Processmöte 1 genomfört 240115",
        "Processmöte N genomfört ÅÅMMDD",
        "bokad",
        "inställt",
        "SoC internt",
        "Delprocess: namn",
        VERDICT_CONTINUING,
        VERDICT_COMPLETED,
        "1, 2 eller 3",
        "vt 2024",
        "15/1 2024",
    ] {
        assert!(text.contains(want), "instructions lack {want:?}:\n{text}");
    }

    let xml = sheet1_xml(&path);
    let dvs = validations(&xml);
    let on = |sqref: &str| -> &String {
        dvs.iter()
            .find(|d| attr(d, "sqref") == Some(sqref))
            .unwrap_or_else(|| panic!("no validation on {sqref}: {dvs:#?}"))
    };
    // An input message on every header cell.
    for col in 'A'..='J' {
        let d = on(&format!("{col}3"));
        assert!(attr(d, "promptTitle").is_some_and(|t| !t.is_empty()), "{d}");
        assert!(attr(d, "prompt").is_some_and(|t| t.len() > 20), "{d}");
    }
    let prio = on("G4:G303");
    assert_eq!(attr(prio, "type"), Some("whole"), "{prio}");
    assert_eq!(
        attr(prio, "operator"),
        None,
        "between is the default: {prio}"
    );
    assert!(
        prio.contains("<formula1>1</formula1><formula2>3</formula2>"),
        "{prio}"
    );
    assert_eq!(attr(prio, "showErrorMessage"), Some("1"));
    assert_eq!(
        attr(prio, "errorStyle"),
        None,
        "stop is the default: {prio}"
    );
    assert!(attr(prio, "error").is_some_and(|e| e.contains("1, 2 eller 3")));
    let verdict = on("I4:I303");
    assert_eq!(attr(verdict, "type"), Some("list"));
    assert!(
        verdict.contains(&format!("\"{VERDICT_CONTINUING},{VERDICT_COMPLETED}\"")),
        "{verdict}"
    );
    let office = on("J4:J303");
    assert_eq!(attr(office, "type"), Some("list"));
    assert!(office.contains("\"KSON,SoC,BoU,ToS,KoF,KSK\""), "{office}");
    let id = on("A4:A303");
    assert_eq!(attr(id, "type"), Some("custom"));
    assert!(id.contains("<formula1>AND(LEN(A4)"), "{id}");
    // Locked header, open data rows, frozen panes, the office filled in by a formula.
    assert!(xml.contains("<sheetProtection "), "protected");
    assert!(xml.contains("insertRows=\"0\""), "rows may be inserted");
    assert!(xml.contains("ySplit=\"3\""), "frozen below the header");
    assert!(xml.contains("<f>IF(TRIM($A4)=\"\",\"\",\"SoC\")</f>"));
    assert!(xml.contains("<f>IF(TRIM($A303)=\"\",\"\",\"SoC\")</f>"));
}

#[test]
fn the_english_template_has_english_sheets_and_headers() {
    let dir = tempfile::tempdir().unwrap();
    template(
        dir.path(),
        &[
            "-o", "t.xlsx", "--office", "KSON", "--lang", "en", "--date", DATE,
        ],
    );
    let s = sheets(&dir.path().join("t.xlsx"));
    assert_eq!(s[0].0, "Process list");
    assert_eq!(s[1].0, "Instructions");
    assert_eq!(s[0].1[0][0], "Process list KSON dated 240131");
    assert_eq!(
        s[0].1[2][..10],
        [
            "Process",
            "Need",
            "Activity",
            "Responsibility",
            "Status",
            "Result",
            "Priority",
            "Time plan",
            "Status 240131",
            "Office",
        ]
    );
}

#[test]
fn the_same_options_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let from = repo().join("samples/2023-12/SoC-processlista.xlsx");
    let from = from.to_str().unwrap();
    for name in ["a.xlsx", "b.xlsx"] {
        template(dir.path(), &["-o", name, "--from", from, "--date", DATE]);
    }
    let a = std::fs::read(dir.path().join("a.xlsx")).unwrap();
    let b = std::fs::read(dir.path().join("b.xlsx")).unwrap();
    assert!(a == b, "two runs differ");
}

/// An empty template is an empty list: no process, no meeting, no office or
/// date taken from the example or the instructions, and no finding: the
/// header is a recognisable list with no rows.
#[test]
fn an_empty_template_holds_no_process() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[&str], Option<&str>)] = &[
        ("SoC-tom.xlsx", &["--office", "SoC"], Some("SoC")),
        (
            "mall.xlsx",
            &["--office", "KSK", "--lang", "en"],
            Some("KSK"),
        ),
        // No office: the file name names it; the instructions must not.
        ("BoU-mall.xlsx", &[], Some("BoU")),
        ("mall-utan-kontor.xlsx", &[], None),
    ];
    for (file, extra, office) in cases {
        let mut args = vec!["-o", *file, "--date", DATE];
        args.extend_from_slice(extra);
        template(dir.path(), &args);
        let (code, report) = check_json(dir.path(), &[file], &[]);
        let codes = codes_of(&report);
        assert!(codes.is_empty(), "{file}: {report:#}");
        assert_eq!(code, 0, "{file}");
        assert_eq!(report["summary"]["processes"], 0, "{file}");
        assert_eq!(report["sources"][0]["processes"], 0, "{file}");
        assert_eq!(report["sources"][0]["events"], 0, "{file}");
        assert_eq!(report["as_of"], "2024-01-31", "{file}");
        assert_eq!(report["sources"][0]["office"].as_str(), *office, "{file}");
    }
}

/// The template's own sheets with data rows typed into the process sheet
/// (as an office would, below the header), written as a new workbook.
fn fill(template: &Path, out: &Path, data: &[Vec<C>]) {
    let s = sheets(template);
    let mut out_sheets: Vec<(&str, Vec<Vec<C>>)> = Vec::new();
    for (i, (name, rows)) in s.iter().enumerate() {
        let mut cells: Vec<Vec<C>> = rows
            .iter()
            .map(|r| r.iter().map(|t| s_(t)).collect())
            .collect();
        if i == 0 {
            cells.truncate(3);
            cells.extend(data.iter().cloned());
        }
        out_sheets.push((name.as_str(), cells));
    }
    xlsx(out, &out_sheets);
}

fn s_(t: &str) -> C {
    common::s(t)
}

fn filled_rows(priority: f64) -> Vec<Vec<C>> {
    vec![
        vec![
            s_("2.1.3"),
            s_("Brist på kontaktfamiljer, kontaktpersoner och familjehem"),
            s_("Skapa en resursbank"),
            s_("Ansvar delas med **SoC** KSON och BoU"),
            s_(
                "Processmöte 1 genomfört 231012\nProcessmöte 1 SoC internt genomfört 231020\nProcessmöte 2 genomfört 231115\nProcessmöte 3 bokad 240215\nDelprocess: Familjehem\nProcessmöte 1 genomfört 231201",
            ),
            s_("Upptäcka barn i behov av stöd i tid"),
            C::N(priority),
            s_("2023 – 2024"),
            s_(VERDICT_CONTINUING),
            s_("SoC"),
        ],
        vec![
            s_("2.3.2"),
            s_("Samordnad information"),
            s_("Gemensam webbsida"),
            s_("SoC"),
            s_(
                "Processmöte 1 genomfört 230301\nProcessmöte 2 inställt 230405\nProcessmöte 3 genomfört 230510\nProcessen avslutad 230601",
            ),
            s_("En väg in"),
            C::N(3.0),
            s_("vt 2023"),
            s_(VERDICT_COMPLETED),
            s_("SoC"),
        ],
    ]
}

#[test]
fn a_filled_in_template_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    template(
        dir.path(),
        &["-o", "mall.xlsx", "--office", "SoC", "--date", DATE],
    );
    fill(
        &dir.path().join("mall.xlsx"),
        &dir.path().join("SoC-processlista.xlsx"),
        &filled_rows(1.0),
    );
    let (code, report) = check_json(dir.path(), &["SoC-processlista.xlsx"], &[]);
    assert_eq!(triples(&report), vec![], "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(report["as_of"], "2024-01-31");
    assert_eq!(report["summary"]["processes"], 2);
    assert_eq!(report["summary"]["verdicts"]["continuing"], 1);
    assert_eq!(report["summary"]["verdicts"]["completed"], 1);
    assert_eq!(report["summary"]["meetings"]["held"], 6);
    assert_eq!(report["summary"]["meetings"]["booked"], 1);
    assert_eq!(report["summary"]["meetings"]["cancelled"], 1);
    assert_eq!(report["sources"][0]["office"], "SoC");
}

#[test]
fn a_priority_typed_over_the_validation_is_still_caught() {
    let dir = tempfile::tempdir().unwrap();
    template(
        dir.path(),
        &["-o", "mall.xlsx", "--office", "SoC", "--date", DATE],
    );
    fill(
        &dir.path().join("mall.xlsx"),
        &dir.path().join("SoC-processlista.xlsx"),
        &filled_rows(4.0),
    );
    let (code, report) = check_json(dir.path(), &["SoC-processlista.xlsx"], &[]);
    assert_eq!(
        triples(&report),
        vec![(
            "invalid-priority".to_string(),
            "2.1.3".to_string(),
            "G4".to_string()
        )],
        "{report:#}"
    );
    assert_eq!(code, 1);
}

/// Process ids, meetings held and the verdict of every process of one run.
fn processes(file: &Path) -> Vec<(String, usize, Option<String>)> {
    let mut opts = processlista::Options::new(
        vec![file.to_path_buf()],
        processlista::config::Config::default(),
    );
    opts.as_of = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
    let run = processlista::run(&opts).unwrap();
    run.model
        .processes
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                p.meetings.len(),
                p.verdict.as_ref().map(|v| v.verdict.phrase.to_string()),
            )
        })
        .collect()
}

#[test]
fn from_an_office_list_round_trips_the_samples() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "SoC-processlista.xlsx",
        "KSON-processlista.xlsx",
        "BoU-processlista.xlsx",
        "KoF-processlista.xlsx",
        "ToS-processlista.csv",
    ] {
        let from = repo().join("samples/2023-12").join(name);
        let out = format!("mall-{name}.xlsx");
        template(
            dir.path(),
            &[
                "-o",
                &out,
                "--from",
                from.to_str().unwrap(),
                "--date",
                "231231",
            ],
        );
        let as_of = &["--as-of", "2023-12-31"];
        let (_, before) = check_json(dir.path(), &[from.to_str().unwrap()], as_of);
        let (_, after) = check_json(dir.path(), &[&out], as_of);
        let pairs = |r: &Value| {
            let mut v: Vec<(String, String)> = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    (
                        f["code"].as_str().unwrap().to_string(),
                        f["process"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(pairs(&before), pairs(&after), "{name}: {after:#}");
        assert_eq!(before["summary"], after["summary"], "{name}");
        assert_eq!(
            before["sources"][0]["office"], after["sources"][0]["office"],
            "{name}"
        );
        assert_eq!(
            processes(&from),
            processes(&dir.path().join(&out)),
            "{name}"
        );
    }
    // SoC's extra column is carried over.
    let s = sheets(&dir.path().join("mall-SoC-processlista.xlsx.xlsx"));
    assert_eq!(s[0].1[2][10], "Kommentar");
}

/// A template for a later month does not relabel last month's verdict as
/// the new month's: the old one is carried in the status log with its own
/// date, the new verdict column is empty, and the check says the verdict is
/// stale. (Made for the same date, the verdict stays in its column.)
#[test]
fn a_later_date_carries_the_old_verdict_with_its_own_date() {
    let dir = tempfile::tempdir().unwrap();
    let from = repo().join("samples/2023-12/KSON-processlista.xlsx");
    template(
        dir.path(),
        &[
            "-o",
            "KSON-jan.xlsx",
            "--from",
            from.to_str().unwrap(),
            "--date",
            DATE,
        ],
    );
    let s = sheets(&dir.path().join("KSON-jan.xlsx"));
    let list = &s[0].1;
    assert_eq!(list[0][0], "Processlista KSON daterad 240131");
    assert_eq!(list[2][8], "Status 240131");
    let row = list.iter().find(|r| r[0] == "2.1.1").unwrap();
    assert!(
        row[4].ends_with(&format!("Status 231231: {VERDICT_CONTINUING}")),
        "{}",
        row[4]
    );
    assert_eq!(row[8], "", "January's verdict is nobody's yet");
    // The reporting date is the title's, not the carried verdicts'.
    let (_, report) = check_json(dir.path(), &["KSON-jan.xlsx"], &[]);
    assert_eq!(report["as_of"], "2024-01-31");
    let stale: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "stale-verdict")
        .collect();
    assert!(stale.iter().any(|f| f["process"] == "2.1.1"), "{report:#}");
    // The same date keeps the verdict in its column, and nothing is stale.
    template(
        dir.path(),
        &[
            "-o",
            "KSON-dec.xlsx",
            "--from",
            from.to_str().unwrap(),
            "--date",
            "231231",
        ],
    );
    let s = sheets(&dir.path().join("KSON-dec.xlsx"));
    let row = s[0].1.iter().find(|r| r[0] == "2.1.1").unwrap();
    assert_eq!(row[8], VERDICT_CONTINUING);
    assert!(!row[4].contains("Status 231231"), "{}", row[4]);
    let (_, report) = check_json(dir.path(), &["KSON-dec.xlsx"], &[]);
    assert!(
        !codes_of(&report).iter().any(|c| c.ends_with("verdict")),
        "{report:#}"
    );
}

#[test]
fn from_a_consolidated_workbook_takes_one_office() {
    let dir = tempfile::tempdir().unwrap();
    // Three offices' lists, consolidated by the tool itself.
    for (office, id, resp, status, prio, verdict) in [
        (
            "KSON",
            "2.1.1",
            "**KSON** och SoC",
            "Processmöte 1 genomfört 230115",
            "1",
            VERDICT_CONTINUING,
        ),
        (
            "BoU",
            "2.1.2",
            "**BoU** och SoC",
            "Processmöte 1 genomfört 230215",
            "2",
            VERDICT_COMPLETED,
        ),
        (
            "KoF",
            "2.1.3",
            "**KoF**",
            "Processmöte 1 genomfört 230315",
            "3",
            VERDICT_COMPLETED,
        ),
    ] {
        let list = vec![
            vec![format!("Processlista {office} daterad 231231")],
            HEADER.iter().map(|h| h.to_string()).collect(),
            [
                id,
                "Behov",
                "Aktivitet",
                resp,
                status,
                "Mål",
                prio,
                "2023",
                verdict,
            ]
            .iter()
            .map(|x| x.to_string())
            .collect(),
        ];
        xlsx(
            &dir.path().join(format!("{office}.xlsx")),
            &[("Blad1", to_cells(&list))],
        );
    }
    let out = run(
        &[
            "consolidate",
            "KSON.xlsx",
            "BoU.xlsx",
            "KoF.xlsx",
            "-o",
            "processlista-2023-12-31.xlsx",
        ],
        dir.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    template(
        dir.path(),
        &[
            "-o",
            "SoC.xlsx",
            "--from",
            "processlista-2023-12-31.xlsx",
            "--office",
            "SoC",
            "--date",
            "231231",
        ],
    );
    let s = sheets(&dir.path().join("SoC.xlsx"));
    let ids: Vec<&str> = s[0].1[3..]
        .iter()
        .map(|r| r[0].as_str())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(ids, ["2.1.1", "2.1.2"]);
    // SoC shares both but leads neither and reported neither: it gets the
    // processes, not KSON's or BoU's status lines, priority or verdict.
    assert_eq!(s[0].1[3][4], "", "{:?}", s[0].1[3]);
    assert_eq!(s[0].1[3][6], "");
    assert_eq!(s[0].1[3][8], "");
    // KSON leads 2.1.1: it continues its own log, priority and verdict.
    template(
        dir.path(),
        &[
            "-o",
            "KSON-mall.xlsx",
            "--from",
            "processlista-2023-12-31.xlsx",
            "--office",
            "KSON",
            "--date",
            "231231",
        ],
    );
    let k = sheets(&dir.path().join("KSON-mall.xlsx"));
    assert_eq!(k[0].1[3][0], "2.1.1");
    assert!(
        k[0].1[3][4].starts_with("Processmöte 1 genomfört 2023-01-15"),
        "{:?}",
        k[0].1[3]
    );
    assert_eq!(k[0].1[3][8], VERDICT_CONTINUING);
    assert_eq!(k[0].1[3][6], "1");
    // The consolidated workbook's own columns are not carried to an office list.
    assert_eq!(s[0].1[2].len(), 10, "{:?}", s[0].1[2]);

    let out = run(
        &[
            "template",
            "-o",
            "x.xlsx",
            "--from",
            "processlista-2023-12-31.xlsx",
        ],
        dir.path(),
    );
    assert_eq!(out.code, 2, "whose processes? {}", out.stderr);
    assert!(out.stderr.contains("--office"), "{}", out.stderr);
}

#[test]
fn bad_options_stop_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["template", "-o", "x.xlsx", "--office", "FRI"], dir.path());
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("KSON"),
        "names the known offices: {}",
        out.stderr
    );
    let out = run(
        &["template", "-o", "x.xlsx", "--date", "230231"],
        dir.path(),
    );
    assert_eq!(out.code, 2);
    template(dir.path(), &["-o", "x.xlsx", "--office", "SoC"]);
    let before = std::fs::read(dir.path().join("x.xlsx")).unwrap();
    let out = run(
        &["template", "-o", "x.xlsx", "--from", "x.xlsx"],
        dir.path(),
    );
    assert_eq!(out.code, 2, "never over the input");
    assert_eq!(std::fs::read(dir.path().join("x.xlsx")).unwrap(), before);
}

#[test]
fn the_verdict_phrases_classify_with_the_default_configuration() {
    use processlista::{model::status::Outcome, normalize::status::Classifier};
    let c = Classifier::new(&processlista::config::Config::default(), 2024);
    assert_eq!(
        c.verdict_from_phrase(VERDICT_CONTINUING).outcome,
        Outcome::Continuing
    );
    assert_eq!(
        c.verdict_from_phrase(VERDICT_COMPLETED).outcome,
        Outcome::Completed
    );
}

/// From a real consolidation, an office takes only what it reported itself:
/// no other office's lines or values end up in its list as its own.
#[test]
fn from_the_samples_consolidation_an_office_takes_only_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("samples/2023-12");
    let out = run(
        &["consolidate", samples.to_str().unwrap(), "-o", "dec.xlsx"],
        dir.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    for office in ["KSON", "SoC"] {
        let file = format!("{office}-mall.xlsx");
        template(
            dir.path(),
            &[
                "-o", &file, "--from", "dec.xlsx", "--office", office, "--date", "240131",
            ],
        );
        let s = sheets(&dir.path().join(&file));
        let rows = &s[0].1[3..];
        assert!(
            rows.iter()
                .flatten()
                .all(|c| !c.contains("[SoC]") && !c.contains("[KSON]") && !c.contains("[BoU]")),
            "{office}: another office's tagged line was copied"
        );
        let row = rows
            .iter()
            .find(|r| r[0] == "2.1.3")
            .unwrap_or_else(|| panic!("{office} has 2.1.3"));
        // SoC leads 2.1.3: it keeps the priority; KSON does not take SoC's.
        let expected_priority = if office == "SoC" { "1" } else { "" };
        assert_eq!(row[6], expected_priority, "{office}");
    }
}
