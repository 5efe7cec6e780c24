//! The message catalogue: every finding's message and suggestion in Swedish
//! and English, built from its details.

use serde_json::Value;

use crate::ground::config::Lang;
use crate::ground::finding::Raw;
use crate::ground::finding::{Code, Location};

fn s(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(Value::Array(a)) => a.iter().map(|x| s(Some(x))).collect::<Vec<_>>().join(", "),
        Some(Value::Object(o)) => o
            .iter()
            .map(|(k, v)| format!("{k}: {}", s(Some(v))))
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => other.to_string(),
    }
}

/// Ranges of missing numbers: [1, 2, 6] → "1–2, 6".
fn ranges(v: Option<&Value>) -> String {
    let nums: Vec<u64> = v
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < nums.len() {
        let mut j = i;
        while j + 1 < nums.len() && nums[j + 1] == nums[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            nums[i].to_string()
        } else {
            format!("{}–{}", nums[i], nums[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// The message and the suggestion (if any) of a finding; a finding with a
/// proposed fix (`details.proposal`) suggests that fix.
pub(crate) fn render(r: &Raw, lang: Lang) -> (String, Option<String>) {
    let (message, suggestion) = render_code(r, lang);
    match r.details.get("proposal").and_then(|p| proposed(p, lang)) {
        Some(p) => (message, Some(p)),
        None => (message, suggestion),
    }
}

/// A proposal ([`crate::checks::proposal`]) as a suggestion: "Ändra "…"
/// till "…" i Blad1!E4 (processlista fix gör ändringen)."
fn proposed(p: &serde_json::Value, lang: Lang) -> Option<String> {
    let at = Location::from_json(p.get("source")?)?.describe(lang);
    let (from, to) = (p.get("from")?.as_str()?, p.get("to")?.as_str()?);
    let sv = lang == Lang::Sv;
    let what = match (from.is_empty(), to.is_empty(), sv) {
        (true, _, true) => format!("Lägg till raden \"{to}\" i {at}"),
        (true, _, false) => format!("Add the line \"{to}\" to {at}"),
        (false, true, true) => format!("Ta bort raden \"{from}\" i {at}"),
        (false, true, false) => format!("Remove the line \"{from}\" from {at}"),
        (false, false, true) => format!("Ändra \"{from}\" till \"{to}\" i {at}"),
        (false, false, false) => format!("Change \"{from}\" to \"{to}\" in {at}"),
    };
    Some(if sv {
        format!("{what} (processlista fix gör ändringen).")
    } else {
        format!("{what} (processlista fix makes the change).")
    })
}

/// The message and the suggestion (if any) of a finding by its code.
fn render_code(r: &Raw, lang: Lang) -> (String, Option<String>) {
    // Series labels are kept in one (Swedish) form in the details; an English
    // message says "internal".
    let d = |k: &str| {
        let v = s(r.details.get(k));
        if k == "series" && lang == Lang::En {
            v.replace(" internt)", " internal)")
        } else {
            v
        }
    };
    let sv = lang == Lang::Sv;
    let pick = |a: String, b: String| if sv { a } else { b };
    let t = &r.text;
    match r.code {
        Code::FileUnreadable => (
            pick(format!("Filen kan inte läsas: {}", reason_sv(&d("reason"))), format!("The file cannot be read: {}", d("reason"))),
            Some(pick(
                "Öppna filen i Excel och spara den som .xlsx, eller be förvaltningen skicka den igen.".into(),
                "Open the file in Excel and save it as .xlsx, or ask the office to send it again.".into(),
            )),
        ),
        Code::NoProcessTable => (
            pick(
                "Ingen flik innehåller en processlista (ingen rubrikrad med t.ex. Process, Åtgärdsbehov, Status, och inga rader \"Åtgärdsbehov N process X.Y.Z\").".into(),
                "No sheet holds a process list (no header row with e.g. Process, Need, Status, and no rows \"Åtgärdsbehov N process X.Y.Z\").".into(),
            ),
            Some(pick(
                "Lägg till en rubrikrad, eller utgå från mallen: processlista template -o mall.xlsx".into(),
                "Add a header row, or start from the template: processlista template -o template.xlsx".into(),
            )),
        ),
        Code::MissingProcessId => (
            pick("Raden har innehåll men inget processnummer.".into(), "The row has content but no process id.".into()),
            Some(pick("Skriv processnumret (t.ex. 2.1.3) i processkolumnen.".into(), "Write the process id (e.g. 2.1.3) in the process column.".into())),
        ),
        Code::InvalidProcessId => (
            pick(
                format!("Processnumret \"{t}\" har inte formen kapitel.avsnitt.punkt (t.ex. 2.1.3)."),
                format!("The process id \"{t}\" is not of the form chapter.section.item (e.g. 2.1.3)."),
            ),
            Some(pick("Rätta numret mot handlingsplanen.".into(), "Correct the id against the action plan.".into())),
        ),
        Code::ProcessIdNormalized => (
            pick(
                format!("Processnumret \"{t}\" läses som {} (inledande nollor tas bort) och slås ihop med den processen.", d("id")),
                format!("The process id \"{t}\" is read as {} (leading zeros dropped) and merged with that process.", d("id")),
            ),
            Some(pick(format!("Skriv {} i källan.", d("id")), format!("Write {} at the source.", d("id")))),
        ),
        Code::DuplicateProcess => (
            pick(
                format!("Process {t} står flera gånger på samma flik (rader {}).", d("rows")),
                format!("Process {t} appears more than once on the same sheet (rows {}).", d("rows")),
            ),
            Some(pick("Slå ihop raderna till en rad per process.".into(), "Merge the rows into one row per process.".into())),
        ),
        Code::InvalidDate => {
            let alt = d("alternative");
            let missing_day = r.details.get("no_such_day").and_then(|v| {
                let n = |k: &str| v.get(k).and_then(serde_json::Value::as_u64);
                Some((n("year")?, n("month")?, n("day")?))
            });
            let month = |m: u64, sv: bool| {
                const SV: [&str; 12] = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];
                const EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
                let i = (m as usize).clamp(1, 12) - 1;
                if sv { SV[i] } else { EN[i] }
            };
            (
                match missing_day {
                    Some((y, m, day)) => pick(
                        format!("\"{}\" är inget giltigt datum: {} {y} har ingen dag {day}.", d("token"), month(m, true)),
                        format!("\"{}\" is not a valid date: {} {y} has no day {day}.", d("token"), month(m, false)),
                    ),
                    None => pick(
                        format!("\"{}\" är inget giltigt datum.", d("token")),
                        format!("\"{}\" is not a valid date.", d("token")),
                    ),
                },
                Some(if let (true, Some((y, m, _))) = (alt.is_empty(), missing_day) {
                    let days = days_in_month(y, m);
                    pick(
                        format!("Rätta dagen i datumet (ÅÅMMDD): {} {y} har {days} dagar.", month(m, true)),
                        format!("Correct the day of the date (YYMMDD): {} {y} has {days} days.", month(m, false)),
                    )
                } else if alt.is_empty() {
                    pick("Rätta datumet (ÅÅMMDD, t.ex. 230529).".into(), "Correct the date (YYMMDD, e.g. 230529).".into())
                } else {
                    pick(
                        format!("Rätta datumet (ÅÅMMDD). Läst som DDMMÅÅ blir det {alt} – var det så det menades?"),
                        format!("Correct the date (YYMMDD). Read as DDMMYY it is {alt} – was that meant?"),
                    )
                }),
            )
        }
        Code::FutureDate => (
            pick(
                format!("Mötet står som genomfört men är daterat {}, efter rapportdatumet {}.", d("date"), d("as_of")),
                format!("The meeting is reported as held but dated {}, after the reporting date {}.", d("date"), d("as_of")),
            ),
            Some(pick("Rätta datumet, eller skriv \"bokad\" om mötet inte har hållits än.".into(), "Correct the date, or write \"bokad\" if the meeting has not been held yet.".into())),
        ),
        Code::StaleBooking => (
            pick(
                format!("Mötet står som bokat {} men det datumet har passerat (rapportdatum {}).", d("date"), d("as_of")),
                format!("The meeting is booked for {} but that date has passed (reporting date {}).", d("date"), d("as_of")),
            ),
            Some(pick("Skriv \"genomfört\" eller \"inställt\", eller ange det nya datumet.".into(), "Write \"genomfört\" (held) or \"inställt\" (cancelled), or give the new date.".into())),
        ),
        Code::MeetingDuplicate => (
            pick(
                format!("Möte nummer {} förekommer flera gånger i serien {} (datum {}).", d("number"), d("series"), d("dates")),
                format!("Meeting number {} occurs more than once in the series {} (dates {}).", d("number"), d("series"), d("dates")),
            ),
            Some(pick("Numrera om det senare mötet (troligen nästa nummer i serien).".into(), "Renumber the later meeting (probably the next number in the series).".into())),
        ),
        Code::MeetingGap => (
            pick(
                format!("Mötesnummer saknas i serien {}: {}.", d("series"), ranges(r.details.get("missing"))),
                format!("Meeting numbers are missing in the series {}: {}.", d("series"), ranges(r.details.get("missing"))),
            ),
            Some(pick("För in de saknade mötena, eller numrera om serien.".into(), "Add the missing meetings, or renumber the series.".into())),
        ),
        Code::MeetingOrder => (
            pick(
                format!("Mötesnumren {} går mot datumen ({}) i serien {}.", d("numbers"), d("dates"), d("series")),
                format!("Meeting numbers {} go against the dates ({}) in the series {}.", d("numbers"), d("dates"), d("series")),
            ),
            Some(pick("Kontrollera numren och datumen.".into(), "Check the numbers and the dates.".into())),
        ),
        Code::MeetingUnnumbered => (
            pick(format!("Mötet har inget nummer (serien {}).", d("series")), format!("The meeting has no number (series {}).", d("series"))),
            Some(pick("Skriv mötets nummer, t.ex. \"Processmöte 3 genomfört 230530\".".into(), "Write the meeting's number, e.g. \"Processmöte 3 genomfört 230530\".".into())),
        ),
        Code::MeetingConflict => (
            pick(
                format!("Förvaltningarna anger olika datum för möte {} i serien {}: {}.", d("number"), d("series"), capped(r.details.get("dates"), 6, lang)),
                format!("The offices give different dates for meeting {} in the series {}: {}.", d("number"), d("series"), capped(r.details.get("dates"), 6, lang)),
            ),
            Some(pick(format!("Stäm av med den andra förvaltningen ({}).", d("other")), format!("Check with the other office ({}).", d("other")))),
        ),
        Code::AfterClosure => (
            pick(
                format!("Mötet {} ligger efter att processen avslutades {}.", d("date"), d("closed")),
                format!("The meeting {} is after the process was closed on {}.", d("date"), d("closed")),
            ),
            Some(pick("Kontrollera datumet, eller ta bort raden om avslutad.".into(), "Check the date, or the closing line.".into())),
        ),
        Code::OutsidePlan if r.details.get("count").and_then(Value::as_u64).unwrap_or(1) > 1 => (
            pick(
                format!("{} möten ligger utanför tidsplanen {}: {}.", d("count"), d("period"), capped(r.details.get("dates"), 8, lang)),
                format!("{} meetings are outside the time plan {}: {}.", d("count"), d("period"), capped(r.details.get("dates"), 8, lang)),
            ),
            Some(pick("Uppdatera tidsplaneringen om processen har förlängts.".into(), "Update the time plan if the process was extended.".into())),
        ),
        Code::OutsidePlan => (
            pick(
                format!("Mötet {} ligger utanför tidsplanen {}.", d("date"), d("period")),
                format!("The meeting {} is outside the time plan {}.", d("date"), d("period")),
            ),
            Some(pick("Uppdatera tidsplaneringen om processen har förlängts.".into(), "Update the time plan if the process was extended.".into())),
        ),
        Code::MissingVerdict if r.details.contains_key("unclear") => (
            pick(
                format!("Ställningstagandet \"{}\" går inte att läsa som fortsatt behov eller inget behov av processledning.", d("unclear")),
                format!("The verdict \"{}\" reads as neither continuing nor completed.", d("unclear")),
            ),
            Some(pick(
                "Skriv \"Fortsatt behov av processledning\" eller \"Inget behov av fortsatt processledning\", eller lägg till formuleringen i konfigurationen ([verdicts]).".into(),
                "Write \"Fortsatt behov av processledning\" (continuing) or \"Inget behov av fortsatt processledning\" (completed), or add the wording to the configuration ([verdicts]).".into(),
            )),
        ),
        Code::MissingVerdict => (
            pick("Processen saknar ställningstagande (\"Status ÅÅMMDD: …\").".into(), "The process has no verdict (\"Status YYMMDD: …\").".into()),
            Some(pick(
                "Skriv \"Status ÅÅMMDD: Fortsatt behov av processledning\" eller \"… Inget behov av fortsatt processledning\".".into(),
                "Write \"Status YYMMDD: Fortsatt behov av processledning\" (continuing) or \"… Inget behov av fortsatt processledning\" (completed).".into(),
            )),
        ),
        Code::StaleVerdict => (
            pick(
                format!("Ställningstagandet är daterat {}, före rapportdatumet {}.", d("dated"), d("as_of")),
                format!("The verdict is dated {}, before the reporting date {}.", d("dated"), d("as_of")),
            ),
            Some(pick("Gör ett nytt ställningstagande per rapportdatumet.".into(), "Make a new verdict as of the reporting date.".into())),
        ),
        Code::InvalidPriority => (
            pick(format!("Prioriteringen \"{}\" är inte 1, 2 eller 3.", d("priority")), format!("The priority \"{}\" is not 1, 2 or 3.", d("priority"))),
            Some(pick("Ange 1 (högst), 2 eller 3.".into(), "Give 1 (highest), 2 or 3.".into())),
        ),
        Code::UnknownOffice => (
            pick(format!("Förvaltningen \"{}\" finns inte i konfigurationen.", d("office")), format!("The office \"{}\" is not in the configuration.", d("office"))),
            Some(pick(
                "Rätta stavningen, eller lägg till förvaltningen (eller ett alias) i konfigurationen.".into(),
                "Correct the spelling, or add the office (or an alias) to the configuration.".into(),
            )),
        ),
        Code::Conflict => (
            pick(
                format!("Förvaltningarna anger olika värden för {}: {}.", field_sv(&d("field")), values_by_office(r, lang)),
                format!("The offices give different values for {}: {}.", d("field").replace('_', " "), values_by_office(r, lang)),
            ),
            Some(pick(
                format!("Sammanställningen använder {}s värde; stäm av med förvaltningarna.", d("chosen_office")),
                format!("The consolidation uses {}'s value; check with the offices.", d("chosen_office")),
            )),
        ),
        Code::MissingProcess => (
            pick("Processen finns i handlingsplanen men ingen förvaltning rapporterar den.".into(), "The process is in the plan but no office reports it.".into()),
            Some(pick("Be den ansvariga förvaltningen rapportera processen.".into(), "Ask the responsible office to report the process.".into())),
        ),
        Code::UnknownProcess => (
            pick("Processen finns inte i handlingsplanen.".into(), "The process is not in the plan.".into()),
            Some(pick("Kontrollera numret mot handlingsplanen.".into(), "Check the id against the plan.".into())),
        ),
        Code::TotalsMismatch => (
            pick(
                format!("Angiven summa {} stämmer inte med den beräknade {}.", d("stated"), d("computed")),
                format!("The stated total {} differs from the computed {}.", d("stated"), d("computed")),
            ),
            Some(pick("Rätta summan, eller leta efter processen som saknas eller är bedömd fel.".into(), "Correct the total, or look for the process that is missing or judged wrongly.".into())),
        ),
        Code::FormulaError => (
            pick(format!("Cellen innehåller ett Excel-fel ({t})."), format!("The cell holds an Excel error ({t}).")),
            Some(pick("Rätta formeln, eller klistra in värdet som text.".into(), "Fix the formula, or paste the value as text.".into())),
        ),
        Code::SheetSkipped => (
            pick(
                format!("Fliken \"{}\" är ett diagram (eller en dialogflik) och har inga celler; den hoppades över.", r.source.sheet()),
                format!("The sheet \"{}\" is a chart (or a dialog sheet) and holds no cells; it was skipped.", r.source.sheet()),
            ),
            Some(pick(
                "Inget att göra: listans övriga flikar lästes.".into(),
                "Nothing to do: the list's other sheets were read.".into(),
            )),
        ),
        Code::HistoryChanged => {
            let prev = d("previous");
            let message = match d("kind").as_str() {
                "date-changed" => pick(
                    format!("Möte {} i serien {} var daterat {} i {prev}, nu {}.", d("number"), d("series"), d("before"), d("after")),
                    format!("Meeting {} in the series {} was dated {} in {prev}, now {}.", d("number"), d("series"), d("before"), d("after")),
                ),
                "renumbered" => pick(
                    format!("Mötet {} i serien {} hade nummer {} i {prev}, nu {}.", d("date"), d("series"), d("before"), d("after")),
                    format!("The meeting of {} in the series {} was number {} in {prev}, now {}.", d("date"), d("series"), d("before"), d("after")),
                ),
                "meeting-gone" => pick(
                    format!("\"{}\" (serien {}) fanns i {prev} men finns inte längre.", d("before"), d("series")),
                    format!("\"{}\" (series {}) was in {prev} but is gone now.", d("before"), d("series")),
                ),
                "verdict-gone" => pick(
                    format!("Ställningstagandet \"{}\" fanns i {prev} men saknas nu.", d("before")),
                    format!("The verdict \"{}\" was in {prev} but is missing now.", d("before")),
                ),
                "state-changed" => pick(
                    format!("Möte {} i serien {} stod som genomfört i {prev}, nu som {}.", d("number"), d("series"), state_sv(&d("after"))),
                    format!("Meeting {} in the series {} was held in {prev}, now {}.", d("number"), d("series"), d("after")),
                ),
                "process-gone" => pick(
                    format!("Process {} fanns i {prev} men rapporteras inte längre av någon förvaltning.", d("before")),
                    format!("Process {} was in {prev} but no office reports it now.", d("before")),
                ),
                _ => pick(
                    format!("Förra månadens uppgift har ändrats eller försvunnit: före \"{}\", nu \"{}\".", d("before"), d("after")),
                    format!("Last month's entry changed or vanished: before \"{}\", now \"{}\".", d("before"), d("after")),
                ),
            };
            (
                message,
                Some(pick(
                    "Kontrollera att ändringen är avsiktlig; rätta annars listan så att den stämmer med det som redan rapporterats.".into(),
                    "Check that the change is intended; otherwise correct the list to match what was already reported.".into(),
                )),
            )
        }
    }
}

fn state_sv(state: &str) -> &str {
    match state {
        "held" => "genomfört",
        "booked" => "bokat",
        "cancelled" => "inställt",
        other => other,
    }
}

/// The reader's reasons (English, as `details.reason` keeps them) in Swedish
/// for the message: the kinds a coordinator meets, with the English detail
/// after them; anything else as it is.
/// The days of a month (0 for a month that is not real).
fn days_in_month(y: u64, m: u64) -> u32 {
    use chrono::Datelike;
    let first = |y: u64, m: u64| {
        chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, u32::try_from(m).ok()?, 1)
    };
    let next = if m == 12 {
        first(y + 1, 1)
    } else {
        first(y, m + 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(0, |d| d.day())
}

/// The Swedish for a reading failure's (English) reason, by its kind.
pub(crate) fn reason_sv(reason: &str) -> String {
    const KINDS: &[(&str, &str)] = &[
        (
            "an Excel lock file",
            "Excels låsfil: listan är öppen i Excel – ange själva listan (spara och stäng den i Excel först)",
        ),
        (
            "not a process list file",
            "ingen processlista: bara .xlsx, .xlsm, .xlsb, .xls, .ods, .csv och .docx läses – spara listan från Excel som .xlsx (eller från Word som .docx)",
        ),
        (
            "the Word document is password protected",
            "Word-dokumentet är lösenordsskyddat (krypterat): öppna det i Word, ta bort lösenordet (Arkiv → Info → Skydda dokument) och spara igen, eller be om en kopia utan lösenord",
        ),
        (
            "a Word 97–2003 document",
            "ett Word 97–2003-dokument (.doc) läses inte: öppna det i Word och spara det som .docx",
        ),
        (
            "the Word document is damaged",
            "Word-dokumentet är skadat eller avkortat",
        ),
        (
            "not a Word document",
            "inget Word-dokument: zip-arkivet har inget dokument i sig",
        ),
        ("the file is empty", "filen är tom (0 byte)"),
        (
            "the workbook is password protected",
            "arbetsboken är lösenordsskyddad (krypterad): öppna den i Excel, ta bort lösenordet (Arkiv → Info → Skydda arbetsbok) och spara igen, eller be om en kopia utan lösenord",
        ),
        (
            "refused before unpacking",
            "vägrades innan den packades upp: den skulle bli orimligt stor uppackad (en möjlig zip-bomb)",
        ),
        (
            "not a workbook: the",
            "ingen arbetsbok: filen har fel filändelse för sitt innehåll",
        ),
        (
            "not a spreadsheet",
            "inget kalkylark: filen är varken en arbetsbok eller en textfil",
        ),
        (
            "not a readable",
            "arbetsboken går inte att läsa, den kan vara skadad eller avkortad",
        ),
        (
            "the workbook is damaged",
            "arbetsboken är skadad eller avkortad",
        ),
        (
            "a workbook named .csv",
            "en arbetsbok med filändelsen .csv: byt till .xlsx eller spara om som CSV",
        ),
        (
            "not a text file",
            "ingen textfil: en CSV-fil måste vara text",
        ),
        (
            "sheet \"",
            "en flik är över gränserna för storlek (se limits i konfigurationen)",
        ),
        (
            "the file is ",
            "filen är över storleksgränsen (limits.max_file_mib)",
        ),
        ("cannot open", "filen kan inte öppnas"),
        ("cannot read", "filen kan inte läsas in"),
    ];
    const COMPLETE: &[&str] = &[
        "the workbook is password protected",
        "the Word document is password protected",
        "a Word 97–2003 document",
        "an Excel lock file",
        "not a process list file",
    ];
    match KINDS.iter().find(|(en, _)| reason.starts_with(en)) {
        // The Swedish says all there is: no English original beside it.
        Some((en, sv)) if COMPLETE.contains(en) => sv.to_string(),
        Some((_, sv)) => format!("{sv} ({reason})"),
        None => reason.to_string(),
    }
}

/// `KSON: "2" (Blad1!E7), SoC: "1" (Processlista SoC!G5)`; past four
/// offices, how many more (the details have them all).
fn values_by_office(r: &Raw, lang: Lang) -> String {
    let Some(Value::Object(values)) = r.details.get("values") else {
        return String::new();
    };
    let shown: Vec<String> = values
        .iter()
        .take(4)
        .map(|(office, v)| {
            let one_line: String = s(v.get("value"))
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(60)
                .collect();
            format!("{office}: \"{one_line}\" ({})", s(v.get("cell")))
        })
        .collect();
    with_more(shown, values.len(), ", ", lang)
}

/// A list or a map as [`s`] writes it, its first `max` entries and how many
/// more ("… och 12 till").
fn capped(v: Option<&Value>, max: usize, lang: Lang) -> String {
    match v {
        Some(Value::Array(a)) => with_more(
            a.iter().take(max).map(|x| s(Some(x))).collect(),
            a.len(),
            ", ",
            lang,
        ),
        Some(Value::Object(o)) => with_more(
            o.iter()
                .take(max)
                .map(|(k, v)| format!("{k}: {}", s(Some(v))))
                .collect(),
            o.len(),
            "; ",
            lang,
        ),
        other => s(other),
    }
}

fn with_more(shown: Vec<String>, total: usize, sep: &str, lang: Lang) -> String {
    let more = total.saturating_sub(shown.len());
    let mut out = shown.join(sep);
    if more > 0 {
        out.push_str(&match lang {
            Lang::Sv => format!(" … och {more} till"),
            Lang::En => format!(" … and {more} more"),
        });
    }
    out
}

fn field_sv(f: &str) -> String {
    match f {
        "need" => "åtgärdsbehov",
        "activity" => "aktivitet",
        "result" => "resultat – målbild",
        "priority" => "prioritering",
        "time_plan" => "tidsplanering",
        "verdict" => "ställningstagande",
        "responsibility" => "ansvar",
        "lead" => "huvudansvar",
        other => other,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::finding::Location;

    #[test]
    fn every_code_has_both_languages() {
        for code in Code::ALL {
            let r = Raw::new(*code, Location::default(), "x");
            let (sv, _) = render(&r, Lang::Sv);
            let (en, _) = render(&r, Lang::En);
            assert!(!sv.is_empty() && !en.is_empty());
            assert_ne!(sv, en, "{code}");
        }
    }

    /// One word for each thing: an office is a "förvaltning" (as in the
    /// guide, the configuration and the sheets), a verdict a
    /// "ställningstagande" (as on the summary sheet), in every message and
    /// suggestion.
    #[test]
    fn one_word_for_each_thing() {
        for code in Code::ALL {
            let r = Raw::new(*code, Location::default(), "x");
            let (message, suggestion) = render(&r, Lang::Sv);
            let text = format!("{message} {}", suggestion.unwrap_or_default()).to_lowercase();
            for word in ["kontor", "bedömning", "slutstatus"] {
                assert!(!text.contains(word), "{code}: \"{word}\" in {text}");
            }
        }
        assert_eq!(field_sv("verdict"), "ställningstagande");
    }

    #[test]
    fn unreadable_reasons_read_in_swedish() {
        assert_eq!(
            reason_sv("the file is empty (0 bytes)"),
            "filen är tom (0 byte) (the file is empty (0 bytes))"
        );
        assert!(
            reason_sv("the workbook is password protected (encrypted), so …")
                .starts_with("arbetsboken är lösenordsskyddad")
        );
        assert!(
            reason_sv("the file is 300 MiB, over the limit of 200 MiB")
                .starts_with("filen är över")
        );
        assert_eq!(reason_sv("something new"), "something new");
    }

    #[test]
    fn gap_ranges() {
        let v = serde_json::json!([1, 2, 6, 20]);
        assert_eq!(ranges(Some(&v)), "1–2, 6, 20");
    }
}
