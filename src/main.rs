//! The `processlista` command: parses arguments, calls the library, prints.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use processlista::config::{Config, Lang};
use processlista::finding::Severity;

#[derive(Parser)]
#[command(
    name = "processlista",
    version,
    about = "Consolidates the offices' Excel process lists and finds their data errors"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Configuration file (TOML) merged over the default (see `processlista config`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Reporting date (YYYY-MM-DD or YYMMDD); default: the "daterad"/"Status" date most common in the inputs, else today.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Language of messages: sv (default) or en.
    #[arg(long, value_name = "LANG")]
    lang: Option<LangArg>,
    /// The action plan: a sheet of process ids (optional title and lead office).
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
    /// No progress bar (it is drawn on stderr only when stderr is a terminal and the run takes more than a second).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Sv,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Read and check the lists; print the findings grouped by file.
    ///
    /// Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 could not run.
    Check {
        /// Files or folders (searched recursively).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
        /// Print the JSON report on stdout instead.
        #[arg(long)]
        json: bool,
        /// Warnings also give exit status 1.
        #[arg(long)]
        strict: bool,
    },
    /// Read and check the lists and write the consolidated workbook.
    ///
    /// Exit status: 0 no errors, 1 errors, 2 could not run.
    Consolidate {
        /// Files or folders (searched recursively).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
        /// The workbook to write; default processlista-YYYY-MM-DD.xlsx (the as-of date) in the current folder.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also write the JSON report to FILE.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Last month's consolidated workbook: adds the Förändringar sheet and history-changed findings.
        #[arg(long, value_name = "FILE")]
        previous: Option<PathBuf>,
    },
    /// What changed between two consolidated workbooks (both written by consolidate).
    ///
    /// Exit status: 0 compared, 2 a file is not one of this tool's workbooks.
    Diff {
        /// The earlier workbook (e.g. last month's).
        old: PathBuf,
        /// The later workbook.
        new: PathBuf,
        /// Print the comparison as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the output: sv (default) or en.
        #[arg(long, value_name = "LANG")]
        lang: Option<LangArg>,
        /// Configuration file (TOML); its limits apply to reading the workbooks.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Write an office's process list: the expected columns, drop-down lists,
    /// input messages and an instructions sheet.
    ///
    /// With --from it is filled from an office's earlier list or from a
    /// consolidated workbook (then --office says whose processes).
    Template {
        /// The workbook to write (.xlsx).
        #[arg(short = 'o', long = "output", value_name = "FILE", required = true)]
        output: PathBuf,
        /// The office the list is for (a code of the configuration, e.g. SoC).
        #[arg(long, value_name = "CODE")]
        office: Option<String>,
        /// Language of the sheets and instructions: sv (default) or en.
        #[arg(long, value_name = "LANG")]
        lang: Option<LangArg>,
        /// Fill it from this list or consolidated workbook.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// The reporting date the list is for ("daterad" and "Status YYMMDD"; YYYY-MM-DD or YYMMDD); default today.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Configuration file (TOML) merged over the default (see `processlista config`).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Print the default configuration (TOML, commented).
    Config,
}

/// Writes to stdout; a closed pipe (`processlista check … | head`) ends the
/// program quietly instead of panicking.
fn emit(text: &str) {
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("processlista: {e}");
            ExitCode::from(2)
        }
    }
}

/// The progress bar on stderr: only when stderr is a terminal and not with
/// `--quiet`, and drawn only once the run has taken about a second (a
/// monthly run of five files finishes before it would show).
struct Bar {
    bar: indicatif::ProgressBar,
    lang: Lang,
}

