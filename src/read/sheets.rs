//! What the readers share: the sparse grid (CSV uses it too) a sheet's cells are
//! put into (bounded by `limits.max_cells_per_sheet` and
//! `limits.max_cells_total` as they arrive), the conversion of calamine's
//! values to [`CellValue`], and the words for calamine's errors.

use calamine::Data;
use chrono::NaiveDate;

use super::{CellValue, PASSWORD_PROTECTED, RawSheet, ReadFailure};
use crate::ground::config::Config;
use crate::model::dates::from_excel_serial;

/// Reads every sheet of `names` with `one`, which puts a sheet's cells into
/// the grid and returns its merged ranges (filled from their first cell).
pub(super) fn read_each(
    names: Vec<String>,
    cfg: &Config,
    mut one: impl FnMut(&str, &mut Grid<'_>) -> Result<Vec<calamine::Dimensions>, ReadFailure>,
) -> Result<Vec<RawSheet>, ReadFailure> {
    let mut used: u64 = 0;
    let mut sheets = Vec::new();
    for name in names {
        let mut grid = Grid::new(cfg, &name, &mut used);
        let merged = one(&name, &mut grid)?;
        grid.fill_merged(&merged)?;
        let rows = grid.finish();
        sheets.push(RawSheet {
            name,
            rows,
            container: Default::default(),
        });
    }
    Ok(sheets)
}

/// The worksheets of a workbook (calamine's sheet metadata), and its other
/// sheets (chart and dialog sheets: no cells) as empty sheets of
/// [`Container::Chart`](crate::ground::finding::Container::Chart), which
/// the normaliser names and skips.
pub(super) fn worksheets_and_charts(meta: &[calamine::Sheet]) -> (Vec<String>, Vec<RawSheet>) {
    let (work, other): (Vec<&calamine::Sheet>, Vec<&calamine::Sheet>) =
        meta.iter().partition(|s| {
            !matches!(
                s.typ,
                calamine::SheetType::ChartSheet | calamine::SheetType::DialogSheet
            )
        });
    (
        work.into_iter().map(|s| s.name.clone()).collect(),
        other
            .into_iter()
            .map(|s| RawSheet {
                name: s.name.clone(),
                rows: Vec::new(),
                container: crate::ground::finding::Container::Chart,
            })
            .collect(),
    )
}

/// `read` (the worksheets, then the chart sheets) put back in the
/// workbook's tab order, `order`.
pub(super) fn in_tab_order(mut read: Vec<RawSheet>, order: &[String]) -> Vec<RawSheet> {
    read.sort_by_key(|s| order.iter().position(|n| *n == s.name));
    read
}

/// The failure for a sheet calamine cannot read.
pub(super) fn cannot(name: &str, e: &dyn std::fmt::Display) -> ReadFailure {
    ReadFailure::new(format!("sheet \"{name}\" cannot be read: {e}"))
}

/// Puts a whole range (the formats calamine reads only as a range) into the
/// grid.
pub(super) fn put_range(
    range: &calamine::Range<Data>,
    grid: &mut Grid<'_>,
) -> Result<(), ReadFailure> {
    if let Some((r0, c0)) = range.start() {
        for (r, row) in range.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                grid.put((r0 + r as u32, c0 + c as u32), convert(v))?;
            }
        }
    }
    Ok(())
}

/// Builds a sheet's rows from its cells, sparse: only rows and columns that
/// hold values are allocated, and every cell is checked against the limits.
pub(super) struct Grid<'a> {
    cfg: &'a Config,
    sheet: &'a str,
    rows: Vec<Vec<CellValue>>,
    /// Cells allocated in the whole workbook so far.
    used: &'a mut u64,
}

impl<'a> Grid<'a> {
    pub(super) fn new(cfg: &'a Config, sheet: &'a str, used: &'a mut u64) -> Self {
        Grid {
            cfg,
            sheet,
            rows: Vec::new(),
            used,
        }
    }

