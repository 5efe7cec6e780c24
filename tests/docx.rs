//! Word documents as input: the attachment's shape (one table per process),
//! a table with a header row, fields inside cells, bold runs for the lead
//! office, the title and totals in the paragraphs, locations that name the
//! table, row and column (or the paragraph), hostile documents, and the
//! round trip of a written attachment. Fixtures are made with docx-rs.

mod common;

use std::fs::File;
use std::io::Write;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
use serde_json::Value;
use zip::write::SimpleFileOptions;

use common::*;

/// A paragraph of plain and bold pieces.
fn para(pieces: &[(&str, bool)]) -> Paragraph {
    let mut p = Paragraph::new();
    for (t, bold) in pieces {
        let r = Run::new().add_text(*t);
        p = p.add_run(if *bold { r.bold() } else { r });
    }
    p
}

fn plain(t: &str) -> Paragraph {
    para(&[(t, false)])
}

/// A cell of paragraphs, each of plain and bold pieces.
fn cell(paras: &[&[(&str, bool)]]) -> TableCell {
    let mut c = TableCell::new();
    for p in paras {
        c = c.add_paragraph(para(p));
    }
    c
}

/// A cell of plain lines, one paragraph each.
fn lines(text: &[&str]) -> TableCell {
    let mut c = TableCell::new();
    for t in text {
        c = c.add_paragraph(plain(t));
    }
    c
}

/// One process in the attachment's shape: five rows of two cells.
struct Shaped<'a> {
    n: usize,
    id: &'a str,
    responsibility: &'a [(&'a str, bool)],
    need: &'a str,
    activity: &'a str,
    status: &'a [&'a str],
    result: &'a str,
    priority: &'a str,
    plan: &'a str,
}

fn shaped(p: &Shaped) -> Table {
    let head = format!("Åtgärdsbehov {} process {}", p.n, p.id);
    let activity = format!("Aktivitet {}", p.n);
    let priority = format!("Prioritering {}", p.priority);
    let plan = format!("Tidsplanering {}", p.plan);
    Table::new(vec![
        TableRow::new(vec![
            cell(&[&[(&head, true)], p.responsibility]),
            cell(&[&[(&activity, true)]]),
        ]),
        TableRow::new(vec![lines(&[p.need]), lines(&[p.activity])]),
        TableRow::new(vec![
            lines(p.status),
            cell(&[&[("Resultat – målbild", true)], &[(p.result, false)]]),
        ]),
        TableRow::new(vec![lines(&[&priority]), lines(&[""])]),
        TableRow::new(vec![lines(&[&plan]), lines(&[""])]),
    ])
}

