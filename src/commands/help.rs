//! The command line in the user's language: `--help` of every command and
//! clap's own errors in Swedish by default, in English with `--lang en` (or
//! a `LANG` that begins with `en`).
//!
//! The English texts are the doc comments of the argument structs (clap's
//! derive); [`localize`] puts the Swedish ones in their place, by argument
//! id, and gives the help Swedish headings. [`error_text`] says clap's
//! errors (an unknown flag, a wrong value, a missing argument) in Swedish.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::ground::config::Lang;

/// The language of the command line: `--lang en|sv` wherever it stands,
/// else `LANG`/`LC_ALL` when it begins with "en", else Swedish.
pub fn lang_of(args: &[OsString]) -> Lang {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        match value {
            Some("en") => return Lang::En,
            Some("sv") => return Lang::Sv,
            _ => {}
        }
    }
    for var in ["LC_ALL", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return if v.starts_with("en") {
                Lang::En
            } else {
                Lang::Sv
            };
        }
    }
    Lang::Sv
}

/// Swedish help of each command: (about, long about).
const ABOUT: &[(&str, &str, &str)] = &[
    (
        "",
        "Sammanställer förvaltningarnas processlistor i Excel och hittar felen i dem",
        "",
    ),
    (
        "check",
        "Läs och granska listorna; visa avvikelserna fil för fil.",
        "Slutstatus: 0 inga fel, 1 fel (eller varningar med --strict), 2 kunde inte köras.",
    ),
    (
        "consolidate",
        "Läs och granska listorna och skriv sammanställningen (arbetsboken).",
        "Slutstatus: 0 inga fel, 1 fel, 2 kunde inte köras.",
    ),
    (
        "diff",
        "Vad som har ändrats mellan två sammanställningar (båda skrivna av consolidate).",
        "Slutstatus: 0 jämförda, 2 en fil är inte en av verktygets arbetsböcker.",
    ),
    (
        "template",
        "Skriv en förvaltnings processlista att fylla i: kolumnerna, listrutor, inmatningshjälp \
         och en flik med instruktioner.",
        "Med --from fylls den i från förvaltningens tidigare lista eller från en sammanställning \
         (då anger --office vems processer).",
    ),
    (
        "config",
        "Skriv ut standardkonfigurationen (TOML, med kommentarer).",
        "",
    ),
    (
        "attachment",
        "Skriv bilagan som styrelsen får den: ett Word-dokument, en tabell per process.",
        "Slutstatus: 0 inga fel i listorna, 1 fel, 2 kunde inte köras.",
    ),
    (
        "fix",
        "Skriv en rättad kopia av en förvaltnings lista: de föreslagna rättelserna gjorda, varje \
         ändrad cell markerad med en kommentar, och en flik med ändringarna.",
        "Listan själv skrivs aldrig. Slutstatus: 0 skriven, 2 kunde inte köras.",
    ),
    (
        "serve",
        "Visa sidan för månadens arbete (och samma sak som HTTP-API) på den här datorn.",
        "Släpp månadens listor på sidan; den visar avvikelserna och laddar ned arbetsboken, \
         bilagan, rapporten och de rättade kopiorna. Avsluta med Ctrl+C.",
    ),
];

