//! `processlista consolidate` through real files: office lists written with
//! rust_xlsxwriter, the binary run on them, the workbook read back with
//! calamine (and unzipped for what calamine does not read).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;

const BIN: &str = env!("CARGO_BIN_EXE_processlista");

const HEADERS: [&str; 10] = [
    "Process",
    "Åtgärdsbehov",
    "Aktivitet",
    "Ansvar delas med",
    "Status",
    "Resultat – målbild",
    "Prioritering",
    "Tidsplanering",
    "Status 231231",
    "Kommentar",
];

/// A fresh, empty folder for one test.
fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "processlista-consolidate-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// An office list: a title row, a header row on row 3, one row per process.
fn write_list(path: &Path, office: &str, rows: &[[&str; 10]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Processer").unwrap();
    ws.write_string(0, 0, format!("Processlista {office} daterad 231231"))
        .unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(3 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// Two offices, three processes: 2.1.1 continuing, 2.1.3 completed (reported
/// by both, meeting 2 missing), 2.2.1 without a verdict.
fn inputs(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    write_list(
        &input.join("kson.xlsx"),
        "KSON",
        &[
            [
                "2.1.1",
                "Väntetiderna till den specialiserade barn- och ungdomsvården är långa",
                "Utveckla samverkan och flödet",
                "**KSON** och BoU",
                "Processmöte 1 genomfört 220324\nProcessmöte 2 genomfört 221011\nWorkshop kring remisser genomförd juni 2022",
                "En sömlös patientresa",
                "1",
                "2022 – 2023",
                "Fortsatt behov av processledning",
                "Avstämd med ledningsgruppen",
            ],
            [
                "2.1.3",
                "=SUMMA(A1:A2) saknas gruppverksamhet för barn och unga",
                "Tydliggöra ingången till denna insats",
                "**SoC** och KSON",
                "Processmöte 1 genomfört 220504\nProcessmöte 3 genomfört 221018",
                "Upptäcka barn i behov av stöd i tid",
                "2",
                "2022 – 2023",
                "Inget behov av fortsatt processledning",
                "",
            ],
        ],
    );
    write_list(
        &input.join("soc.xlsx"),
        "SoC",
        &[
            [
                "2.1.3",
                "=SUMMA(A1:A2) saknas gruppverksamhet för barn och unga",
                "Tydliggöra ingången till denna insats",
                "**SoC** och KSON",
                "Processmöte 1 genomfört 220504\nProcessmöte 3 genomfört 221018",
                "Upptäcka barn i behov av stöd i tid",
                "2",
                "2022 – 2023",
                "Inget behov av fortsatt processledning",
                "",
            ],
            [
                "2.2.1",
                "Behov av samordnad individuell plan",
                "Gemensam rutin för SIP",
                "**SoC**, BoU och KSON",
                "Processmöte 1 genomfört 221018\nProcessmöte 2 genomfört 230125",
                "Fler SIP i tid",
                "1",
                "2022 – 2024",
                "",
                "",
            ],
        ],
    );
    input
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn consolidate(dir: &Path, out: &str, extra: &[&str]) -> Output {
    let mut args = vec!["consolidate", "in", "-o", out];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "consolidate failed: {}",
        String::from_utf8_lossy(&o.stderr)
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
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn col(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| text(h) == header)
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]))
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn sheets_in_order_in_both_languages() {
    let dir = tempdir("names");
    inputs(&dir);
    consolidate(&dir, "sv.xlsx", &[]);
    consolidate(&dir, "en.xlsx", &["--lang", "en"]);
    let names = |f: &str| {
        open_workbook_auto(dir.join(f))
            .unwrap()
            .sheet_names()
            .to_vec()
    };
    assert_eq!(
        names("sv.xlsx"),
        [
            "Sammanfattning",
            "Processlista",
            "Möten",
            "Avvikelser",
            "_processlista"
        ]
    );
    assert_eq!(
        names("en.xlsx"),
        [
            "Summary",
            "Process list",
            "Meetings",
            "Findings",
            "_processlista"
        ]
    );
    let en = sheet(&dir.join("en.xlsx"), "Process list");
    assert_eq!(text(&en[0][1]), "Need");
}

#[test]
fn process_list_has_one_row_per_process_with_extras_and_dates() {
    let dir = tempdir("list");
    inputs(&dir);
    let o = consolidate(&dir, "out.xlsx", &[]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("3 processer"), "{stdout}");
    let rows = sheet(&dir.join("out.xlsx"), "Processlista");
    let ids: Vec<String> = rows[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(ids, ["2.1.1", "2.1.3", "2.2.1"]);

    // The office's own column is carried, with its value.
    let k = col(&rows, "Kommentar");
    assert_eq!(text(&rows[1][k]), "Avstämd med ledningsgruppen");

    // A need that starts with "=" stays text.
    assert_eq!(
        rows[2][col(&rows, "Åtgärdsbehov")],
        Data::String("=SUMMA(A1:A2) saknas gruppverksamhet för barn och unga".into())
    );
    let xml = zip_entry(&dir.join("out.xlsx"), "xl/worksheets/sheet2.xml");
    assert!(!xml.contains("<f>"), "a formula was written");

    // Status log with normalised dates; last meeting a real date; priority a number.
    let status = text(&rows[1][col(&rows, "Status")]);
    assert!(
        status.contains("Processmöte 2 genomfört 2022-10-11"),
        "{status}"
    );
    assert!(status.contains("2022-06"), "{status}");
    match &rows[1][col(&rows, "Senaste möte")] {
        Data::DateTime(d) => {
            assert_eq!(day(d), "2022-10-11")
        }
        other => panic!("last meeting is no date: {other:?}"),
    }
    assert_eq!(rows[1][col(&rows, "Prioritering")], Data::Float(1.0));
    assert_eq!(
        text(&rows[1][col(&rows, "Status 231231")]),
        "Fortsatt behov av processledning"
    );
    // Lead office first.
    assert!(text(&rows[3][col(&rows, "Ansvar")]).starts_with("SoC, "));
}

#[test]
fn meetings_sheet_has_date_cells_and_partial_dates_as_text() {
    let dir = tempdir("meetings");
    inputs(&dir);
    consolidate(&dir, "out.xlsx", &[]);
    let rows = sheet(&dir.join("out.xlsx"), "Möten");
    let date = col(&rows, "Datum");
    let orig = col(&rows, "Originaltext");
    let row = |t: &str| {
        rows.iter()
            .find(|r| text(&r[orig]).contains(t))
            .unwrap_or_else(|| panic!("no row {t}"))
    };
    match &row("Processmöte 1 genomfört 220324")[date] {
        Data::DateTime(d) => {
            assert_eq!(day(d), "2022-03-24")
        }
        other => panic!("not a date cell: {other:?}"),
    }
    assert_eq!(
        row("Workshop kring remisser")[date],
        Data::String("2022-06".into())
    );
    // 2.1.3 meeting 1 is reported by both offices: one row, two offices.
    let m = row("Processmöte 1 genomfört 220504");
    assert_eq!(text(&m[col(&rows, "Förvaltning")]), "SoC, KSON");
    let count = rows
        .iter()
        .filter(|r| text(&r[orig]) == "Processmöte 1 genomfört 220504")
        .count();
    assert_eq!(count, 1);
}

#[test]
fn summary_counts_verdicts() {
    let dir = tempdir("summary");
    inputs(&dir);
    consolidate(&dir, "out.xlsx", &[]);
    let rows = sheet(&dir.join("out.xlsx"), "Sammanfattning");
    let find = |t: &str| {
        rows.iter()
            .find(|r| text(&r[0]) == t)
            .unwrap_or_else(|| panic!("no line {t}"))
    };
    // Each count once: the label, then the number.
    assert_eq!(find("Slutförda per 231231")[1], Data::Float(1.0));
    assert_eq!(
        find("Fortsatt behov av processledning")[1],
        Data::Float(1.0)
    );
    assert_eq!(find("Utan ställningstagande")[1], Data::Float(1.0));
    assert_eq!(
        find("Utan ställningstagande")[2],
        Data::String("2.2.1".into())
    );
    assert_eq!(find("Processer totalt")[1], Data::Float(3.0));
    // Findings by code, in words, with the code beside them.
    assert_eq!(
        find("Mötesnummer saknas")[3],
        Data::String("meeting-gap".into())
    );
    assert!(!rows.iter().any(|r| text(&r[0]) == "meeting-gap"));
    // The chart of meetings per quarter is there.
    let mut z = zip::ZipArchive::new(std::fs::File::open(dir.join("out.xlsx")).unwrap()).unwrap();
    assert!(z.by_name("xl/charts/chart1.xml").is_ok());
}

/// A '#' (and a space) in a file's name and folder: the link still opens
/// that file at the cell, the '#' written "%23" as Excel writes it.
#[test]
fn a_hash_in_a_file_name_keeps_its_link() {
    let dir = tempdir("hash");
    inputs(&dir);
    let folder = dir.join("in #12");
    std::fs::rename(dir.join("in"), &folder).unwrap();
    std::fs::rename(folder.join("soc.xlsx"), folder.join("soc #2.xlsx")).unwrap();
    let o = Command::new(BIN)
        .current_dir(&dir)
        .args(["consolidate", "in #12", "-o", "pl.xlsx"])
        .output()
        .unwrap();
    assert!(
        o.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = dir.join("pl.xlsx");
    let rows = sheet(&out, "Avvikelser");
    let file = col(&rows, "Fil");
    let at = rows
        .iter()
        .position(|r| text(&r[file]).ends_with("soc #2.xlsx"))
        .expect("a finding in soc #2.xlsx");
    let rels = zip_entry(&out, "xl/worksheets/_rels/sheet4.xml.rels");
    assert!(
        rels.contains("Target=\"in%20%2312/soc%20%232.xlsx\" TargetMode=\"External\""),
        "{rels}"
    );
    assert!(
        !rels.contains("%2523") && !rels.contains('\u{E023}'),
        "{rels}"
    );
    let xml = zip_entry(&out, "xl/worksheets/sheet4.xml");
    let cell = text(&rows[at][col(&rows, "Cell")]);
    assert!(
        xml.contains(&format!("location=\"'Processer'!{cell}\"")),
        "{xml}"
    );
}

#[test]
fn findings_link_to_their_source_cells() {
    let dir = tempdir("links");
    inputs(&dir);
    std::fs::create_dir_all(dir.join("out")).unwrap();
    consolidate(&dir, "out/pl.xlsx", &[]);
    let out = dir.join("out/pl.xlsx");
    let rows = sheet(&out, "Avvikelser");
    let code = col(&rows, "Kod");
    let gap = rows
        .iter()
        .position(|r| text(&r[code]) == "meeting-gap")
        .expect("a meeting-gap finding");
    let cell = text(&rows[gap][col(&rows, "Cell")]);
    // The details in words, not JSON.
    let details = text(&rows[gap][col(&rows, "Detaljer")]);
    assert!(details.lines().any(|l| l == "saknas: 2"), "{details}");
    assert!(
        !details.contains('{') && !details.contains('"'),
        "{details}"
    );
    let file = text(&rows[gap][col(&rows, "Fil")]);
    let name = Path::new(&file)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let rels = zip_entry(&out, "xl/worksheets/_rels/sheet4.xml.rels");
    assert!(
        rels.contains(&format!("Target=\"../in/{name}\" TargetMode=\"External\"")),
        "{rels}"
    );
    let xml = zip_entry(&out, "xl/worksheets/sheet4.xml");
    let excel_row = gap + 1;
    assert!(
        xml.contains(&format!("<hyperlink ref=\"H{excel_row}\" r:id=\"rId"))
            && xml.contains(&format!("location=\"'Processer'!{cell}\"")),
        "{xml}"
    );
    // Severity first: errors before warnings before info.
    let sev = col(&rows, "Allvarlighet");
    let order: Vec<u8> = rows[1..]
        .iter()
        .map(|r| match text(&r[sev]).as_str() {
            "fel" => 0,
            "varning" => 1,
            _ => 2,
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
}

#[test]
fn same_inputs_give_identical_bytes() {
    let dir = tempdir("determinism");
    inputs(&dir);
    consolidate(&dir, "a.xlsx", &[]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    consolidate(&dir, "b.xlsx", &[]);
    let a = std::fs::read(dir.join("a.xlsx")).unwrap();
    let b = std::fs::read(dir.join("b.xlsx")).unwrap();
    assert!(a == b, "the two workbooks differ");
    let core = zip_entry(&dir.join("a.xlsx"), "docProps/core.xml");
    assert!(core.contains("2023-12-31T00:00:00Z"), "{core}");
}

#[test]
fn default_name_json_and_own_output_skipped() {
    let dir = tempdir("default");
    inputs(&dir);
    let o = run(&dir, &["consolidate", "in", "--json", "report.json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(dir.join("processlista-2023-12-31.xlsx").is_file());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["verdicts"]["completed"], 1);
    assert_eq!(json["sources"].as_array().unwrap().len(), 2);

    // Written into the input folder, the workbook is not read back as a source.
    let o = run(&dir, &["consolidate", "in", "-o", "in/samlad.xlsx"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&dir, &["consolidate", "in", "-o", "in/samlad.xlsx"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("Läste 2 källor"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn output_that_is_an_input_is_refused() {
    let dir = tempdir("refuse");
    inputs(&dir);
    let before = std::fs::read(dir.join("in/kson.xlsx")).unwrap();
    for out in ["in/kson.xlsx", "./in/../in/kson.xlsx"] {
        let o = run(&dir, &["consolidate", "in", "-o", out]);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("indatafilerna"));
    }
    let o = run(&dir, &["consolidate", "in/kson.xlsx", "-o", "in/kson.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    // A report that would overwrite an input is refused before anything is
    // written: no workbook either.
    let o = run(
        &dir,
        &[
            "consolidate",
            "in",
            "-o",
            "ut.xlsx",
            "--json",
            "in/kson.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("indatafilerna"));
    assert!(!dir.join("ut.xlsx").exists());
    assert_eq!(std::fs::read(dir.join("in/kson.xlsx")).unwrap(), before);
}

#[test]
fn unwritable_output_names_the_path() {
    let dir = tempdir("unwritable");
    inputs(&dir);
    let o = run(&dir, &["consolidate", "in", "-o", "saknas/ut.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("saknas/ut.xlsx"), "{err}");
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
}

/// Without a usable temporary folder (where the large sheets and the saved
/// parts of the workbook are kept) the run names the folder and says what
/// to do, and leaves nothing beside the output.
#[cfg(unix)]
#[test]
fn unusable_temporary_folder_is_named() {
    let dir = tempdir("no-temp");
    inputs(&dir);
    let missing = dir.join("ingen-tmp");
    let o = Command::new(BIN)
        .current_dir(&dir)
        .env("TMPDIR", &missing)
        .args(["consolidate", "in", "-o", "ut.xlsx"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&*missing.to_string_lossy()), "{err}");
    assert!(err.contains("TMPDIR"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "in")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn libreoffice_reads_the_attachment() {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("SKIP: soffice (LibreOffice) is not on PATH");
        return;
    }
    let dir = tempdir("soffice");
    inputs(&dir);
    consolidate(&dir, "pl.xlsx", &[]);
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let o = Command::new("soffice")
        .current_dir(&dir)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
            "pl.xlsx",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // LibreOffice names a single-sheet export after the workbook, or after
    // the workbook and the sheet when it exports a chosen sheet.
    let csv = ["pl-Processlista.csv", "pl.csv"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .expect("a csv file");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&csv)
        .unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(&records[0][0], "Process");
    let row = records
        .iter()
        .find(|r| &r[0] == "2.1.3")
        .unwrap_or_else(|| panic!("no 2.1.3 row in {records:?}"));
    assert!(
        row.iter()
            .any(|f| f == "Inget behov av fortsatt processledning"),
        "{row:?}"
    );
    // The need that begins with "=" is text to LibreOffice too.
    assert_eq!(
        &row[1],
        "=SUMMA(A1:A2) saknas gruppverksamhet för barn och unga"
    );
    assert_eq!(records.len(), 4, "header and three processes");

    let o = Command::new("soffice")
        .current_dir(&dir)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "pl.xlsx",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let pdf = std::fs::read(dir.join("pl.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

/// The day of a date cell, as YYYY-MM-DD.
fn day(d: &calamine::ExcelDateTime) -> String {
    assert!(d.is_datetime());
    processlista::model::dates::from_excel_serial(d.as_f64())
        .unwrap()
        .to_string()
}

/// The large sheets are written row by row (constant- and low-memory
/// worksheets), where a row cannot be changed once the next is written: the
/// header rows, tables, filters and row heights must still be there.
#[test]
fn streamed_sheets_keep_headers_tables_and_row_heights() {
    let dir = tempdir("streamed");
    inputs(&dir);
    consolidate(&dir, "pl.xlsx", &[]);
    let out = dir.join("pl.xlsx");
    for (name, first) in [
        ("Processlista", "Process"),
        ("Möten", "Process"),
        ("Avvikelser", "Allvarlighet"),
    ] {
        let rows = sheet(&out, name);
        assert_eq!(text(&rows[0][0]), first, "{name}");
        assert!(rows.len() > 2, "{name}: {} rows", rows.len());
    }
    // Processlista: a table, and the three-line status log of 2.1.1 (row 2)
    // makes its row taller.
    let list = zip_entry(&out, "xl/worksheets/sheet2.xml");
    assert!(list.contains("<tableParts count=\"1\">"), "{list}");
    assert!(
        list.contains("<row r=\"2\"") && list.contains("customHeight=\"1\""),
        "{list}"
    );
    let row2 = &list[list.find("<row r=\"2\"").unwrap()..];
    let row2 = &row2[..row2.find('>').unwrap()];
    assert!(row2.contains("ht=\""), "{row2}");
    // Möten: a filter on the header row; Avvikelser: a table.
    let meetings = zip_entry(&out, "xl/worksheets/sheet3.xml");
    assert!(meetings.contains("<autoFilter ref=\"A1:N"), "{meetings}");
    let findings = zip_entry(&out, "xl/worksheets/sheet4.xml");
    assert!(findings.contains("<tableParts count=\"1\">"), "{findings}");
    // Each row once and in order, in every sheet, though the last rows of
    // Processlista and Avvikelser are tall (rust_xlsxwriter's own save
    // repeats such a row; Excel expects each row once).
    for (name, xml) in [
        ("Processlista", &list),
        ("Möten", &meetings),
        ("Avvikelser", &findings),
    ] {
        let rows: Vec<u32> = xml
            .split("<row r=\"")
            .skip(1)
            .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(rows.len() > 2, "{name}");
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{name}: {rows:?}");
        let last = &xml[xml.rfind("<row ").unwrap()..];
        assert!(
            last.contains("customHeight") || name == "Möten",
            "{name}: {last}"
        );
    }
}

/// The long layout (one event per row) reads a row's event and state cells
/// together: the *Möten* kind is the kind as written, whether the event
/// cell begins with spaces or the kind stands in the state cell; the
/// original text is the event cell's.
#[test]
fn long_layout_kind_from_either_cell() {
    let dir = tempdir("long-kind");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Händelser").unwrap();
    let rows: [[&str; 5]; 5] = [
        ["Process", "Nr", "Datum", "Händelse", "Status"],
        ["2.1.1", "1", "230115", " Processmöte", "genomfört"],
        ["2.1.1", "2", "230301", "\u{a0}Processträff", "genomfört"],
        ["2.1.1", "3", "230401", "", "Processmöte genomfört"],
        // No state: a meeting only once its date cell is read.
        ["2.1.1", "4", "230501", " Processmöte", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(dir.join("in").join("KSON-lang.xlsx")).unwrap();
    consolidate(&dir, "out.xlsx", &["--as-of", "2023-12-31"]);
    let rows = sheet(&dir.join("out.xlsx"), "Möten");
    let (nr, kind, orig) = (
        col(&rows, "Nr"),
        col(&rows, "Typ"),
        col(&rows, "Originaltext"),
    );
    let got: Vec<(String, String, String)> = rows[1..]
        .iter()
        .map(|r| (text(&r[nr]), text(&r[kind]), text(&r[orig])))
        .collect();
    assert_eq!(
        got,
        [
            ("1".into(), "Processmöte".into(), "Processmöte".into()),
            ("2".into(), "Processträff".into(), "Processträff".into()),
            ("3".into(), "Processmöte".into(), "230401".into()),
            ("4".into(), "Processmöte".into(), "Processmöte".into()),
        ]
    );
}

/// The binary's way (checks while *Möten* is written, *Avvikelser* once the
/// model is freed) and the library's plain way (check, then write) give the
/// same workbook and findings, and `workbook_bytes` the same bytes: in
/// Swedish with the plan, and in English against last month's workbook
/// (the Förändringar sheet, history findings).
#[test]
fn checking_while_writing_changes_nothing() {
    use processlista::{Options, config::Config, config::Lang, output::workbook as write};
    let dir = tempdir("check-and-write");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let november = dir.join("2023-11.xlsx");
    let run_nov = processlista::run(&Options::new(
        vec![repo.join("samples/2023-11")],
        Config::default(),
    ))
    .unwrap();
    write::write_workbook(&run_nov, Lang::Sv, &november, &[]).unwrap();
    for (name, lang, previous) in [("sv", Lang::Sv, None), ("en", Lang::En, Some(&november))] {
        let inputs = vec![repo.join("samples/2023-12")];
        let mut cfg = Config::default();
        cfg.lang = lang;
        let mut opts = Options::new(inputs.clone(), cfg);
        opts.plan = Some(repo.join("samples/handlingsplan.xlsx"));
        opts.previous = previous.cloned();
        let (a, b, c) = (
            dir.join(format!("{name}-a.xlsx")),
            dir.join(format!("{name}-b.xlsx")),
            dir.join(format!("{name}-c.xlsx")),
        );
        let plain = processlista::run(&opts).unwrap();
        write::write_workbook(&plain, lang, &a, &inputs).unwrap();
        // The bytes the library gives are the file's.
        assert_eq!(
            write::workbook_bytes(&plain, lang, &dir).unwrap(),
            std::fs::read(&a).unwrap(),
            "{name}"
        );
        let model = processlista::prepare(&opts).unwrap();
        let checked = write::check_and_write(model, &opts.config, &b, &inputs).unwrap();
        assert!(!plain.findings.is_empty());
        assert_eq!(plain.model.changes.is_some(), previous.is_some());
        assert_eq!(
            processlista::output::report::to_json(&plain),
            processlista::output::report::to_json(&checked),
            "{name}"
        );
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{name}"
        );
        // The binary's way: Avvikelser written after the model is freed.
        let model = processlista::prepare(&opts).unwrap();
        let json = write::check_and_write_then(model, &opts.config, &c, &inputs, |run| {
            Ok(processlista::output::report::to_json(run))
        })
        .unwrap();
        assert_eq!(
            processlista::output::report::to_json(&plain),
            json,
            "{name}"
        );
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&c).unwrap(),
            "{name}"
        );
    }
}

/// `-o` never replaces a file the tool did not write (an office's own list
/// given by mistake) unless `--force`; an earlier consolidation is replaced,
/// and the run says so. The same for `--json` and for `template -o`.
#[test]
fn output_over_a_foreign_file_is_refused_unless_forced() {
    let dir = tempdir("overwrite");
    inputs(&dir);
    // An office's list outside the inputs, named as the output.
    write_list(&dir.join("soc-lista.xlsx"), "SoC", &[]);
    let before = std::fs::read(dir.join("soc-lista.xlsx")).unwrap();
    let o = run(&dir, &["consolidate", "in", "-o", "soc-lista.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("soc-lista.xlsx: filen finns redan och är ingen sammanställning")
            && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(dir.join("soc-lista.xlsx")).unwrap(), before);
    // In English, too.
    let o = run(
        &dir,
        &["consolidate", "in", "-o", "soc-lista.xlsx", "--lang", "en"],
    );
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("is not a consolidation written by processlista")
    );
    // With --force it is replaced by a consolidation.
    let o = consolidate(&dir, "soc-lista.xlsx", &["--force"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("Ersatte"));
    let wb = open_workbook_auto(dir.join("soc-lista.xlsx")).unwrap();
    assert!(wb.sheet_names().contains(&"_processlista".to_string()));

    // An earlier consolidation is replaced without --force, and said so.
    consolidate(&dir, "ut.xlsx", &["--json", "ut.json"]);
    let o = consolidate(&dir, "ut.xlsx", &["--json", "ut.json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("Ersatte den tidigare sammanställningen ut.xlsx")
            && out.contains("Ersatte den tidigare JSON-rapporten ut.json"),
        "{out}"
    );
    // A first run says nothing of the kind.
    let o = consolidate(&dir, "ny.xlsx", &[]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("Ersatte"));

    // --json over a file that is no report of the tool.
    std::fs::write(dir.join("anteckningar.json"), "{\"mina\": 1}").unwrap();
    let o = run(
        &dir,
        &[
            "consolidate",
            "in",
            "-o",
            "b.xlsx",
            "--json",
            "anteckningar.json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ingen JSON-rapport"));
    assert_eq!(
        std::fs::read_to_string(dir.join("anteckningar.json")).unwrap(),
        "{\"mina\": 1}"
    );
    assert!(!dir.join("b.xlsx").exists(), "nothing written when refused");

    // A template never replaces a file without --force: it may be a list an
    // office has filled in.
    let t = [
        "template",
        "--office",
        "SoC",
        "--date",
        "2023-12-31",
        "-o",
        "mall.xlsx",
    ];
    assert_eq!(run(&dir, &t).status.code(), Some(0));
    let o = run(&dir, &t);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mall.xlsx: filen finns redan"));
    let mut forced = t.to_vec();
    forced.push("--force");
    assert_eq!(run(&dir, &forced).status.code(), Some(0));
}

/// Files in an input folder that are not read are listed with the reason
/// (terminal, JSON report, summary sheet); named directly, a lock file and a
/// file that is no spreadsheet get a reason in the run's language. A clean
/// folder lists nothing.
#[test]
fn skipped_files_are_listed_with_their_reason() {
    let dir = tempdir("skipped");
    inputs(&dir);
    // A clean folder: nothing skipped, no key in the report.
    let o = consolidate(&dir, "ren.xlsx", &["--json", "ren.json"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("Hoppade över"));
    let clean = std::fs::read_to_string(dir.join("ren.json")).unwrap();
    assert!(!clean.contains("\"skipped\""));

    std::fs::write(dir.join("in/protokoll.pdf"), "a;b;c\n1;2;3\n").unwrap();
    // The month's attachment, written by the tool into the input folder.
    assert_eq!(
        run(&dir, &["attachment", "in", "-o", "in/bilaga.docx"])
            .status
            .code(),
        Some(0)
    );
    std::fs::write(dir.join("in/bilaga.doc"), b"old Word").unwrap();
    std::fs::write(dir.join("in/~$kson.xlsx"), b"lock").unwrap();
    std::fs::write(dir.join("in/.DS_Store"), b"x").unwrap();
    // Last month's consolidation left in the folder.
    std::fs::copy(dir.join("ren.xlsx"), dir.join("in/forra.xlsx")).unwrap();

    let o = run(&dir, &["check", "in"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Hoppade över 6 filer:"), "{out}");
    for (file, why) in [
        ("in/protokoll.pdf", "inget kalkylark"),
        ("in/bilaga.doc", "inget kalkylark"),
        ("in/bilaga.docx", "en bilaga från processlista"),
        (
            "in/~$kson.xlsx",
            "Excels låsfil: listan bredvid är öppen i Excel",
        ),
        ("in/.DS_Store", "dold fil"),
        ("in/forra.xlsx", "en sammanställning från processlista"),
    ] {
        assert!(out.contains(&format!("  {file}: {why}")), "{file}: {out}");
    }
    let o = run(&dir, &["check", "in", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Skipped 6 files:"));

    let o = consolidate(&dir, "ut.xlsx", &["--json", "ut.json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Läste 2 källor (0 oläsbara)", "{out}");
    assert_eq!(lines[1], "Hoppade över 6 filer:", "{out}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ut.json")).unwrap()).unwrap();
    let skipped = report["skipped"].as_array().unwrap();
    let reasons: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| (s["file"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("in/.DS_Store", "hidden"),
            ("in/bilaga.doc", "not-a-spreadsheet"),
            ("in/bilaga.docx", "own-attachment"),
            ("in/forra.xlsx", "own-output"),
            ("in/protokoll.pdf", "not-a-spreadsheet"),
            ("in/~$kson.xlsx", "lock-file"),
        ]
    );
    // The summary sheet lists them in the sources table, with the reason.
    let mut wb = open_workbook_auto(dir.join("ut.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Sammanfattning").unwrap();
    let row = sheet
        .rows()
        .find(|r| r[0] == Data::String("in/protokoll.pdf".into()))
        .expect("a row for the skipped PDF");
    assert!(
        row[8]
            .to_string()
            .starts_with("hoppades över: inget kalkylark")
    );

    // Named directly: the reason in Swedish, and not "looks like CSV".
    let o = run(&dir, &["check", "in/protokoll.pdf"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("file-unreadable"), "{out}");
    assert!(out.contains("ingen processlista: bara .xlsx"), "{out}");
    assert!(!out.contains("CSV") && !out.contains("plain text"), "{out}");
    let o = run(&dir, &["check", "in/~$kson.xlsx"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("Excels låsfil: listan är öppen i Excel"),
        "{out}"
    );
    let o = run(&dir, &["check", "in/~$kson.xlsx", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("the list kson.xlsx is open in Excel"));

    // Named beside its folder, the PDF is read (and refused), not skipped;
    // the summary sheet gives the reason in Swedish.
    let o = run(
        &dir,
        &["consolidate", "in", "in/protokoll.pdf", "-o", "pdf.xlsx"],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Hoppade över 5 filer:"), "{out}");
    assert!(!out.contains("  in/protokoll.pdf:"), "{out}");
    let mut wb = open_workbook_auto(dir.join("pdf.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Sammanfattning").unwrap();
    let row = sheet
        .rows()
        .find(|r| r[0] == Data::String("in/protokoll.pdf".into()))
        .expect("a row for the named PDF");
    assert_eq!(
        row[8].to_string(),
        "kunde inte läsas: ingen processlista: bara .xlsx, .xlsm, .xlsb, .xls, .ods, .csv och .docx läses – spara listan från Excel som .xlsx (eller från Word som .docx)"
    );
}

/// One of a thing is said in the singular: "Läste 1 källa", "1 process",
/// "1 varning" (and in English "1 source", "1 warning").
#[test]
fn one_is_said_in_the_singular() {
    let dir = tempdir("singular");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    // One process whose meeting numbers skip one: one warning (meeting-gap).
    write_list(
        &dir.join("in/kson.xlsx"),
        "KSON",
        &[[
            "2.1.1",
            "Behov",
            "Aktivitet",
            "**KSON** och BoU",
            "Processmöte 1 genomfört 220324\nProcessmöte 3 genomfört 221011\nStatus 231231: Fortsatt behov av processledning",
            "Målbild",
            "1",
            "2022 – 2023",
            "",
            "",
        ]],
    );
    let o = consolidate(&dir, "ut.xlsx", &[]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("Läste 1 källa (0 oläsbara)\n1 process · "),
        "{out}"
    );
    assert!(
        out.contains("Avvikelser: 0 fel, 1 varning, 0 info"),
        "{out}"
    );
    let o = consolidate(&dir, "en.xlsx", &["--lang", "en"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("Read 1 source (0 unreadable)\n1 process · "),
        "{out}"
    );
    assert!(
        out.contains("Findings: 0 errors, 1 warning, 0 info"),
        "{out}"
    );
    let o = run(&dir, &["check", "in"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("in/kson.xlsx (KSON, 1 process)"), "{out}");
    assert!(
        out.contains("1 process per 2023-12-31 · 0 fel, 1 varning, 0 info"),
        "{out}"
    );
}

/// A header merged over two rows (rows 8–9, as offices format their lists)
/// is one header: the reader fills the merged cells, and the copy on row 9
/// is no process ("Process", "Prioritering" were a phantom row).
#[test]
fn a_header_merged_over_two_rows_is_no_process() {
    let dir = tempdir("merged-header");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Processer").unwrap();
    ws.write_string(0, 0, "Processlista KSON daterad 231231")
        .unwrap();
    let plain = rust_xlsxwriter::Format::new();
    let header = [
        "Process",
        "Åtgärdsbehov",
        "Aktivitet",
        "Ansvar",
        "Status",
        "Prioritering",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.merge_range(7, c as u16, 8, c as u16, h, &plain).unwrap();
    }
    let row = [
        "2.1.1",
        "Behov",
        "Aktivitet",
        "**KSON** och BoU",
        "Processmöte 1 genomfört 230115\nStatus 231231: Fortsatt behov av processledning",
        "1",
    ];
    for (c, v) in row.iter().enumerate() {
        ws.write_string(9, c as u16, *v).unwrap();
    }
    wb.save(dir.join("in/kson.xlsx")).unwrap();
    let o = run(&dir, &["check", "in", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"invalid-process-id"), "{codes:?}");
    assert!(!codes.contains(&"invalid-priority"), "{codes:?}");
    assert_eq!(report["summary"]["processes"], 1, "{report}");
    assert_eq!(report["sources"][0]["processes"], 1);
}