/// Process 2.1.1, shared by KSON and SoC (SoC bold, second), with the
/// given status log.
fn first_process<'a>(status: &'a [&'a str]) -> Shaped<'a> {
    Shaped {
        n: 1,
        id: "2.1.1",
        responsibility: &[("Ansvar delas med KSON och ", false), ("SoC", true)],
        need: "Väntetiderna är långa.",
        activity: "Utveckla samverkan.",
        status,
        result: "En sömlös patientresa",
        priority: "1",
        plan: "2023 – 2024",
    }
}

fn save(docx: Docx, path: &Path) {
    docx.build().pack(File::create(path).unwrap()).unwrap();
}

/// KSON's attachment for three processes, in the seed's shape. 2.1.1 is
/// shared, SoC set in bold second, and misses meeting 2; 2.1.2 names KSK
/// bold first of four; 2.2.1 is completed but has priority 5. The
/// paragraphs: the title block (paragraphs 1–3), an empty paragraph after
/// each table, and the totals (paragraphs 7–9), where "Slutförda" says 2
/// and the rows give 1.
fn kson_attachment(path: &Path, completed_stated: usize) {
    let mut docx = Docx::new()
        .add_paragraph(plain("Bilaga 4 – KSON Processlista"))
        .add_paragraph(plain("Handlingsplan Tillsammans för psykisk hälsa"))
        .add_paragraph(plain("3 processer KSON daterad 231231"));
    let tables = [
        first_process(&[
            "Status: Arbete pågått hela 2023",
            "Processmöte 1 genomfört 230115",
            "Processmöte 3 genomfört 230301",
            "Status 231231: Fortsatt behov av processledning",
        ]),
        Shaped {
            n: 2,
            id: "2.1.2",
            responsibility: &[
                ("Ansvar delas med ", false),
                ("KSK", true),
                (" KSON, BoU och SoC", false),
            ],
            need: "Behov av föräldraskapsstöd.",
            activity: "Utbilda gruppledare.",
            status: &[
                "Status:",
                "Processmöte 1 genomfört 230206",
                "Processmöte 2 genomfört 230323",
                "Status 231231: Fortsatt behov av processledning",
            ],
            result: "Ett samordnat utbud",
            priority: "2",
            plan: "2023",
        },
        Shaped {
            n: 3,
            id: "2.2.1",
            responsibility: &[("Ansvar ", false), ("KSON", true)],
            need: "Elevhälsan behöver stärkas.",
            activity: "Ta fram en plan.",
            status: &[
                "Status: Planen antagen 230601",
                "Processmöte 1 genomfört 230210",
                "Status 231231: Inget behov av fortsatt processledning",
            ],
            result: "Ett förebyggande arbete",
            priority: "5",
            plan: "2023",
        },
    ];
    for t in &tables {
        docx = docx.add_table(shaped(t)).add_paragraph(plain(""));
    }
    docx = docx
        .add_paragraph(plain("KSON:s 3 processer ser ut enligt nedan"))
        .add_paragraph(plain(&format!(
            "Slutförda per 231231: {completed_stated} st"
        )))
        .add_paragraph(plain("Fortsatt behov av processledning: 2 st"));
    save(docx, path);
}

/// The rows of a sheet of a written workbook, as text.
fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The Processlista row of process `id`, by the header's names.
fn process_row(rows: &[Vec<String>], id: &str) -> std::collections::BTreeMap<String, String> {
    let header = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "Process"))
        .expect("a header row");
    let row = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == id))
        .unwrap_or_else(|| panic!("no row for {id}"));
    header.iter().cloned().zip(row.iter().cloned()).collect()
}

/// The lead office of a Processlista row: the first of its Ansvar cell.
fn lead_of(row: &std::collections::BTreeMap<String, String>) -> String {
    row["Ansvar"].split(',').next().unwrap().trim().to_string()
}

