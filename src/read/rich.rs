//! Bold text inside cells: how offices mark the lead office ("Ansvar delas
//! med KSON och **SoC**", SoC set in bold). calamine gives a cell's value,
//! not its runs, so the parts are read here with quick-xml: for each cell
//! text that has bold in it, its whole text and the texts of its bold runs
//! ([`BoldRuns`]). Bold comes three ways:
//!
//! - a bold run inside a rich string (xlsx/xlsm shared strings and inline
//!   strings `<is>`, ODS `text:span`s with a bold text style);
//! - a cell whose whole text is bold through its cell style (xlsx: the
//!   cell's `cellXfs` entry points at a bold font; ODS: the cell's
//!   automatic style sets `fo:font-weight="bold"`); inside such a cell a
//!   run that states its own font (xlsx `rPr` without `<b/>`, an ODS span
//!   with `font-weight="normal"`) is not bold;
//! - for .docx, the runs the document reader sees ([`super::docx`]).
//!
//! The zip was checked by [`super::guard::check_zip`] before (its parts'
//! sizes and ratios); every part is read through a limit all the same, and
//! only runs of at most [`MAX_RUN`] characters are kept (an office's name
//! is short; a whole bold paragraph marks nothing), so the map stays small
//! whatever is bold.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Read};

use quick_xml::events::Event;

/// A cell's text ([`key`]) → the texts of its bold runs, for the texts that
/// have one.
pub type BoldRuns = BTreeMap<String, Vec<String>>;

/// The longest bold run kept, in characters.
pub const MAX_RUN: usize = 200;

/// A cell's text in pieces, each with the weight it states: `Some(true)`
/// bold, `Some(false)` not bold, `None` the cell's own weight. A piece
/// "\n" stands between paragraphs.
#[derive(Debug, Default)]
struct Pieces(Vec<(String, Option<bool>)>);

impl Pieces {
    fn push(&mut self, s: &str, weight: Option<bool>) {
        match self.0.last_mut() {
            Some((t, w)) if *w == weight && t != "\n" && s != "\n" => t.push_str(s),
            _ => self.0.push((s.to_string(), weight)),
        }
    }

    fn text(&self) -> String {
        self.0.iter().map(|(t, _)| t.as_str()).collect()
    }

    /// The bold runs when the cell's own weight is `cell_bold`: adjacent
    /// bold pieces make one run; a paragraph break or a piece that is not
    /// bold ends it.
    fn runs(&self, cell_bold: bool) -> Vec<String> {
        let mut out = Vec::new();
        let mut run = String::new();
        let mut flush = |run: &mut String| {
            let t = run.trim();
            if !t.is_empty() && t.chars().count() <= MAX_RUN {
                out.push(key(t));
            }
            run.clear();
        };
        for (t, w) in &self.0 {
            if t != "\n" && w.unwrap_or(cell_bold) {
                run.push_str(t);
            } else {
                flush(&mut run);
            }
        }
        flush(&mut run);
        out
    }

    /// Adds this cell's runs to `out` under its text.
    fn record(&self, cell_bold: bool, out: &mut BoldRuns) {
        let runs = self.runs(cell_bold);
        if !runs.is_empty() {
            let entry = out.entry(key(&self.text())).or_default();
            for r in runs {
                if !entry.contains(&r) {
                    entry.push(r);
                }
            }
        }
    }
}

/// Whether an element such as `<b/>` or `<b val="1"/>` switches its
/// property on (`val="0"`/`"false"` switches it off).
fn on(e: &quick_xml::events::BytesStart) -> bool {
    !e.attributes()
        .flatten()
        .any(|a| a.key.local_name().as_ref() == "val" && matches!(a.value.as_ref(), "0" | "false"))
}

/// The value of the attribute whose local name is `name`.
fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

