//! Commands: one file per subcommand. Each takes its parsed flags (a clap
//! `Args` struct), calls the stages and prints; `main.rs` only parses the
//! arguments, dispatches and maps an error to exit status 2.
//!
//! Takes: the flags. Gives: the text on stdout, the files written and an exit
//! status.
//!
//! A new subcommand is a new file here with its `Args` and `run`, and one
//! variant in `main.rs`'s `Command`. Flags that several commands share live in
//! [`Common`].

pub mod attachment;
pub mod check;
pub mod config;
pub mod consolidate;
pub mod diff;
pub mod fix;
pub mod help;
pub mod serve;
pub mod template;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::ground::Error;
use crate::ground::config::{Config, Lang};
use crate::ground::finding::{Finding, Severity};

/// The flags of the commands that read the offices' lists.
#[derive(clap::Args, Clone)]
pub struct Common {
    /// Configuration file (TOML) merged over the default (see `processlista config`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Reporting date (YYYY-MM-DD or YYMMDD); default: the "daterad"/"Status" date most common in the inputs, else today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Language of messages: sv (default) or en.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// The action plan: a sheet of process ids (optional title and lead office).
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// No progress bar (it is drawn on stderr only when stderr is a terminal and the run takes more than a second).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--lang`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Sv,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

/// The configuration (`--config` over the default, `--lang` over its
/// language) and the `--as-of` date.
pub(crate) fn load(common: &Common) -> Result<(Config, Option<chrono::NaiveDate>), Error> {
    let mut cfg = config_file(common.config.as_deref(), common.lang)?;
    if let Some(l) = common.lang {
        cfg.lang = l.into();
    }
    let as_of = match &common.as_of {
        None => None,
        Some(s) => Some(day(&cfg, "--as-of", s)?),
    };
    Ok((cfg, as_of))
}

/// `--config FILE` merged over the default, or the default; its errors in
/// the language of `--lang` (Swedish without it).
pub(crate) fn config_file(
    path: Option<&std::path::Path>,
    lang: Option<LangArg>,
) -> Result<Config, Error> {
    match path {
        Some(p) => Config::load_in(p, lang.map_or(Lang::Sv, Lang::from)),
        None => Ok(Config::default()),
    }
}

/// A day given on the command line (YYYY-MM-DD or YYMMDD).
pub(crate) fn day(cfg: &Config, option: &str, s: &str) -> Result<chrono::NaiveDate, Error> {
    crate::normalize::dates::DateParser::new(cfg.six_digit_order, 2000)
        .day_given(&format!("{option} {s}"), s, cfg.lang)
        .map_err(Error::Usage)
}

/// Writes to stdout; a closed pipe (`processlista check … | head`) ends the
/// program quietly instead of panicking.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("processlista: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

/// 1 when there is an error (or, with `strict`, a warning), else 0.
pub(crate) fn exit_status(findings: &[Finding], strict: bool) -> ExitCode {
    let worst = findings.iter().map(|f| f.severity).min();
    match worst {
        Some(Severity::Error) => ExitCode::from(1),
        Some(Severity::Warning) if strict => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// The progress bar on stderr: only when stderr is a terminal and not with
/// `--quiet`, and drawn only once the run has taken about a second (a
/// monthly run of five files finishes before it would show).
pub(crate) struct Bar {
    bar: indicatif::ProgressBar,
    lang: Lang,
}

impl Bar {
    pub(crate) fn new(quiet: bool, lang: Lang) -> Option<Bar> {
        use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
        if quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg:<13} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(1));
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        });
        Some(Bar { bar, lang })
    }

    /// Shows `stage` ("read", "check", "write") at `done` of `total`.
    pub(crate) fn stage(&self, stage: &str, done: usize, total: usize) {
        show(&self.bar, self.lang, stage, done, total);
    }

    /// The library's progress callback, drawing on this bar.
    pub(crate) fn callback(&self) -> crate::pipeline::Progress {
        let (bar, lang) = (self.bar.clone(), self.lang);
        crate::pipeline::Progress(std::sync::Arc::new(move |stage, done, total| {
            show(&bar, lang, stage, done, total)
        }))
    }
}

fn show(bar: &indicatif::ProgressBar, lang: Lang, stage: &str, done: usize, total: usize) {
    let label = match (lang, stage) {
        (Lang::Sv, "read") => "läser filer",
        (Lang::Sv, "check") => "kontrollerar",
        (Lang::Sv, "write") => "skriver",
        (Lang::En, "read") => "reading files",
        (Lang::En, "check") => "checking",
        (Lang::En, "write") => "writing",
        (_, other) => other,
    };
    bar.set_message(label.to_string());
    bar.set_length(total as u64);
    bar.set_position(done as u64);
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
