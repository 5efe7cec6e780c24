//! `processlista attachment`: reads and checks the lists and writes the
//! attachment as the board receives it, a Word document (SPEC §8).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Bar, Common, emit, exit_status, load};
use crate::ground::Error;
use crate::output::attachment::{self, Attachment};
use crate::output::overwrite::{self, Kind};
use crate::output::workbook;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (searched recursively).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// The Word document to write (.docx).
    #[arg(short = 'o', long = "output", value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// One office's attachment: the processes it takes part in (a code of the configuration, e.g. KSON).
    #[arg(long, value_name = "CODE")]
    pub office: Option<String>,
    /// The title (default "Bilaga – KSON Processlista", or without the office).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Overwrite a file that processlista did not write (an earlier attachment is replaced without it).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let (cfg, as_of) = load(&args.common)?;
    let lang = cfg.lang;
    let office = match &args.office {
        Some(o) => Some(cfg.office_arg(o, lang)?),
        None => None,
    };
    let mut opts = crate::pipeline::Options::new(args.inputs.clone(), cfg);
    opts.as_of = as_of;
    opts.plan = args.common.plan.clone();
    let bar = Bar::new(args.common.quiet, lang);
    opts.progress = bar.as_ref().map(Bar::callback);
    let run = crate::pipeline::run(&opts)?;
    drop(bar);
    workbook::refuse_input(&run.model, lang, &args.output, &args.inputs)?;
    let replaced = overwrite::may_replace(&args.output, Kind::Attachment, lang, args.force)?;
    let doc = Attachment {
        office,
        title: args.title,
    };
    let bytes = attachment::docx_bytes(&run, &doc, lang)?;
    workbook::save_bytes(lang, &args.output, &bytes)?;
    let n = attachment::processes(&run.model, doc.office.as_deref()).len();
    emit(&match lang {
        crate::ground::config::Lang::Sv => format!(
            "Bilagan ({n} {}) skrevs till {}\n",
            if n == 1 { "process" } else { "processer" },
            args.output.display()
        ),
        crate::ground::config::Lang::En => format!(
            "The attachment ({n} process{}) was written to {}\n",
            if n == 1 { "" } else { "es" },
            args.output.display()
        ),
    });
    if replaced {
        emit(&overwrite::replaced_note(
            &args.output,
            Kind::Attachment,
            lang,
        ));
    }
    Ok(exit_status(&run.findings, false))
}
