//! `processlista template`: writes an office's process list, empty or filled
//! from an earlier list or a consolidated workbook.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{LangArg, config_file, day, emit};
use crate::ground::Error;
use crate::ground::config::Lang;
use crate::output::overwrite::{self, Kind};
use crate::output::template::{TemplateOptions, template, yymmdd};

#[derive(clap::Args)]
pub struct Args {
    /// The workbook to write (.xlsx).
    #[arg(short = 'o', long = "output", value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// The office the list is for (a code of the configuration, e.g. SoC).
    #[arg(long, value_name = "CODE")]
    pub office: Option<String>,
    /// Language of the sheets and instructions: sv (default) or en.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// Fill it from this list or consolidated workbook.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// The reporting date the list is for ("daterad" and "Status YYMMDD"; YYYY-MM-DD or YYMMDD); default today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Configuration file (TOML) merged over the default (see `processlista config`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Overwrite the file when it exists (it may be a list an office has filled in).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let cfg = config_file(args.config.as_deref(), args.lang)?;
    let lang = args.lang.map(Lang::from).unwrap_or(cfg.lang);
    let date = match &args.date {
        Some(s) => day(&cfg, "--date", s)?,
        None => chrono::Local::now().date_naive(),
    };
    let opts = TemplateOptions {
        office: args.office,
        lang,
        date,
        from: args.from,
    };
    overwrite::may_replace(&args.output, Kind::Template, lang, args.force)?;
    let written = template(&args.output, &cfg, &opts)?;
    let office = written.office.as_deref().unwrap_or("-");
    let out = args.output.display();
    emit(&match lang {
        Lang::Sv => format!(
            "{out}: mall för {office} daterad {}, {} processer ifyllda\n",
            yymmdd(date),
            written.processes
        ),
        Lang::En => format!(
            "{out}: template for {office} dated {}, {} processes filled in\n",
            yymmdd(date),
            written.processes
        ),
    });
    Ok(ExitCode::SUCCESS)
}