/// Swedish help of each argument: (command, argument id, help, value name).
/// A command "*" is every command that has the argument.
const ARGS: &[(&str, &str, &str, &str)] = &[
    (
        "*",
        "config",
        "Konfigurationsfil (TOML) som läggs över standarden (se processlista config).",
        "FIL",
    ),
    (
        "diff",
        "config",
        "Konfigurationsfil (TOML); dess gränser gäller när arbetsböckerna läses.",
        "FIL",
    ),
    (
        "*",
        "as_of",
        "Rapportdatum (ÅÅÅÅ-MM-DD eller ÅÅMMDD); annars det vanligaste \"daterad\"-/\"Status\"-datumet \
         i filerna, eller i dag.",
        "DATUM",
    ),
    ("*", "lang", "Språk: sv (standard) eller en.", "SPRÅK"),
    (
        "*",
        "plan",
        "Handlingsplanen: en flik med processnummer (och gärna titel och huvudansvarig förvaltning).",
        "FIL",
    ),
    (
        "*",
        "quiet",
        "Ingen förloppsindikator (den visas bara i en terminal, och först när körningen tar mer än en sekund).",
        "",
    ),
    (
        "*",
        "inputs",
        "Filer eller mappar (med undermappar).",
        "FILER",
    ),
    (
        "check",
        "json",
        "Skriv JSON-rapporten på stdout i stället.",
        "",
    ),
    ("check", "strict", "Även varningar ger slutstatus 1.", ""),
    (
        "check",
        "limit",
        "Visa högst N avvikelser per kod och fil (antalet per kod står överst i filen).",
        "N",
    ),
    (
        "consolidate",
        "output",
        "Arbetsboken som skrivs; standard processlista-ÅÅÅÅ-MM-DD.xlsx (rapportdatumet) i mappen du står i.",
        "FIL",
    ),
    (
        "consolidate",
        "json",
        "Skriv också JSON-rapporten till FIL.",
        "FIL",
    ),
    (
        "consolidate",
        "previous",
        "Förra månadens sammanställning: ger fliken Förändringar och avvikelserna history-changed.",
        "FIL",
    ),
    (
        "consolidate",
        "force",
        "Skriv över en fil som processlista inte har skrivit (en tidigare sammanställning eller \
         rapport ersätts ändå).",
        "",
    ),
    (
        "diff",
        "old",
        "Den tidigare arbetsboken (t.ex. förra månadens).",
        "FÖRRA",
    ),
    ("diff", "new", "Den senare arbetsboken.", "NYA"),
    ("diff", "json", "Skriv jämförelsen som JSON.", ""),
    (
        "template",
        "output",
        "Arbetsboken som skrivs (.xlsx).",
        "FIL",
    ),
    (
        "template",
        "office",
        "Förvaltningen listan gäller (en kod i konfigurationen, t.ex. SoC).",
        "KOD",
    ),
    (
        "template",
        "from",
        "Fyll i den från den här listan eller sammanställningen.",
        "FIL",
    ),
    (
        "template",
        "date",
        "Rapportdatumet listan gäller (\"daterad\" och \"Status ÅÅMMDD\"; ÅÅÅÅ-MM-DD eller ÅÅMMDD); \
         standard i dag.",
        "DATUM",
    ),
    (
        "attachment",
        "output",
        "Word-dokumentet som skrivs (.docx).",
        "FIL",
    ),
    (
        "attachment",
        "office",
        "En förvaltnings bilaga: processerna den deltar i (en kod i konfigurationen, t.ex. KSON).",
        "KOD",
    ),
    (
        "attachment",
        "title",
        "Rubriken (standard \"Bilaga – KSON Processlista\", eller utan förvaltning).",
        "TEXT",
    ),
    (
        "attachment",
        "force",
        "Skriv över en fil som processlista inte har skrivit (en tidigare bilaga ersätts ändå).",
        "",
    ),
    (
        "consolidate",
        "attachment",
        "Skriv också bilagan (Word) till FIL.",
        "FIL",
    ),
    (
        "fix",
        "list",
        "Förvaltningens lista (i något format som verktyget läser).",
        "LISTA",
    ),
    (
        "fix",
        "output",
        "Den rättade kopian som skrivs (.xlsx).",
        "FIL",
    ),
    (
        "fix",
        "only",
        "Gör bara rättelserna för de här koderna (upprepa, eller skilj med kommatecken).",
        "KOD",
    ),
    ("fix", "force", "Skriv över filen om den finns.", ""),
    (
        "serve",
        "port",
        "Porten som servern lyssnar på (0: en ledig port; adressen skrivs ut).",
        "PORT",
    ),
    (
        "serve",
        "listen",
        "Lyssna på den här adressen i stället för 127.0.0.1 (då når andra datorer sidan: en varning skrivs ut).",
        "ADRESS",
    ),
    (
        "serve",
        "open",
        "Öppna sidan i webbläsaren när servern lyssnar.",
        "",
    ),
    (
        "serve",
        "lang",
        "Språk på sidan och i meddelandena: sv (standard) eller en.",
        "SPRÅK",
    ),
    (
        "serve",
        "max_upload",
        "Det mesta en begäran får skicka, i MB.",
        "MB",
    ),
    (
        "serve",
        "max_files",
        "Det högsta antalet filer i en begäran.",
        "ANTAL",
    ),
    (
        "serve",
        "timeout",
        "Den längsta tiden för en begäran, i sekunder.",
        "SEKUNDER",
    ),
    (
        "template",
        "force",
        "Skriv över filen om den finns (det kan vara en lista som en förvaltning har fyllt i).",
        "",
    ),
];

/// The command with its help in `lang`: the Swedish texts put in for
/// [`Lang::Sv`], with Swedish headings; the English doc comments as they
/// are for [`Lang::En`]. Both get the same own help and version flags, and
/// no `help` subcommand (`processlista check --help` is the way).
pub fn localize(cmd: clap::Command, lang: Lang) -> clap::Command {
    let cmd = cmd.disable_help_subcommand(true);
    let cmd = own_flags(cmd, lang, true);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd;
    for name in subs {
        cmd = cmd.mut_subcommand(&name, |s| {
            let s = own_flags(s, lang, false);
            match lang {
                Lang::En => s,
                Lang::Sv => swedish(s, &name),
            }
        });
    }
    match lang {
        Lang::En => cmd,
        Lang::Sv => swedish(cmd, ""),
    }
}

