//! Status lines: every line of a status cell becomes a meeting, a dated event,
//! a verdict, a state, a sub-process start or a note.
//!
//! ```
//! use processlista::config::Config;
//! use processlista::{model::status::{LineKind, MeetingState}, normalize::status::Classifier};
//! let cfg = Config::default();
//! let c = Classifier::new(&cfg, 2023);
//! let line = c.classify("Processmöte 14 KSON internt genomfört 230925");
//! let LineKind::Meeting(m) = &line.kind else { panic!() };
//! assert_eq!((m.family.as_str(), m.number(), m.internal()), ("Processmöte", Some(14), Some("KSON")));
//! assert_eq!(m.kind(&line), "Processmöte");
//! assert_eq!(m.state, MeetingState::Held);
//! assert_eq!(line.date().unwrap().start.to_string(), "2023-09-25");
//! ```

use std::sync::Arc;

use compact_str::CompactString;
use regex::Regex;

use crate::ground::config::Config;
use crate::ground::finding::Location;
use crate::ground::text::fold;
use crate::model::dates::{DateValue, InvalidDate, Precision};
use crate::model::status::*;
use crate::normalize::dates::DateParser;

/// The start of a verdict line, "Status 231231" or "Status per 2023-12-31",
/// with the date in group `d` (the regex source, shared by the reader).
pub const VERDICT_START: &str = r"status\s*(?:per\s*)?(?P<d>\d{6}|\d{8}|\d{4}-\d{2}-\d{2})(?-u:\b)";

/// The verdict line's head: [`VERDICT_START`] after leading non-word
/// characters, then an optional colon or dash.
const VERDICT_HEAD: &str = r"(?i)^\W*{VERDICT_START}\s*[:.\-–]?\s*";

/// Classifies status lines with the words of a configuration.
#[derive(Debug, Clone)]
pub struct Classifier {
    cfg: Config,
    dates: DateParser,
    kind_re: Regex,
    verdict_re: Regex,
    subprocess_re: Regex,
    internal_re: Regex,
    number_re: Regex,
    word_re: Regex,
    as_of: Option<chrono::NaiveDate>,
    /// Folded meeting kind word → its numbering family.
    families: std::collections::HashMap<String, Arc<String>>,
    /// The folded first word of each sub-process label ("delprocess",
    /// "sub"): a line whose first word starts with none of them is no
    /// sub-process line, and the regex is not run.
    subprocess_starts: Vec<String>,
    /// The completed and continuing verdict phrases, folded once.
    completed: Vec<String>,
    continuing: Vec<String>,
}

/// The words of a line (`[\p{L}\d]+`), folded into one buffer.
struct Words {
    folded: String,
    /// (start, end) in the line, (start, end) in `folded`.
    spans: Vec<(usize, usize, usize, usize)>,
}

impl Words {
    /// Letters and digits make words, as `[\p{L}\d]+` does (a hand-written
    /// scan: the regex costs a forward and a backward pass per word).
    fn of(text: &str) -> Words {
        let mut w = Words {
            folded: String::with_capacity(text.len()),
            spans: Vec::new(),
        };
        let mut start: Option<usize> = None;
        let is_word = crate::ground::text::is_word_char;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (start, is_word(c)) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    let at = w.folded.len();
                    crate::ground::text::fold_into(&text[s..i], &mut w.folded);
                    w.spans.push((s, i, at, w.folded.len()));
                    start = None;
                }
                _ => {}
            }
        }
        w
    }

    /// The folded words that lie within `range` of the line.
    fn within(&self, range: std::ops::Range<usize>) -> Vec<&str> {
        self.spans
            .iter()
            .filter(|s| s.0 >= range.start && s.1 <= range.end)
            .map(|s| &self.folded[s.2..s.3])
            .collect()
    }

    fn first(&self) -> &str {
        self.spans.first().map_or("", |s| &self.folded[s.2..s.3])
    }
}

fn words_alt(words: &[String]) -> String {
    let mut w: Vec<String> = words
        .iter()
        .map(|w| regex::escape(w.trim_end_matches('.')))
        .collect();
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    w.join("|")
}