#[test]
fn an_attachment_is_read_with_its_lead_offices_totals_and_locations() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    kson_attachment(&d.join("bilaga.docx"), 2);
    let (code, report) = check_json(d, &["bilaga.docx"], &[]);
    assert_eq!(code, 1, "{report:#}");
    let source = &report["sources"][0];
    assert_eq!(source["status"], "ok", "{source:#}");
    assert_eq!(source["office"], "KSON", "{source:#}");
    assert_eq!(source["processes"], 3, "{source:#}");
    assert_eq!(report["as_of"], "2023-12-31");

    // Meeting 2 of 2.1.1 is missing: the status cell is table 1, row 3,
    // column 1.
    let gap = findings_of(&report, "meeting-gap");
    assert_eq!(gap.len(), 1, "{report:#}");
    assert_eq!(gap[0]["process"], "2.1.1");
    assert_eq!(gap[0]["details"]["missing"], serde_json::json!([2]));
    let at = &gap[0]["source"];
    assert_eq!(
        (&at["sheet"], &at["table"], &at["row"], &at["column"]),
        (
            &Value::from("Tabell 1"),
            &Value::from(1),
            &Value::from(3),
            &Value::from(1)
        ),
        "{at:#}"
    );
    // The priority of 2.2.1: table 3, row 4.
    let prio = findings_of(&report, "invalid-priority");
    assert_eq!(prio.len(), 1, "{report:#}");
    assert_eq!(
        (&prio[0]["source"]["table"], &prio[0]["source"]["row"]),
        (&Value::from(3), &Value::from(4))
    );
    // "Slutförda per 231231: 2 st", paragraph 8 (three title paragraphs,
    // one empty paragraph after each table, the totals' heading); the other
    // totals are right and give nothing.
    let totals = findings_of(&report, "totals-mismatch");
    assert_eq!(totals.len(), 1, "{report:#}");
    assert_eq!(totals[0]["details"]["stated"], 2);
    assert_eq!(totals[0]["details"]["computed"], 1);
    assert_eq!(totals[0]["source"]["paragraph"], 8, "{:#}", totals[0]);
    assert_eq!(totals[0]["source"]["sheet"], "Stycken");
    assert!(totals[0]["source"].get("table").is_none());
    // Nothing else is wrong with the document.
    let mut all = codes(&report);
    all.sort();
    assert_eq!(
        all,
        ["invalid-priority", "meeting-gap", "totals-mismatch"],
        "{report:#}"
    );

    // The terminal names the table, row and column, in either language.
    let out = run(&["check", "bilaga.docx"], d);
    assert!(
        out.stdout.contains("tabell 1, rad 3, kolumn 1"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("stycke 8"), "{}", out.stdout);
    let out = run(&["check", "bilaga.docx", "--lang", "en"], d);
    assert!(
        out.stdout.contains("table 1, row 3, column 1"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("paragraph 8"), "{}", out.stdout);

    // The consolidated workbook: the bold office leads, wherever it stood,
    // and Avvikelser says where each finding is.
    let out = run(&["consolidate", "bilaga.docx", "-o", "ut.xlsx"], d);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let rows = sheet_rows(&d.join("ut.xlsx"), "Processlista");
    let lead = |id: &str| lead_of(&process_row(&rows, id));
    assert_eq!(process_row(&rows, "2.1.1")["Ansvar"], "SoC, KSON");
    assert_eq!(lead("2.1.1"), "SoC");
    assert_eq!(lead("2.1.2"), "KSK");
    assert_eq!(lead("2.2.1"), "KSON");
    let p = process_row(&rows, "2.1.2");
    assert_eq!(p["Åtgärdsbehov"], "Behov av föräldraskapsstöd.");
    assert_eq!(p["Aktivitet"], "Utbilda gruppledare.");
    assert_eq!(p["Prioritering"], "2");
    assert!(p["Status"].contains("Processmöte 2 genomfört"), "{p:#?}");
    let dev = sheet_rows(&d.join("ut.xlsx"), "Avvikelser");
    let flat: Vec<String> = dev.iter().map(|r| r.join(" | ")).collect();
    assert!(
        flat.iter()
            .any(|r| r.contains("meeting-gap")
                && r.contains("bilaga.docx – tabell 1, rad 3, kolumn 1")),
        "{flat:#?}"
    );
    assert!(
        flat.iter()
            .any(|r| r.contains("totals-mismatch") && r.contains("stycke 8")),
        "{flat:#?}"
    );
}

#[test]
fn a_clean_attachment_gives_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let docx = Docx::new()
        .add_paragraph(plain("Bilaga 4 – KSON Processlista"))
        .add_paragraph(plain("1 processer KSON daterad 231231"))
        .add_table(shaped(&first_process(&[
            "Status: Arbete pågått hela 2023",
            "Processmöte 1 genomfört 230115",
            "Processmöte 2 genomfört 230301",
            "Status 231231: Fortsatt behov av processledning",
        ])))
        .add_paragraph(plain("Slutförda per 231231: 0 st"))
        .add_paragraph(plain("Fortsatt behov av processledning: 1 st"));
    save(docx, &d.join("bilaga.docx"));
    let (code, report) = check_json(d, &["bilaga.docx"], &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(codes(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(report["summary"]["meetings"]["held"], 2);
    assert_eq!(report["summary"]["verdicts"]["continuing"], 1);
}

/// A table with a header row, one row per process, and a second table of
/// fields inside cells (one row per process, the labels in the cells): both
/// are read, each cell at its own row and column.
#[test]
fn tables_with_a_header_row_and_with_fields_in_cells_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let header = TableRow::new(
        [
            "Process",
            "Åtgärdsbehov",
            "Ansvar",
            "Status",
            "Prioritering",
            "Tidsplanering",
        ]
        .iter()
        .map(|h| lines(&[h]))
        .collect(),
    );
    let wide = Table::new(vec![
        header,
        TableRow::new(vec![
            lines(&["3.1.1"]),
            lines(&["Samverkan saknas."]),
            cell(&[&[("KSON och ", false), ("BoU", true)]]),
            lines(&[
                "Processmöte 1 genomfört 230115",
                "Processmöte 2 genomfört 230230",
            ]),
            lines(&["1"]),
            lines(&["2023"]),
        ]),
        TableRow::new(vec![
            lines(&["3.1.2"]),
            lines(&["Rutiner saknas."]),
            lines(&["ToS"]),
            lines(&["Processmöte 1 genomfört 230301"]),
            lines(&["2"]),
            lines(&["2023"]),
        ]),
    ]);
    let in_cells = Table::new(vec![TableRow::new(vec![
        cell(&[
            &[("Åtgärdsbehov 4 process 3.2.1", true)],
            &[("Ansvar delas med KoF och ", false), ("SoC", true)],
            &[("Lokaler saknas.", false)],
        ]),
        lines(&["Aktivitet 4", "Inventera lokaler."]),
        lines(&[
            "Status:",
            "Processmöte 1 genomfört 230405",
            "Processmöte 1 genomfört 230506",
        ]),
        lines(&["Prioritering 3"]),
    ])]);
    let docx = Docx::new()
        .add_paragraph(plain("Processlista BoU daterad 231231"))
        .add_table(wide)
        .add_paragraph(plain(""))
        .add_table(in_cells);
    save(docx, &d.join("lista.docx"));
    let (_, report) = check_json(d, &["lista.docx"], &[]);
    assert_eq!(report["sources"][0]["processes"], 3, "{report:#}");
    assert_eq!(report["sources"][0]["office"], "BoU", "{report:#}");
    // 230230 in the header-row table: row 2, column 4.
    let bad = findings_of(&report, "invalid-date");
    assert_eq!(bad.len(), 1, "{report:#}");
    let at = &bad[0]["source"];
    assert_eq!(
        (&at["table"], &at["row"], &at["column"]),
        (&Value::from(1), &Value::from(2), &Value::from(4)),
        "{at:#}"
    );
    // Meeting 1 twice in the second table's only row, column 3.
    let dup = findings_of(&report, "meeting-duplicate");
    assert_eq!(dup.len(), 1, "{report:#}");
    assert_eq!(dup[0]["process"], "3.2.1");
    let at = &dup[0]["source"];
    assert_eq!(
        (&at["table"], &at["row"], &at["column"]),
        (&Value::from(2), &Value::from(1), &Value::from(3)),
        "{at:#}"
    );
    let out = run(&["consolidate", "lista.docx", "-o", "ut.xlsx"], d);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let rows = sheet_rows(&d.join("ut.xlsx"), "Processlista");
    let p = process_row(&rows, "3.1.1");
    assert_eq!(lead_of(&p), "BoU", "{p:#?}");
    assert_eq!(p["Ansvar"], "BoU, KSON", "{p:#?}");
    assert_eq!(p["Åtgärdsbehov"], "Samverkan saknas.");
    let p = process_row(&rows, "3.2.1");
    assert_eq!(p["Ansvar"], "SoC, KoF", "{p:#?}");
    assert_eq!(p["Åtgärdsbehov"], "Lokaler saknas.");
    assert_eq!(p["Aktivitet"], "Inventera lokaler.");
    assert_eq!(p["Prioritering"], "3");
    assert_eq!(process_row(&rows, "3.1.2")["Ansvar"], "ToS");
}

/// A docx with the given document part (and nothing else a reader needs).
fn docx_with_part(path: &Path, document: &[u8]) {
    let mut z = zip::ZipWriter::new(File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(document).unwrap();
    z.finish().unwrap();
}

/// A compound (OLE) file with the given streams.
fn compound(path: &Path, streams: &[(&str, &[u8])]) {
    let mut c = cfb::create(path).unwrap();
    for (name, bytes) in streams {
        c.create_stream(name).unwrap().write_all(bytes).unwrap();
    }
    c.flush().unwrap();
}

#[test]
fn hostile_documents_are_refused_each_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    kson_attachment(&d.join("good.docx"), 1);
    let good = std::fs::read(d.join("good.docx")).unwrap();
    std::fs::write(d.join("truncated.docx"), &good[..good.len() / 2]).unwrap();
    // A bomb: 2 GiB of zeros in the document part, deflated in pieces.
    {
        let opts = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        let mut z = zip::ZipWriter::new(File::create(d.join("bomb.docx")).unwrap());
        z.start_file("word/document.xml", opts).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..2048 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    // Encrypted, as Word saves it: a compound file with EncryptedPackage.
    compound(
        &d.join("locked.docx"),
        &[
            ("/EncryptionInfo", &[4, 0, 4, 0, 0x40, 0, 0, 0]),
            ("/EncryptedPackage", &[7u8; 4096]),
        ],
    );
    // A Word 97–2003 document named .docx.
    compound(
        &d.join("old.docx"),
        &[("/WordDocument", &[0xEC, 0xA5, 0xC1, 0, 0, 0, 0, 0])],
    );
    docx_with_part(
        &d.join("broken.docx"),
        b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>x</w:t></w:p></w:body>",
    );
    // A table wider than the limits allow (limits.max_cols is 16,384):
    // the span reaches past the last column.
    docx_with_part(
        &d.join("wide.docx"),
        br#"<w:document xmlns:w="w"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="4000000000"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>far away</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#,
    );
    // Paragraphs only: no table to read.
    save(
        Docx::new()
            .add_paragraph(plain("Protokoll från styrgruppen 231115"))
            .add_paragraph(plain("Processlistan gicks igenom.")),
        &d.join("protokoll.docx"),
    );
    let (code, report) = check_json(d, &["."], &[]);
    assert_eq!(code, 1, "{report:#}");
    let unreadable: Vec<(String, String)> = findings_of(&report, "file-unreadable")
        .iter()
        .map(|f| {
            let file = f["source"]["file"].as_str().unwrap();
            (
                Path::new(file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                f["details"]["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect: &[(&str, &[&str])] = &[
        ("bomb.docx", &["refused before unpacking"]),
        (
            "broken.docx",
            &["Word document is damaged", "not well-formed"],
        ),
        (
            "locked.docx",
            &["Word document is password protected", "Word"],
        ),
        ("old.docx", &["Word 97–2003", "save it as .docx"]),
        ("truncated.docx", &["damaged or truncated"]),
        ("wide.docx", &["Tabell 1", "limits.max_cols"]),
    ];
    for (file, words) in expect {
        let reason = &unreadable
            .iter()
            .find(|(f, _)| f == file)
            .unwrap_or_else(|| panic!("no file-unreadable for {file}: {unreadable:#?}"))
            .1;
        for w in *words {
            assert!(reason.contains(w), "{file}: {reason:?} lacks {w:?}");
        }
    }
    assert_eq!(unreadable.len(), expect.len(), "{unreadable:#?}");
    // The document without tables: no process table, its text kept.
    let none = findings_of(&report, "no-process-table");
    assert_eq!(none.len(), 1, "{report:#}");
    assert!(
        none[0]["source"]["file"]
            .as_str()
            .unwrap()
            .ends_with("protokoll.docx")
    );
    // The good document is read as if alone.
    let good = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"].as_str().unwrap().ends_with("good.docx"))
        .unwrap();
    assert_eq!(
        (&good["status"], &good["processes"]),
        (&Value::from("ok"), &Value::from(3))
    );

    // In Swedish, the terminal says what to do.
    let out = run(&["check", "locked.docx", "old.docx"], d);
    assert!(
        out.stdout.contains("Word-dokumentet är lösenordsskyddat"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("spara det som .docx"), "{}", out.stdout);
}

/// The samples' attachment, read back, gives the processes and meetings of
/// the lists it was written from, and the same meeting findings: a meeting
/// that two offices date differently (meeting-conflict) is one number twice
/// in the one document (meeting-duplicate). Written twice, it is the same
/// bytes.
#[test]
fn the_samples_attachment_reads_back_as_the_lists_it_was_written_from() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let month = repo().join("samples/2023-12");
    let month = month.to_str().unwrap();
    for name in ["a.docx", "b.docx"] {
        // Exit status 1: the lists have errors, which the attachment keeps.
        let out = run(&["attachment", month, "-o", name], d);
        assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    }
    assert_eq!(
        std::fs::read(d.join("a.docx")).unwrap(),
        std::fs::read(d.join("b.docx")).unwrap()
    );

    let run_on = |input: std::path::PathBuf| {
        let mut opts =
            processlista::Options::new(vec![input], processlista::config::Config::default());
        opts.as_of = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
        processlista::run(&opts).unwrap()
    };
    let lists = run_on(repo().join("samples/2023-12"));
    let back = run_on(d.join("a.docx"));

    type Meetings = std::collections::BTreeMap<String, Vec<(String, Option<u32>, String)>>;
    let meetings = |r: &processlista::Run| -> Meetings {
        r.model
            .processes
            .iter()
            .map(|p| {
                let mut ms: Vec<(String, Option<u32>, String)> = p
                    .meetings
                    .iter()
                    .map(|m| {
                        (
                            m.series.label(),
                            m.number(&r.model.rows),
                            m.date_range(&r.model.rows)
                                .map(|(a, b)| format!("{a}..{b}"))
                                .unwrap_or_default(),
                        )
                    })
                    .collect();
                ms.sort();
                (p.id.to_string(), ms)
            })
            .collect()
    };
    let (a, b) = (meetings(&lists), meetings(&back));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the processes"
    );
    assert!(a.values().map(Vec::len).sum::<usize>() > 100);
    for (id, ms) in &a {
        assert_eq!(ms, &b[id], "the meetings of {id}");
    }

    const MEETING: &[&str] = &[
        "meeting-duplicate",
        "meeting-gap",
        "meeting-order",
        "meeting-unnumbered",
        "stale-booking",
        "future-date",
        "after-closure",
        "outside-plan",
    ];
    let meeting_findings = |r: &processlista::Run| {
        let mut out: Vec<(String, String, String)> = r
            .findings
            .iter()
            .filter_map(|f| {
                let code = match f.code.as_str() {
                    "meeting-conflict" => "meeting-duplicate",
                    c if MEETING.contains(&c) => c,
                    _ => return None,
                };
                let number = f.details.get("number").map(|n| n.to_string());
                let missing = f.details.get("missing").map(|n| n.to_string());
                Some((
                    code.to_string(),
                    f.process.clone().unwrap_or_default().to_string(),
                    number.or(missing).unwrap_or_default(),
                ))
            })
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let (fa, fb) = (meeting_findings(&lists), meeting_findings(&back));
    assert!(!fa.is_empty());
    assert_eq!(fa, fb);
}

/// A document with more rows or paragraphs than the limits allow is refused
/// while it is read, and read when the limits are raised.
#[test]
fn a_long_document_is_held_to_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rows: Vec<TableRow> = (1..=40)
        .map(|i| {
            TableRow::new(vec![
                lines(&[&format!("5.1.{i}")]),
                lines(&["Processmöte 1 genomfört 230115"]),
            ])
        })
        .collect();
    let header = TableRow::new(vec![lines(&["Process"]), lines(&["Status"])]);
    let mut all = vec![header];
    all.extend(rows);
    let mut docx = Docx::new().add_table(Table::new(all));
    for i in 0..50 {
        docx = docx.add_paragraph(plain(&format!("Rad {i}")));
    }
    save(docx, &d.join("lang.docx"));
    let (_, report) = check_json(d, &["lang.docx"], &[]);
    assert_eq!(report["sources"][0]["processes"], 40, "{report:#}");
    for (limit, what) in [(20, "Tabell 1"), (45, "Stycken")] {
        std::fs::write(
            d.join("cfg.toml"),
            format!("[limits]\nmax_rows = {limit}\n"),
        )
        .unwrap();
        let (code, report) = check_json(d, &["lang.docx"], &["--config", "cfg.toml"]);
        assert_eq!(code, 1, "{report:#}");
        let f = &findings_of(&report, "file-unreadable")[0];
        let reason = f["details"]["reason"].as_str().unwrap();
        assert!(
            reason.contains(what) && reason.contains("limits.max_rows"),
            "{reason}"
        );
    }
}
