//! `processlista config`: prints the default configuration (TOML, commented
//! in Swedish, or in English with `--lang en`).

use std::process::ExitCode;

use super::LangArg;
use crate::ground::Error;

#[derive(clap::Args)]
pub struct Args {
    /// Language of the comments: sv (default) or en.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<LangArg>,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    super::emit(match args.lang {
        Some(LangArg::En) => crate::ground::config::DEFAULT_TOML,
        _ => crate::ground::config::DEFAULT_TOML_SV,
    });
    Ok(ExitCode::SUCCESS)
}