impl Classifier {
    /// `default_year` is used for week numbers written without a year.
    pub fn new(cfg: &Config, default_year: i32) -> Self {
        let kinds: Vec<String> = cfg.meeting_kinds.iter().map(|k| k.word.clone()).collect();
        // The state words are compared folded: fold them once here.
        let mut folded = cfg.clone();
        let s = &mut folded.states;
        for list in [
            &mut s.held,
            &mut s.booked,
            &mut s.cancelled,
            &mut s.internal,
            &mut s.closed,
            &mut s.paused,
        ] {
            for w in list.iter_mut() {
                *w = fold(w);
            }
        }
        Classifier {
            cfg: folded,
            dates: DateParser::new(cfg.six_digit_order, default_year),
            kind_re: Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", words_alt(&kinds)))
                .expect("regex"),
            verdict_re: Regex::new(&VERDICT_HEAD.replace("{VERDICT_START}", VERDICT_START))
                .expect("regex"),
            subprocess_re: Regex::new(&format!(
                r"(?i)^\W*(?:{})(?-u:\b)\s*[:\-–]?\s*(?P<name>.*)$",
                words_alt(&cfg.states.subprocess)
            ))
            .expect("regex"),
            internal_re: Regex::new(&format!(
                r"(?i)(?P<office>[\p{{L}}]+)\s+(?:{})(?-u:\b)",
                words_alt(&cfg.states.internal)
            ))
            .expect("regex"),
            number_re: Regex::new(r"^\s*(?:nr\.?\s*)?(?P<n>\d{1,3})(?-u:\b)").expect("regex"),
            word_re: Regex::new(r"[\p{L}\d]+").expect("regex"),
            as_of: None,
            families: cfg
                .meeting_kinds
                .iter()
                .rev()
                .map(|k| (fold(&k.word), Arc::new(k.family.clone())))
                .collect(),
            subprocess_starts: cfg
                .states
                .subprocess
                .iter()
                .map(|w| {
                    let first = w
                        .split(|c: char| !c.is_alphanumeric())
                        .find(|p| !p.is_empty());
                    fold(first.unwrap_or(""))
                })
                .collect(),
            completed: cfg
                .verdicts
                .completed
                .iter()
                .map(|p| crate::ground::text::fold_keep_spaces(p))
                .collect(),
            continuing: cfg
                .verdicts
                .continuing
                .iter()
                .map(|p| crate::ground::text::fold_keep_spaces(p))
                .collect(),
        }
    }

    /// Sets the reporting date, used to read a meeting with no state word as
    /// held (dated on or before it) or booked (after it).
    pub fn with_as_of(mut self, as_of: chrono::NaiveDate) -> Self {
        self.as_of = Some(as_of);
        self
    }

    pub(crate) fn date_parser(&self) -> &DateParser {
        &self.dates
    }

