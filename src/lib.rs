//! # processlista
//!
//! Consolidates municipal offices' Excel process lists: reads every office's
//! workbook, normalises dates and meeting numbers, reconciles processes that
//! several offices report, finds the data errors, and writes one consolidated
//! workbook.
//!
//! The data flows one way; each stage is a folder and imports only from the
//! stages before it (`ARCHITECTURE.md`, enforced by `tests/layering.rs`):
//! [`ground`] (text, configuration, findings, messages) ← [`model`] (the
//! values handed between stages) ← [`read`] (files → raw cells) ←
//! [`normalize`] (layouts, dates, status lines) ← [`reconcile`] (one process
//! per id; the plan; last month's snapshot) ← [`checks`] (findings) ←
//! [`pipeline`] ([`run`]) ← [`output`] (JSON report, terminal, workbook,
//! template) ← `commands` (one file per subcommand) ← `main.rs`.
//!
//! ```
//! use processlista::{config::Config, Options};
//! let opts = Options::new(vec!["samples/2023-12".into()], Config::default());
//! let run = processlista::run(&opts).unwrap();
//! assert_eq!(run.model.processes.len(), 24);
//! for f in &run.findings {
//!     println!("{} {} {}", f.code, f.source.short(), f.message);
//! }
//! ```

pub mod checks;
#[doc(hidden)]
pub mod commands;
pub mod ground;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod reconcile;
pub mod web;

pub use ground::{Error, config, finding, sha256_hex};
pub use model::Run;
pub use pipeline::{Options, Progress, ProgressFn, prepare, run};
