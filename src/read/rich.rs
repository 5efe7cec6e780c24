//! Bold runs inside cells: how offices mark the lead office ("Ansvar delas
//! med KSON och **SoC**", SoC set in bold). calamine gives a cell's value,
//! not its runs, so the shared strings of an xlsx/xlsm are read here with
//! quick-xml: for each string that has a bold run, its whole text and the
//! texts of its bold runs ([`BoldRuns`]). The zip was checked by
//! [`super::guard::check_zip`] before (its parts' sizes and ratios); the
//! part is read through a limit all the same.

use std::collections::BTreeMap;
use std::io::Read;

use quick_xml::events::Event;

/// A cell's text ([`key`]) → the texts of its bold runs, for the texts that
/// have one.
pub type BoldRuns = BTreeMap<String, Vec<String>>;

/// The bold runs of the shared strings of an xlsx or xlsm workbook (in
/// `bytes`), at most `limit` bytes of the part read. Nothing when the part
/// is missing or broken: the values are read all the same, the marks are
/// a help.
pub(super) fn xlsx_bold_runs(bytes: &[u8], limit: u64) -> BoldRuns {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return BoldRuns::new();
    };
    let Ok(part) = zip.by_name("xl/sharedStrings.xml") else {
        return BoldRuns::new();
    };
    // Streamed: a national list's shared strings are tens of megabytes.
    shared_strings_bold(std::io::BufReader::new(part.take(limit)))
}

/// [`xlsx_bold_runs`] of a sharedStrings part's XML.
fn shared_strings_bold(xml: impl std::io::BufRead) -> BoldRuns {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = BoldRuns::new();
    let mut buf = Vec::new();
    // The string being read: its whole text and its bold runs.
    let mut text = String::new();
    let mut bold: Vec<String> = Vec::new();
    // Inside <r> (a run), its <rPr> says bold; inside <t>, text; inside
    // <rPh> (a phonetic reading), nothing of the cell's text.
    let (mut in_run, mut run_bold, mut in_t, mut in_phonetic) = (false, false, false, false);
    let mut run_text = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "si" => {
                    text.clear();
                    bold.clear();
                }
                "r" => {
                    in_run = true;
                    run_bold = false;
                    run_text.clear();
                }
                "t" => in_t = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            // <b/> or <b val="1"/>; <b val="0"/> is not bold.
            Ok(Event::Empty(e)) if in_run && e.local_name().as_ref() == "b" => {
                run_bold = !e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref() == "val"
                        && matches!(a.value.as_ref(), "0" | "false")
                });
            }
            Ok(Event::Text(t)) if in_t && !in_phonetic => {
                let s = t.xml10_content().into_owned();
                text.push_str(&s);
                if in_run {
                    run_text.push_str(&s);
                }
            }
            Ok(Event::GeneralRef(r)) if in_t && !in_phonetic => {
                let s = entity(r.as_ref());
                text.push_str(s);
                if in_run {
                    run_text.push_str(s);
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                "r" => {
                    in_run = false;
                    if run_bold && !run_text.trim().is_empty() {
                        bold.push(run_text.trim().to_string());
                    }
                }
                "si" if !bold.is_empty() => {
                    out.insert(key(&text), std::mem::take(&mut bold));
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// The character of one of XML's five named entities ("amp" → "&").
fn entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

/// A cell's text as a key of [`BoldRuns`]: its words, one space apart (the
/// readers differ in how they join a cell's paragraphs).
pub fn key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bold runs of the cells of an ODS workbook's content.xml: spans
/// (`text:span`) whose automatic text style sets `fo:font-weight="bold"`,
/// keyed by their cell's text ([`key`]).
pub(super) fn ods_bold_runs(bytes: &[u8], limit: u64) -> BoldRuns {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return BoldRuns::new();
    };
    let Ok(part) = zip.by_name("content.xml") else {
        return BoldRuns::new();
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part.take(limit)));
    let mut buf = Vec::new();
    let mut out = BoldRuns::new();
    let mut bold_styles: std::collections::BTreeSet<String> = Default::default();
    // The text style being read in the automatic styles.
    let mut style: Option<String> = None;
    let mut in_cell = false;
    let mut text = String::new();
    let mut runs: Vec<String> = Vec::new();
    // The spans open inside the cell: whether each is bold, and the bold text.
    let mut spans: Vec<bool> = Vec::new();
    let mut run = String::new();
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .map(|a| a.value.to_string())
    };
    while let Ok(ev) = reader.read_event_into(&mut buf) {
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "style:style" if !empty => style = attr(&e, "style:name"),
                "style:text-properties" => {
                    if let Some(s) = &style
                        && attr(&e, "fo:font-weight").as_deref() == Some("bold")
                    {
                        bold_styles.insert(s.clone());
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if !empty => {
                    in_cell = true;
                    text.clear();
                    runs.clear();
                }
                "text:p" if in_cell && !text.is_empty() => text.push('\n'),
                "text:span" if in_cell && !empty => {
                    let bold =
                        attr(&e, "text:style-name").is_some_and(|s| bold_styles.contains(&s));
                    if bold && !spans.contains(&true) {
                        run.clear();
                    }
                    spans.push(bold);
                }
                "text:s" if in_cell => {
                    let n: usize = attr(&e, "text:c").and_then(|c| c.parse().ok()).unwrap_or(1);
                    let spaces = " ".repeat(n.min(1000));
                    text.push_str(&spaces);
                    if spans.contains(&true) {
                        run.push_str(&spaces);
                    }
                }
                "text:line-break" if in_cell => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_cell => {
                let s = t.xml10_content().into_owned();
                text.push_str(&s);
                if spans.contains(&true) {
                    run.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_cell => {
                let s = entity(r.as_ref());
                text.push_str(s);
                if spans.contains(&true) {
                    run.push_str(s);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "style:style" => style = None,
                "text:span" if in_cell => {
                    let was_bold = spans.pop().unwrap_or(false);
                    if was_bold && !spans.contains(&true) && !run.trim().is_empty() {
                        runs.push(run.trim().to_string());
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    in_cell = false;
                    if !runs.is_empty() {
                        out.insert(key(&text), std::mem::take(&mut runs));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_runs_of_shared_strings() {
        let xml = br#"<sst xmlns="x"><si><t>KSON</t></si>
            <si><r><t xml:space="preserve">Ansvar delas med KSON och </t></r><r><rPr><b/><sz val="11"/></rPr><t>SoC</t></r></si>
            <si><r><rPr><b val="0"/></rPr><t>BoU</t></r><r><t> &amp; KoF</t></r></si>
            <si><r><rPr><b val="1"/></rPr><t>KSK</t></r><rPh><t>x</t></rPh></si></sst>"#;
        let b = shared_strings_bold(&xml[..]);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b["Ansvar delas med KSON och SoC"], ["SoC"]);
        assert_eq!(b["KSK"], ["KSK"]);
    }

    #[test]
    fn bold_spans_of_ods_cells() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:style="s" xmlns:fo="f" xmlns:table="t" xmlns:text="x">
            <office:automatic-styles>
              <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
              <style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
            </office:automatic-styles>
            <office:body><office:spreadsheet><table:table table:name="Blad1"><table:table-row>
              <table:table-cell><text:p>KSON och<text:s/><text:span text:style-name="T1">SoC</text:span></text:p></table:table-cell>
              <table:table-cell><text:p><text:span text:style-name="T2">BoU</text:span> och KoF</text:p></table:table-cell>
            </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let b = ods_bold_runs(&bytes, 1 << 20);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b["KSON och SoC"], ["SoC"]);
    }
}
