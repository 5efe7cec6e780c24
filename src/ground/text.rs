//! Small text helpers shared by the stages.

/// Folds text for comparison: lower case, diacritics removed, and everything
/// but letters and digits dropped. `"Resultat – målbild"` folds to
/// `"resultatmalbild"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// A letter or digit (`\p{L}` or `\d`, as `char::is_alphabetic` or
/// `char::is_numeric`), with ASCII and Latin-1 (every one from À to ÿ but ×
/// and ÷ is a letter) answered without the Unicode tables.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let u = c as u32;
    if (0xC0..=0xFF).contains(&u) {
        return u != 0xD7 && u != 0xF7;
    }
    c.is_alphabetic() || c.is_numeric()
}

/// [`fold`], appending to `out`.
pub(crate) fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        // The common case, without the Unicode case tables.
        out.extend(
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase() as char),
        );
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        // Latin-1 letters (À to ÿ: "möte", "genomfört") without the Unicode
        // case tables: upper case is lower case less 0x20, and every one but
        // × and ÷ is a letter.
        let u = c as u32;
        if (0xC0..=0xFF).contains(&u) {
            if u != 0xD7 && u != 0xF7 {
                let lower = if u <= 0xDE {
                    char::from_u32(u + 0x20).unwrap_or(c)
                } else {
                    c
                };
                out.push(strip_diacritic(lower));
            }
            continue;
        }
        for l in c.to_lowercase() {
            let base = strip_diacritic(l);
            if base.is_alphanumeric() {
                out.push(base);
            }
        }
    }
}

/// Lower case with diacritics removed, keeping spaces and punctuation.
pub(crate) fn fold_keep_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase().map(strip_diacritic));
        }
    }
    out
}

fn strip_diacritic(c: char) -> char {
    match c {
        'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => 'a',
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ú' | 'ù' | 'û' => 'u',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// A1 reference for zero-based row and column: `a1(0, 0) == "A1"`.
pub fn a1(row: u32, col: u32) -> compact_str::CompactString {
    let mut s = col_name(col);
    s.push_str(itoa_u32(row + 1).as_str());
    s
}

fn itoa_u32(n: u32) -> compact_str::CompactString {
    compact_str::ToCompactString::to_compact_string(&n)
}

/// Column letters for a zero-based column: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn col_name(mut col: u32) -> compact_str::CompactString {
    let mut s = [0u8; 8];
    let mut i = s.len();
    loop {
        i -= 1;
        s[i] = b'A' + (col % 26) as u8;
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    compact_str::CompactString::from_utf8(&s[i..]).expect("ASCII")
}

/// The file name of a source path, for display.
pub fn file_name(file: &str) -> String {
    std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character folds as the Unicode case tables fold it (the
    /// Latin-1 shortcut included).
    #[test]
    fn every_char_folds_as_the_case_tables_say() {
        let general = |c: char| -> String {
            let mut out = String::new();
            for l in c.to_lowercase() {
                let base = strip_diacritic(l);
                if base.is_alphanumeric() {
                    out.push(base);
                }
            }
            out
        };
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut got = String::new();
            fold_into(c.encode_utf8(&mut [0; 4]), &mut got);
            assert_eq!(got, general(c), "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn every_char_is_a_word_char_as_the_tables_say() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphabetic() || c.is_numeric(),
                "{c:?} (U+{:04X})",
                c as u32
            );
        }
    }

    #[test]
    fn folds() {
        assert_eq!(fold("Resultat – målbild"), "resultatmalbild");
        assert_eq!(fold("Process-id"), "processid");
        assert_eq!(fold(" Åtgärdsbehov "), "atgardsbehov");
        assert_eq!(fold("Status 231231:"), "status231231");
        assert_eq!(fold("KSON"), "kson");
    }

    #[test]
    fn a1_refs() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 16383), "XFD1");
    }
}