/// `-h/--help` (and `-V/--version` on the top command) with help in `lang`.
fn own_flags(cmd: clap::Command, lang: Lang, top: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let (help, version) = match lang {
        Lang::Sv => ("Visa hjälpen", "Visa versionen"),
        Lang::En => ("Print help", "Print version"),
    };
    let cmd = cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(help),
    );
    if !top {
        return cmd;
    }
    cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(version),
    )
}

/// The Swedish texts and headings of command `name` ("" for the top).
fn swedish(cmd: clap::Command, name: &str) -> clap::Command {
    let mut cmd = cmd;
    if let Some((_, about, long)) = ABOUT.iter().find(|(n, _, _)| *n == name) {
        cmd = cmd.about(*about);
        cmd = if long.is_empty() {
            cmd.long_about(None::<&str>)
        } else {
            cmd.long_about(format!("{about}\n\n{long}"))
        };
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = ARGS
            .iter()
            .find(|(c, a, _, _)| *c == name && *a == id)
            .or_else(|| ARGS.iter().find(|(c, a, _, _)| *c == "*" && *a == id));
        if let Some((_, _, help, value)) = text {
            cmd = cmd.mut_arg(&id, |a| {
                // The possible values are in the Swedish text.
                let a = a.help(*help).long_help(None::<&str>);
                let a = if a.get_action().takes_values()
                    && a.get_value_parser().possible_values().is_some()
                {
                    a.hide_possible_values(true)
                } else {
                    a
                };
                if value.is_empty() {
                    a
                } else {
                    a.value_name(*value)
                }
            });
        }
    }
    let has_positionals = cmd.get_positionals().next().is_some();
    let has_subcommands = cmd.get_subcommands().next().is_some();
    let mut template = String::from("{about-with-newline}\nAnvändning: {usage}\n");
    if has_subcommands {
        template.push_str("\nKommandon:\n{subcommands}\n");
    }
    if has_positionals {
        template.push_str("\nArgument:\n{positionals}\n");
    }
    template.push_str("\nFlaggor:\n{options}{after-help}");
    let usage = swedish_usage(&mut cmd.clone(), name);
    cmd.help_template(template).override_usage(usage)
}

/// The usage line with Swedish words for clap's placeholders.
fn swedish_usage(cmd: &mut clap::Command, name: &str) -> String {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage: ")
        .replace("[OPTIONS]", "[FLAGGOR]")
        .replace("<COMMAND>", "<KOMMANDO>");
    // A subcommand's usage, rendered apart, lacks the program's name.
    if name.is_empty() || usage.starts_with("processlista ") {
        usage
    } else {
        format!("processlista {usage}")
    }
}

/// clap's error in `lang`: for Swedish, what is wrong, the usage and where
/// to read more; English as clap says it.
/// `command` is the subcommand given, if any (for "Mer hjälp: processlista
/// check --help").
pub fn error_text(e: &clap::Error, lang: Lang, command: Option<&str>) -> String {
    if lang == Lang::En {
        return e.render().to_string();
    }
    let get = |k: ContextKind| -> Option<String> {
        e.get(k).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(v) => v.join(", "),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(v) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            ContextValue::Number(n) => n.to_string(),
            ContextValue::Bool(b) => b.to_string(),
            _ => String::new(),
        })
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => format!("fel: okänd flagga '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "fel: okänt kommando '{}'",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("fel: ett värde behövs för '{arg}'")
        }
        ErrorKind::InvalidValue => format!("fel: ogiltigt värde '{value}' för '{arg}'"),
        ErrorKind::ValueValidation => format!("fel: ogiltigt värde '{value}' för '{arg}'"),
        ErrorKind::MissingRequiredArgument => {
            format!("fel: det här behövs men saknas: {arg}")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "fel: ange ett kommando".to_string()
        }
        ErrorKind::ArgumentConflict => format!(
            "fel: '{arg}' kan inte användas tillsammans med '{}'",
            get(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues => format!("fel: för många värden: '{value}' till '{arg}'"),
        _ => {
            // The rest are rare: clap's own words after a Swedish lead.
            let text = e.render().to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            format!("fel: felaktiga argument ({first})")
        }
    };
    if let Some(valid) = get(ContextKind::ValidValue) {
        out.push_str(&format!("\n  [möjliga värden: {valid}]"));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        if let Some(s) = get(kind) {
            out.push_str(&format!("\n\n  tips: menade du '{s}'?"));
        }
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage
            .trim_start_matches("Usage: ")
            .replace("[OPTIONS]", "[FLAGGOR]");
        out.push_str(&format!("\n\nAnvändning: {usage}"));
    }
    match command {
        Some(c) => out.push_str(&format!("\n\nMer hjälp: processlista {c} --help\n")),
        None => out.push_str("\n\nMer hjälp: processlista --help\n"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_found_wherever_lang_stands() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_of(&args(&["pl", "check", "--lang", "en", "x"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["pl", "check", "--lang=en"])), Lang::En);
        assert_eq!(lang_of(&args(&["pl", "--lang", "sv", "check"])), Lang::Sv);
    }
}
