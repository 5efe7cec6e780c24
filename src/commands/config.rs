//! `processlista config`: prints the default configuration (TOML, commented).

use std::process::ExitCode;

use crate::ground::Error;

/// `config` has no flags.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode, Error> {
    super::emit(crate::ground::config::DEFAULT_TOML);
    Ok(ExitCode::SUCCESS)
}
