//! Findings: the data errors the checks report, with stable codes.

use std::sync::Arc;

use compact_str::CompactString;
use serde::Serialize;

/// The file and sheet values came from, shared (one allocation) by every
/// location of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Place {
    pub file: String,
    pub sheet: String,
    /// What the "sheet" is: a worksheet, or a part of a Word document.
    pub container: Container,
}

/// What holds a source's cells: a worksheet, or in a Word document a table
/// (its number, from 1, in the order of the document) or the paragraphs
/// outside the tables (paragraph N in row N). A Word location is said as
/// the document's reader finds it: "tabell 3, rad 2, kolumn 1", "stycke 5".
/// A chart sheet (or a dialog sheet) of a workbook holds no cells: it is
/// named, skipped and said so (`sheet-skipped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Container {
    #[default]
    Sheet,
    Table(u32),
    Paragraphs,
    Chart,
}

impl Place {
    pub fn new(file: &str, sheet: &str) -> Arc<Place> {
        Place::within(file, sheet, Container::Sheet)
    }

    /// A place whose sheet is a part of a Word document.
    pub fn within(file: &str, sheet: &str, container: Container) -> Arc<Place> {
        Arc::new(Place {
            file: file.to_string(),
            sheet: sheet.to_string(),
            container,
        })
    }
}

/// The cell of a location: a position (zero-based row and column; ordered
/// row first), none (a whole file or sheet), or a reference read back from
/// another workbook that is no A1 position, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
enum Cell {
    #[default]
    None,
    At {
        row: u32,
        col: u32,
    },
    Other(Box<CompactString>),
}

/// Where a value came from: file, sheet and cell (A1).
///
/// A model holds a location per value, so it is small: the file and sheet
/// names are shared ([`Place`]) and the cell is held as its row and column,
/// written out as `B3` only when shown. Locations order by file, sheet, then
/// row and column (`B2` before `A10`).
///
/// ```
/// use processlista::finding::Location;
/// let l = Location::new("kson.xlsx", "Blad1", "B3");
/// assert_eq!((l.file(), l.sheet(), l.cell().as_str()), ("kson.xlsx", "Blad1", "B3"));
/// assert_eq!(l.row_col(), Some((2, 1)));
/// assert!(Location::new("f", "s", "B2") < Location::new("f", "s", "A10"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    place: Arc<Place>,
    cell: Cell,
}

impl Location {
    /// A location from names and an A1 reference (empty for a whole file or
    /// sheet).
    pub fn new(file: &str, sheet: &str, cell: &str) -> Self {
        Location {
            place: Place::new(file, sheet),
            cell: Cell::parse(cell),
        }
    }

    /// The cell at zero-based `row` and `col` of a file's sheet.
    pub fn at_cell(file: &str, sheet: &str, row: u32, col: u32) -> Self {
        Location::at(&Place::new(file, sheet), row, col)
    }

    /// The cell at zero-based `row` and `col` of a shared place.
    pub fn at(place: &Arc<Place>, row: u32, col: u32) -> Self {
        Location {
            place: place.clone(),
            cell: Cell::At { row, col },
        }
    }

    pub fn place(&self) -> &Arc<Place> {
        &self.place
    }

    pub fn file(&self) -> &str {
        &self.place.file
    }

    pub fn sheet(&self) -> &str {
        &self.place.sheet
    }

    /// The cell as an A1 reference ("B3"); empty for a whole file or sheet.
    pub fn cell(&self) -> CompactString {
        match &self.cell {
            Cell::None => CompactString::default(),
            Cell::At { row, col } => crate::ground::text::a1(*row, *col),
            Cell::Other(s) => CompactString::clone(s),
        }
    }

    /// Zero-based row and column, when the cell is a position.
    pub fn row_col(&self) -> Option<(u32, u32)> {
        match self.cell {
            Cell::At { row, col } => Some((row, col)),
            _ => None,
        }
    }