/// Reads one rich string (an `<si>` or an `<is>`) into pieces, from just
/// after its start tag to its end tag `end`: runs `<r>` with their `<rPr>`
/// (a run that has one states its weight), plain `<t>` in the cell's
/// weight, phonetic readings `<rPh>` left out.
fn rich_string<R: BufRead>(
    reader: &mut quick_xml::Reader<R>,
    buf: &mut Vec<u8>,
    end: &str,
) -> Pieces {
    let mut pieces = Pieces::default();
    let (mut in_t, mut in_phonetic) = (false, false);
    // Inside a run: the weight its rPr states.
    let mut run: Option<Option<bool>> = None;
    loop {
        buf.clear();
        match reader.read_event_into(buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "r" => run = Some(None),
                "rPr" => {
                    if let Some(w) = &mut run {
                        *w = Some(false);
                    }
                }
                "t" => in_t = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "rPr" => {
                    if let Some(w) = &mut run {
                        *w = Some(false);
                    }
                }
                "b" => {
                    if let Some(w) = &mut run {
                        *w = Some(on(&e));
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_t && !in_phonetic => {
                pieces.push(&t.xml10_content(), run.flatten());
            }
            Ok(Event::GeneralRef(r)) if in_t && !in_phonetic => {
                pieces.push(&entity(r.as_ref()), run.flatten());
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                "r" => run = None,
                n if n == end => break,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    pieces
}

/// The bold runs of an xlsx or xlsm workbook (in `bytes`), at most `limit`
/// bytes of each part read: the bold runs of its shared strings, of its
/// inline strings, and the whole text of cells styled bold. Nothing when
/// a part is missing or broken: the values are read all the same, the
/// marks are a help.
pub(super) fn xlsx_bold_runs(bytes: &[u8], limit: u64) -> BoldRuns {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return BoldRuns::new();
    };
    // One budget for all the parts together: what they unpack to, at most
    // `limit` bytes, whatever their sizes claim.
    let mut budget = limit;
    let bold_xfs =
        with_part(&mut zip, "xl/styles.xml", &mut budget, |r| bold_styles(r)).unwrap_or_default();
    let mut out = BoldRuns::new();
    // The shared strings that stand in a cell styled bold.
    let mut bold_shared = BTreeSet::new();
    let sheets: Vec<String> = zip
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    let any_bold_xf = bold_xfs.contains(&true);
    for name in sheets {
        // With no bold cell format, only inline strings' runs can hold
        // bold: a byte search for a run tag skips the XML parse of a
        // sheet that has none (most of them).
        if !any_bold_xf && !with_part(&mut zip, &name, &mut budget, has_run_tag).unwrap_or(false) {
            continue;
        }
        with_part(&mut zip, &name, &mut budget, |r| {
            sheet_bold(r, &bold_xfs, &mut bold_shared, &mut out)
        });
    }
    // Streamed: a national list's shared strings are tens of megabytes.
    with_part(&mut zip, "xl/sharedStrings.xml", &mut budget, |r| {
        shared_strings_bold(r, &bold_shared, &mut out)
    });
    out
}

/// `read` of the part `name`, buffered, with at most `budget` bytes
/// unpacked (and what it read taken off the budget); `None` when the part
/// is missing.
fn with_part<T>(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    read: impl FnOnce(&mut dyn BufRead) -> T,
) -> Option<T> {
    let part = zip.by_name(name).ok()?;
    let mut r = std::io::BufReader::new(part.take(*budget));
    let out = read(&mut r);
    *budget = r.into_inner().limit();
    Some(out)
}

/// Whether a part's XML has a run's tag in it (`<r>`, `<r …>`, also with
/// a namespace prefix): the only place an inline string states bold.
fn has_run_tag(r: &mut dyn BufRead) -> bool {
    let finders = [b"<r>".as_slice(), b"<r ", b":r>", b":r "].map(memchr::memmem::Finder::new);
    // The last bytes of a chunk are kept, so that a tag split between two
    // chunks is found.
    let mut tail: Vec<u8> = Vec::with_capacity(64 << 10);
    loop {
        let Ok(chunk) = r.fill_buf() else {
            return false;
        };
        if chunk.is_empty() {
            return false;
        }
        let n = chunk.len();
        tail.extend_from_slice(chunk);
        r.consume(n);
        if finders.iter().any(|f| f.find(&tail).is_some()) {
            return true;
        }
        tail.drain(..tail.len() - 2.min(tail.len()));
    }
}

/// Which cell formats (`cellXfs`, by index) of a styles part set a bold
/// font.
fn bold_styles(xml: impl BufRead) -> Vec<bool> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut fonts: Vec<bool> = Vec::new();
    let mut xfs: Vec<bool> = Vec::new();
    let (mut in_fonts, mut in_font, mut in_xfs) = (false, false, false);
    loop {
        buf.clear();
        let ev = reader.read_event_into(&mut buf);
        let empty = matches!(ev, Ok(Event::Empty(_)));
        match ev {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "fonts" if !empty => in_fonts = true,
                "font" if in_fonts => {
                    fonts.push(false);
                    in_font = !empty;
                }
                "b" if in_font => {
                    if let Some(f) = fonts.last_mut() {
                        *f = on(&e);
                    }
                }
                "cellXfs" if !empty => in_xfs = true,
                "xf" if in_xfs => {
                    let font: Option<usize> = attr(&e, "fontId").and_then(|f| f.parse().ok());
                    xfs.push(font.is_some_and(|f| fonts.get(f).copied().unwrap_or(false)));
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "fonts" => in_fonts = false,
                "font" => in_font = false,
                "cellXfs" => in_xfs = false,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    xfs
}

/// One worksheet's part: the inline strings' bold runs and the text of
/// cells styled bold (a formula's string result, an inline string) go to
/// `out`; the indices of shared strings in cells styled bold to
/// `bold_shared`.
fn sheet_bold(
    xml: impl BufRead,
    bold_xfs: &[bool],
    bold_shared: &mut BTreeSet<usize>,
    out: &mut BoldRuns,
) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    // The cell being read: its type and whether its style is bold.
    let mut cell: Option<(String, bool)> = None;
    let mut in_v = false;
    let mut value = String::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "c" => {
                    let bold = attr(&e, "s")
                        .and_then(|s| s.parse::<usize>().ok())
                        .is_some_and(|s| bold_xfs.get(s).copied().unwrap_or(false));
                    cell = Some((attr(&e, "t").unwrap_or_default(), bold));
                    value.clear();
                }
                "v" => in_v = cell.is_some(),
                "is" => {
                    let bold = cell.as_ref().is_some_and(|c| c.1);
                    rich_string(&mut reader, &mut buf, "is").record(bold, out);
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_v => value.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_v => value.push_str(&entity(r.as_ref())),
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "v" => in_v = false,
                "c" => {
                    if let Some((t, true)) = cell.take() {
                        match t.as_str() {
                            "s" => {
                                if let Ok(i) = value.trim().parse() {
                                    bold_shared.insert(i);
                                }
                            }
                            "str" => {
                                let mut p = Pieces::default();
                                p.push(&value, None);
                                p.record(true, out);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

/// The shared strings part's bold runs, into `out`: every string's bold
/// runs, and for the strings in `bold_shared` (standing in a cell styled
/// bold) their text in the cell's bold.
fn shared_strings_bold(xml: impl BufRead, bold_shared: &BTreeSet<usize>, out: &mut BoldRuns) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut index = 0usize;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "si" => {
                let pieces = rich_string(&mut reader, &mut buf, "si");
                pieces.record(bold_shared.contains(&index), out);
                index += 1;
            }
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "si" => index += 1,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

/// The text of an XML reference: one of the five named entities ("amp" →
/// "&") or a character reference ("#10", "#x2013").
pub(super) fn entity(name: &str) -> String {
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => name.strip_prefix('#').and_then(|n| {
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32)
        }),
    };
    c.map(String::from).unwrap_or_default()
}

/// A cell's text as a key of [`BoldRuns`]: its words, one space apart (the
/// readers differ in how they join a cell's paragraphs).
pub fn key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bold runs of the cells of an ODS workbook's content.xml: spans
/// (`text:span`) whose automatic text style sets `fo:font-weight="bold"`,
/// and the text of cells whose automatic cell style does, keyed by their
/// cell's text ([`key`]).
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
    // The automatic styles that state a weight: bold (true) or not.
    let mut weights: BTreeMap<String, bool> = BTreeMap::new();
    // The style being read in the automatic styles.
    let mut style: Option<String> = None;
    // The cell being read: its own weight, its pieces, and the weights the
    // spans open inside it state.
    let mut cell: Option<(bool, Pieces)> = None;
    let mut spans: Vec<Option<bool>> = Vec::new();
    while let Ok(ev) = reader.read_event_into(&mut buf) {
        let empty = matches!(ev, Event::Empty(_));
        let weight = spans.iter().rev().find_map(|w| *w);
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "style:style" if !empty => style = attr(&e, "name"),
                "style:text-properties" => {
                    if let (Some(s), Some(w)) = (&style, attr(&e, "font-weight")) {
                        weights.insert(
                            s.clone(),
                            w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600),
                        );
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if !empty => {
                    let bold = attr(&e, "style-name")
                        .is_some_and(|s| weights.get(&s).copied().unwrap_or(false));
                    cell = Some((bold, Pieces::default()));
                    spans.clear();
                }
                "text:p" => {
                    if let Some((_, p)) = &mut cell
                        && !p.0.is_empty()
                    {
                        p.push("\n", None);
                    }
                }
                "text:span" if !empty && cell.is_some() => {
                    spans.push(attr(&e, "style-name").and_then(|s| weights.get(&s).copied()));
                }
                "text:s" => {
                    if let Some((_, p)) = &mut cell {
                        let n: usize = attr(&e, "c").and_then(|c| c.parse().ok()).unwrap_or(1);
                        p.push(&" ".repeat(n.min(1000)), weight);
                    }
                }
                "text:tab" => {
                    if let Some((_, p)) = &mut cell {
                        p.push("\t", weight);
                    }
                }
                "text:line-break" => {
                    if let Some((_, p)) = &mut cell {
                        p.push("\n", None);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, p)) = &mut cell {
                    p.push(&t.xml10_content(), weight);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, p)) = &mut cell {
                    p.push(&entity(r.as_ref()), weight);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "style:style" => style = None,
                "text:span" => {
                    spans.pop();
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some((bold, p)) = cell.take() {
                        p.record(bold, &mut out);
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
        let mut b = BoldRuns::new();
        shared_strings_bold(&xml[..], &BTreeSet::new(), &mut b);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b["Ansvar delas med KSON och SoC"], ["SoC"]);
        assert_eq!(b["KSK"], ["KSK"]);
        // Strings 0 and 2 stand in cells styled bold: string 0 is bold
        // whole; in string 2 the run that states its font without <b/>
        // is not, the run without rPr takes the cell's bold.
        let mut b = BoldRuns::new();
        shared_strings_bold(&xml[..], &BTreeSet::from([0, 2]), &mut b);
        assert_eq!(b["KSON"], ["KSON"]);
        assert_eq!(b["BoU & KoF"], ["& KoF"]);
    }

    #[test]
    fn cell_styles_that_set_a_bold_font() {
        let styles = br#"<styleSheet><fonts count="3"><font><sz val="11"/></font>
            <font><b/><sz val="11"/></font><font><b val="0"/></font></fonts>
            <cellStyleXfs count="1"><xf fontId="1"/></cellStyleXfs>
            <cellXfs count="4"><xf fontId="0"/><xf fontId="1" applyFont="1"/><xf fontId="2"/><xf/></cellXfs></styleSheet>"#;
        assert_eq!(bold_styles(&styles[..]), [false, true, false, false]);
    }

    #[test]
    fn bold_cells_and_inline_strings_of_a_sheet() {
        let sheet = br#"<worksheet><sheetData><row r="1">
            <c r="A1" s="1" t="s"><v>4</v></c><c r="B1" t="s"><v>5</v></c>
            <c r="C1" t="inlineStr"><is><r><t>KSON och </t></r><r><rPr><b/></rPr><t>SoC</t></r></is></c>
            <c r="D1" s="1" t="inlineStr"><is><t>BoU</t></is></c>
            <c r="E1" s="1" t="str"><f>A1</f><v>KSK &#38; KoF</v></c>
            <c r="F1" s="1"><v>12</v></c><c r="G1" s="0" t="inlineStr"><is><t>KoF</t></is></c>
            </row></sheetData></worksheet>"#;
        let (mut shared, mut out) = (BTreeSet::new(), BoldRuns::new());
        sheet_bold(&sheet[..], &[false, true], &mut shared, &mut out);
        assert_eq!(shared, BTreeSet::from([4]));
        assert_eq!(out.len(), 3, "{out:?}");
        assert_eq!(out["KSON och SoC"], ["SoC"]);
        assert_eq!(out["BoU"], ["BoU"]);
        assert_eq!(out["KSK & KoF"], ["KSK & KoF"]);
    }

    #[test]
    fn run_tags_are_found_across_chunks_and_rows_are_not_runs() {
        let find = |xml: &[u8]| has_run_tag(&mut std::io::BufReader::with_capacity(3, xml));
        assert!(find(
            br#"<row r="1"><c t="inlineStr"><is><r><t>x</t></r></is></c></row>"#
        ));
        assert!(find(br#"<x:is><x:r><x:t>x</x:t></x:r></x:is>"#));
        assert!(!find(
            br#"<row r="1"><c r="A1" t="inlineStr"><is><t>KSON</t></is></c></row>"#
        ));
    }

    #[test]
    fn runs_split_at_paragraphs_and_drop_long_text() {
        let mut p = Pieces::default();
        p.push("Ansvar", Some(true));
        p.push("\n", None);
        p.push("SoC", None);
        p.push(" och KSON", Some(false));
        assert_eq!(p.runs(true), ["Ansvar", "SoC"]);
        assert_eq!(p.runs(false), ["Ansvar"]);
        let mut long = Pieces::default();
        long.push(&"x".repeat(MAX_RUN + 1), None);
        assert!(long.runs(true).is_empty());
        assert_eq!(entity("#x2013"), "–");
        assert_eq!(entity("#10"), "\n");
    }

    #[test]
    fn bold_spans_of_ods_cells() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:style="s" xmlns:fo="f" xmlns:table="t" xmlns:text="x">
            <office:automatic-styles>
              <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
              <style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
              <style:style style:name="ce1" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
              <style:style style:name="T3" style:family="text"><style:text-properties fo:font-weight="normal"/></style:style>
            </office:automatic-styles>
            <office:body><office:spreadsheet><table:table table:name="Blad1"><table:table-row>
              <table:table-cell><text:p>KSON och<text:s/><text:span text:style-name="T1">SoC</text:span></text:p></table:table-cell>
              <table:table-cell><text:p><text:span text:style-name="T2">BoU</text:span> och KoF</text:p></table:table-cell>
              <table:table-cell table:style-name="ce1"><text:p>KSK</text:p></table:table-cell>
              <table:table-cell table:style-name="ce1"><text:p><text:span text:style-name="T3">BoU och </text:span>SBF</text:p></table:table-cell>
            </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let b = ods_bold_runs(&bytes, 1 << 20);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(b["KSON och SoC"], ["SoC"]);
        assert_eq!(b["KSK"], ["KSK"]);
        assert_eq!(b["BoU och SBF"], ["SBF"]);
    }
}
