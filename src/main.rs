//! The `processlista` command: parses the arguments, hands them to the
//! subcommand (`processlista::commands`, one file each) and turns an error
//! into exit status 2.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use processlista::commands;

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

#[derive(Subcommand)]
enum Command {
    /// Read and check the lists; print the findings grouped by file.
    ///
    /// Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 could not run.
    Check(commands::check::Args),
    /// Read and check the lists and write the consolidated workbook.
    ///
    /// Exit status: 0 no errors, 1 errors, 2 could not run.
    Consolidate(commands::consolidate::Args),
    /// What changed between two consolidated workbooks (both written by consolidate).
    ///
    /// Exit status: 0 compared, 2 a file is not one of this tool's workbooks.
    Diff(commands::diff::Args),
    /// Write an office's process list: the expected columns, drop-down lists,
    /// input messages and an instructions sheet.
    ///
    /// With --from it is filled from an office's earlier list or from a
    /// consolidated workbook (then --office says whose processes).
    Template(commands::template::Args),
    /// Print the default configuration (TOML, commented).
    Config(commands::config::Args),
    /// Write the attachment as the board receives it: a Word document, one table per process.
    ///
    /// Exit status: 0 no errors in the lists, 1 errors, 2 could not run.
    Attachment(commands::attachment::Args),
    /// Write a corrected copy of one office's list: the proposed fixes applied,
    /// each changed cell highlighted with a note, and a sheet of changes.
    ///
    /// The list itself is never written. Exit status: 0 written, 2 could not run.
    Fix(commands::fix::Args),
    /// Serve the page for the monthly routine (and the same as an HTTP API) on this computer.
    ///
    /// Drop the month's lists on the page; it shows the findings and downloads the
    /// workbook, the attachment, the report and the corrected copies. Stops with Ctrl+C.
    Serve(commands::serve::Args),
}

fn main() -> ExitCode {
    // The help and clap's errors in the user's language (commands::help).
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = commands::help::lang_of(&args);
    let parsed = commands::help::localize(Cli::command(), lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            use std::io::Write;
            if matches!(e.kind(), DisplayHelp | DisplayVersion) {
                let mut text = e.render().to_string();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                // A closed pipe (`processlista --help | head`) is no error.
                let _ = std::io::stdout().write_all(text.as_bytes());
                return ExitCode::SUCCESS;
            }
            let names = [
                "check",
                "consolidate",
                "diff",
                "template",
                "config",
                "attachment",
                "fix",
                "serve",
            ];
            let sub = args
                .iter()
                .skip(1)
                .filter_map(|a| a.to_str())
                .find(|a| names.contains(a));
            let text = commands::help::error_text(&e, lang, sub);
            let _ = std::io::stderr().write_all(text.as_bytes());
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Check(a) => commands::check::run(a),
        Command::Consolidate(a) => commands::consolidate::run(a),
        Command::Diff(a) => commands::diff::run(a),
        Command::Template(a) => commands::template::run(a),
        Command::Config(a) => commands::config::run(a),
        Command::Attachment(a) => commands::attachment::run(a),
        Command::Fix(a) => commands::fix::run(a),
        Command::Serve(a) => commands::serve::run(a),
    };
    result.unwrap_or_else(|e| {
        eprintln!("processlista: {e}");
        ExitCode::from(2)
    })
}
