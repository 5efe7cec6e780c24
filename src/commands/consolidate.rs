//! `processlista consolidate`: reads and checks the lists and writes the
//! consolidated workbook (and, with `--json`, the JSON report).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Bar, Common, emit, exit_status, load};
use crate::ground::Error;
use crate::output::overwrite::{self, Kind};
use crate::output::workbook;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (searched recursively).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// The workbook to write; default processlista-YYYY-MM-DD.xlsx (the as-of date) in the current folder.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Last month's consolidated workbook: adds the Förändringar sheet and history-changed findings.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Also write the attachment (Word) to FILE, as `processlista attachment` writes it.
    #[arg(long, value_name = "FILE")]
    pub attachment: Option<PathBuf>,
    /// Overwrite an output file that processlista did not write (an earlier consolidation or report is replaced without it).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let Args {
        inputs,
        common,
        output,
        json,
        previous,
        attachment,
        force,
    } = args;
    let (cfg, as_of) = load(&common)?;
    let lang = cfg.lang;
    let mut opts = crate::pipeline::Options::new(inputs.clone(), cfg);
    opts.as_of = as_of;
    opts.plan = common.plan.clone();
    opts.previous = previous;
    let bar = Bar::new(common.quiet, lang);
    opts.progress = bar.as_ref().map(Bar::callback);
    let model = crate::pipeline::prepare(&opts)?;
    let out = output.unwrap_or_else(|| workbook::default_output(model.as_of));
    if let Some(path) = json.as_ref().filter(|p| **p == out) {
        return Err(Error::Usage(format!(
            "--json {}: {}",
            path.display(),
            crate::ground::names::tr(
                lang,
                "samma fil som arbetsboken – välj ett annat namn",
                "the same file as the workbook – choose another name"
            )
        )));
    }
    // Never over an input (the more telling refusal, so first), nor over a
    // file this tool did not write unless --force.
    let mut replaced = Vec::new();
    if let Some(path) = attachment
        .as_ref()
        .filter(|p| **p == out || Some(*p) == json.as_ref())
    {
        return Err(Error::Usage(format!(
            "--attachment {}: {}",
            path.display(),
            crate::ground::names::tr(
                lang,
                "samma fil som en annan utdata – välj ett annat namn",
                "the same file as another output – choose another name"
            )
        )));
    }
    for (path, kind) in std::iter::once((&out, Kind::Workbook))
        .chain(json.as_ref().map(|p| (p, Kind::Report)))
        .chain(attachment.as_ref().map(|p| (p, Kind::Attachment)))
    {
        workbook::refuse_input(&model, lang, path, &inputs)?;
        if overwrite::may_replace(path, kind, lang, force)? {
            replaced.push((path.clone(), kind));
        }
    }
    if let Some(b) = &bar {
        b.stage("write", 0, 1);
    }
    // The checks run while the largest sheet is written; what is shown
    // afterwards is taken from the run before the workbook is saved, so that
    // the model can be freed meanwhile.
    let (report, summary, status) =
        workbook::check_and_write_then(model, &opts.config, &out, &inputs, |run| {
            // --json was checked against the inputs above.
            let report = json
                .as_ref()
                .map(|path| (path, crate::output::report::to_json(run) + "\n"));
            let summary = crate::output::terminal::consolidate_summary(run, lang, &out);
            let docx = match &attachment {
                Some(path) => Some((
                    path,
                    crate::output::attachment::docx_bytes(
                        run,
                        &crate::output::attachment::Attachment::default(),
                        lang,
                    )?,
                )),
                None => None,
            };
            Ok(((report, docx), summary, exit_status(&run.findings, false)))
        })?;
    let (report, docx) = report;
    drop(bar);
    if let Some((path, text)) = report {
        workbook::save_text(lang, path, &text)?;
    }
    if let Some((path, bytes)) = docx {
        workbook::save_bytes(lang, path, &bytes)?;
    }
    emit(&summary);
    if let Some(path) = &attachment {
        emit(&format!(
            "{} {}\n",
            crate::ground::names::tr(lang, "Bilagan skrevs till", "The attachment was written to"),
            path.display()
        ));
    }
    for (path, kind) in &replaced {
        emit(&overwrite::replaced_note(path, *kind, lang));
    }
    Ok(status)
}
