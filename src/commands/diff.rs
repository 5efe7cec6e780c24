//! `processlista diff`: what changed between two consolidated workbooks.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{LangArg, config_file, emit};
use crate::ground::Error;
use crate::reconcile::history::{compare, read_snapshot};

#[derive(clap::Args)]
pub struct Args {
    /// The earlier workbook (e.g. last month's).
    pub old: PathBuf,
    /// The later workbook.
    pub new: PathBuf,
    /// Print the comparison as JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of the output: sv (default) or en.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// Configuration file (TOML); its limits apply to reading the workbooks.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let mut cfg = config_file(args.config.as_deref(), args.lang)?;
    if let Some(l) = args.lang {
        cfg.lang = l.into();
    }
    let a = read_snapshot(&args.old, &cfg)?;
    let b = read_snapshot(&args.new, &cfg)?;
    let c = compare(&a, &b);
    if args.json {
        let findings: Vec<serde_json::Value> = crate::checks::history::findings(&c)
            .iter()
            .map(|r| {
                let (message, suggestion) = crate::ground::messages::render(r, cfg.lang);
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
        emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
    } else {
        emit(&crate::output::terminal::diff(&c, cfg.lang));
    }
    Ok(ExitCode::SUCCESS)
}
