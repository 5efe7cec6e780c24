//! Benchmark: the full run against the I/O floor, on generated corpora.
//!
//! `cargo bench --bench consolidate` generates (once, under target/bench-corpus)
//! deterministic corpora, then runs each job in a child process so that its
//! peak memory (VmHWM) is its own, in three rounds (`BENCH_RUNS`) that run
//! every job once in turn, and prints the median wall time, the peak memory
//! and the ratios (the median of each round's ratio: a change in the
//! machine's speed falls on the jobs of a round alike; for the tool over
//! its output floor also the smallest and largest round's ratio). `BENCH_QUICK=1`
//! runs only the small corpora. Last comes the corpus of lists that share
//! their ids (1,000 lists drawing 30 ids each from a pool of 120): the tool's
//! time, peak memory, workbook size and findings; `BENCH_SHARED_ONLY=1`
//! runs only that one.
//!
//! The floor reads every cell with calamine and writes the same cells with
//! rust_xlsxwriter (constant-memory worksheet), with no logic. The output
//! floor reads every input cell and writes the cells of the tool's own
//! output (its five sheets, loaded before the clock starts), with no logic:
//! the I/O this job cannot avoid. With `BENCH_PYTHON=1` the same two floors
//! in Python (`support/floor.py`: python-calamine + XlsxWriter) are timed
//! too; the Python output floor is the least a Python program that writes
//! this job's workbook has to do.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use calamine::{Data, Reader};

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    v.sort();
    v
}

/// Read all cells, write the same cells: the I/O floor.
fn floor(dir: &Path, out: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    let mut r = 0u32;
    for path in inputs(dir) {
        let mut book = calamine::open_workbook_auto(&path).unwrap();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).unwrap();
            for row in range.rows() {
                for (c, cell) in row.iter().enumerate() {
                    match cell {
                        Data::String(s) => {
                            ws.write_string(r, c as u16, s).unwrap();
                        }
                        Data::Float(f) => {
                            ws.write_number(r, c as u16, *f).unwrap();
                        }
                        Data::Int(i) => {
                            ws.write_number(r, c as u16, *i as f64).unwrap();
                        }
                        _ => {}
                    }
                }
                r += 1;
            }
        }
    }
    wb.save(out).unwrap();
}

/// Every cell of a workbook, sheet by sheet.
type Cells = Vec<(String, Vec<(u32, u16, Data)>)>;

fn load_cells(path: &Path) -> Cells {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let cells = range
                .used_cells()
                .filter(|(_, _, d)| !matches!(d, Data::Empty))
                .map(|(r, c, d)| (r as u32, c as u16, d.clone()))
                .collect();
            (name, cells)
        })
        .collect()
}

/// The floor of this job's own output: read every input cell, and write
/// every cell of the workbook the tool wrote (loaded before the clock
/// starts) to the same sheets, constant-memory, at the tool's compression
/// level, with no logic and no formatting.
fn floor_out(dir: &Path, out: &Path, cells: &Cells) {
    let mut read = 0usize;
    for path in inputs(dir) {
        let mut book = calamine::open_workbook_auto(&path).unwrap();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).unwrap();
            read += range.used_cells().count();
        }
    }
    assert!(read > 0);
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.set_zip_compression_level(2);
    for (name, sheet) in cells {
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        ws.set_name(name).unwrap();
        for (r, c, d) in sheet {
            match d {
                Data::String(s) => {
                    ws.write_string(*r, *c, s).unwrap();
                }
                Data::Float(f) => {
                    ws.write_number(*r, *c, *f).unwrap();
                }
                Data::Int(i) => {
                    ws.write_number(*r, *c, *i as f64).unwrap();
                }
                Data::DateTime(d) => {
                    ws.write_number(*r, *c, d.as_f64()).unwrap();
                }
                Data::Bool(b) => {
                    ws.write_boolean(*r, *c, *b).unwrap();
                }
                _ => {}
            }
        }
    }
    wb.save(out).unwrap();
}

/// The tool: the full `consolidate` — read, normalise, reconcile, check,
/// write the workbook.
fn tool(dir: &Path, out: &Path) {
    let cfg = processlista::config::Config::default();
    let inputs = vec![dir.to_path_buf()];
    let opts = processlista::Options::new(inputs.clone(), cfg);
    let t = Instant::now();
    // As the binary does: the checks run while the largest sheet is written.
    let model = processlista::prepare(&opts).unwrap();
    let prepared = t.elapsed();
    // As the binary does: what is shown afterwards is taken from the run
    // before the workbook is saved, and the model is freed meanwhile.
    let out = out.with_extension("xlsx");
    let summary = processlista::output::workbook::check_and_write_then(
        model,
        &opts.config,
        &out,
        &inputs,
        |run| {
            Ok(processlista::output::terminal::consolidate_summary(
                run,
                opts.config.lang,
                &out,
            ))
        },
    )
    .unwrap();
    assert!(!summary.is_empty());
    // Stage times on stderr: the parent shows them with BENCH_STAGES=1.
    eprintln!(
        "read+reconcile {:.3} s, check+write {:.3} s",
        prepared.as_secs_f64(),
        (t.elapsed() - prepared).as_secs_f64()
    );
}

