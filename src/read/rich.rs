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

/// A cell's text → the texts of its bold runs, for the texts that have one.
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
                let s = match r.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
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
                    out.insert(std::mem::take(&mut text), std::mem::take(&mut bold));
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
}
