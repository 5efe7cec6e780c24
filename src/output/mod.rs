//! Outputs: what a run gives a person or a program.
//!
//! Takes: a [`Run`](crate::model::Run) (the model and its findings), or the
//! [`Model`](crate::model::Model) while the checks run ([`workbook`]).
//! Gives: the JSON report ([`report`]), the terminal's text ([`terminal`]),
//! the consolidated workbook ([`workbook`]) and an office's list to fill in
//! ([`template`]); and whether a file already at an output path may be
//! replaced ([`overwrite`]).

pub mod attachment;
pub mod corrected;
pub mod overwrite;
pub mod report;
pub mod template;
pub mod terminal;
pub mod workbook;
