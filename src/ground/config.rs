//! Configuration: offices, aliases, header synonyms, meeting kinds, state words,
//! verdict phrases, severities and limits.
//!
//! The default lives in `default_config.toml` (printed by `processlista config`).
//! A user file is merged over it: keys it sets replace the default's.
//!
//! ```
//! let cfg = processlista::config::Config::default();
//! assert_eq!(cfg.office_code("socialkontoret").as_deref(), Some("SoC"));
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::ground::Error;
use crate::ground::text::fold;

/// The commented default configuration, as `processlista config` prints it.
pub const DEFAULT_TOML: &str = include_str!("default_config.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub lang: Lang,
    pub six_digit_order: SixDigitOrder,
    #[serde(default)]
    pub default_office: String,
    pub offices: Vec<Office>,
    #[serde(default)]
    pub units: Vec<String>,
    pub meeting_kinds: Vec<MeetingKind>,
    pub states: States,
    pub verdicts: Verdicts,
    #[serde(default)]
    pub headers: Headers,
    #[serde(default)]
    pub severity: BTreeMap<String, SeveritySetting>,
    pub limits: Limits,
    /// Folded code, name and alias → office code; units folded. Built on first use.
    #[serde(skip)]
    index: std::sync::OnceLock<Index>,
}

#[derive(Debug, Clone, Default)]
struct Index {
    offices: std::collections::HashMap<String, String>,
    units: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SixDigitOrder {
    Ymd,
    Dmy,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingKind {
    pub word: String,
    pub family: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct States {
    pub held: Vec<String>,
    pub booked: Vec<String>,
    pub cancelled: Vec<String>,
    pub internal: Vec<String>,
    pub closed: Vec<String>,
    pub paused: Vec<String>,
    pub subprocess: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdicts {
    pub completed: Vec<String>,
    pub continuing: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Headers {
    pub process: Vec<String>,
    pub need: Vec<String>,
    pub activity: Vec<String>,
    pub responsibility: Vec<String>,
    pub status: Vec<String>,
    pub result: Vec<String>,
    pub priority: Vec<String>,
    pub time_plan: Vec<String>,
    pub verdict: Vec<String>,
    pub office: Vec<String>,
    pub date: Vec<String>,
    pub event: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeveritySetting {
    Error,
    Warning,
    Info,
    Off,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub max_file_mib: u64,
    pub max_unpacked_mib: u64,
    pub max_compression_ratio: u64,
    pub max_rows: u32,
    pub max_cols: u32,
    /// Most cells (the grid from A1 to each row's last value, merged areas
    /// filled) read from one workbook, all sheets together.
    #[serde(default = "default_max_cells")]
    pub max_cells: u64,
}

fn default_max_cells() -> u64 {
    5_000_000
}

impl Default for Config {
    fn default() -> Self {
        toml::from_str(DEFAULT_TOML).expect("the built-in default configuration parses")
    }
}

impl Config {
    /// Reads a configuration file and merges it over the default.
    ///
    /// A syntax or type error names the file, the line and column, and what was
    /// expected.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            file: path.display().to_string(),
            message: format!("cannot read it: {e}"),
        })?;
        Self::from_toml_over_default(&text).map_err(|message| Error::Config {
            file: path.display().to_string(),
            message,
        })
    }

    /// Parses `text` as TOML and merges it over the default configuration.
    pub fn from_toml_over_default(text: &str) -> Result<Config, String> {
        let user: toml::Table = toml::from_str(text).map_err(|e| describe_toml_error(text, &e))?;
        let mut merged: toml::Table =
            toml::from_str(DEFAULT_TOML).expect("the built-in default configuration parses");
        merge(&mut merged, user);
        let merged_text = toml::to_string(&merged).map_err(|e| e.to_string())?;
        let cfg: Config = toml::from_str(&merged_text).map_err(|e| {
            // Type errors are found on the merged table; report them without a
            // position, naming the key.
            e.message().to_string()
        })?;
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&self) -> Result<(), String> {
        for code in self.severity.keys() {
            if !crate::ground::finding::Code::ALL
                .iter()
                .any(|c| c.as_str() == code)
            {
                return Err(format!(
                    "[severity] names an unknown finding code \"{code}\"; known codes: {}",
                    crate::ground::finding::Code::ALL
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if self.offices.is_empty() {
            return Err("[[offices]] is empty: at least one office is needed".into());
        }
        Ok(())
    }

    /// The office code for a written form (code, alias or name), if known.
    pub fn office_code(&self, written: &str) -> Option<String> {
        let key = fold(written);
        if key.is_empty() {
            return None;
        }
        self.index().offices.get(&key).cloned()
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut offices = std::collections::HashMap::new();
            // Earlier offices win when two share an alias.
            for o in self.offices.iter().rev() {
                let names = std::iter::once(&o.code)
                    .chain(std::iter::once(&o.name))
                    .chain(&o.aliases);
                for n in names {
                    let k = fold(n);
                    if !k.is_empty() {
                        offices.insert(k, o.code.clone());
                    }
                }
            }
            // A code always means its own office, whatever another alias says.
            for o in &self.offices {
                offices.insert(fold(&o.code), o.code.clone());
            }
            let units = self.units.iter().map(|u| fold(u)).collect();
            Index { offices, units }
        })
    }

    /// True when `written` is a unit that is known but not an office.
    pub fn is_unit(&self, written: &str) -> bool {
        self.index().units.contains(&fold(written))
    }

    /// The severity in force for a code (`None` when turned off).
    pub fn severity_of(
        &self,
        code: crate::ground::finding::Code,
    ) -> Option<crate::ground::finding::Severity> {
        use crate::ground::finding::Severity;
        match self.severity.get(code.as_str()) {
            Some(SeveritySetting::Off) => None,
            Some(SeveritySetting::Error) => Some(Severity::Error),
            Some(SeveritySetting::Warning) => Some(Severity::Warning),
            Some(SeveritySetting::Info) => Some(Severity::Info),
            None => Some(code.default_severity()),
        }
    }
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {col}: {}", e.message())
        }
        None => e.message().to_string(),
    }
}

/// A hash of the configuration in force: its TOML form, hashed. Two runs with
/// the same hash read the lists with the same words, offices and limits.
pub fn config_hash(cfg: &Config) -> String {
    crate::ground::sha256_hex(toml::to_string(cfg).unwrap_or_default().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_parses_and_knows_offices() {
        let c = Config::default();
        assert_eq!(c.office_code("KSON").as_deref(), Some("KSON"));
        assert_eq!(c.office_code("soc").as_deref(), Some("SoC"));
        assert_eq!(
            c.office_code("Kultur- och fritidskontoret").as_deref(),
            Some("KoF")
        );
        assert_eq!(c.office_code("FRI"), None);
        assert!(c.is_unit("TiNK"));
    }

    #[test]
    fn user_file_overrides_and_reports_position() {
        let c = Config::from_toml_over_default("[severity]\nmeeting-gap = \"off\"\n").unwrap();
        assert_eq!(
            c.severity_of(crate::ground::finding::Code::MeetingGap),
            None
        );
        assert_eq!(c.offices.len(), 6);
        let err = Config::from_toml_over_default("lang = \n").unwrap_err();
        assert!(err.starts_with("line 1, column"), "{err}");
        let err = Config::from_toml_over_default("[severity]\nno-such = \"off\"\n").unwrap_err();
        assert!(err.contains("no-such"), "{err}");
        let err = Config::from_toml_over_default("lang = \"fi\"\n").unwrap_err();
        assert!(err.contains("fi"), "{err}");
    }
}