    /// The location as a reader of its file finds it: `Sheet!A1` in a
    /// workbook, "tabell 3, rad 2, kolumn 1" or "stycke 5" in a Word
    /// document; empty for a whole file.
    pub fn describe(&self, lang: crate::ground::config::Lang) -> String {
        use crate::ground::config::Lang;
        let at = self.row_col();
        match (self.place.container, at, lang) {
            (Container::Table(n), Some((r, c)), Lang::Sv) => {
                format!("tabell {n}, rad {}, kolumn {}", r + 1, c + 1)
            }
            (Container::Table(n), Some((r, c)), Lang::En) => {
                format!("table {n}, row {}, column {}", r + 1, c + 1)
            }
            (Container::Table(n), None, Lang::Sv) => format!("tabell {n}"),
            (Container::Table(n), None, Lang::En) => format!("table {n}"),
            (Container::Paragraphs, Some((r, _)), Lang::Sv) => format!("stycke {}", r + 1),
            (Container::Paragraphs, Some((r, _)), Lang::En) => format!("paragraph {}", r + 1),
            _ => self.short(),
        }
    }

    /// `Sheet!A1`, or just the file's name for a whole-file location.
    pub fn short(&self) -> String {
        match (self.sheet().is_empty(), &self.cell) {
            (true, _) => String::new(),
            (false, Cell::None) => self.sheet().to_string(),
            (false, _) => format!("{}!{}", self.sheet(), self.cell()),
        }
    }
}

impl Cell {
    /// An A1 reference as written back by [`crate::ground::text::a1`] is a position;
    /// empty is none; anything else is kept as written.
    fn parse(s: &str) -> Cell {
        if s.is_empty() {
            return Cell::None;
        }
        let digits = s.trim_start_matches(|c: char| c.is_ascii_uppercase());
        let letters = &s[..s.len() - digits.len()];
        let col = letters.bytes().try_fold(0u32, |acc, b| {
            acc.checked_mul(26)?.checked_add((b - b'A' + 1) as u32)
        });
        let row = digits.parse::<u32>().ok();
        match (col, row) {
            (Some(c), Some(r)) if c >= 1 && r >= 1 => {
                let at = Cell::At {
                    row: r - 1,
                    col: c - 1,
                };
                // Only a reference that reads back the same ("B03" does not).
                match crate::ground::text::a1(r - 1, c - 1) == s {
                    true => at,
                    false => Cell::Other(Box::new(s.into())),
                }
            }
            _ => Cell::Other(Box::new(s.into())),
        }
    }
}

#[cfg(test)]
mod location_tests {
    use super::*;

    /// Every code has its own words in both languages, none of them the code.
    #[test]
    fn codes_have_labels_of_their_own() {
        use crate::ground::config::Lang;
        for lang in [Lang::Sv, Lang::En] {
            let labels: std::collections::BTreeSet<&str> =
                Code::ALL.iter().map(|c| c.label(lang)).collect();
            assert_eq!(labels.len(), Code::ALL.len(), "{lang:?}");
            for c in Code::ALL {
                assert!(!c.label(lang).contains(c.as_str()), "{c}");
            }
        }
        assert_eq!(Code::MeetingGap.label(Lang::Sv), "Mötesnummer saknas");
    }

    #[test]
    fn cells_read_back_and_sort_by_row_then_column() {
        for a1 in ["A1", "B3", "Z5", "AA5", "XFD1048576"] {
            let l = Location::new("f", "s", a1);
            assert!(l.row_col().is_some(), "{a1}");
            assert_eq!(l.cell(), a1);
        }
        assert_eq!(Location::new("f", "s", "AA5").row_col(), Some((4, 26)));
        // Not a position as written: kept as written, never rewritten.
        for other in ["B03", "b3", "A0", "Blad1!B3", "B3:C4"] {
            let l = Location::new("f", "s", other);
            assert_eq!((l.row_col(), l.cell().as_str()), (None, other));
        }
        let (none, b2, a10, z5, aa5) = (
            Location::new("f", "s", ""),
            Location::new("f", "s", "B2"),
            Location::new("f", "s", "A10"),
            Location::new("f", "s", "Z5"),
            Location::new("f", "s", "AA5"),
        );
        assert!(none < b2 && b2 < z5 && z5 < aa5 && aa5 < a10);
        assert!(Location::new("f", "s", "Z99") < Location::new("f", "t", "A1"));
        assert_eq!(none.short(), "s");
        assert_eq!(b2.short(), "s!B2");
        assert_eq!(Location::new("f", "", "").short(), "");
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let word = Location::at(
            &Place::within("b.docx", "Tabell 3", Container::Table(3)),
            1,
            0,
        );
        for l in [Location::new("k.xlsx", "Blad1", "C7"), word] {
            let v = serde_json::to_value(&l).unwrap();
            assert_eq!(Location::from_json(&v), Some(l));
        }
    }