fn child(job: &str, dir: &Path, out: &Path) {
    let t;
    match job {
        "floor" => {
            t = Instant::now();
            floor(dir, out)
        }
        "tool" => {
            t = Instant::now();
            tool(dir, out)
        }
        "floor-out" => {
            let cells = load_cells(&dir.with_extension("tool.xlsx"));
            t = Instant::now();
            floor_out(dir, out, &cells)
        }
        other => panic!("unknown job {other}"),
    }
    println!("{} {}", t.elapsed().as_millis(), peak_kib());
}

/// The runs of one corpus's jobs: `BENCH_RUNS` rounds (3 by default), each
/// round running every job once in turn, so that a change in the shared
/// machine's speed (10-15 % from run to run, more between hours) falls on
/// all jobs alike. Per job: the median time and the largest peak; the
/// ratios are the medians of each round's ratio.
struct Rounds {
    /// Per job, each round's (seconds, MiB).
    runs: Vec<Vec<(f64, f64)>>,
}

impl Rounds {
    fn measure(jobs: &[&str], dir: &Path) -> Rounds {
        let rounds: usize = std::env::var("BENCH_RUNS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(3)
            .max(1);
        let mut runs = vec![Vec::new(); jobs.len()];
        for _ in 0..rounds {
            for (j, job) in jobs.iter().enumerate() {
                runs[j].push(measure_once(job, dir));
            }
        }
        Rounds { runs }
    }

    /// Job `j`'s median time and largest peak.
    fn job(&self, j: usize) -> (f64, f64) {
        let times: Vec<f64> = self.runs[j].iter().map(|r| r.0).collect();
        let peak = self.runs[j].iter().map(|r| r.1).fold(0.0, f64::max);
        (median(times), peak)
    }

    /// Each round's ratio of job `a`'s time to job `b`'s.
    fn ratios(&self, a: usize, b: usize) -> Vec<f64> {
        self.runs[a]
            .iter()
            .zip(&self.runs[b])
            .map(|(x, y)| x.0 / y.0)
            .collect()
    }

    /// The median over the rounds of job `a`'s time over job `b`'s.
    fn ratio(&self, a: usize, b: usize) -> f64 {
        median(self.ratios(a, b))
    }

    /// The smallest and the largest round's ratio, as "1.31-1.52": how far
    /// the machine moved the ratio.
    fn spread(&self, a: usize, b: usize) -> String {
        let r = self.ratios(a, b);
        let lo = r.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = r.iter().copied().fold(0.0, f64::max);
        format!("{lo:.2}-{hi:.2}")
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn measure_once(job: &str, dir: &Path) -> (f64, f64) {
    let out = dir.with_extension(format!("{job}.out"));
    let exe = std::env::current_exe().unwrap();
    let o = Command::new(exe)
        .env("BENCH_CHILD", job)
        .arg(dir)
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{job} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    if std::env::var_os("BENCH_STAGES").is_some() && !o.stderr.is_empty() {
        eprint!("  {job}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let text = String::from_utf8_lossy(&o.stdout);
    let mut it = text.split_whitespace().map(|x| x.parse::<f64>().unwrap());
    let ms = it.next().unwrap();
    let kib = it.next().unwrap();
    (ms / 1000.0, kib / 1024.0)
}

/// A Python floor (`support/floor.py`), when python3 has python-calamine
/// and XlsxWriter: the median of three runs of its timed part, in seconds.
/// With `tool_output`, the output floor (the tool's workbook written
/// again), else the floor.
fn python_floor(dir: &Path, tool_output: bool) -> Option<f64> {
    let mut times: Vec<f64> = (0..3)
        .map_while(|_| python_floor_once(dir, tool_output))
        .collect();
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied()
}

fn python_floor_once(dir: &Path, tool_output: bool) -> Option<f64> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/support/floor.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script).arg(dir);
    if tool_output {
        cmd.arg(dir.with_extension("py-out.xlsx"))
            .arg(dir.with_extension("tool.xlsx"));
    } else {
        cmd.arg(dir.with_extension("py.xlsx"));
    }
    let o = cmd.output().ok()?;
    if !o.status.success() {
        eprintln!(
            "python floor failed (pip install python-calamine xlsxwriter): {}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
        return None;
    }
    String::from_utf8_lossy(&o.stdout).trim().parse().ok()
}

fn main() {
    if let Ok(job) = std::env::var("BENCH_CHILD") {
        let args: Vec<String> = std::env::args().collect();
        child(&job, Path::new(&args[1]), Path::new(&args[2]));
        return;
    }
    // cargo bench passes --bench; ignore arguments.
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    // (name, files, processes per file, status lines per process)
    let mut corpora: Vec<(&str, usize, usize, usize)> = vec![("samples-like 5×12", 5, 12, 15)];
    if quick {
        corpora.push(("100 files × 30", 100, 30, 15));
        corpora.push(("1 file × 5,000", 1, 5_000, 15));
    } else {
        corpora.push(("1,000 files × 30", 1_000, 30, 15));
        corpora.push(("1 file × 12,500", 1, 12_500, 15));
        corpora.push(("1 file × 25,000", 1, 25_000, 15));
        corpora.push(("1 file × 50,000", 1, 50_000, 15));
    }
    println!(
        "cores: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let python = std::env::var_os("BENCH_PYTHON").is_some();
    println!(
        "{:<20} {:>8} {:>9} {:>9} {:>8} {:>9} {:>8} {:>9} {:>7} {:>7} {:>9} {:>8}",
        "corpus",
        "floor s",
        "floor MiB",
        "outfl. s",
        "py fl. s",
        "py out s",
        "tool s",
        "tool MiB",
        "t/floor",
        "t/outfl",
        "(rounds)",
        "pyout/t"
    );
    if std::env::var_os("BENCH_SHARED_ONLY").is_some() {
        corpora.clear();
    }
    for (i, (name, files, processes, lines)) in corpora.iter().enumerate() {
        let dir = root.join(format!("c{i}-{files}x{processes}x{lines}"));
        // Beside the folder: a file in it would be listed as skipped.
        let stamp = root.join(format!("c{i}-{files}x{processes}x{lines}.complete"));
        if !stamp.exists() {
            eprintln!("generating {name} …");
            corpus::make(&dir, *files, *processes, *lines, 20231231 + i as u64);
            std::fs::write(&stamp, "").unwrap();
        }
        // The output floor writes the tool's workbook again: it runs after
        // the tool in each round. Its memory is not shown: it holds the
        // output's cells, loaded before its clock starts.
        let rounds = Rounds::measure(&["floor", "tool", "floor-out"], &dir);
        let ((fs, fm), (ts, tm), (os, _)) = (rounds.job(0), rounds.job(1), rounds.job(2));
        // The Python output floor writes the tool's workbook again: it
        // runs after the tool.
        let (py, py_out) = if python {
            (python_floor(&dir, false), python_floor(&dir, true))
        } else {
            (None, None)
        };
        let secs = |x: Option<f64>| x.map_or("–".to_string(), |p| format!("{p:.3}"));
        let py_ratio = py_out.map_or("–".to_string(), |p| format!("{:.1}", p / ts));
        println!(
            "{name:<20} {fs:>8.3} {fm:>9.1} {os:>9.3} {:>8} {:>9} {ts:>8.3} {tm:>9.1} {:>7.2} {:>7.2} {:>9} {py_ratio:>8}",
            secs(py),
            secs(py_out),
            rounds.ratio(1, 0),
            rounds.ratio(1, 2),
            rounds.spread(1, 2)
        );
    }
    shared_ids(&root, quick);
}

/// The corpus of lists that share their ids (1,000 lists of 30 processes
/// drawn from a pool of 120; 100 lists with `BENCH_QUICK`): where the
/// offices' reports of one process meet, and the findings multiply. The
/// tool's time and peak memory, the workbook's size and its findings.
fn shared_ids(root: &Path, quick: bool) {
    let (files, processes, pool) = if quick {
        (100, 30, 120)
    } else {
        (1_000, 30, 120)
    };
    let name = format!("shared-{files}x{processes}-of-{pool}");
    let dir = root.join(&name);
    let stamp = root.join(format!("{name}.complete"));
    if !stamp.exists() {
        eprintln!("generating {name} …");
        corpus::make_shared(&dir, files, processes, 15, pool, 20240101);
        std::fs::write(&stamp, "").unwrap();
    }
    let rounds = Rounds::measure(&["tool"], &dir);
    let (secs, mib) = rounds.job(0);
    let workbook = dir.with_extension("tool.xlsx");
    let size = std::fs::metadata(&workbook).map_or(0, |m| m.len());
    let mut book = calamine::open_workbook_auto(&workbook).unwrap();
    let findings = book
        .worksheet_range("Avvikelser")
        .map_or(0, |r| r.height().saturating_sub(1));
    println!(
        "{:<20} tool {secs:.3} s, {mib:.1} MiB peak, workbook {:.1} MB, {findings} findings (Avvikelser rows)",
        format!("{files} lists of {pool} ids"),
        size as f64 / 1e6
    );
}
