//! `processlista fix`: a corrected copy of one office's list, the findings'
//! proposed fixes applied (`output::corrected`). The list itself is never
//! written.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Common, emit, load};
use crate::ground::Error;
use crate::ground::config::Lang;
use crate::ground::finding::Code;
use crate::output::overwrite::{self, Kind};

#[derive(clap::Args)]
pub struct Args {
    /// The office's list (any format the tool reads).
    pub list: PathBuf,
    /// The corrected copy to write (.xlsx).
    #[arg(short = 'o', long = "output", value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// Apply only the proposals of these codes (repeat, or separate with commas).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub only: Vec<String>,
    #[command(flatten)]
    pub common: Common,
    /// Overwrite the output file when it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let (cfg, as_of) = load(&args.common)?;
    let lang = cfg.lang;
    let tr = |sv: &str, en: &str| {
        if lang == Lang::Sv {
            sv.to_string()
        } else {
            en.to_string()
        }
    };
    let only: Option<Vec<Code>> = if args.only.is_empty() {
        None
    } else {
        let mut codes = Vec::new();
        for c in &args.only {
            codes.push(Code::parse(c.trim()).ok_or_else(|| {
                Error::Usage(format!(
                    "--only {c}: {}",
                    tr(
                        "ingen sådan avvikelsekod (se README eller processlista check --json)",
                        "no such finding code (see README or processlista check --json)"
                    )
                ))
            })?);
        }
        Some(codes)
    };
    if !args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(Error::Usage(format!(
            "{}: {}",
            args.output.display(),
            tr(
                "den rättade kopian skrivs som .xlsx – ge filen ändelsen .xlsx",
                "the corrected copy is written as .xlsx – give the file the extension .xlsx"
            )
        )));
    }
    if overwrite::same_file(&args.list, &args.output) {
        return Err(Error::Usage(format!(
            "{}: {}",
            args.output.display(),
            tr(
                "det är listan själv; fix skriver aldrig över förvaltningens lista – välj ett annat namn",
                "that is the list itself; fix never writes over the office's list – choose another name"
            )
        )));
    }
    overwrite::may_replace(&args.output, Kind::Corrected, lang, args.force)?;
    let book = crate::read::read_file(&args.list, &cfg).map_err(|e| Error::Input {
        path: args.list.display().to_string(),
        message: e.reason,
    })?;
    let mut opts = crate::pipeline::Options::new(vec![args.list.clone()], cfg.clone());
    opts.as_of = as_of;
    opts.plan = args.common.plan.clone();
    let run = crate::pipeline::run(&opts)?;
    let fixed =
        crate::output::corrected::write(&book, &run.findings, only.as_deref(), &cfg, &args.output)?;
    let sheet = tr(
        "fliken Ändringar listar dem",
        "the Changes sheet lists them",
    );
    emit(&format!(
        "{}: {} ({sheet})\n",
        args.output.display(),
        fixed.summary(lang)
    ));
    Ok(ExitCode::SUCCESS)
}
