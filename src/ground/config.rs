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

/// [`DEFAULT_TOML`] with its comments in Swedish (`processlista config`
/// prints it by default): the same keys and values, line for line.
pub const DEFAULT_TOML_SV: &str = include_str!("default_config.sv.toml");

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
    /// Most cells a grouped finding cites in its `cells` detail; the count
    /// of the rest is `cells_omitted`.
    #[serde(default = "default_max_cited_cells")]
    pub max_cited_cells: usize,
}

fn default_max_cells() -> u64 {
    5_000_000
}

fn default_max_cited_cells() -> usize {
    50
}

impl Default for Config {
    fn default() -> Self {
        toml::from_str(DEFAULT_TOML).expect("the built-in default configuration parses")
    }
}

impl Config {
    /// Reads a configuration file and merges it over the default.
    ///
    /// An error names the file, the line and column, and what was expected,
    /// in Swedish ([`Config::load_in`] for English).
    pub fn load(path: &Path) -> Result<Config, Error> {
        Self::load_in(path, Lang::Sv)
    }

    /// [`Config::load`], its errors in `lang`.
    pub fn load_in(path: &Path, lang: Lang) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            file: path.display().to_string(),
            message: match lang {
                Lang::Sv => format!("kan inte läsas: {e}"),
                Lang::En => format!("cannot read it: {e}"),
            },
        })?;
        Self::from_toml_in(&text, lang).map_err(|message| Error::Config {
            file: path.display().to_string(),
            message,
        })
    }

    /// Parses `text` as TOML and merges it over the default configuration
    /// (errors in English).
    pub fn from_toml_over_default(text: &str) -> Result<Config, String> {
        Self::from_toml_in(text, Lang::En)
    }

    /// [`Config::from_toml_over_default`], its errors in `lang`: each with
    /// the line and column of the user's text it is about.
    pub fn from_toml_in(text: &str, lang: Lang) -> Result<Config, String> {
        let user: toml::Table =
            toml::from_str(text).map_err(|e| describe_toml_error(text, &e, lang))?;
        let mut merged: toml::Table =
            toml::from_str(DEFAULT_TOML).expect("the built-in default configuration parses");
        merge(&mut merged, user);
        let merged_text = toml::to_string(&merged).map_err(|e| e.to_string())?;
        let cfg: Config = toml::from_str(&merged_text).map_err(|e| {
            // Type errors are found on the merged table: the position is
            // that of the key or value they name in the user's text.
            let message = translate(e.message(), lang);
            match named_token(e.message()).and_then(|t| position_of(text, &t)) {
                Some((line, col)) => at(line, col, &message, lang),
                None => message,
            }
        })?;
        cfg.validate(text, lang)?;
        Ok(cfg)
    }

    fn validate(&self, text: &str, lang: Lang) -> Result<(), String> {
        for code in self.severity.keys() {
            if !crate::ground::finding::Code::ALL
                .iter()
                .any(|c| c.as_str() == code)
            {
                let known = crate::ground::finding::Code::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let message = match lang {
                    Lang::Sv => format!(
                        "[severity] nämner en okänd avvikelsekod \"{code}\"; kända koder: {known}"
                    ),
                    Lang::En => format!(
                        "[severity] names an unknown finding code \"{code}\"; known codes: {known}"
                    ),
                };
                return Err(match position_of(text, code) {
                    Some((line, col)) => at(line, col, &message, lang),
                    None => message,
                });
            }
        }
        if self.offices.is_empty() {
            return Err(match lang {
                Lang::Sv => "[[offices]] är tom: minst en förvaltning behövs".into(),
                Lang::En => "[[offices]] is empty: at least one office is needed".into(),
            });
        }
        Ok(())
    }

    /// The office `--office` names, as its code; else a usage error that
    /// lists the known codes, in `lang`.
    pub fn office_arg(&self, written: &str, lang: Lang) -> Result<String, Error> {
        self.office_code(written).ok_or_else(|| {
            let known = self
                .offices
                .iter()
                .map(|o| o.code.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Error::Usage(match lang {
                Lang::Sv => {
                    format!(
                        "--office {written}: ingen förvaltning i konfigurationen; kända: {known}"
                    )
                }
                Lang::En => format!(
                    "--office {written}: not an office of the configuration; known: {known}"
                ),
            })
        })
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

fn describe_toml_error(text: &str, e: &toml::de::Error, lang: Lang) -> String {
    let message = translate(e.message(), lang);
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            at(line, col, &message, lang)
        }
        None => message,
    }
}

/// "line 2, column 15: …" / "rad 2, kolumn 15: …".
fn at(line: usize, col: usize, message: &str, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("rad {line}, kolumn {col}: {message}"),
        Lang::En => format!("line {line}, column {col}: {message}"),
    }
}

/// The key or value a deserialisation error names: the first `…` or "…".
fn named_token(message: &str) -> Option<String> {
    for quote in ['`', '"'] {
        if let Some(start) = message.find(quote) {
            let rest = &message[start + 1..];
            if let Some(end) = rest.find(quote) {
                return Some(rest[..end].to_string());
            }
        }
    }
    None
}

