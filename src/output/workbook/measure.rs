//! How tall a wrapped cell is: text measured with the font's own widths.
//!
//! Excel and LibreOffice do not grow a row to fit wrapped text a program
//! wrote, so every row gets the height of its tallest cell, worked out here.
//! A guess from the number of characters gives rows too tall (large gaps) or
//! too short (the last lines cut off in print), so the text is measured:
//! each character's advance width in Calibri 11 pt (the workbook's font),
//! taken from Carlito, its metric-compatible twin that LibreOffice uses in
//! its place, then wrapped at spaces the way a spreadsheet does.
//!
//! The widths are Carlito's `hmtx` advances in font units (2,048 per em),
//! regular and bold, for printable ASCII and Latin-1, read once with
//! fontTools:
//!
//! ```text
//! f = TTFont("Carlito-Regular.ttf"); cmap = f.getBestCmap()
//! [f["hmtx"][cmap[c]][0] for c in range(0x20, 0x7f)]
//! ```
//!
//! The no-break space counts as a space and the soft hyphen as a hyphen
//! (the font gives them no width of their own). A character outside both tables counts as wide as "M" (the widest
//! common letter), so a guess errs towards a taller row, never a cut one.

/// Advance widths of U+0020..=U+007E, Carlito Regular.
const ASCII: [u16; 95] = [
    463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831,
    1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058,
    1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, 628, 791, 628, 1020, 1020, 596, 981,
    1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714,
    801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020,
];

/// Advance widths of U+00A0..=U+00FF, Carlito Regular.
const LATIN1: [u16; 96] = [
    463, 667, 1020, 1038, 1020, 1038, 1020, 1020, 804, 1709, 824, 1049, 1020, 627, 1038, 807, 694,
    1020, 688, 685, 598, 1126, 1200, 517, 629, 504, 865, 1049, 1303, 1375, 1383, 949, 1185, 1185,
    1185, 1185, 1185, 1185, 1563, 1092, 1000, 1000, 1000, 1000, 516, 516, 516, 516, 1279, 1322,
    1356, 1356, 1356, 1356, 1356, 1020, 1359, 1314, 1314, 1314, 1314, 998, 1058, 1080, 981, 981,
    981, 981, 981, 981, 1583, 866, 1019, 1019, 1019, 1019, 470, 470, 470, 470, 1076, 1076, 1080,
    1080, 1080, 1080, 1080, 1020, 1084, 1076, 1076, 1076, 1076, 927, 1076, 927,
];

/// Advance widths of U+0020..=U+007E, Carlito Bold.
const ASCII_BOLD: [u16; 95] = [
    463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840,
    1241, 1148, 1084, 1291, 999, 940, 1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090,
    1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064, 979, 665, 880, 665, 1020, 1020, 615, 1011,
    1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099, 1101, 1099, 1099, 728,
    817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020,
];

/// Advance widths of U+00A0..=U+00FF, Carlito Bold.
const LATIN1_BOLD: [u16; 96] = [
    463, 667, 1020, 1038, 1020, 1038, 1020, 1020, 849, 1709, 852, 1103, 1020, 627, 1038, 799, 701,
    1020, 692, 688, 616, 1154, 1224, 548, 621, 517, 891, 1103, 1347, 1415, 1437, 949, 1241, 1241,
    1241, 1241, 1241, 1241, 1588, 1084, 999, 999, 999, 999, 546, 546, 546, 546, 1309, 1349, 1385,
    1385, 1385, 1385, 1385, 1020, 1394, 1337, 1337, 1337, 1337, 1064, 1090, 1136, 1011, 1011, 1011,
    1011, 1011, 1011, 1587, 857, 1031, 1031, 1031, 1031, 503, 503, 503, 503, 1099, 1099, 1101,
    1101, 1101, 1101, 1101, 1020, 1114, 1099, 1099, 1099, 1099, 970, 1099, 970,
];

/// The font size of every cell, in points.
const SIZE_PT: f64 = 11.0;
/// Font units per em.
const UNITS_PER_EM: f64 = 2048.0;
/// The width of a character outside the tables (a wide letter, "M").
const OTHER: u16 = 1751;
/// The widest character in the tables ("@" is 1,831; the bold "—" 1,854).
const WIDEST: u16 = 1856;
/// The height of one line of Calibri 11 pt, in points: Excel's default row.
pub(crate) const LINE_PT: f64 = 15.0;
/// Room above and below the text of a cell, in points.
const PAD_PT: f64 = 3.0;
/// Excel's tallest row, in points.
pub(crate) const MAX_ROW_PT: f64 = 409.0;
/// The most lines one row can show, with its padding.
pub(crate) const MAX_ROW_LINES: usize = ((MAX_ROW_PT - PAD_PT) / LINE_PT) as usize;

