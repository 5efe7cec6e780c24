//! Status lines as values: a meeting, a dated event, a verdict, a state, a
//! sub-process start or a note, each a span of the cell it was read from. The
//! classifier that reads them is [`crate::normalize::status`].

use std::sync::Arc;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::Serialize;

use crate::ground::finding::Location;
use crate::model::dates::{DateValue, InvalidDate, Precision};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MeetingState {
    Held,
    Booked,
    Cancelled,
}

impl MeetingState {
    pub fn label(self, lang: crate::ground::config::Lang) -> &'static str {
        use crate::ground::config::Lang::*;
        match (self, lang) {
            (MeetingState::Held, Sv) => "genomfört",
            (MeetingState::Booked, Sv) => "bokat",
            (MeetingState::Cancelled, Sv) => "inställt",
            (MeetingState::Held, En) => "held",
            (MeetingState::Booked, En) => "booked",
            (MeetingState::Cancelled, En) => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// Where the kind stands in the text the line was read from (byte
    /// offsets): read it with [`Meeting::kind`]. A line holds its text once.
    #[serde(skip)]
    pub kind_at: (u32, u32),
    /// The numbering family ("Processmöte"), shared by every meeting of the
    /// family (a thin pointer: a model holds one per meeting line).
    #[allow(clippy::rc_buffer)]
    pub family: Arc<String>,
    /// The number plus one, 0 for none: read it with [`Meeting::number`]
    /// (an `Option<u32>` would make every meeting line 8 bytes larger).
    #[serde(rename = "number", serialize_with = "serialize_number")]
    pub(crate) number_1: u32,
    pub state: MeetingState,
    /// False when no state word was written and the state was read from the
    /// date (past: held, future: booked).
    pub state_written: bool,
    /// What few meetings have (an internal office, a note), boxed so that a
    /// meeting line without them stays small.
    pub extra: Option<Box<MeetingExtra>>,
}

/// The rarer parts of a [`Meeting`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingExtra {
    /// The office of an internal meeting ("KSON" for "KSON internt"), as a
    /// configured code when known, else as written.
    pub internal: Option<CompactString>,
    /// Text after the date ("med projektledaren").
    pub note: CompactString,
}

