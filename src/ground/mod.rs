//! Ground: what every stage stands on and that imports no stage. Text
//! folding ([`text`]), the configuration ([`config`]: offices, words,
//! limits), findings and their codes ([`finding`]), the message catalogue
//! ([`messages`]), the names of the tool's own sheets ([`names`]), and the
//! [`Error`] that stops a run.
//!
//! Takes: nothing from the crate. Gives: these to every stage.

pub mod config;
pub mod finding;
pub mod messages;
pub mod names;
pub(crate) mod per_thread;
pub mod text;

/// Errors that stop a run (exit status 2). Problems with one input file never
/// do: they become `file-unreadable` findings.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Input { path: String, message: String },
    #[error("{file}: {message}")]
    Config { file: String, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {message}")]
    Output { path: String, message: String },
}

/// SHA-256 (hex) of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stage timings on stderr when `PROCESSLISTA_TIMINGS` is set: for
/// profiling a large run (`docs/performance.md`), not a user feature.
pub(crate) struct Timings(Option<std::time::Instant>);

impl Timings {
    pub(crate) fn start() -> Self {
        Timings(std::env::var_os("PROCESSLISTA_TIMINGS").map(|_| std::time::Instant::now()))
    }

    /// Prints the time since the start (or the last mark) for `stage`, and
    /// (on Linux) the resident and peak memory so far.
    pub(crate) fn mark(&mut self, stage: &str) {
        if let Some(t) = &mut self.0 {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let mib = |key: &str| {
                status
                    .lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|k| k.parse::<u64>().ok())
                    .map_or(0, |k| k / 1024)
            };
            eprintln!(
                "timing {stage:<12} {:>8.3} s   rss {:>5} MiB   peak {:>5} MiB",
                t.elapsed().as_secs_f64(),
                mib("VmRSS:"),
                mib("VmHWM:")
            );
            *t = std::time::Instant::now();
        }
    }
}