    #[test]
    fn serializes_as_three_strings() {
        let v = serde_json::to_value(Location::new("kson.xlsx", "Blad1", "C7")).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"file": "kson.xlsx", "sheet": "Blad1", "cell": "C7"})
        );
    }
}

impl Location {
    /// A location as [`Serialize`] wrote it (a `cells` entry of a grouped
    /// finding's details): file, sheet and cell, and a Word document's
    /// table or paragraph.
    pub fn from_json(v: &serde_json::Value) -> Option<Location> {
        let get = |k: &str| v.get(k).and_then(|x| x.as_str());
        let (file, sheet, cell) = (get("file")?, get("sheet")?, get("cell")?);
        let container = match (v.get("table"), v.get("paragraph")) {
            (Some(t), _) => Container::Table(u32::try_from(t.as_u64()?).ok()?),
            (None, Some(_)) => Container::Paragraphs,
            _ => Container::Sheet,
        };
        Some(Location {
            place: Place::within(file, sheet, container),
            cell: Cell::parse(cell),
        })
    }
}

impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // A Word document's location also says its table, row and column
        // (from 1), or its paragraph.
        let (r, c) = self
            .row_col()
            .map_or((None, None), |(r, c)| (Some(r + 1), Some(c + 1)));
        let mut st = s.serialize_struct("Location", 6)?;
        st.serialize_field("file", self.file())?;
        st.serialize_field("sheet", self.sheet())?;
        st.serialize_field("cell", &self.cell())?;
        match self.place.container {
            Container::Sheet | Container::Chart => {}
            Container::Table(n) => {
                st.serialize_field("table", &n)?;
                st.serialize_field("row", &r)?;
                st.serialize_field("column", &c)?;
            }
            Container::Paragraphs => st.serialize_field("paragraph", &r)?,
        }
        st.end()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $sev:ident, $sv:literal, $en:literal;)*) => {
        /// A finding code. The string forms are stable: scripts and
        /// configuration files use them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            /// What the code means, in a few words a coordinator reads
            /// ("Mötesnummer saknas" for `meeting-gap`).
            pub fn label(self, lang: crate::ground::config::Lang) -> &'static str {
                match (self, lang) {
                    $((Code::$variant, crate::ground::config::Lang::Sv) => $sv,
                      (Code::$variant, crate::ground::config::Lang::En) => $en,)*
                }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }

            pub fn parse(s: &str) -> Option<Code> {
                match s { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    FileUnreadable = "file-unreadable", Error, "Filen kunde inte läsas", "File unreadable";
    NoProcessTable = "no-process-table", Error, "Ingen processlista i filen", "No process table";
    MissingProcessId = "missing-process-id", Error, "Processnummer saknas", "Process id missing";
    InvalidProcessId = "invalid-process-id", Error, "Ogiltigt processnummer", "Invalid process id";
    ProcessIdNormalized = "process-id-normalized", Warning, "Processnummer skrivet med nollor", "Process id written with zeros";
    DuplicateProcess = "duplicate-process", Error, "Processen två gånger i samma flik", "Process twice in one sheet";
    InvalidDate = "invalid-date", Error, "Ogiltigt datum", "Invalid date";
    FutureDate = "future-date", Error, "Genomfört möte efter datumet", "Held meeting after the as-of date";
    StaleBooking = "stale-booking", Warning, "Bokat möte har passerat", "Booked meeting already past";
    MeetingDuplicate = "meeting-duplicate", Error, "Mötesnummer två gånger", "Meeting number twice";
    MeetingGap = "meeting-gap", Warning, "Mötesnummer saknas", "Meeting numbers missing";
    MeetingOrder = "meeting-order", Warning, "Mötesnummer i fel ordning", "Meeting numbers out of order";
    MeetingUnnumbered = "meeting-unnumbered", Info, "Möte utan nummer", "Meeting without a number";
    MeetingConflict = "meeting-conflict", Error, "Förvaltningarna anger olika mötesdatum", "Offices give different meeting dates";
    AfterClosure = "after-closure", Warning, "Möte efter avslut", "Meeting after closure";
    OutsidePlan = "outside-plan", Info, "Möte utanför tidsplanen", "Meeting outside the time plan";
    MissingVerdict = "missing-verdict", Warning, "Ställningstagande saknas", "Verdict missing";
    StaleVerdict = "stale-verdict", Warning, "Ställningstagandet är gammalt", "Verdict out of date";
    InvalidPriority = "invalid-priority", Error, "Ogiltig prioritering", "Invalid priority";
    UnknownOffice = "unknown-office", Warning, "Okänd förvaltning", "Unknown office";
    Conflict = "conflict", Warning, "Förvaltningarna anger olika uppgifter", "Offices disagree";
    MissingProcess = "missing-process", Warning, "Planens process saknas i listorna", "Plan process in no list";
    UnknownProcess = "unknown-process", Warning, "Processen finns inte i planen", "Process not in the plan";
    TotalsMismatch = "totals-mismatch", Error, "Angiven summa stämmer inte", "Stated total does not add up";
    FormulaError = "formula-error", Error, "Formelfel i en cell", "Formula error in a cell";
    HistoryChanged = "history-changed", Warning, "Tidigare uppgift ändrad", "Earlier record changed";
    SheetSkipped = "sheet-skipped", Info, "Flik utan celler hoppades över", "Sheet without cells skipped";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, as the JSON report and the Avvikelser sheet show it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The process id (held inline, as the office's code).
    pub process: Option<CompactString>,
    pub office: Option<CompactString>,
    pub source: Location,
    /// The original text the finding is about.
    pub text: String,
    pub message: String,
    pub suggestion: Option<String>,
    pub details: Details,
}

/// A finding's details: a few named values ("number": 21, "missing": [6,
/// 20]), in key order, as the JSON report writes them. A sorted list rather
/// than a map: a finding has one to four, and a run can have tens of
/// thousands of findings (a B-tree map takes a 600-byte node for two).
///
/// ```
/// use processlista::finding::Details;
/// let mut d = Details::default();
/// d.insert("number", serde_json::json!(21));
/// d.insert("dates", serde_json::json!(["2023-05-29"]));
/// assert_eq!(d["number"], 21);
/// assert!(d["absent"].is_null());
/// assert_eq!(serde_json::to_string(&d).unwrap(), r#"{"dates":["2023-05-29"],"number":21}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details(Vec<(CompactString, serde_json::Value)>);

impl Details {
    /// Sets `key` (replacing its value, as a map would).
    pub fn insert(&mut self, key: impl Into<CompactString>, value: serde_json::Value) {
        let key = key.into();
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        Some(&self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The details in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl std::ops::Index<&str> for Details {
    type Output = serde_json::Value;

    /// The value of `key`, or null (as indexing a JSON object gives).
    fn index(&self, key: &str) -> &serde_json::Value {
        static NULL: serde_json::Value = serde_json::Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl Serialize for Details {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A finding before its severity and message are set.
#[derive(Debug, Clone)]
pub struct Raw {
    pub code: Code,
    pub process: Option<CompactString>,
    pub office: Option<CompactString>,
    pub source: Location,
    pub text: String,
    pub details: Details,
}

impl Raw {
    pub fn new(code: Code, source: Location, text: impl AsRef<str>) -> Self {
        Raw {
            code,
            process: None,
            office: None,
            source,
            text: text.as_ref().to_string(),
            details: Default::default(),
        }
    }

    pub fn process(mut self, id: &str) -> Self {
        self.process = Some(id.into());
        self
    }

    pub fn office<S: AsRef<str>>(mut self, office: Option<S>) -> Self {
        self.office = office.map(|o| o.as_ref().into());
        self
    }

    pub fn detail(mut self, key: &str, value: serde_json::Value) -> Self {
        self.details.insert(key, value);
        self
    }
}