    fn too_large(&self, what: String) -> ReadFailure {
        ReadFailure::new(format!(
            "sheet \"{}\" {what}, over the limits (limits.max_rows = {}, limits.max_cols = {}, \
             limits.max_cells = {}); raise them in the configuration if the file is genuine",
            self.sheet,
            self.cfg.limits.max_rows,
            self.cfg.limits.max_cols,
            self.cfg.limits.max_cells
        ))
    }

    /// Makes room for cell (r, c), counting what is allocated.
    fn reserve(&mut self, r: usize, c: usize) -> Result<(), ReadFailure> {
        if r >= self.cfg.limits.max_rows as usize || c >= self.cfg.limits.max_cols as usize {
            return Err(self.too_large(format!(
                "has a value in cell {}",
                crate::ground::text::a1(r as u32, c as u32)
            )));
        }
        if self.rows.len() <= r {
            self.rows.resize(r + 1, Vec::new());
        }
        let len = self.rows[r].len();
        if len <= c {
            *self.used += (c + 1 - len) as u64;
            if *self.used > self.cfg.limits.max_cells {
                return Err(self.too_large(format!(
                    "takes the workbook past {} cells",
                    self.cfg.limits.max_cells
                )));
            }
            self.rows[r].resize(c + 1, CellValue::Empty);
        }
        Ok(())
    }

    pub(super) fn put(&mut self, (r, c): (u32, u32), value: CellValue) -> Result<(), ReadFailure> {
        if value.is_empty() {
            return Ok(());
        }
        let (r, c) = (r as usize, c as usize);
        self.reserve(r, c)?;
        self.rows[r][c] = value;
        Ok(())
    }

    /// Gives a merged area's value to every cell of the area (within limits).
    pub(super) fn fill_merged(&mut self, dims: &[calamine::Dimensions]) -> Result<(), ReadFailure> {
        for d in dims {
            let (r0, c0) = (d.start.0 as usize, d.start.1 as usize);
            let Some(value) = self.rows.get(r0).and_then(|r| r.get(c0)).cloned() else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            for r in r0..=(d.end.0 as usize) {
                for c in c0..=(d.end.1 as usize) {
                    if (r, c) == (r0, c0) {
                        continue;
                    }
                    self.reserve(r, c)?;
                    if self.rows[r][c].is_empty() {
                        self.rows[r][c] = value.clone();
                    }
                }
            }
        }
        Ok(())
    }

    pub(super) fn finish(self) -> Vec<Vec<CellValue>> {
        let mut rows = self.rows;
        while rows.last().is_some_and(|r| r.is_empty()) {
            rows.pop();
        }
        rows
    }
}

/// [`convert`] for a streamed cell: a text is copied once (through
/// [`Data`] it was copied three times).
pub(super) fn convert_ref(d: &calamine::DataRef<'_>) -> CellValue {
    match d {
        calamine::DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
        calamine::DataRef::String(s) => CellValue::Text(s.clone()),
        other => convert(&Data::from(other.clone())),
    }
}

fn convert(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => {
            // Only cells formatted as dates arrive here. Keep the serial as a
            // number when it is no plausible date (a duration, say).
            match from_excel_serial(dt.as_f64()) {
                Some(date) if dt.is_datetime() => CellValue::Date(date),
                _ => CellValue::Number(dt.as_f64()),
            }
        }
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d") {
                Ok(d) => CellValue::Date(d),
                Err(_) => CellValue::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(format!("{e}")),
    }
}

pub(super) fn describe_calamine(ext: &str, e: &calamine::Error) -> ReadFailure {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if matches!(
        e,
        calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Xlsx(calamine::XlsxError::Password)
    ) || lower.contains("password")
        || lower.contains("encrypt")
    {
        return ReadFailure::new(PASSWORD_PROTECTED);
    }
    ReadFailure::new(format!(
        "not a readable .{ext} workbook, it may be damaged or truncated ({text}); open it in \
         Excel and save it again as .xlsx"
    ))
}