/// Where `token` first stands in `text` as a key (`token =`, at the start
/// of a line) or as a quoted value: 1-based line and column.
fn position_of(text: &str, token: &str) -> Option<(usize, usize)> {
    if token.is_empty() {
        return None;
    }
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let key = trimmed.trim_start_matches('"');
        if let Some(rest) = key.strip_prefix(token)
            && rest.trim_start_matches('"').trim_start().starts_with('=')
        {
            return Some((i + 1, line[..indent].chars().count() + 1));
        }
        for quoted in [format!("\"{token}\""), format!("'{token}'")] {
            if let Some(at) = line.find(&quoted) {
                return Some((i + 1, line[..at].chars().count() + 1));
            }
        }
    }
    None
}

/// toml's message in `lang`: the common ones said in Swedish, the rest
/// kept as toml says it after a Swedish lead.
fn translate(message: &str, lang: Lang) -> String {
    let message = message.trim();
    if lang == Lang::En {
        return message.to_string();
    }
    let ticks = |s: &str| s.replace('`', "\"");
    let expected = |rest: &str| {
        rest.split_once("expected one of ")
            .map(|(_, list)| list.replace('`', ""))
            .or_else(|| rest.split_once("expected ").map(|(_, e)| ticks(e)))
            .unwrap_or_default()
    };
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let value = named_token(rest).unwrap_or_default();
        return format!(
            "okänt värde \"{value}\"; möjliga värden: {}",
            expected(rest)
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let key = named_token(rest).unwrap_or_default();
        return format!("okänd nyckel \"{key}\"; kända nycklar: {}", expected(rest));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = named_token(rest).unwrap_or_default();
        return format!("nyckeln \"{key}\" saknas");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "fel slags värde ({}); väntat: {}",
            ticks(found),
            ticks(wanted)
        );
    }
    if let Some(rest) = message.strip_prefix("unclosed table") {
        return format!("tabellnamnet är inte stängt{}", expected_sv(rest));
    }
    format!("ogiltig TOML: {message}")
}

/// ", expected `]`" → ", väntat \"]\"".
fn expected_sv(rest: &str) -> String {
    match rest
        .trim_start_matches(',')
        .trim()
        .strip_prefix("expected ")
    {
        Some(e) => format!(", väntat {}", e.replace('`', "\"")),
        None => String::new(),
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

    /// Every kind of error names its line and column, in Swedish by
    /// default: syntax errors, wrong values and unknown keys found only on
    /// the merged configuration, and unknown codes.
    /// The Swedish default is the English one with its comments translated:
    /// every other line the same, and each comment line has its twin.
    #[test]
    fn the_swedish_default_is_the_english_one_translated() {
        let data = |t: &str| -> Vec<String> {
            t.lines()
                .map(|l| {
                    if l.starts_with('#') {
                        "#".into()
                    } else {
                        l.into()
                    }
                })
                .collect()
        };
        assert_eq!(data(DEFAULT_TOML), data(DEFAULT_TOML_SV));
        let sv = Config::from_toml_in(DEFAULT_TOML_SV, Lang::Sv).unwrap();
        assert_eq!(config_hash(&sv), config_hash(&Config::default()));
        assert!(DEFAULT_TOML_SV.contains("# processlista — standardkonfigurationen."));
        let english_left: Vec<&str> = DEFAULT_TOML_SV
            .lines()
            .filter(|l| l.starts_with("# ") && DEFAULT_TOML.lines().any(|e| e == *l))
            .filter(|l| !l.starts_with("# \"meeting-unnumbered\""))
            .collect();
        assert!(english_left.is_empty(), "{english_left:?}");
    }

    #[test]
    fn errors_say_where_in_swedish() {
        let cases = [
            (
                "[limits\nmax_rows = 5\n",
                "rad 1, kolumn 8: ",
                "tabellnamnet är inte stängt, väntat \"]\"",
            ),
            (
                "# kommentar\n[severity]\nmeeting-gap = \"errr\"\n",
                "rad 3, kolumn 15: ",
                "okänt värde \"errr\"; möjliga värden: error, warning, info, off",
            ),
            (
                "[limits]\n  max_rowz = 5\n",
                "rad 2, kolumn 3: ",
                "okänd nyckel \"max_rowz\"; kända nycklar: max_file_mib",
            ),
            (
                "[severity]\n\"no-such\" = \"off\"\n",
                "rad 2, kolumn 1: ",
                "okänd avvikelsekod \"no-such\"",
            ),
            ("lang = \"fi\"\n", "rad 1, kolumn 8: ", "okänt värde \"fi\""),
        ];
        for (text, at, what) in cases {
            let err = Config::from_toml_in(text, Lang::Sv).unwrap_err();
            assert!(err.starts_with(at), "{text:?}: {err}");
            assert!(err.contains(what), "{text:?}: {err}");
        }
        let err = Config::from_toml_in("[limits]\nmax_rows = \"many\"\n", Lang::Sv).unwrap_err();
        assert!(
            err.starts_with("rad 2, kolumn 12: fel slags värde"),
            "{err}"
        );
        let err = Config::from_toml_in("[limits]\nmax_rows = \"many\"\n", Lang::En).unwrap_err();
        assert!(err.starts_with("line 2, column 12: invalid type"), "{err}");
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