/// The advance width of `c`, in font units.
fn advance(c: char, bold: bool) -> u16 {
    let u = c as u32;
    let (ascii, latin1) = if bold {
        (&ASCII_BOLD, &LATIN1_BOLD)
    } else {
        (&ASCII, &LATIN1)
    };
    match u {
        0x20..=0x7E => ascii[(u - 0x20) as usize],
        0xA0..=0xFF => latin1[(u - 0xA0) as usize],
        0x2013 | 0x2022 => 1020,
        0x2014 | 0x2192 => 1854,
        0x2018..=0x201A => 511,
        0x201C..=0x201E => 857,
        0x2026 => 1414,
        0x20AC => 1038,
        // Control characters and zero-width marks take no room.
        0..=0x1F | 0x7F..=0x9F | 0x200B..=0x200F | 0xFEFF => 0,
        _ => OTHER,
    }
}

/// The width of `s` in pixels at 96 dpi.
#[cfg(test)]
fn width_px(s: &str, bold: bool) -> f64 {
    let units: u64 = s.chars().map(|c| advance(c, bold) as u64).sum();
    units as f64 * px_per_unit()
}

fn px_per_unit() -> f64 {
    SIZE_PT * 96.0 / 72.0 / UNITS_PER_EM
}

/// The room for text in a column `width` characters wide, in pixels.
/// Excel's unit is the width of "0" in Calibri 11 (7 px), and a column is
/// 5 px wider than its characters; the cell keeps about 3 px each side
/// clear. Two per cent less again covers the rounding of each glyph to
/// whole pixels on screen (GDI) and in LibreOffice.
pub(crate) fn room_px(width: f64) -> f64 {
    ((width * 7.0).floor() - 1.0).max(7.0) * 0.98
}

/// One line of a wrapped cell: its text, and what stood between it and the
/// next line in the cell's text: a line break ("\n": the paragraph ends), the
/// space the wrapping broke at (" "), or nothing (a word too long for a
/// line, broken inside). The lines joined with these give the text back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub text: String,
    pub after: &'static str,
}

impl Line {
    pub fn ends_paragraph(&self) -> bool {
        self.after == "\n"
    }
}

/// `text` wrapped as a spreadsheet wraps it in a cell with `room` pixels:
/// each paragraph (a line break ends one) broken at the last space that
/// fits, a word too long for a line broken where the line is full.
pub(crate) fn wrap(text: &str, room: f64, bold: bool) -> Vec<Line> {
    let mut out = Vec::new();
    let room = room_units(room);
    let space = advance(' ', bold) as u64;
    let push = |out: &mut Vec<Line>, line: &mut String, after| {
        out.push(Line {
            text: std::mem::take(line),
            after,
        })
    };
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0u64;
        let mut first = true;
        for word in para.split(' ') {
            let w: u64 = word.chars().map(|c| advance(c, bold) as u64).sum();
            let gap = if first { 0 } else { space };
            if used + gap + w <= room {
                if !first {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
            } else {
                if !first {
                    push(&mut out, &mut line, " ");
                }
                used = 0;
                // A word wider than the column: broken where the line is full.
                for c in word.chars() {
                    let cw = advance(c, bold) as u64;
                    if used + cw > room && used > 0 {
                        push(&mut out, &mut line, "");
                        used = 0;
                    }
                    line.push(c);
                    used += cw;
                }
            }
            first = false;
        }
        push(&mut out, &mut line, "\n");
    }
    if let Some(last) = out.last_mut() {
        last.after = "";
    }
    out
}

/// The number of lines `text` takes in a column `width` characters wide.
pub(crate) fn lines(text: &str, width: f64, bold: bool) -> usize {
    let room = room_units(room_px(width));
    // Most cells are one short line: no need to measure each character.
    if !text.contains('\n') && text.len() as u64 * WIDEST as u64 <= room {
        return 1;
    }
    let space = advance(' ', bold) as u64;
    let mut n = 0;
    for para in text.split('\n') {
        let mut used = 0u64;
        let mut count = 1;
        let mut first = true;
        for word in para.split(' ') {
            let w: u64 = word.chars().map(|c| advance(c, bold) as u64).sum();
            let gap = if first { 0 } else { space };
            if used + gap + w <= room {
                used += gap + w;
            } else if w <= room {
                count += usize::from(!first);
                used = w;
            } else {
                count += usize::from(!first);
                used = 0;
                for c in word.chars() {
                    let cw = advance(c, bold) as u64;
                    if used + cw > room && used > 0 {
                        count += 1;
                        used = 0;
                    }
                    used += cw;
                }
            }
            first = false;
        }
        n += count;
    }
    n.max(1)
}

/// `room` pixels in font units (what [`lines`] and [`wrap`] count in).
fn room_units(room: f64) -> u64 {
    (room / px_per_unit()).floor() as u64
}