    /// Splits a cell into lines, and a line that runs several meetings
    /// together ("Processmöte 1 genomfört 220324 … Processmöte 2 genomfört
    /// 221011") into one line per meeting.
    pub fn split_lines<'a>(&self, cell: &'a str) -> Vec<&'a str> {
        let mut out = Vec::new();
        for line in cell.lines() {
            let mut cut = 0;
            for s in self.kind_re.find_iter(line).skip(1).map(|m| m.start()) {
                let piece = line[cut..s].trim();
                // Only split where the piece before is a complete meeting with a date.
                if !piece.is_empty() && !self.dates.find_all(piece).is_empty() {
                    out.push(piece);
                    cut = s;
                }
            }
            let rest = line[cut..].trim();
            if !rest.is_empty() {
                out.push(rest);
            }
        }
        out
    }

    /// A verdict line's head ("Status 231231:", with the date in group `d`)
    /// and its phrase, the rest of the line. The pattern stops at the head,
    /// so that only the head's few characters go through the capturing
    /// engine (the rest of the line made a verdict line's reading five times
    /// dearer); the phrase is what `(?P<t>.*)$` would take after it.
    fn verdict_head<'t>(&self, text: &'t str) -> Option<(regex::Captures<'t>, &'t str)> {
        let c = self.verdict_re.captures(text)?;
        let rest = &text[c.get(0)?.end()..];
        (!rest.contains('\n')).then_some((c, rest))
    }

    fn has_word(&self, folded_words: &[&str], list: &[String]) -> Option<usize> {
        folded_words
            .iter()
            .position(|w| list.iter().any(|x| x == w))
    }

    /// Classifies one line (its text is copied into the line).
    pub fn classify(&self, text: &str) -> Line {
        self.classify_at(text, &Location::default())
    }

    /// Classifies one line read from `loc` (its text is copied into the
    /// line).
    pub(crate) fn classify_at(&self, text: &str, loc: &Location) -> Line {
        let text = text.trim();
        self.read(text, CellText::new(text, loc.clone()), 0)
    }

    /// Classifies `piece`, a part of `src`'s text (a line of a status cell,
    /// as [`Classifier::split_lines`] gives it): the line shares `src`
    /// rather than copying its text.
    pub fn classify_in(&self, src: &Arc<CellText>, piece: &str) -> Line {
        let text = piece.trim();
        let (base, start) = (src.text.as_ptr() as usize, text.as_ptr() as usize);
        if start >= base && start + text.len() <= base + src.text.len() {
            self.read(text, src.clone(), start - base)
        } else {
            self.classify_at(text, &src.loc)
        }
    }

    /// Classifies a row of the long layout: its event cell's text, read
    /// together with its state cell's (`"Processmöte 5" + "genomfört"`). The
    /// line's text is the event cell's, as written; the kind may stand in
    /// either cell.
    pub(crate) fn classify_event(&self, event: &str, loc: &Location, state: Option<&str>) -> Line {
        let src = match state {
            Some(s) => CellText::new(&format!("{event} {s}"), loc.clone()),
            None => CellText::new(event, loc.clone()),
        };
        let text = src.text.trim();
        let offset = text.as_ptr() as usize - src.text.as_ptr() as usize;
        let mut line = self.read(text, src.clone(), offset);
        line.at = (0, event.len() as u32);
        line
    }

    /// Classifies `text`, which stands at byte `offset` of `src`.
    fn read(&self, text: &str, src: Arc<CellText>, offset: usize) -> Line {
        let found = self.dates.find_all(text);
        let invalid: Vec<InvalidDate> =
            found.iter().filter_map(|f| f.value.clone().err()).collect();
        let first_date = found
            .iter()
            .find_map(|f| f.value.clone().ok().map(|v| (f.span.clone(), v)));
        let mut line = Line {
            src,
            at: (offset as u32, (offset + text.len()) as u32),
            kind: LineKind::Note,
            date: None,
            invalid: (!invalid.is_empty()).then(|| Box::new(invalid)),
        };
        if let Some((span, v)) = &first_date {
            line.date_at(offset + span.start..offset + span.end, v);
        }

        // The words, folded once; the anchored verdict and sub-process
        // patterns are only tried when the first word can begin them.
        let all = Words::of(text);
        let first = all.first();
        if first.starts_with("status")
            && let Some((c, phrase)) = self.verdict_head(text)
        {
            let phrase: Box<str> = phrase.trim().into();
            line.kind = LineKind::Verdict(Verdict {
                outcome: self.verdict_outcome(&phrase),
                phrase,
            });
            line.date = None;
            if let (Some(Ok(v)), Some(d)) = (self.dates.parse_one(&c["d"]), c.name("d")) {
                line.date_at(offset + d.start()..offset + d.end(), &v);
            }
            return line;
        }
        if self
            .subprocess_starts
            .iter()
            .any(|w| first.starts_with(w.as_str()))
            && let Some(c) = self.subprocess_re.captures(text)
        {
            line.kind = LineKind::Subprocess {
                name: c["name"].trim().to_string(),
            };
            return line;
        }

        let words = all.within(0..text.len());
        if let Some(k) = self.kind_re.find(text)
            && let Some(mut m) = self.meeting(text, k, first_date.as_ref(), &all)
        {
            // The kind's place in the line's source, not in the piece read.
            m.kind_at = ((offset + k.start()) as u32, (offset + k.end()) as u32);
            line.kind = LineKind::Meeting(m);
            return line;
        }
        if self.has_word(&words, &self.cfg.states.closed).is_some() && !self.kind_re.is_match(text)
        {
            line.kind = LineKind::State {
                state: ProcessState::Closed,
            };
            return line;
        }
        if self.has_word(&words, &self.cfg.states.paused).is_some() && !self.kind_re.is_match(text)
        {
            line.kind = LineKind::State {
                state: ProcessState::Paused,
            };
            return line;
        }
        if let Some((_, d)) = &first_date {
            // A bare year is an event only when a state word says something
            // happened then ("genomförd 2022"); otherwise it is prose.
            let stated = self.state_of(&words).is_some();
            if d.precision != Precision::Year || stated {
                line.kind = LineKind::Event;
                return line;
            }
        }
        line
    }

    fn state_of(&self, words: &[&str]) -> Option<MeetingState> {
        let s = &self.cfg.states;
        let mut best: Option<(usize, MeetingState)> = None;
        for (list, state) in [
            (&s.held, MeetingState::Held),
            (&s.booked, MeetingState::Booked),
            (&s.cancelled, MeetingState::Cancelled),
        ] {
            if let Some(i) = self.has_word(words, list)
                && best.is_none_or(|(j, _)| i < j)
            {
                best = Some((i, state));
            }
        }
        best.map(|(_, s)| s)
    }

    fn verdict_outcome(&self, phrase: &str) -> Outcome {
        let f = crate::ground::text::fold_keep_spaces(phrase);
        let has = |list: &[String]| list.iter().any(|p| f.contains(p.as_str()));
        if has(&self.completed) {
            Outcome::Completed
        } else if has(&self.continuing) {
            Outcome::Continuing
        } else {
            Outcome::Unclear
        }
    }

    /// Reads a verdict written without "Status YYMMDD:" (a verdict column).
    pub fn verdict_from_phrase(&self, phrase: &str) -> Verdict {
        Verdict {
            outcome: self.verdict_outcome(phrase),
            phrase: phrase.trim().into(),
        }
    }

    /// The meeting number at the start of `after` (the text after the kind
    /// word), as `number_re` reads it: "5", " nr 12", "nr.3". A bare run of
    /// ASCII digits, by far the most common, is read without the regex.
    fn number_after(&self, after: &str) -> Option<u32> {
        let lead = after.trim_start();
        let run = lead.bytes().take_while(u8::is_ascii_digit).count();
        if run > 0 {
            match lead.as_bytes().get(run) {
                // Four digits or more, or digits run into a word: no number.
                _ if run > 3 => return None,
                Some(b) if b.is_ascii_alphanumeric() || *b == b'_' => return None,
                // A non-ASCII character may be a digit of another script,
                // which the pattern's `\d` takes: the pattern decides.
                Some(b) if !b.is_ascii() => {}
                _ => return lead[..run].parse().ok(),
            }
        } else if !lead.starts_with("nr") {
            // The pattern can only match text that begins with a digit or "nr".
            return None;
        }
        self.number_re
            .captures(after)
            .and_then(|c| c["n"].parse::<u32>().ok())
    }

    fn meeting(
        &self,
        text: &str,
        kind: regex::Match,
        date: Option<&(std::ops::Range<usize>, DateValue)>,
        all: &Words,
    ) -> Option<Meeting> {
        let family = self
            .families
            .get(&fold(kind.as_str()))
            .cloned()
            .unwrap_or_else(|| Arc::new(kind.as_str().to_string()));
        let number = self.number_after(&text[kind.end()..]);
        // Words between the kind and the date (or the end) must be qualifiers
        // or state words, unless the meeting has a number: "Workshop kring SIP
        // genomförd 221018" is a dated event, not a meeting.
        let (head_end, note) = match date {
            Some((span, _)) if span.start >= kind.end() => {
                (span.start, text[span.end..].trim().to_string())
            }
            _ => (text.len(), String::new()),
        };
        let head = &text[kind.end()..head_end];
        let words: Vec<&str> = all.within(kind.end()..head_end);
        let pre: Vec<&str> = all.within(0..kind.start());
        // "KSON internt": only looked for when an internal word is there.
        let internal = if self.has_word(&words, &self.cfg.states.internal).is_some() {
            self.internal_re.captures(head).map(|c| {
                let written = c["office"].to_string();
                self.cfg.office_code(&written).unwrap_or(written)
            })
        } else {
            None
        };
        let mut written_state = self.state_of(&words).or_else(|| self.state_of(&pre));
        let mut note = note;
        // Words in any order: "Processmöte 2 230301 inställd" puts the state
        // after the date, where the note begins.
        if written_state.is_none()
            && let Some(first) = self.word_re.find(&note).filter(|m| m.start() == 0)
            && let Some(state) = self.state_of(&[fold(first.as_str()).as_str()])
        {
            written_state = Some(state);
            note = note[first.end()..].trim().to_string();
        }
        if number.is_none() {
            let s = &self.cfg.states;
            let allowed = |w: &&str| {
                let w = *w;
                w.chars().all(|c| c.is_ascii_digit())
                    || w == "nr"
                    || [&s.held, &s.booked, &s.cancelled, &s.internal]
                        .iter()
                        .any(|l| l.iter().any(|x| x == w))
                    || self.cfg.office_code(w).is_some()
                    || internal.as_ref().is_some_and(|o| fold(o) == w)
            };
            if !words.iter().all(allowed) {
                return None;
            }
            if date.is_none() && written_state.is_none() {
                return None;
            }
        }
        let state = match (written_state, date, self.as_of) {
            (Some(s), _, _) => s,
            (None, Some((_, d)), Some(as_of)) if d.start > as_of => MeetingState::Booked,
            _ => MeetingState::Held,
        };
        let mut m = Meeting {
            kind_at: (0, 0),
            family,
            number_1: 0,
            state,
            state_written: written_state.is_some(),
            extra: (internal.is_some() || !note.is_empty()).then(|| {
                Box::new(MeetingExtra {
                    internal: internal.map(CompactString::from),
                    note: note.into(),
                })
            }),
        };
        m.set_number(number);
        Some(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_number_is_held_exactly() {
        let LineKind::Meeting(mut m) = c().classify("Processmöte 0 genomfört 230529").kind else {
            panic!("a meeting");
        };
        assert_eq!(m.number(), Some(0));
        for n in [Some(1), Some(999), Some(u32::MAX - 1), None] {
            m.set_number(n);
            assert_eq!(m.number(), n);
        }
        // The one number a meeting cannot hold reads as none.
        m.set_number(Some(u32::MAX));
        assert_eq!(m.number(), None);
        m.set_number(Some(7));
        assert_eq!(serde_json::to_value(&m).unwrap()["number"], 7);
    }

    /// A property-test runner with a fixed seed and `cases` cases.
    fn seeded_runner(cases: u32) -> proptest::test_runner::TestRunner {
        proptest::test_runner::TestRunner::new_with_rng(
            proptest::test_runner::Config {
                cases,
                ..Default::default()
            },
            proptest::test_runner::TestRng::deterministic_rng(
                proptest::test_runner::RngAlgorithm::ChaCha,
            ),
        )
    }

    /// The hand-written word scan splits text as the regex `[\p{L}\d]+`
    /// does, on the text status lines are made of (Swedish letters, composed
    /// and decomposed, digits, punctuation, dashes, spaces).
    #[test]
    fn word_scan_matches_the_regex() {
        use proptest::prelude::*;
        let re = Regex::new(r"[\p{L}\d]+").unwrap();
        let chars = prop::sample::select(
            "aZö09 .,:;-–—*()/\n\tÅÄÖåäöéÉüß\u{308}\u{a0}!?\"'#&+_"
                .chars()
                .collect::<Vec<_>>(),
        );
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        runner
            .run(&prop::collection::vec(chars, 0..40), |cs| {
                let text: String = cs.into_iter().collect();
                let words = Words::of(&text);
                let want: Vec<(usize, usize, String)> = re
                    .find_iter(&text)
                    .map(|m| (m.start(), m.end(), fold(m.as_str())))
                    .collect();
                let got: Vec<(usize, usize, String)> = words
                    .spans
                    .iter()
                    .map(|s| (s.0, s.1, words.folded[s.2..s.3].to_string()))
                    .collect();
                prop_assert_eq!(got, want, "{:?}", text);
                Ok(())
            })
            .unwrap();
    }

    /// The verdict head and the rest of the line read as the whole-line
    /// pattern `head (?P<t>.*)$` reads them.
    #[test]
    fn verdict_head_matches_the_whole_line_pattern() {
        use proptest::prelude::*;
        let c = c();
        let whole = Regex::new(&format!(
            "{}(?P<t>.*)$",
            VERDICT_HEAD.replace("{VERDICT_START}", VERDICT_START)
        ))
        .unwrap();
        let pick = |xs: &[&'static str]| prop::sample::select(xs.to_vec());
        // Mostly lines that begin as verdicts do, with any rest.
        let line = (
            pick(&["", " ", "*", "- ", "x"]),
            pick(&["Status", "status", "STATUS", "Stat"]),
            pick(&["", " ", "  ", " per ", "per", "\u{a0}"]),
            pick(&["231231", "20231231", "2023-12-31", "23123", "2312310", "x"]),
            pick(&["", ":", ": ", " - ", "–", ".", "\n", "\r"]),
            prop::collection::vec(
                pick(&[
                    " ",
                    "Inget",
                    "behov",
                    "av",
                    "processledning",
                    "ö",
                    "\n",
                    "\r",
                    "\u{a0}",
                    ":",
                    "1",
                ]),
                0..6,
            ),
        );
        let mut runner = seeded_runner(2000);
        runner
            .run(&line, |(lead, word, gap, date, sep, rest)| {
                let text = format!("{lead}{word}{gap}{date}{sep}{}", rest.concat());
                let want = whole
                    .captures(&text)
                    .map(|m| (m["d"].to_string(), m["t"].to_string()));
                let got = c
                    .verdict_head(&text)
                    .map(|(m, rest)| (m["d"].to_string(), rest.to_string()));
                prop_assert_eq!(got, want, "{:?}", text);
                Ok(())
            })
            .unwrap();
    }

    /// The meeting number read without the regex equals the regex's reading.
    #[test]
    fn number_fast_path_matches_the_pattern() {
        use proptest::prelude::*;
        let c = c();
        let part = prop::sample::select(vec![
            "5",
            "12",
            "123",
            "1234",
            "0",
            " ",
            "  ",
            "\u{a0}",
            "nr",
            "nr.",
            "Nr",
            "a",
            "_",
            "-",
            ",",
            ".",
            "/",
            "\u{663}",
            "٣",
            "é",
            "230529",
            "\n",
            "genomfört",
        ]);
        let slow = |after: &str| {
            c.number_re
                .captures(after)
                .and_then(|m| m["n"].parse::<u32>().ok())
        };
        let mut runner = seeded_runner(4000);
        runner
            .run(&prop::collection::vec(part, 0..5), |parts| {
                let after = parts.concat();
                prop_assert_eq!(c.number_after(&after), slow(&after), "{:?}", after);
                Ok(())
            })
            .unwrap();
    }

    /// The kind is read from the line as written (case and all), the family
    /// from configuration.
    #[test]
    fn kind_as_written_family_as_configured() {
        for (line, kind, family) in [
            (
                "Processträff 3 genomförd 230101",
                "Processträff",
                "Processmöte",
            ),
            (
                "  KSON: PROCESSMÖTE 4 bokat 240301",
                "PROCESSMÖTE",
                "Processmöte",
            ),
            (
                "Digitalt analysmöte 2 genomfört 230315",
                "analysmöte",
                "Analysmöte",
            ),
        ] {
            let l = c().classify(line);
            let LineKind::Meeting(m) = &l.kind else {
                panic!("{line}: {:?}", l.kind)
            };
            assert_eq!((m.kind(&l), m.family.as_str()), (kind, family), "{line}");
        }
    }

    use chrono::NaiveDate;

    fn c() -> Classifier {
        Classifier::new(&Config::default(), 2023)
            .with_as_of(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap())
    }

    fn meeting(line: &str) -> (Meeting, Option<String>) {
        let l = c().classify(line);
        match l.kind {
            LineKind::Meeting(m) => (m, l.date.map(|d| d.start.to_string())),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn spec_meeting_lines() {
        // (line, family, number, internal, state, state written, date, note)
        type Case<'a> = (
            &'a str,
            &'a str,
            Option<u32>,
            Option<&'a str>,
            MeetingState,
            bool,
            &'a str,
            &'a str,
        );
        let cases: &[Case] = &[
            (
                "Processmöte 5 genomfört 230529",
                "Processmöte",
                Some(5),
                None,
                MeetingState::Held,
                true,
                "2023-05-29",
                "",
            ),
            (
                "Processmöte 1 KSON internt 220223",
                "Processmöte",
                Some(1),
                Some("KSON"),
                MeetingState::Held,
                false,
                "2022-02-23",
                "",
            ),
            (
                "Processmöte 14 KSON internt genomfört 230925",
                "Processmöte",
                Some(14),
                Some("KSON"),
                MeetingState::Held,
                true,
                "2023-09-25",
                "",
            ),
            (
                "Analysmöte 2 genomfört 221220",
                "Analysmöte",
                Some(2),
                None,
                MeetingState::Held,
                true,
                "2022-12-20",
                "",
            ),
            (
                "Processmöte 9 bokad 221020",
                "Processmöte",
                Some(9),
                None,
                MeetingState::Booked,
                true,
                "2022-10-20",
                "",
            ),
            (
                "Processmöte 1 genomfört 220309 med projektledaren",
                "Processmöte",
                Some(1),
                None,
                MeetingState::Held,
                true,
                "2022-03-09",
                "med projektledaren",
            ),
            (
                "Processmöte KSON internt genomfört 230817",
                "Processmöte",
                None,
                Some("KSON"),
                MeetingState::Held,
                true,
                "2023-08-17",
                "",
            ),
            (
                "Processträff 3 inställd 230101",
                "Processmöte",
                Some(3),
                None,
                MeetingState::Cancelled,
                true,
                "2023-01-01",
                "",
            ),
            (
                "KSON - Möte 1 soc internt genomfört 220217",
                "Möte",
                Some(1),
                Some("SoC"),
                MeetingState::Held,
                true,
                "2022-02-17",
                "",
            ),
            (
                "Möte KSON internt genomfört 220310",
                "Möte",
                None,
                Some("KSON"),
                MeetingState::Held,
                true,
                "2022-03-10",
                "",
            ),
            (
                "genomfört 230529 Processmöte 5",
                "Processmöte",
                Some(5),
                None,
                MeetingState::Held,
                true,
                "2023-05-29",
                "",
            ),
            (
                "Processmöte 2 genomfört 2023-05-29",
                "Processmöte",
                Some(2),
                None,
                MeetingState::Held,
                true,
                "2023-05-29",
                "",
            ),
            (
                "Processmöte 7 240301",
                "Processmöte",
                Some(7),
                None,
                MeetingState::Booked,
                false,
                "2024-03-01",
                "",
            ),
            (
                "Processmöte 2 230301 inställd",
                "Processmöte",
                Some(2),
                None,
                MeetingState::Cancelled,
                true,
                "2023-03-01",
                "",
            ),
            (
                "Processmöte 3 231020 bokad med SoC",
                "Processmöte",
                Some(3),
                None,
                MeetingState::Booked,
                true,
                "2023-10-20",
                "med SoC",
            ),
        ];
        for (line, fam, num, internal, state, written, date, note) in cases {
            let (m, d) = meeting(line);
            assert_eq!(&*m.family, *fam, "{line}");
            assert_eq!(m.number(), *num, "{line}");
            assert_eq!(m.internal(), *internal, "{line}");
            assert_eq!(m.state, *state, "{line}");
            assert_eq!(m.state_written, *written, "{line}");
            assert_eq!(d.as_deref(), Some(*date), "{line}");
            assert_eq!(m.note(), *note, "{line}");
        }
    }

    #[test]
    fn other_kinds_of_line() {
        let c = c();
        let l = c.classify("Workshop kring SIP genomförd 221018");
        assert_eq!(l.kind, LineKind::Event);
        assert_eq!(l.date.unwrap().start.to_string(), "2022-10-18");
        let l = c.classify("Avstämning med verksamhetschef CBEH och avdelningschef SoC 220601.");
        assert_eq!(l.kind, LineKind::Event);
        let l = c.classify("Nätverksträff alla gruppledare genomförd 2022");
        assert_eq!(l.kind, LineKind::Event);
        assert_eq!(l.date.unwrap().precision, Precision::Year);

        for (line, outcome, date) in [
            (
                "Status 231231: Fortsatt behov av processledning",
                Outcome::Continuing,
                "2023-12-31",
            ),
            (
                "Status 231231: Inget behov av fortsatt processledning",
                Outcome::Completed,
                "2023-12-31",
            ),
            (
                "Status 231231 Inget fortsatt behov av processledning",
                Outcome::Completed,
                "2023-12-31",
            ),
            (
                "Status per 231130: Fortsatt behov av processledning",
                Outcome::Continuing,
                "2023-11-30",
            ),
            ("Status 231231: Oklart", Outcome::Unclear, "2023-12-31"),
        ] {
            let l = c.classify(line);
            let LineKind::Verdict(v) = &l.kind else {
                panic!("{line}: {:?}", l.kind)
            };
            assert_eq!(v.outcome, outcome, "{line}");
            assert_eq!(l.date().unwrap().start.to_string(), date, "{line}");
        }

        let l = c.classify("Processen avslutad 221231");
        assert_eq!(
            l.kind,
            LineKind::State {
                state: ProcessState::Closed
            }
        );
        assert_eq!(l.date.unwrap().start.to_string(), "2022-12-31");
        let l = c.classify("Status: Pausad av grundskolechef");
        assert_eq!(
            l.kind,
            LineKind::State {
                state: ProcessState::Paused
            }
        );
        let l = c.classify("Delprocess: Rutin för samordnad plan");
        assert_eq!(
            l.kind,
            LineKind::Subprocess {
                name: "Rutin för samordnad plan".into()
            }
        );
        for note in [
            "Status: Arbete pågått hela 2023",
            "Processmöten under 2023 sker internt KSON",
            "TiNK",
            "Remisskrav infört, nytt flödesschema",
        ] {
            assert_eq!(c.classify(note).kind, LineKind::Note, "{note}");
        }
    }

    #[test]
    fn invalid_dates_are_kept() {
        let l = c().classify("Processmöte 2 genomfört 230231");
        assert!(matches!(l.kind, LineKind::Meeting(_)));
        assert_eq!(l.date, None);
        assert_eq!(l.invalid_dates().len(), 1);
        assert_eq!(l.invalid_dates()[0].text, "230231");
    }

    #[test]
    fn splits_run_together_meetings() {
        let c = c();
        let cell = "Remisskrav infört Processmöte 1 genomfört 220324 och sker därefter löpande 2022 med avtalsansvarig KSON Processmöte 2 genomfört 221011\nProcessmöte 3 genomfört 221212";
        let lines = c.split_lines(cell);
        assert_eq!(
            lines,
            vec![
                "Remisskrav infört Processmöte 1 genomfört 220324 och sker därefter löpande 2022 med avtalsansvarig KSON",
                "Processmöte 2 genomfört 221011",
                "Processmöte 3 genomfört 221212"
            ]
        );
    }
}