impl Bar {
    fn new(quiet: bool, lang: Lang) -> Option<Bar> {
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
    fn stage(&self, stage: &str, done: usize, total: usize) {
        show(&self.bar, self.lang, stage, done, total);
    }

    /// The library's progress callback, drawing on this bar.
    fn callback(&self) -> processlista::Progress {
        let (bar, lang) = (self.bar.clone(), self.lang);
        processlista::Progress(std::sync::Arc::new(move |stage, done, total| {
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

fn load(common: &Common) -> Result<(Config, Option<chrono::NaiveDate>), processlista::Error> {
    let mut cfg = match &common.config {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    if let Some(l) = common.lang {
        cfg.lang = match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        };
    }
    let as_of = match &common.as_of {
        None => None,
        Some(s) => Some(day(&cfg, "--as-of", s)?),
    };
    Ok((cfg, as_of))
}

/// A day given on the command line (YYYY-MM-DD or YYMMDD).
fn day(cfg: &Config, option: &str, s: &str) -> Result<chrono::NaiveDate, processlista::Error> {
    let p = processlista::dates::DateParser::new(cfg.six_digit_order, 2000);
    match p.parse_one(s) {
        Some(Ok(d)) if d.precision == processlista::dates::Precision::Day => Ok(d.start),
        _ => Err(processlista::Error::Usage(match cfg.lang {
            Lang::Sv => format!(
                "{option} {s}: inget datum; skriv det som ÅÅÅÅ-MM-DD (t.ex. 2023-12-31) eller ÅÅMMDD"
            ),
            Lang::En => format!(
                "{option} {s}: not a date; write it as YYYY-MM-DD (e.g. 2023-12-31) or YYMMDD"
            ),
        })),
    }
}

fn run(cli: Cli) -> Result<ExitCode, processlista::Error> {
    match cli.command {
        Command::Config => {
            emit(processlista::config::DEFAULT_TOML);
            Ok(ExitCode::SUCCESS)
        }
        Command::Template {
            output,
            office,
            lang,
            from,
            date,
            config,
        } => {
            let cfg = match &config {
                Some(p) => Config::load(p)?,
                None => Config::default(),
            };
            let lang = match lang {
                Some(LangArg::Sv) => Lang::Sv,
                Some(LangArg::En) => Lang::En,
                None => cfg.lang,
            };
            let date = match &date {
                Some(s) => day(&cfg, "--date", s)?,
                None => chrono::Local::now().date_naive(),
            };
            let opts = processlista::template::TemplateOptions {
                office,
                lang,
                date,
                from,
            };
            let written = processlista::template::template(&output, &cfg, &opts)?;
            let office = written.office.as_deref().unwrap_or("-");
            match lang {
                Lang::Sv => emit(&format!(
                    "{}: mall för {office} daterad {}, {} processer ifyllda\n",
                    output.display(),
                    processlista::template::yymmdd(date),
                    written.processes
                )),
                Lang::En => emit(&format!(
                    "{}: template for {office} dated {}, {} processes filled in\n",
                    output.display(),
                    processlista::template::yymmdd(date),
                    written.processes
                )),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            inputs,
            common,
            json,
            strict,
        } => {
            let (cfg, as_of) = load(&common)?;
            let lang = cfg.lang;
            let mut opts = processlista::Options::new(inputs, cfg);
            opts.as_of = as_of;
            opts.plan = common.plan.clone();
            let bar = Bar::new(common.quiet, lang);
            opts.progress = bar.as_ref().map(Bar::callback);
            let run = processlista::run(&opts)?;
            drop(bar);
            if json {
                emit(&(processlista::report::to_json(&run) + "\n"));
            } else {
                let color =
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                emit(&processlista::terminal::findings(&run, lang, color));
            }
            let status = exit_status(&run.findings, strict);
            // The process is about to end: freeing the model cell by cell
            // would only cost time (a twentieth of a large run).
            std::mem::forget(run);
            Ok(status)
        }
        Command::Consolidate {
            inputs,
            common,
            output,
            json,
            previous,
        } => {
            let (cfg, as_of) = load(&common)?;
            let lang = cfg.lang;
            let mut opts = processlista::Options::new(inputs.clone(), cfg);
            opts.as_of = as_of;
            opts.plan = common.plan.clone();
            opts.previous = previous;
            let bar = Bar::new(common.quiet, lang);
            opts.progress = bar.as_ref().map(Bar::callback);
            let model = processlista::prepare(&opts)?;
            let out = output.unwrap_or_else(|| processlista::write::default_output(model.as_of));
            if let Some(b) = &bar {
                b.stage("write", 0, 1);
            }
            if let Some(path) = json.as_ref().filter(|p| **p == out) {
                return Err(processlista::Error::Usage(format!(
                    "--json {}: the same file as the workbook; choose another name",
                    path.display()
                )));
            }
            // The checks run while the largest sheet is written; what is
            // shown afterwards is taken from the run before the workbook is
            // saved, so that the model can be freed meanwhile.
            let (report, summary, status) = processlista::write::check_and_write_then(
                model,
                &opts.config,
                &out,
                &inputs,
                |run| {
                    let report = match &json {
                        Some(path) => {
                            processlista::write::may_write(run, lang, path, &inputs)?;
                            Some((path, processlista::report::to_json(run) + "\n"))
                        }
                        None => None,
                    };
                    let summary = processlista::terminal::consolidate_summary(run, lang, &out);
                    Ok((report, summary, exit_status(&run.findings, false)))
                },
            )?;
            drop(bar);
            if let Some((path, text)) = report {
                processlista::write::save_text(lang, path, &text)?;
            }
            emit(&summary);
            Ok(status)
        }
        Command::Diff {
            old,
            new,
            json,
            lang,
            config,
        } => {
            let common = Common {
                config,
                as_of: None,
                lang,
                plan: None,
                quiet: true,
            };
            let (cfg, _) = load(&common)?;
            let a = processlista::history::read_snapshot(&old, &cfg)?;
            let b = processlista::history::read_snapshot(&new, &cfg)?;
            let c = processlista::history::compare(&a, &b);
            if json {
                let findings: Vec<serde_json::Value> = processlista::history::findings(&c)
                    .iter()
                    .map(|r| {
                        let (message, suggestion) = processlista::messages::render(r, cfg.lang);
                        serde_json::json!({
                            "code": r.code,
                            "process": r.process,
                            "source": r.source,
                            "text": r.text,
                            "message": message,
                            "suggestion": suggestion,
                            "details": r.details,
                        })
                    })
                    .collect();
                let mut v = serde_json::to_value(&c).unwrap_or_default();
                v["findings"] = serde_json::Value::Array(findings);
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                print!("{}", processlista::history::render_text(&c, cfg.lang));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn exit_status(findings: &[processlista::finding::Finding], strict: bool) -> ExitCode {
    let worst = findings.iter().map(|f| f.severity).min();
    match worst {
        Some(Severity::Error) => ExitCode::from(1),
        Some(Severity::Warning) if strict => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}
