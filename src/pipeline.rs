//! The pipeline: reads the inputs (in parallel), normalises each workbook,
//! reconciles the processes, adds the master plan and last month's snapshot,
//! and runs the checks.
//!
//! Takes: [`Options`] (files, configuration, dates). Gives: the
//! [`Model`] ([`prepare`]) or the model with its findings, a [`Run`]
//! ([`run`]).

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::ground::config::{self, Config, config_hash};
use crate::ground::finding::{Code, Location, Raw};
use crate::ground::names::{META_SHEET, OWN_SHEETS};
use crate::ground::{Error, Timings};
use crate::model::{self, Model, Run, Source};
use crate::{checks, normalize, read, reconcile};

/// What to read and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub config: Config,
    /// The reporting date; inferred from the inputs when `None`.
    pub as_of: Option<NaiveDate>,
    /// Used when neither `as_of` nor the inputs give a date.
    pub today: NaiveDate,
    /// The master plan file (`--plan`).
    pub plan: Option<PathBuf>,
    /// Told how far a long run has come (the binary draws a progress bar).
    pub progress: Option<Progress>,
    /// Last month's consolidated workbook (`--previous`): compared with this
    /// run for the changes sheet and `history-changed` findings.
    pub previous: Option<PathBuf>,
    /// The names shown for input files instead of their paths: the web
    /// server saves each upload in a temporary folder and names it by the
    /// client's file name ([`Options::shown`]). Empty on the command line.
    pub labels: Vec<(PathBuf, String)>,
}

/// A callback told `(stage, done, total)` as files are read and checked.
/// It is called from worker threads.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<ProgressFn>);

/// The function behind [`Progress`]: `(stage, done, total)`.
pub type ProgressFn = dyn Fn(&str, usize, usize) + Send + Sync;

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

impl Progress {
    fn tell(&self, stage: &str, done: usize, total: usize) {
        (self.0)(stage, done, total)
    }
}

impl Options {
    pub fn new(inputs: Vec<PathBuf>, config: Config) -> Self {
        Options {
            inputs,
            config,
            as_of: None,
            today: chrono::Local::now().date_naive(),
            plan: None,
            progress: None,
            previous: None,
            labels: Vec::new(),
        }
    }

    /// The name a file is shown by in findings, sources and outputs: its
    /// label when [`Options::labels`] gives one, else its path.
    pub fn shown(&self, path: &std::path::Path) -> String {
        self.labels
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| path.display().to_string())
    }
}

fn is_own_output(book: &read::RawWorkbook) -> bool {
    book.sheets.iter().any(|s| s.name == META_SHEET)
        || OWN_SHEETS.iter().any(|pair| {
            pair.iter()
                .all(|n| book.sheets.iter().any(|s| s.name == *n))
        })
}

/// Reads, normalises, reconciles and checks the inputs.
pub fn run(opts: &Options) -> Result<Run, Error> {
    let model = prepare(opts)?;
    let mut timings = Timings::start();
    let findings = checks::run_all(&model, &opts.config);
    timings.mark("check");
    Ok(Run { model, findings })
}

