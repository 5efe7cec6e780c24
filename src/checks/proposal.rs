//! Proposed fixes: what a finding's data implies the cell should say, as
//! its `details.proposal` — `{"source", "from", "to"}`: in the cell at
//! `source`, the text `from` (a line or the whole cell, as written)
//! becomes `to`; `to` empty removes the line; `from` empty adds `to` as a
//! new last line. `processlista fix` applies them. A proposal is made only
//! where the data implies one (better none than a guess); the checks that
//! make them say when.

use chrono::NaiveDate;
use serde_json::json;

use crate::ground::finding::Location;
use crate::model::status::{Line, LineKind};

/// A proposal: in the cell at `source`, `from` becomes `to`.
pub(crate) fn proposal(source: &Location, from: &str, to: &str) -> serde_json::Value {
    json!({"source": source, "from": from, "to": to})
}

/// A meeting line with its number `n` written as `new`: the first number
/// after the meeting's kind ("Processmöte 21 genomfört 230301" →
/// "Processmöte 20 genomfört 230301"). `None` when the line does not write
/// `n` there.
pub(crate) fn renumbered(line: &Line, n: u32, new: u32) -> Option<String> {
    let LineKind::Meeting(m) = &line.kind else {
        return None;
    };
    let text = line.text();
    let offset = (m.kind_at.1 as usize).checked_sub(line.at.0 as usize)?;
    let after = text.get(offset..)?;
    let start = after.find(|c: char| c.is_ascii_digit())?;
    let digits: String = after[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.parse::<u32>().ok()? != n {
        return None;
    }
    let at = offset + start;
    Some(format!(
        "{}{new}{}",
        &text[..at],
        &text[at + digits.len()..]
    ))
}

/// The valid dates one digit away from an invalid date's digits (230231 →
/// 230131, 230201 …, 230228 is two away), each with its text; `parse`
/// reads a token as the lists' date parser does.
pub(crate) fn one_digit_away(
    token: &str,
    parse: impl Fn(&str) -> Option<NaiveDate>,
) -> Vec<(String, NaiveDate)> {
    let mut out: Vec<(String, NaiveDate)> = Vec::new();
    let bytes = token.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if !b.is_ascii_digit() {
            continue;
        }
        for d in b'0'..=b'9' {
            if d == *b {
                continue;
            }
            let mut t = bytes.to_vec();
            t[i] = d;
            let Ok(t) = String::from_utf8(t) else {
                continue;
            };
            if let Some(date) = parse(&t)
                && !out.iter().any(|(_, x)| *x == date)
            {
                out.push((t, date));
            }
        }
    }
    out
}

/// A text with the one whole number `value` in it written as `new`; `None`
/// when the text has that number other than once ("Slutförda per 231231:
/// 9 st" → "… 8 st").
pub(crate) fn with_number(text: &str, value: u64, new: u64) -> Option<String> {
    let mut found = None;
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let j = (i..b.len())
                .find(|&j| !b[j].is_ascii_digit())
                .unwrap_or(b.len());
            if text[i..j].parse::<u64>().ok() == Some(value) {
                if found.is_some() {
                    return None;
                }
                found = Some((i, j));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let (i, j) = found?;
    Some(format!("{}{new}{}", &text[..i], &text[j..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_written_once_is_replaced() {
        assert_eq!(
            with_number("Slutförda per 231231: 9 st", 9, 8).as_deref(),
            Some("Slutförda per 231231: 8 st")
        );
        assert_eq!(
            with_number("18 processer KSON daterad 231231", 18, 17).as_deref(),
            Some("17 processer KSON daterad 231231")
        );
        assert_eq!(with_number("9 av 9", 9, 8), None, "twice: which one?");
        assert_eq!(with_number("19 st", 9, 8), None, "not inside a number");
    }

    #[test]
    fn dates_one_digit_away() {
        let parse = |t: &str| {
            let (y, m, d) = (
                t[0..2].parse::<i32>().ok()?,
                t[2..4].parse().ok()?,
                t[4..6].parse().ok()?,
            );
            NaiveDate::from_ymd_opt(2000 + y, m, d)
        };
        let near = one_digit_away("230231", parse);
        let texts: Vec<&str> = near.iter().map(|(t, _)| t.as_str()).collect();
        assert!(
            texts.contains(&"230131") && texts.contains(&"230221"),
            "{texts:?}"
        );
        assert!(!texts.contains(&"230228"), "two digits away");
    }
}