/// A meeting number as a cell holds it (the long layout's number column):
/// one to three digits, as a status line writes one ("Processmöte 5"). A
/// longer number is no meeting number (a date typed into the column,
/// 20230510): the meeting is read without one, and the numbering checks do
/// not count to it.
///
/// ```
/// use processlista::model::status::number_in_cell;
/// assert_eq!(number_in_cell(" 12 "), Some(12));
/// assert_eq!(number_in_cell("20230510"), None);
/// assert_eq!(number_in_cell("5.5"), None);
/// ```
pub fn number_in_cell(text: &str) -> Option<u32> {
    let t = text.trim();
    ((1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn serialize_number<S: serde::Serializer>(n: &u32, s: S) -> Result<S::Ok, S::Error> {
    n.checked_sub(1).serialize(s)
}

impl Meeting {
    /// The meeting's number ("Processmöte 5": 5), if it has one.
    pub fn number(&self) -> Option<u32> {
        self.number_1.checked_sub(1)
    }

    /// Sets the number. A meeting number has at most three digits as read
    /// ([`number_in_cell`], a status line's "Processmöte 5"); of the rest,
    /// only 4294967295 cannot be held, and reads as none.
    pub fn set_number(&mut self, n: Option<u32>) {
        self.number_1 = n.and_then(|n| n.checked_add(1)).unwrap_or(0);
    }

    /// The kind as written ("Processträff") in `line`, the line this
    /// meeting was read from.
    pub fn kind<'a>(&self, line: &'a Line) -> &'a str {
        let kind = line
            .src
            .text
            .get(self.kind_at.0 as usize..self.kind_at.1 as usize);
        debug_assert!(kind.is_some(), "a meeting's kind lies in its line's text");
        kind.unwrap_or("")
    }

    /// The office of an internal meeting ("KSON" for "KSON internt").
    pub fn internal(&self) -> Option<&str> {
        self.extra.as_ref()?.internal.as_deref()
    }

    /// Text after the date ("med projektledaren"), or "".
    pub fn note(&self) -> &str {
        self.extra.as_ref().map_or("", |e| e.note.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// "Inget behov av fortsatt processledning".
    Completed,
    /// "Fortsatt behov av processledning".
    Continuing,
    /// A verdict line whose wording matches neither.
    Unclear,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The phrase after "Status 231231:" (a boxed str: 8 bytes smaller
    /// than a String, which keeps every status line 8 bytes smaller).
    pub phrase: Box<str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProcessState {
    Closed,
    Paused,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LineKind {
    Meeting(Meeting),
    Event,
    Verdict(Verdict),
    State { state: ProcessState },
    Subprocess { name: String },
    Note,
}

/// One classified line.
///
/// A model holds one line per status line, so the line's text is not a
/// copy: it is a span of the text it was read from (a status cell, shared by
/// the cell's lines, with the cell's location). Read it with
/// [`Line::text`] and [`Line::loc`]. It serialises as its text, kind (a
/// meeting with its kind as written), date and invalid dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub(crate) src: Arc<CellText>,
    pub(crate) at: (u32, u32),
    pub kind: LineKind,
    /// The line's date, its text a span of `src`: read it with
    /// [`Line::date`].
    pub(crate) date: Option<LineDate>,
    /// Date-like tokens in the line that are no dates (few lines have any).
    /// One pointer (a Vec would take three words on every line).
    #[allow(clippy::box_collection)]
    pub(crate) invalid: Option<Box<Vec<InvalidDate>>>,
}

/// The text lines are read from, with where it was read: a cell's text,
/// shared by the cell's lines (one pointer in each line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellText {
    pub text: Box<str>,
    pub loc: Location,
}

impl CellText {
    pub fn new(text: &str, loc: Location) -> Arc<Self> {
        Arc::new(CellText {
            text: text.into(),
            loc,
        })
    }
}

/// A line's date: where its text stands in the line's source and what it
/// means (a [`DateValue`] without a copy of its text: 20 bytes, not 40).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineDate {
    pub(crate) at: (u32, u32),
    pub(crate) precision: Precision,
    pub(crate) start: NaiveDate,
    pub(crate) end: NaiveDate,
}

impl Line {
    /// The line's date, with its text as written: the first valid date in
    /// the line, a verdict's date, or in the long layout the date cell's.
    pub fn date(&self) -> Option<DateValue> {
        let d = self.date.as_ref()?;
        let text = self.src.text.get(d.at.0 as usize..d.at.1 as usize);
        debug_assert!(text.is_some(), "a date's span lies in its line's source");
        Some(DateValue {
            text: text.unwrap_or("").into(),
            precision: d.precision,
            start: d.start,
            end: d.end,
        })
    }

    /// The first and last day the line's date can mean (without building
    /// the date).
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.date.as_ref().map(|d| (d.start, d.end))
    }

    /// The line's date is `v`, whose text stands at `span` of the source.
    pub(crate) fn date_at(&mut self, span: std::ops::Range<usize>, v: &DateValue) {
        debug_assert_eq!(self.src.text.get(span.clone()), Some(v.text.as_str()));
        self.date = Some(LineDate {
            at: (span.start as u32, span.end as u32),
            precision: v.precision,
            start: v.start,
            end: v.end,
        });
    }

    /// Gives the line a date read elsewhere than in its text (the long
    /// layout's date cell), or none: the date's text is kept after the
    /// line's source, which the line's text does not reach.
    pub fn set_date(&mut self, v: Option<DateValue>) {
        let Some(v) = v else {
            self.date = None;
            return;
        };
        let start = self.src.text.len() + 1;
        let text = format!("{}\n{}", self.src.text, v.text);
        self.src = CellText::new(&text, self.src.loc.clone());
        self.date_at(start..text.len(), &v);
    }

    /// The cell the line was read from (none for a line classified on its
    /// own, as by `normalize::status::Classifier::classify`).
    pub fn loc(&self) -> &Location {
        &self.src.loc
    }

    /// The line as written, trimmed.
    pub fn text(&self) -> &str {
        let text = self.src.text.get(self.at.0 as usize..self.at.1 as usize);
        debug_assert!(text.is_some(), "a line's span lies in its source");
        text.unwrap_or("")
    }

    /// Date-like tokens in the line that are no dates.
    pub fn invalid_dates(&self) -> &[InvalidDate] {
        self.invalid.as_deref().map_or(&[], |v| v.as_slice())
    }
}

impl Serialize for Line {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let meeting_kind = match &self.kind {
            LineKind::Meeting(m) => Some(m.kind(self)),
            _ => None,
        };
        let mut st = s.serialize_struct("Line", 5)?;
        st.serialize_field("text", self.text())?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("meeting_kind", &meeting_kind)?;
        st.serialize_field("date", &self.date())?;
        st.serialize_field("invalid_dates", self.invalid_dates())?;
        st.end()
    }
}