/// Reads, normalises and reconciles the inputs (and compares them with last
/// month's workbook): the model the checks run on. [`crate::output::workbook::check_and_write`]
/// runs the checks while it writes the largest sheet.
pub fn prepare(opts: &Options) -> Result<Model, Error> {
    let cfg = &opts.config;
    let mut timings = Timings::start();
    // Last month's workbook first: a wrong --previous stops the run before
    // any work is done.
    let previous = match &opts.previous {
        Some(p) => {
            let mut snapshot = reconcile::history::read_snapshot(p, cfg)?;
            snapshot.file = opts.shown(p);
            Some(snapshot)
        }
        None => None,
    };
    let sv = cfg.lang == config::Lang::Sv;
    let (mut files, mut skipped) = read::collect(&opts.inputs).map_err(|e| match e {
        Error::Input { path, message } if sv && message == read::NO_SUCH_INPUT => Error::Input {
            path,
            message: "filen eller mappen finns inte – kontrollera stavningen".into(),
        },
        other => other,
    })?;
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "{} (.{}) {} {}",
            if sv {
                "inga kalkylark"
            } else {
                "no spreadsheet files"
            },
            read::EXTENSIONS.join(", ."),
            if sv { "finns i" } else { "found in" },
            opts.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    // Files shown by labels (uploads, each in a folder of its own) are read
    // in the order of their names, as the files of one folder are: the
    // order a client sent them in changes nothing.
    if !opts.labels.is_empty() {
        files.sort_by_cached_key(|(p, _)| (opts.shown(p), p.clone()));
    }
    // Read every file; a failure or a panic in one file is reported and the
    // others are read.
    // Files are read in parallel; the results keep the files' order.
    let done = AtomicUsize::new(0);
    let results: Vec<_> = files
        .par_iter()
        .map(|(path, explicit)| {
            let result =
                std::panic::catch_unwind(AssertUnwindSafe(|| {
                    match read::refused_by_name(path).filter(|_| *explicit) {
                        Some(refused) => Err(refused),
                        None => read::read_file(path, cfg),
                    }
                }));
            if let Some(p) = &opts.progress {
                p.tell(
                    "read",
                    done.fetch_add(1, Ordering::Relaxed) + 1,
                    files.len(),
                );
            }
            (path, *explicit, result)
        })
        .collect();
    timings.mark("read");
    let mut books = Vec::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    for (path, explicit, result) in results {
        match result {
            Ok(Ok(mut book)) => {
                if !opts.labels.is_empty() {
                    book.file = opts.shown(path);
                }
                if book.own_attachment && !explicit {
                    skipped.push(model::Skipped {
                        file: book.file.clone(),
                        reason: model::SkipReason::OwnAttachment,
                    });
                    continue;
                }
                if is_own_output(&book) {
                    if !explicit {
                        skipped.push(model::Skipped {
                            file: book.file.clone(),
                            reason: model::SkipReason::OwnOutput,
                        });
                        continue;
                    }
                    // A consolidation named as input: its process list is read.
                    books.push(reconcile::history::own_workbook_as_list(book));
                    continue;
                }
                books.push(book);
            }
            Ok(Err(f)) => failures.push((opts.shown(path), f.reason)),
            Err(_) => failures.push((
                opts.shown(path),
                "the reader failed on this file (internal error); save it again in Excel".into(),
            )),
        }
    }
    let as_of = opts
        .as_of
        .or_else(|| normalize::infer_as_of(&books, cfg))
        .unwrap_or(opts.today);
    timings.mark("reporting date");
    let normalizer = normalize::Normalizer::new(cfg, as_of);
    // Each workbook is normalised on its own (in parallel), then the parts
    // are joined in the files' order.
    let done = AtomicUsize::new(0);
    let parts: Vec<(Source, Vec<model::ProcessRow>, Vec<Raw>)> = books
        .par_iter()
        .enumerate()
        .map(|(i, book)| {
            let (mut rows, mut found) = (Vec::new(), Vec::new());
            let source = normalizer.normalize(i, book, &mut rows, &mut found);
            if let Some(p) = &opts.progress {
                p.tell(
                    "check",
                    done.fetch_add(1, Ordering::Relaxed) + 1,
                    books.len(),
                );
            }
            (source, rows, found)
        })
        .collect();
    timings.mark("normalise");
    let order: Vec<String> = books.iter().map(|b| b.file.clone()).collect();
    drop(books);
    let mut sources = Vec::with_capacity(parts.len());
    // Sized once: a row is large, and doubling would leave up to half the
    // vector unused.
    let mut rows = Vec::with_capacity(parts.iter().map(|p| p.1.len()).sum());
    let mut read_findings: Vec<Raw> = Vec::new();
    for (source, r, f) in parts {
        sources.push(source);
        rows.extend(r);
        read_findings.extend(f);
    }
    for (file, reason) in failures {
        read_findings.push(
            Raw::new(
                Code::FileUnreadable,
                Location::new(&file, "", ""),
                String::new(),
            )
            .detail("reason", serde_json::json!(reason)),
        );
        sources.push(Source {
            file,
            office: None,
            sheets: Vec::new(),
            title: Vec::new(),
            dated: None,
            totals: Vec::new(),
            error: Some(reason),
        });
    }
    sources.sort_by(|a, b| a.file.cmp(&b.file));
    // Keep row.source pointing at the right source after sorting (looked up
    // by file: a thousand files times their rows must not be a scan each).
    let index: std::collections::HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.file.as_str(), i))
        .collect();
    let new_index: Vec<usize> = order.iter().map(|f| index[f.as_str()]).collect();
    for r in &mut rows {
        r.source = new_index[r.source];
    }
    for f in &mut read_findings {
        if f.office.is_none() {
            f.office = index
                .get(f.source.file())
                .and_then(|&i| sources[i].office.clone());
        }
    }
    drop(index);
    let plan = match &opts.plan {
        Some(p) => Some(reconcile::plan::read_plan(p, &opts.shown(p), cfg)?),
        None => None,
    };
    let mut processes = reconcile::reconcile(&rows);
    timings.mark("reconcile");
    if let Some(plan) = &plan {
        for p in &mut processes {
            if let Some(e) = plan.get(&p.id) {
                p.plan_title = e.title.clone();
                if p.lead.is_none() {
                    p.lead = e.lead.as_deref().map(Into::into);
                }
            }
        }
    }
    if !opts.labels.is_empty() {
        for s in &mut skipped {
            s.file = opts.shown(std::path::Path::new(&s.file));
        }
    }
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    let mut model = Model {
        as_of,
        sources,
        rows,
        processes,
        plan,
        read_findings,
        config_hash: config_hash(cfg),
        previous: None,
        changes: None,
        skipped,
        on_disk: opts
            .labels
            .iter()
            .map(|(p, l)| (l.clone(), p.clone()))
            .collect(),
    };
    if let Some(prev) = previous {
        let now = crate::model::history::Snapshot::of_model(&model, prev.lang);
        model.changes = Some(reconcile::history::compare(&prev, &now));
        model.previous = Some(prev);
    }
    Ok(model)
}
