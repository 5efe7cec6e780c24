//! The two parts of the writer that are made by hand instead of by
//! rust_xlsxwriter, and why they are kept.
//!
//! **What they copy.** [`sheet_xml`] writes *Möten*'s data rows the way
//! rust_xlsxwriter 0.102's constant-memory worksheets write them: each
//! cell's reference, its column's style number, the text escaped as the
//! library escapes it, into a part whose head and tail (dimension, columns,
//! frozen header, filter, print setup, header row) the library itself wrote.
//! [`package`] saves that part apart (its rows written on one thread and
//! compressed on another while the other sheets are finished), and copies it,
//! still compressed, into the workbook rust_xlsxwriter saved with a stand-in
//! *Möten*. It also mends one mistake of the library: a constant-memory
//! sheet's tall last row is written twice (the second time without cells).
//!
//! **Why.** *Möten* is most of the workbook (a row of 12–14 cells per
//! meeting: 750,000 rows, 548 of 670 MB of XML at 50,000 processes), and the
//! library's per-cell work on it is the run's longest path. Measured on the
//! bench corpus of 50,000 processes (`cargo test --release --test golden --
//! --ignored` makes it in `target/golden-corpus/c5-1x50000x15`; then
//! `/usr/bin/time -f "%e s %M KiB" target/release/processlista consolidate
//! -q target/golden-corpus/c5-1x50000x15 -o out.xlsx`, three runs each, 2
//! cores): 4.55–4.79 s with *Möten* written here, 6.49–6.81 s with the
//! library writing it in place (the build's `MeetingsSheet::InPlace`), the
//! same memory (297 MiB) — 29 % of the run. That earns them their place; the
//! rest of the workbook is the library's.
//!
//! **What keeps them honest.** When the library changes underneath, these
//! fail: `meetings_saved_apart_are_the_part_written_in_place`
//! (`workbook/mod.rs`: the copied workbook has the parts, bytes and storage
//! of the library's own whole save, in both languages, with and without the
//! plan; and it asserts that the library still repeats the tall last row of
//! *Processlista* and *Avvikelser*, so the mending is dropped the day it is
//! fixed), `cells_are_written_as_rust_xlsxwriter_writes_them` (`package.rs`:
//! the same rows both ways, with text that needs every escape, byte for
//! byte), and the unit tests of [`sheet_xml`]. `tests/golden.rs` compares
//! every output with the one committed before the restructuring.

pub(crate) mod package;
pub(crate) mod sheet_xml;
