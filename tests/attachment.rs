//! `processlista attachment` and `consolidate --attachment`: the Word
//! document the board receives, written from office lists made with
//! rust_xlsxwriter and read back from the .docx's own XML.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;

/// Two offices: KSON leads 2.1.1 (shared with SoC, whose list marks SoC
/// bold second: KSON stays lead by its own list) and 2.2.1 alone (completed);
/// SoC alone has 3.1.1, which KSON's attachment leaves out. KSON's title
/// states a wrong total, which the attachment does not copy.
fn lists(dir: &Path) {
    let header: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    let kson = vec![
        vec!["Processlista KSON daterad 231231".to_string()],
        vec!["Slutförda per 231231: 7 st".to_string()],
        header.clone(),
        vec![
            "2.1.1".into(),
            "Väntetiderna är långa.".into(),
            "Utveckla samverkan.".into(),
            "**KSON** och SoC".into(),
            "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230301".into(),
            "En sömlös patientresa".into(),
            "1".into(),
            "2023 – 2024".into(),
            "Fortsatt behov av processledning".into(),
        ],
        vec![
            "2.2.1".into(),
            "Elevhälsan behöver stärkas.".into(),
            "Ta fram en plan.".into(),
            "KSON".into(),
            "Processmöte 1 genomfört 230210\nPlanen antagen 230601".into(),
            "Ett förebyggande arbete".into(),
            "2".into(),
            "2023".into(),
            "Inget behov av fortsatt processledning".into(),
        ],
    ];
    let soc = vec![
        vec!["Processlista SoC daterad 231231".to_string()],
        vec![],
        header,
        vec![
            "2.1.1".into(),
            "Väntetiderna är långa.".into(),
            "Utveckla samverkan.".into(),
            "KSON och **SoC**".into(),
            "Processmöte 1 genomfört 230115\nProcessmöte 2 genomfört 230301\nProcessmöte 1 SoC internt genomfört 230420".into(),
            "En sömlös patientresa".into(),
            "1".into(),
            "2023 – 2024".into(),
            "Fortsatt behov av processledning".into(),
        ],
        vec![
            "3.1.1".into(),
            "Ett eget behov.".into(),
            "En egen aktivitet.".into(),
            "SoC".into(),
            "Processmöte 1 genomfört 230505".into(),
            "Ett resultat".into(),
            "3".into(),
            "2023".into(),
            "Fortsatt behov av processledning".into(),
        ],
    ];
    std::fs::create_dir_all(dir.join("in")).unwrap();
    xlsx(&dir.join("in/KSON.xlsx"), &[("Blad1", to_cells(&kson))]);
    xlsx(&dir.join("in/SoC.xlsx"), &[("Blad1", to_cells(&soc))]);
}

fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The paragraphs of the document body (or of its `n`th table), each as
/// its runs: (text, bold).
fn paragraphs(xml: &str) -> Vec<Vec<(String, bool)>> {
    let para = regex::Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    let run = regex::Regex::new(r"(?s)<w:r>(.*?)</w:r>").unwrap();
    let t = regex::Regex::new(r"(?s)<w:t[^>]*>(.*?)</w:t>").unwrap();
    para.find_iter(xml)
        .map(|p| {
            run.captures_iter(p.as_str())
                .filter_map(|r| {
                    let body = &r[1];
                    let text: String = t.captures_iter(body).map(|c| c[1].to_string()).collect();
                    (!text.is_empty()).then(|| {
                        (
                            text.replace("&apos;", "'").replace("&amp;", "&"),
                            body.contains("<w:b />"),
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

fn plain(p: &[(String, bool)]) -> String {
    p.iter().map(|(t, _)| t.as_str()).collect()
}

/// The tables of the body, each as the text of its cells, row by row.
fn tables(xml: &str) -> Vec<Vec<Vec<String>>> {
    let tbl = regex::Regex::new(r"(?s)<w:tbl>.*?</w:tbl>").unwrap();
    let tr = regex::Regex::new(r"(?s)<w:tr[ >].*?</w:tr>").unwrap();
    let tc = regex::Regex::new(r"(?s)<w:tc>.*?</w:tc>").unwrap();
    tbl.find_iter(xml)
        .map(|t| {
            tr.find_iter(t.as_str())
                .map(|r| {
                    tc.find_iter(r.as_str())
                        .map(|c| {
                            paragraphs(c.as_str())
                                .iter()
                                .map(|p| plain(p))
                                .collect::<Vec<_>>()
                                .join("\n")
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[test]
fn an_office_attachment_has_its_processes_in_the_seed_layout() {
    let dir = tempfile::tempdir().unwrap();
    lists(dir.path());
    let out = run(
        &["attachment", "in", "--office", "KSON", "-o", "bilaga.docx"],
        dir.path(),
    );
    assert!(out.code <= 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Bilagan (2 processer) skrevs till bilaga.docx"),
        "{}",
        out.stdout
    );
    let docx = dir.path().join("bilaga.docx");
    let body = part(&docx, "word/document.xml");
    let paras: Vec<String> = paragraphs(&body).iter().map(|p| plain(p)).collect();
    assert_eq!(paras[0], "Bilaga – KSON Processlista");
    assert!(
        paras.contains(&"2 processer KSON daterad 231231".to_string()),
        "{paras:?}"
    );

    let t = tables(&body);
    assert_eq!(t.len(), 2, "KSON's two processes, not SoC's 3.1.1");
    // 2.1.1: the seed's rows and columns.
    assert_eq!(
        t[0][0][0],
        "Åtgärdsbehov 1 process 2.1.1\nAnsvar delas med KSON och SoC"
    );
    assert_eq!(t[0][0][1], "Aktivitet 1");
    assert_eq!(t[0][1], ["Väntetiderna är långa.", "Utveckla samverkan."]);
    assert_eq!(
        t[0][2][0],
        "Processmöte 1 genomfört 2023-01-15\nProcessmöte 2 genomfört 2023-03-01\n\
         Processmöte 1 SoC internt genomfört 2023-04-20\n\
         Status 231231: Fortsatt behov av processledning"
    );
    assert_eq!(t[0][2][1], "Resultat – målbild\nEn sömlös patientresa");
    assert_eq!(t[0][3][0], "Prioritering 1");
    assert_eq!(t[0][4][0], "Tidsplanering 2023 – 2024");
    assert_eq!(t[1][0][0], "Åtgärdsbehov 2 process 2.2.1\nAnsvar KSON");
    assert!(
        t[1][2][0].contains("Planen antagen 2023-06-01"),
        "{:?}",
        t[1][2]
    );

    // The lead is bold, the others not.
    let lead_runs: Vec<(String, bool)> = paragraphs(&body)
        .into_iter()
        .find(|p| plain(p).starts_with("Ansvar delas med"))
        .unwrap();
    assert!(
        lead_runs.contains(&("KSON".to_string(), true)),
        "{lead_runs:?}"
    );
    assert!(
        lead_runs.iter().any(|(t, b)| t.contains("SoC") && !b),
        "{lead_runs:?}"
    );

    // The totals are computed (the title's "7 st" is not copied).
    let at = paras
        .iter()
        .position(|p| p == "KSON:s 2 processer ser ut enligt nedan")
        .unwrap();
    assert_eq!(paras[at + 1], "Slutförda per 231231: 1 st");
    assert_eq!(paras[at + 2], "Fortsatt behov av processledning: 1 st");

    // A4 portrait, the title in the header, "Sida N av M" in the footer.
    assert!(
        body.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "page size"
    );
    assert!(part(&docx, "word/header1.xml").contains("Bilaga – KSON Processlista"));
    let footer = part(&docx, "word/footer1.xml");
    assert!(footer.contains("Sida ") && footer.contains(">PAGE<") && footer.contains(">NUMPAGES<"));
    // Word's own style names, for restyling.
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:val="Table Grid""#) && styles.contains(r#"w:val="Title""#));

    // The same inputs, the same bytes.
    let first = std::fs::read(&docx).unwrap();
    let again = run(
        &["attachment", "in", "--office", "KSON", "-o", "bilaga.docx"],
        dir.path(),
    );
    assert!(
        again
            .stdout
            .contains("Ersatte den tidigare bilagan bilaga.docx"),
        "{}",
        again.stdout
    );
    assert_eq!(std::fs::read(&docx).unwrap(), first);
}

#[test]
fn the_whole_attachment_comes_with_consolidate_and_refuses_a_foreign_file() {
    let dir = tempfile::tempdir().unwrap();
    lists(dir.path());
    let out = run(
        &[
            "consolidate",
            "in",
            "-o",
            "pl.xlsx",
            "--attachment",
            "alla.docx",
        ],
        dir.path(),
    );
    assert!(out.code <= 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("Bilagan skrevs till alla.docx"),
        "{}",
        out.stdout
    );
    let by_consolidate = std::fs::read(dir.path().join("alla.docx")).unwrap();
    let out = run(&["attachment", "in", "-o", "alla2.docx"], dir.path());
    assert!(out.code <= 1, "{}", out.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("alla2.docx")).unwrap(),
        by_consolidate
    );
    let body = part(&dir.path().join("alla.docx"), "word/document.xml");
    let t = tables(&body);
    assert_eq!(t.len(), 3);
    assert!(
        t[2][0][0].starts_with("Åtgärdsbehov 3 process 3.1.1\nAnsvar SoC"),
        "{:?}",
        t[2][0]
    );
    let paras: Vec<String> = paragraphs(&body).iter().map(|p| plain(p)).collect();
    assert!(
        paras.contains(&"3 processer daterad 231231".to_string()),
        "{paras:?}"
    );
    assert!(
        paras.contains(&"3 processer ser ut enligt nedan".to_string()),
        "{paras:?}"
    );

    // A .docx this tool did not write is not replaced without --force.
    std::fs::write(dir.path().join("egen.docx"), b"not ours").unwrap();
    let out = run(&["attachment", "in", "-o", "egen.docx"], dir.path());
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("ingen bilaga från processlista") && out.stderr.contains("--force"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("egen.docx")).unwrap(),
        b"not ours"
    );
    let out = run(
        &["attachment", "in", "-o", "egen.docx", "--force"],
        dir.path(),
    );
    assert!(out.code <= 1, "{}", out.stderr);
    // An unknown office is refused with the known ones.
    let out = run(
        &["attachment", "in", "-o", "x.docx", "--office", "XYZ"],
        dir.path(),
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--office XYZ") && out.stderr.contains("KSON"),
        "{}",
        out.stderr
    );
}

/// In English: the same layout, English labels and totals.
#[test]
fn the_attachment_in_english() {
    let dir = tempfile::tempdir().unwrap();
    lists(dir.path());
    let out = run(
        &[
            "attachment",
            "in",
            "--office",
            "KSON",
            "--lang",
            "en",
            "-o",
            "en.docx",
        ],
        dir.path(),
    );
    assert!(out.code <= 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("The attachment (2 processes) was written to en.docx"),
        "{}",
        out.stdout
    );
    let body = part(&dir.path().join("en.docx"), "word/document.xml");
    let paras: Vec<String> = paragraphs(&body).iter().map(|p| plain(p)).collect();
    for expected in [
        "Attachment – KSON process list",
        "2 processes KSON dated 231231",
        "KSON's 2 processes stand as follows",
        "Completed as of 231231: 1",
        "Continuing need of process management: 1",
    ] {
        assert!(paras.iter().any(|p| p == expected), "{expected}: {paras:?}");
    }
    let t = tables(&body);
    assert_eq!(
        t[0][0][0],
        "Need 1 process 2.1.1\nResponsibility shared by KSON and SoC"
    );
    assert_eq!(t[0][3][0], "Priority 1");
    assert!(!body.contains("Åtgärdsbehov") && !body.contains("Aktivitet"));
}