/// The height in points of a row whose tallest cell has `lines` lines,
/// at most Excel's tallest row.
pub(crate) fn row_height(lines: usize) -> f64 {
    (lines as f64 * LINE_PT + PAD_PT).min(MAX_ROW_PT)
}

/// Row heights for wrapped text, set as each row is finished
/// ([`Heights::end_row`]), before the next row is written: the large sheets
/// are written row by row in rust_xlsxwriter's constant-memory mode, where
/// a finished row can no longer be changed.
pub(crate) struct Heights {
    /// The width of each column, in characters.
    widths: Vec<f64>,
    /// Lines of the tallest cell of the current row.
    lines: usize,
}

impl Heights {
    pub fn new(widths: Vec<f64>) -> Self {
        Heights { widths, lines: 1 }
    }

    /// Notes the text of a wrapped cell of the current row.
    pub fn note(&mut self, col: u16, text: &str) {
        self.note_as(col, text, false);
    }

    /// Notes the text of a wrapped cell, bold or not.
    pub fn note_as(&mut self, col: u16, text: &str, bold: bool) {
        let width = self.widths.get(col as usize).copied().unwrap_or(8.43);
        self.lines = self.lines.max(lines(text, width, bold));
    }

    /// Sets the height of `row` when a cell needs more than one line, and
    /// starts the next row.
    pub fn end_row(
        &mut self,
        ws: &mut rust_xlsxwriter::Worksheet,
        row: u32,
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        if let Some(h) = self.take() {
            ws.set_row_height(row, h)?;
        }
        Ok(())
    }

    /// The height in points of the current row when a cell needs more than
    /// one line; starts the next row.
    pub fn take(&mut self) -> Option<f64> {
        let lines = std::mem::replace(&mut self.lines, 1);
        (lines > 1).then(|| row_height(lines))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_the_fonts() {
        // "0" is 1,038 units: 7.4 px at 11 pt, about Excel's 7 px digit.
        assert!((width_px("0", false) - 7.43).abs() < 0.01);
        assert!(width_px("iiii", false) < width_px("MMMM", false) / 3.0);
        assert!(width_px("KSON", true) > width_px("KSON", false));
        assert!(width_px("å", false) == width_px("a", false));
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_every_character() {
        let text = "Processmöte 5 genomfört 2023-05-29\n Kort  två\nEttmycketlångtordutanmellanrumsomintefårplatspåenrad";
        let lines = wrap(text, room_px(20.0), false);
        assert!(
            lines
                .iter()
                .all(|l| width_px(&l.text, false) <= room_px(20.0))
        );
        // Joined at the breaks, the lines are the text, spaces and all.
        let back: String = lines
            .iter()
            .map(|l| format!("{}{}", l.text, l.after))
            .collect();
        assert_eq!(back, text, "{lines:?}");
        assert_eq!(lines.iter().filter(|l| l.ends_paragraph()).count(), 2);
        assert!(
            lines
                .iter()
                .any(|l| l.after.is_empty() && !l.ends_paragraph())
        );
        assert_eq!(super::lines(text, 20.0, false), lines.len());
    }

    /// [`lines`] counts what [`wrap`] makes, without making it.
    #[test]
    fn counting_agrees_with_wrapping() {
        let words = [
            "Processmöte",
            "12",
            "genomfört",
            "2023-05-29",
            "",
            "ÅÄÖ",
            "x",
        ];
        let long = "Ettordsomärlängreänenhelkolumnochmåstebrytasmittiordet";
        for seed in 0..400usize {
            let mut text = String::new();
            for k in 0..(seed % 17) {
                let w = if (seed + k) % 23 == 0 {
                    long
                } else {
                    words[(seed * 7 + k * 3) % words.len()]
                };
                text.push_str(w);
                text.push(if (seed + k) % 5 == 0 { '\n' } else { ' ' });
            }
            for width in [6.0, 11.0, 35.0] {
                let wrapped = wrap(&text, room_px(width), false);
                assert_eq!(
                    lines(&text, width, false),
                    wrapped.len(),
                    "{text:?} at {width}"
                );
                let back: String = wrapped
                    .iter()
                    .map(|l| format!("{}{}", l.text, l.after))
                    .collect();
                assert_eq!(back, text);
            }
        }
    }

    #[test]
    fn a_short_cell_is_one_line_and_rows_stop_at_excels_limit() {
        assert_eq!(lines("BoU", 9.0, false), 1);
        assert_eq!(lines("", 9.0, false), 1);
        assert_eq!(lines("a\nb\nc", 9.0, false), 3);
        assert_eq!(row_height(100), MAX_ROW_PT);
        assert!(row_height(MAX_ROW_LINES) <= MAX_ROW_PT);
        assert!(row_height(MAX_ROW_LINES + 1) >= MAX_ROW_PT);
    }
}
