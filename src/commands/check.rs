//! `processlista check`: reads and checks the lists, prints the findings
//! grouped by file (or the JSON report).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Bar, Common, emit, exit_status, load};
use crate::ground::Error;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (searched recursively).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// Print the JSON report on stdout instead.
    #[arg(long)]
    pub json: bool,
    /// Warnings also give exit status 1.
    #[arg(long)]
    pub strict: bool,
    /// Show at most N findings per code and file (each file's counts per
    /// code come first).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let (cfg, as_of) = load(&args.common)?;
    let lang = cfg.lang;
    let mut opts = crate::pipeline::Options::new(args.inputs, cfg);
    opts.as_of = as_of;
    opts.plan = args.common.plan.clone();
    let bar = Bar::new(args.common.quiet, lang);
    opts.progress = bar.as_ref().map(Bar::callback);
    let run = crate::pipeline::run(&opts)?;
    drop(bar);
    if args.json {
        emit(&(crate::output::report::to_json(&run) + "\n"));
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        emit(&crate::output::terminal::findings(
            &run, lang, color, args.limit,
        ));
    }
    let status = exit_status(&run.findings, args.strict);
    // The process is about to end: freeing the model cell by cell would only
    // cost time (a twentieth of a large run).
    std::mem::forget(run);
    Ok(status)
}
