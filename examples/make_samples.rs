//! Generates the committed sample data for `processlista`: the five offices'
//! process lists for December 2023 (year end) and November 2023, and the
//! master plan. The data is invented around the public seed documents (the
//! first five processes are transcribed from "Bilaga 4 – KSON Processlista")
//! and carries deliberately planted errors, listed in SAMPLES_README.md.
//!
//! Run with `cargo run --example make_samples -- OUTDIR` (default `samples`).
//! The output is byte-for-byte deterministic: every workbook carries a fixed
//! creation date and nothing depends on the clock or on hash order.

use std::error::Error;
use std::fs;
use std::path::Path;

use encoding_rs::WINDOWS_1252;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

// ---------------------------------------------------------------------------
// Reporting months
// ---------------------------------------------------------------------------

/// One monthly delivery of the lists.
struct Month {
    /// Folder name under OUTDIR.
    dir: &'static str,
    /// Reporting date as written in the lists (YYMMDD).
    stamp: &'static str,
    /// Verdicts ("Status 231231: …") are only written at year end.
    year_end: bool,
}

const DECEMBER: Month = Month {
    dir: "2023-12",
    stamp: "231231",
    year_end: true,
};

const NOVEMBER: Month = Month {
    dir: "2023-11",
    stamp: "231130",
    year_end: false,
};

// ---------------------------------------------------------------------------
// Process data
// ---------------------------------------------------------------------------

/// Offices that deliver a list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Office {
    Kson,
    Soc,
    Bou,
    Kof,
    Tos,
}

impl Office {
    fn code(self) -> &'static str {
        match self {
            Office::Kson => "KSON",
            Office::Soc => "SoC",
            Office::Bou => "BoU",
            Office::Kof => "KoF",
            Office::Tos => "ToS",
        }
    }
}

/// The fields every office reporting a process writes identically (so that
/// only the planted conflicts differ between offices).
struct Process {
    id: &'static str,
    need: &'static str,
    activity: &'static str,
    /// Participating offices, the lead marked `**X**`; empty if none is named.
    responsibility: &'static str,
    result: &'static str,
    priority: u8,
    time_plan: &'static str,
}

/// One office's entry for a process: its own status log and verdict.
struct Entry {
    process: &'static Process,
    /// December status log, one event per line.
    status: &'static [&'static str],
    /// Year-end verdict; empty when the office left it out.
    verdict: &'static str,
    /// A priority deviating from the shared one (planted conflict).
    priority: Option<u8>,
    /// SoC's extra column "Kommentar".
    comment: &'static str,
}

const fn entry(
    process: &'static Process,
    status: &'static [&'static str],
    verdict: &'static str,
) -> Entry {
    Entry {
        process,
        status,
        verdict,
        priority: None,
        comment: "",
    }
}

impl Entry {
    fn priority(&self) -> u8 {
        self.priority.unwrap_or(self.process.priority)
    }
}

const CONTINUING: &str = "Fortsatt behov av processledning";
const COMPLETED: &str = "Inget behov av fortsatt processledning";

// --- Processes from the seed (Bilaga 4 – KSON Processlista) ----------------

const P211: Process = Process {
    id: "2.1.1",
    need: "Väntetiderna till den specialiserade barn och ungdomsvården är långa.",
    activity: "Utveckla samverkan och flödet mellan berörda verksamheter - för en tillgänglig och god vård och ett gott stöd.",
    responsibility: "",
    result: "En sömlös patientresa utan väntetider",
    priority: 1,
    time_plan: "2022 – 2023",
};

const P212: Process = Process {
    id: "2.1.2",
    need: "Behov av ett utbyggt föräldraskapsstöd.",
    activity: "I samverkan utbilda fler gruppledare\nKontinuerligt kartlägga behovet",
    responsibility: "**KSK** KSON, BoU och SoC",
    result: "Ett samordnat och varierat utbud av föräldraskapsstöd som alla känner till.",
    priority: 1,
    time_plan: "2022 – 2023",
};

const P213: Process = Process {
    id: "2.1.3",
    need: "Saknas gruppverksamhet för barn och unga som har närstående med psykisk ohälsa eller beroendesjukdom",
    activity: "Tydliggöra ingången till denna insats",
    responsibility: "**SoC** och KSON",
    result: "Upptäcka barn i behov av stöd i tid",
    priority: 2,
    time_plan: "2022 – 2023",
};

const P214: Process = Process {
    id: "2.1.4",
    need: "Brist på kontaktfamiljer, kontaktpersoner och familjehem",
    activity: "Skapa en resursbank (behovet har ändrats sedan kartläggningen)\n\
               Rekrytera tillsammans? Inget flöde idag mellan socialkontoret och KSON\n\
               Samköra sina rutiner i de ärenden där det går. Sett över ersättningar.\n\
               Genomfört två workshops under året.",
    responsibility: "**KSON** och SoC",
    result: "Kontaktfamiljer, kontaktpersoner med förutsättningar att klara sitt uppdrag",
    priority: 1,
    time_plan: "2022",
};

const P223: Process = Process {
    id: "2.2.3",
    need: "Det saknas skolformer som resursskola/behandlingsskola",
    activity: "Tillhandahålla individuella lösningar till skolformer för barn med särskilt komplexa behov.\n\
               Skapa tydliga överenskommelser, gemensam mall",
    responsibility: "**BoU**, SoC och KSON",
    result: "Alla barn ska ha rätt till en fungerande skolgång.",
    priority: 1,
    time_plan: "2021-2023",
};

// --- Invented processes ------------------------------------------------------

const P21: Process = Process {
    id: "2.1", // planted: not of the form N.N.N
    need: "Elever och vårdnadshavare vet inte vart de ska vända sig vid oro för psykisk ohälsa.",
    activity: "Informationsinsats i skolorna om stödvägar: elevhälsa, ungdomsmottagning och BUP.",
    responsibility: "**BoU**",
    result: "Alla elever och vårdnadshavare vet var de kan få stöd",
    priority: 3,
    time_plan: "2022 – 2023",
};

const P221: Process = Process {
    id: "2.2.1",
    need: "Elevhälsans arbete är främst åtgärdande; det förebyggande och hälsofrämjande arbetet behöver stärkas.",
    activity: "Ta fram en gemensam plan för elevhälsans förebyggande arbete.",
    responsibility: "**BoU**",
    result: "Fler elever mår bra och klarar skolan",
    priority: 2,
    time_plan: "Hösten 2021-våren 2022",
};

const P222: Process = Process {
    id: "2.2.2",
    need: "Problematisk skolfrånvaro upptäcks sent och insatserna är inte samordnade.",
    activity: "Gemensam rutin för tidiga insatser vid skolfrånvaro mellan skola, elevhälsa och socialkontoret.",
    responsibility: "**BoU** och SoC",
    result: "Elever med problematisk frånvaro får stöd i tid och återgår till skolan",
    priority: 1,
    time_plan: "2022 – 2023",
};

const P231: Process = Process {
    id: "2.3.1",
    need: "Unga vuxna med samsjuklighet (psykisk ohälsa och skadligt bruk eller beroende) faller mellan huvudmännens ansvar.",
    activity: "Gemensam rutin för samordnade insatser mellan socialpsykiatrin, beroendevården och socialkontoret.",
    responsibility: "**KSON** och SoC",
    result: "Samordnat stöd utan glapp mellan vård och socialtjänst",
    priority: 1,
    time_plan: "2022 – 2023",
};

const P232: Process = Process {
    id: "2.3.2",
    need: "Unga med riskbruk av alkohol och narkotika upptäcks för sent.",
    activity: "Utveckla samverkan mellan socialkontoret, skolan och fältverksamheten kring tidig upptäckt.",
    responsibility: "**SoC**, BoU och ToS",
    result: "Unga med riskbruk får stöd i ett tidigt skede",
    priority: 2,
    time_plan: "2022 – 2023",
};

const P233: Process = Process {
    id: "2.3.3",
    need: "Unga vuxna 18–25 år med psykisk ohälsa saknar en samlad ingång till stöd.",
    activity: "En väg in för unga vuxna till socialtjänst och psykiatri.",
    responsibility: "**SoC** och KSON",
    result: "Unga vuxna får rätt stöd utan att behöva söka sig runt",
    priority: 3,
    time_plan: "2023",
};

const P241: Process = Process {
    id: "2.4.1",
    need: "Unga som varken studerar eller arbetar saknar en samlad verksamhet.",
    activity: "Återaktivera verksamheten K8 med en coach och en samordnare.",
    responsibility: "**SoC**, BoU och KoF",
    result: "Fler unga som varken studerar eller arbetar går vidare till studier eller arbete",
    priority: 1,
    time_plan: "2022 – 2023",
};

const P311: Process = Process {
    id: "3.1.1",
    need: "Kunskapen om suicidprevention behöver öka hos personalen i kommunens och KSON:s verksamheter.",
    activity: "Ta fram en lokal handlingsplan för suicidprevention och erbjuda utbildning (Första hjälpen till psykisk hälsa).",
    responsibility: "**KSON** och ToS",
    result: "Färre suicid och suicidförsök i kommunen",
    priority: 1,
    time_plan: "2022 – 2023",
};

const P312: Process = Process {
    id: "3.1.2",
    need: "Behov av mellanvård – personer med psykisk ohälsa vårdas i slutenvård i väntan på insatser.",
    activity: "Starta en pilotverksamhet med ett mobilt team för personer med psykisk ohälsa.",
    responsibility: "**KSON** och SoC",
    result: "Färre och kortare vårdtillfällen i psykiatrisk slutenvård",
    priority: 1,
    time_plan: "2022 – 2024",
};

const P321: Process = Process {
    id: "3.2.1",
    need: "Samordnad individuell plan (SIP) används för sällan och den enskilde får berätta sin historia många gånger.",
    activity: "Gemensam rutin och utbildning i SIP; SIP-samordnare för vuxna.",
    responsibility: "**KSON** och SoC",
    result: "Fler SIP upprättas och den enskilde upplever ett samordnat stöd",
    priority: 2,
    time_plan: "2022 – 2023",
};

const P322: Process = Process {
    id: "3.2.2",
    need: "Personer med psykisk ohälsa i hemlöshet saknar samordnat stöd till eget boende.",
    activity: "Kartlägga hemlösheten och utveckla Bostad först tillsammans med socialkontoret.",
    responsibility: "**KSON** och SoC",
    result: "Ingen ska behöva leva i hemlöshet på grund av psykisk ohälsa",
    priority: 2,
    time_plan: "2022 – 2023",
};

const P331: Process = Process {
    id: "3.3.1",
    need: "Få unga med psykisk ohälsa deltar i organiserade fritidsaktiviteter.",
    activity: "Öka deltagartillfällen för unga i fritidsaktiviteter, bl.a. lovaktiviteter och prova-på.",
    responsibility: "**KoF**, BoU och FRI", // planted: FRI is no office
    result: "Fler unga deltar i meningsfulla fritidsaktiviteter",
    priority: 1,
    time_plan: "2022 – 2023",
};

const P332: Process = Process {
    id: "3.3.2",
    need: "Barn, unga och vårdnadshavare känner inte till kommunens utbud av fritidsaktiviteter.",
    activity: "Ta fram en folder om alla fritidsaktiviteter i kommunens utbud för barn och unga.",
    responsibility: "**KoF** och BoU",
    result: "Alla barn och unga känner till utbudet av fritidsaktiviteter",
    priority: 2,
    time_plan: "2022",
};

const P411: Process = Process {
    id: "4.1.1",
    need: "Verksamheten personligt ombud saknas i kommunen.",
    activity: "Få igång verksamheten personligt ombud.",
    responsibility: "**KSON** och SoC",
    result: "Personer med psykisk funktionsnedsättning får stöd av personligt ombud",
    priority: 1,
    time_plan: "2022 – 2023",
};

const P412: Process = Process {
    id: "4.1.2",
    need: "Äldre män är en riskgrupp för suicid och ofrivillig ensamhet.",
    activity: "Starta en samtalsgrupp för män 70+.",
    responsibility: "**KSON** och KoF",
    result: "Minskad ensamhet och psykisk ohälsa bland äldre män",
    priority: 3,
    time_plan: "2022 – 2023",
};

const P421: Process = Process {
    id: "4.2.1",
    need: "Otrygghet i offentlig miljö påverkar den psykiska hälsan, särskilt hos unga och äldre.",
    activity: "Genomföra trygghetsvandringar enligt modellen \"Trygg och säker kommun\" och åtgärda otrygga platser.",
    responsibility: "**ToS**, KoF och BoU",
    result: "Invånarna känner sig trygga i kommunens offentliga miljöer",
    priority: 2,
    time_plan: "2022 – 2023",
};

const P422: Process = Process {
    id: "4.2.2",
    need: "Personer utsatta för våld i nära relationer har ofta psykisk ohälsa och upptäcks sent.",
    activity: "Utbilda personal i att fråga om våld; gemensam rutin med socialkontoret.",
    responsibility: "**ToS** och SoC",
    result: "Våldsutsatta upptäcks tidigt och får samordnat stöd",
    priority: 2,
    time_plan: "2022 – 2023",
};

const P431: Process = Process {
    id: "4.3.1",
    need: "Unga vuxna med psykisk ohälsa saknar mötesplatser utan krav på prestation.",
    activity: "Utveckla öppna mötesplatser för unga vuxna på biblioteken och fritidsgårdarna.",
    responsibility: "**KoF** och SoC",
    result: "Unga vuxna har tillgång till trygga mötesplatser i hela kommunen",
    priority: 2,
    time_plan: "2022 – 2024",
};

const P432: Process = Process {
    id: "4.3.2",
    need: "Äldre med psykisk ohälsa och ofrivillig ensamhet saknar mötesplatser.",
    activity: "Mötesplatser för äldre i samverkan med föreningslivet och träffpunkterna.",
    responsibility: "**KoF** och KSON",
    result: "Minskad ofrivillig ensamhet bland äldre",
    priority: 4, // planted: only 1, 2 or 3 are valid
    time_plan: "2022 – 2023",
};

const P439: Process = Process {
    id: "4.3.9", // planted: not in the action plan
    need: "Personer med psykisk funktionsnedsättning deltar sällan i kulturlivet.",
    activity: "Kulturaktiviteter i samverkan med socialpsykiatrins dagverksamheter.",
    responsibility: "**KoF**",
    result: "Fler personer med psykisk funktionsnedsättning tar del av kulturlivet",
    priority: 3,
    time_plan: "2023",
};

// --- KSON: the list pasted from the Word attachment ------------------------

const KSON: &[Entry] = &[
    entry(
        &P211,
        &[
            "Arbeta pågått hela 2023",
            "Remisskrav infört, nytt flödesschema",
            "Processmöte 1 genomfört 220324 och sker därefter löpande 2022 med avtalsansvarig KSON",
            "Processmöte 2 genomfört 221011",
            "Processmöte 3 genomfört 221212",
            "Processmöte 4 genomfört 230216",
            "Processmöte 5 genomfört 230505",
            "Processmöte 6 genomfört 230907",
            "Processmöte 7 genomfört 231101",
        ],
        CONTINUING,
    ),
    entry(
        &P212,
        &[
            "Arbete pågått hela 2023",
            "Processmöte 1 genomfört 220206 Föräldrastödjare TiNK",
            "Processmöte 2 genomfört 220323 Föräldrastödjare TiNK",
            "Processmöte 3 genomfört 220503",
            "Processmöte 4 genomfört 221010",
            "Nätverksträff alla gruppledare genomförd 2022",
            "Processmöte 5 genomfört 230529",
            "Processmöte 6 genomfört 230925",
            "Nätverksträff alla gruppledare genomförd 2023",
            "SES (Samarbete Efter Skilsmässa) digitalt verktyg erbjuds 2024.",
            "BiFF (Barn I Föräldras Fokus) erbjuds 2023",
            "BoU och TiNK beviljats stimulansmedel för 1 gruppledare under 2024 .",
            "Inskrivet i mål- och budget och ska involvera; KSON, BoU, ToS, SoK utbilda och hålla i grupper. TiNK är samordnare för uppdraget.",
        ],
        COMPLETED,
    ),
    entry(
        &P213,
        &[
            "Arbete pågått hela 2023",
            "Processmöte 1 genomfört 220504",
            "Processmöte 2 genomfört 220530",
            "Processmöte 3 genomfört 220823",
            "Processmöte 4 genomfört 220921",
            "Processmöte 5 genomfört 221018",
            "Processmöte 7 genomfört 221110",
            "Processmöte 8 genomfört 221219",
            "Processmöten under 2023 sker internt KSON",
            "Processmöte 9 genomfört 230324",
            "Processmöte 10 genomfört 230420",
            "Processmöte 11 genomfört 230602",
            "Processmöte 12 genomfört 230612",
            "Processmöte 13 genomfört 230627",
            "Processmöte 14 genomfört 230704",
            "Processmöte 15 genomfört 230825",
            "Processmöte 16 genomfört 230901",
            "Processmöte 17 genomfört 231019",
            "Processmöte 18 genomfört 231025",
            "Processmöte 19 genomfört 231030",
            "Processmöte 21 genomfört 231122",
            "Processmöte 21 genomfört 231204",
            "Socialkontoret genomförde en barngrupp utifrån modellen Ersta vändpunkten ht 2022. Nästa barngrupp Ersta planerades men genomfördes inte under 2023. Behöver erbjudas 2024.",
            "KSON beviljades 2023 stimulansmedel för att starta barngrupp med extern ledare som även tar fram material för att utbilda kommande gruppledare på sikt. Rekrytering till barngrupp pågår inom socialpsykiatrin med planerad start vt 2024",
        ],
        COMPLETED,
    ),
    entry(
        &P214,
        &[
            "KSON - Möte 1 soc internt genomfört 220217",
            "-socialkontoret – deras prio 1 o tidsplan 2022",
            "Möte KSON internt genomfört 220310",
            "Processmöte 1 genomfört 220411",
            "Processmöte 2 genomfört 220913",
            "Processmöte 3 genomfört 221212",
        ],
        COMPLETED,
    ),
    entry(
        &P223,
        &[
            "Pausad av grundskolechef",
            "Utredning gjord avseende Resursskola (SoK + elevhälsan) & pågår inom SoK om resursskola. Utredning har processats i BUS styrgrupp och uppdrag skulle ges till BUS arbetsgrupp för att verkställa utredningens förslag.",
            "Avstämning med verksamhetschef CBEH och avdelningschef SoC 220601. Uppdraget pågår och beslut om resursskola är fattat. Verksamheten har fått beviljat ekonomiska medel för att starta samverkansteamet redan nu. Verksamhetschef CBEH och avdelningschef SoC och BUP ska träffas för de sista detaljerna.",
            "Tre tjänster finansierade av stimulansmedel är beviljade av styrgruppen för 2022 + 2023",
            "Uppföljning med BUS styrgrupp för att få kännedom om status i processen.",
            "Möte med BUS styrgrupp 230421",
            "Processledare har kontakt med verksamhetschef för CBEH får att få lägesstatus gällande Resursskola och Samverkansteam",
            "Lyfts till styrgrupp flera ggr angående status",
            "Processmöte 3 genomfört 230530",
            "Processens pausad till ytterligare info kommer från grundskolechef och verksamhetschef för CBEH gällande lokalfrågan.",
            "Inventera antal placerade barn utanför kommunen i resurs/behandlingsskola, inventera kostnader för detta.",
            "Underlag framtaget gällande Resursskola och ramar för att starta ett Samverkansteam har tagits fram.",
        ],
        CONTINUING,
    ),
    entry(
        &P231,
        &[
            "Arbete pågått hela 2023",
            "Processmöte 1 genomfört 220315",
            "Processmöte 2 genomfört 220510",
            "Processmöte 1 KSON internt genomfört 220608",
            "Processmöte 3 genomfört 220920",
            "Processmöte 4 genomfört 221115",
            "Två boendestödjare för personer med skadligt bruk eller beroende anställda med stimulansmedel",
            "Processmöte 5 genomfört 230307",
            "Processmöte 2 KSON internt genomfört 230418",
            "Processmöte 6 genomfört 230912",
        ],
        CONTINUING,
    ),
    entry(
        &P311,
        &[
            "Arbete pågått hela 2023",
            "Analysmöte 1 genomfört 220202",
            "Analysmöte 2 genomfört 220316",
            "Processmöte 1 genomfört 220427",
            "Processmöte 2 genomfört 220915",
            "Processmöte 3 genomfört 221129",
            "Utbildning Första hjälpen till psykisk hälsa genomförd 230309",
            "Processmöte 4 genomfört 230425",
            "Processmöte 5 genomfört 231010",
        ],
        CONTINUING,
    ),
    entry(
        &P312,
        &[
            "Pilotverksamhet med mobilt team startad 2023",
            "Processmöte 1 genomfört 220309 med projektledaren",
            "Processmöte 2 genomfört 220601",
            "Processmöte 3 genomfört 221005",
            "Analysmöte 1 genomfört 221108",
            "Analysmöte 2 genomfört 221220",
            "Processmöte 4 genomfört 230214",
            "Processmöte 5 genomfört 230606",
            "Processmöte 6 genomfört 231114",
            "Processmöte 7 bokad 240213",
        ],
        CONTINUING,
    ),
    entry(
        &P321,
        &[
            "SIP-samordnare för vuxna anställd med stimulansmedel",
            "Processmöte 1 genomfört 220422",
            "Processmöte 2 genomfört 220908",
            "Workshop kring SIP genomförd 221018",
            "Processmöte 3 genomfört 221206",
            "Processmöte 1 KSON internt genomfört 230131",
            "Processmöte 4 genomfört 230321",
            "Processmöte 5 genomfört 231017",
        ],
        COMPLETED,
    ),
    entry(
        &P322,
        &[
            "Arbete pågått hela 2023",
            "Processmöte 1 genomfört 220518",
            "Processmöte 2 genomfört 220824",
            "Processmöte 3 genomfört 221123",
            "Delprocess: Bostad först",
            "Processmöte 1 genomfört 230201",
            "Processmöte 2 genomfört 230412",
            "Processmöte 3 genomfört 230920",
        ],
        CONTINUING,
    ),
    entry(
        &P411,
        &[
            "Personligt ombud i gång sedan hösten 2022",
            "Processmöte 1 genomfört 220120",
            "Processmöte 2 genomfört 220317",
            "Processmöte 3 genomfört 220614",
            "Processmöte 4 genomfört 221025",
            "Processmöte 5 genomfört 221213",
            "Processen avslutad 221231",
            "Processmöte 6 genomfört 230307", // planted: after the closure
        ],
        COMPLETED,
    ),
    entry(
        &P412,
        &[
            "Samtalsgrupp för män 70+ i gång",
            "Processmöte 1 genomfört 220914",
            "Processmöte 2 genomfört 221116",
            "Första gruppträffen genomförd 230202",
            "Processmöte 3 genomfört 230328",
            "Processmöte 4 genomfört 231108",
        ],
        CONTINUING,
    ),
];

// --- SoC: one column per field ---------------------------------------------

const SOC: &[Entry] = &[
    Entry {
        comment: "Familjebehandlare utbildade som gruppledare",
        ..entry(
            &P212,
            &[
                "Processmöte 3 genomfört 220503",
                "Processmöte 4 genomfört 221010",
                "Processmöte 1 SoC internt genomfört 221122",
                "Processmöte 5 genomfört 230529",
                "Processmöte 6 genomfört 230925",
            ],
            COMPLETED,
        )
    },
    Entry {
        priority: Some(1), // planted: KSON says 2, SoC leads
        comment: "Ny barngrupp planeras vt 2024",
        ..entry(
            &P213,
            &[
                "Processmöte 1 genomfört 220504",
                "Processmöte 2 genomfört 220530",
                "Processmöte 3 genomfört 220823",
                "Processmöte 4 genomfört 220921",
                "Processmöte 5 genomfört 221019", // planted: KSON says 221018
                "Processmöte 7 genomfört 221110",
                "Processmöte 8 genomfört 221219",
                "Barngrupp enligt Ersta vändpunkten genomförd ht 2022",
                "Processmöte 1 SoC internt genomfört 230314",
                "Processmöte 2 SoC internt genomfört 231012",
            ],
            COMPLETED,
        )
    },
    entry(
        &P214,
        &[
            "Möte 1 SoC internt genomfört 220217",
            "Processmöte 1 genomfört 220411",
            "Processmöte 2 genomfört 220913",
            "Processmöte 3 genomfört 221212",
        ],
        COMPLETED,
    ),
    entry(
        &P232,
        &[
            "Processmöte 1 genomfört 220913",
            "Processmöte 2 genomfört 221115",
            "Processmöte 1 SoC internt genomfört 230117",
            "Processmöte 3 genomfört 230228",
            "Processmöte 4 bokad 230315", // planted: booking long past
            "Processmöte 2 SoC internt genomfört 230919",
        ],
        CONTINUING,
    ),
    Entry {
        comment: "Kopplas till K8 under 2024",
        ..entry(
            &P233,
            &[
                "Analysmöte 1 genomfört 230124",
                "Processmöte 1 genomfört 230223",
                "Processmöte 2 genomfört 230420",
                "Processmöte 3 genomfört 230831",
                "Processmöte 4 genomfört 231116",
            ],
            CONTINUING,
        )
    },
    Entry {
        comment: "K8 i ordinarie drift från 2024",
        ..entry(
            &P241,
            &[
                "Processmöte 1 genomfört 220412",
                "Processmöte 2 genomfört 220607",
                "Coach och samordnare på K8 anställda 220815",
                "Processmöte 3 genomfört 221004",
                "Processmöte 4 genomfört 230131",
                "Processmöte 1 SoC internt genomfört 230502",
                "Processmöte 5 genomfört 230926",
            ],
            COMPLETED,
        )
    },
    entry(
        &P321,
        &[
            "Processmöte 1 genomfört 220422",
            "Processmöte 2 genomfört 220908",
            "Workshop kring SIP genomförd 221018",
            "Processmöte 3 genomfört 221206",
            "Processmöte 1 SoC internt genomfört 230208",
            "Processmöte 4 genomfört 230321",
            "Processmöte 2 SoC internt genomfört 230905",
            "Processmöte 5 genomfört 231017",
        ],
        COMPLETED,
    ),
];

// --- BoU: other header words, mixed date forms -----------------------------

const BOU: &[Entry] = &[
    entry(
        &P212,
        &[
            "Processmöte 3 genomfört 3/5 2022",
            "Processmöte 4 genomfört 2022-10-10",
            "Nätverksträff alla gruppledare genomförd sept 2022",
            "Processmöte 5 genomfört 29 maj 2023",
            "Processmöte 6 genomfört 2023-09-25",
        ],
        COMPLETED,
    ),
    entry(
        &P21,
        &[
            "Informationsmaterial framtaget v 37 2022",
            "Processmöte 1 genomfört 2022-09-20",
            "Processmöte 2 genomfört 2023-02-14",
        ],
        COMPLETED,
    ),
    entry(
        &P221,
        &[
            "Processmöte 1 genomfört v 37 2021",
            "Processmöte 2 genomfört 2021-11-16",
            "Processmöte 3 genomfört 9 mars 2022",
            "Processmöte 4 genomfört 24 maj 2022",
            "Plan för förebyggande elevhälsa antagen juni 2022",
        ],
        COMPLETED,
    ),
    entry(
        &P222,
        &[
            "Kartläggning av skolfrånvaro genomförd ht 2022",
            "Processmöte 1 genomfört 5/10 2022",
            "Processmöte 2 genomfört 230231", // planted: 31 February
            "Processmöte 3 genomfört 2023-05-29",
            "Nätverksträff elevhälsan genomförd sept 2023",
            "Processmöte 4 genomfört 2023-10-17",
            "Processmöte 5 genomfört 2023-12-12",
        ],
        CONTINUING,
    ),
    entry(
        &P223,
        &[
            "Pausad av grundskolechef",
            "Utredning om resursskola processad i BUS styrgrupp ht 2022",
            "Avstämning med verksamhetschef CBEH 2022-06-01",
            "Möte med BUS styrgrupp 2023-04-21",
            "Processmöte 3 genomfört 30 maj 2023",
            "Processen pausad i väntan på besked om lokalfrågan",
        ],
        CONTINUING,
    ),
];

// --- KoF: office column, English headers -----------------------------------

const KOF: &[Entry] = &[
    entry(
        &P331,
        &[
            "Processmöte 1 genomfört 220216",
            "Processmöte 2 genomfört 220420",
            "Sommarlovsaktiviteter genomförda juni 2022",
            "Processmöte 3 genomfört 220913",
            "Processmöte 4 genomfört 230309",
            "Processmöte 5 genomfört 231003",
        ],
        CONTINUING,
    ),
    entry(
        &P332,
        &[
            "Processmöte 1 genomfört 220322",
            "Processmöte 2 genomfört 220524",
            "Folder tryckt och distribuerad till skolorna 220901",
            "Processmöte 3 genomfört 221108",
        ],
        "", // planted: verdict missing
    ),
    entry(
        &P431,
        &[
            "Processmöte 1 genomfört 220607",
            "Processmöte 2 genomfört 221011",
            "Processmöte 3 genomfört 230117",
            "Processmöte 4 genomfört 230516",
            "Processmöte 5 genomfört 240115", // planted: held in the future
        ],
        CONTINUING,
    ),
    entry(
        &P432,
        &[
            "Processmöte 1 genomfört 220913",
            "Processmöte 2 genomfört 221129",
            "Processmöte 3 genomfört 230425",
            "Processmöte 4 genomfört 230919",
        ],
        CONTINUING,
    ),
    entry(
        &P439,
        &[
            "Processmöte 1 genomfört 230207",
            "Processmöte 2 genomfört 230509",
            "Processmöte 3 genomfört 231024",
        ],
        CONTINUING,
    ),
];

// --- ToS: CSV saved from Swedish Excel -------------------------------------

const TOS: &[Entry] = &[
    entry(
        &P311,
        &[
            "Processmöte 2 genomfört 220915",
            "Processmöte 1 ToS internt genomfört 221012",
            "Processmöte 3 genomfört 221129",
            "Inventering av riskmiljöer (broar, parkeringshus) genomförd ht 2022",
            "Processmöte 4 genomfört 230425",
            "Processmöte 2 ToS internt genomfört 230829",
            "Processmöte 5 genomfört 231010",
        ],
        CONTINUING,
    ),
    entry(
        &P421,
        &[
            "Processmöte 1 genomfört 220329",
            "Trygghetsvandring Centrum genomförd 220517",
            "Processmöte 2 genomfört 220830",
            "Processmöte 3 genomfört 230214",
            "Trygghetsvandring Hallstavik genomförd 230523",
            "Processmöte 4 genomfört 231121",
        ],
        CONTINUING,
    ),
    entry(
        &P422,
        &[
            "Analysmöte 1 genomfört 220405",
            "Processmöte 1 genomfört 220614",
            "Processmöte 2 genomfört 221018",
            "Utbildning \"Fråga om våld\" genomförd 230322",
            "Processmöte 3 genomfört 230613",
            "Processmöte 4 genomfört 231212",
        ],
        COMPLETED,
    ),
];

// --- November: deliberate history rewrites ---------------------------------

/// How the November list differed from December beyond the month's new lines.
enum Rewrite {
    /// The December line `december` read `november` a month earlier.
    Changed,
    /// November had the line `november` right after `december`; it is gone now.
    Vanished,
}

struct HistoryEdit {
    office: Office,
    process: &'static str,
    december: &'static str,
    november: &'static str,
    kind: Rewrite,
}

const HISTORY_EDITS: &[HistoryEdit] = &[
    HistoryEdit {
        office: Office::Kson,
        process: "2.1.1",
        december: "Processmöte 6 genomfört 230907",
        november: "Processmöte 6 genomfört 230906",
        kind: Rewrite::Changed,
    },
    HistoryEdit {
        office: Office::Soc,
        process: "2.3.2",
        december: "Processmöte 2 SoC internt genomfört 230919",
        november: "Processmöte 3 SoC internt genomfört 231017",
        kind: Rewrite::Vanished,
    },
];

// --- The master plan ---------------------------------------------------------

/// Process, title, lead office. 2.4.2 and 4.1.3 are reported by no office;
/// KoF's 4.3.9 is missing here on purpose.
const PLAN: &[(&str, &str, &str)] = &[
    (
        "2.1.1",
        "Väntetider till den specialiserade barn- och ungdomsvården",
        "KSON",
    ),
    ("2.1.2", "Utbyggt föräldraskapsstöd", "KSK"),
    (
        "2.1.3",
        "Gruppverksamhet för barn och unga med närstående med psykisk ohälsa eller beroendesjukdom",
        "SoC",
    ),
    (
        "2.1.4",
        "Kontaktfamiljer, kontaktpersoner och familjehem",
        "KSON",
    ),
    ("2.2.1", "Elevhälsans förebyggande arbete", "BoU"),
    (
        "2.2.2",
        "Tidiga insatser vid problematisk skolfrånvaro",
        "BoU",
    ),
    ("2.2.3", "Resursskola/behandlingsskola", "BoU"),
    ("2.3.1", "Unga vuxna med samsjuklighet", "KSON"),
    ("2.3.2", "Tidig upptäckt av unga med riskbruk", "SoC"),
    ("2.3.3", "En väg in för unga vuxna", "SoC"),
    (
        "2.4.1",
        "K8 – unga som varken studerar eller arbetar",
        "SoC",
    ),
    ("2.4.2", "Digital ungdomsmottagning", "KSON"),
    ("3.1.1", "Suicidprevention", "KSON"),
    ("3.1.2", "Mobilt team – mellanvård", "KSON"),
    ("3.2.1", "Samordnad individuell plan (SIP)", "KSON"),
    ("3.2.2", "Hemlöshet – Bostad först", "KSON"),
    ("3.3.1", "Fritidsaktiviteter för unga", "KoF"),
    ("3.3.2", "Folder om fritidsaktiviteter", "KoF"),
    ("4.1.1", "Personligt ombud", "KSON"),
    ("4.1.2", "Samtalsgrupp för män 70+", "KSON"),
    (
        "4.1.3",
        "Uppsökande verksamhet mot ofrivillig ensamhet bland äldre",
        "KSON",
    ),
    ("4.2.1", "Trygghet i offentlig miljö", "ToS"),
    ("4.2.2", "Våld i nära relationer", "ToS"),
    ("4.3.1", "Mötesplatser för unga vuxna", "KoF"),
    ("4.3.2", "Mötesplatser för äldre", "KoF"),
];

// ---------------------------------------------------------------------------
// Month handling
// ---------------------------------------------------------------------------

/// The date of a status line as YYMMDD, from a six-digit token or an ISO
/// date. Other forms (BoU's "29 maj 2023", "v 37 2022", …) all lie before
/// November 2023 and are never needed to date a line out.
fn line_date(line: &str) -> Option<u32> {
    line.split_whitespace().find_map(|word| {
        let token = word.trim_matches(|c: char| !c.is_ascii_digit());
        let digits: String = token.chars().filter(char::is_ascii_digit).collect();
        match (token.len(), digits.len()) {
            (6, 6) => digits.parse().ok(),
            (10, 8) if token.as_bytes()[4] == b'-' => digits[2..].parse().ok(),
            _ => None,
        }
    })
}

/// The status log an office showed in `month`: December as written; November
/// without lines dated after the month and with the history rewrites undone.
fn status_lines(office: Office, entry: &Entry, month: &Month) -> Vec<&'static str> {
    if month.year_end {
        return entry.status.to_vec();
    }
    let cutoff: u32 = month.stamp.parse().expect("stamp is YYMMDD");
    let mut lines = Vec::new();
    for &line in entry.status {
        if line_date(line).is_some_and(|date| date > cutoff) {
            continue;
        }
        let edit = HISTORY_EDITS.iter().find(|edit| {
            edit.office == office && edit.process == entry.process.id && edit.december == line
        });
        match edit {
            None => lines.push(line),
            Some(edit) => match edit.kind {
                Rewrite::Changed => lines.push(edit.november),
                Rewrite::Vanished => lines.extend([line, edit.november]),
            },
        }
    }
    lines
}

/// The verdict as written in `month` (empty before year end).
fn verdict(entry: &Entry, month: &Month) -> &'static str {
    if month.year_end { entry.verdict } else { "" }
}

// ---------------------------------------------------------------------------
// Column layouts (SoC, BoU, KoF, ToS)
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Field {
    Office,
    Id,
    Need,
    Activity,
    Responsibility,
    Status,
    Result,
    Priority,
    TimePlan,
    Verdict,
    Comment,
}

enum Cell {
    Text(String),
    Number(u8),
}

/// A one-row-per-process list: title rows (empty string = blank row), then
/// the header row, then the processes.
struct Table {
    file: &'static str,
    sheet: &'static str,
    office: Office,
    titles: Vec<String>,
    columns: Vec<(String, Field)>,
    entries: &'static [Entry],
}

fn cell(table: &Table, entry: &Entry, field: Field, month: &Month) -> Cell {
    let process = entry.process;
    let text = match field {
        Field::Office => table.office.code().to_string(),
        Field::Id => process.id.to_string(),
        Field::Need => process.need.to_string(),
        Field::Activity => process.activity.to_string(),
        Field::Responsibility => process.responsibility.to_string(),
        Field::Status => status_lines(table.office, entry, month).join("\n"),
        Field::Result => process.result.to_string(),
        Field::Priority => return Cell::Number(entry.priority()),
        Field::TimePlan => process.time_plan.to_string(),
        Field::Verdict => verdict(entry, month).to_string(),
        Field::Comment => entry.comment.to_string(),
    };
    Cell::Text(text)
}

fn column_width(field: Field) -> f64 {
    match field {
        Field::Office | Field::Id | Field::Priority => 10.0,
        Field::TimePlan => 18.0,
        Field::Responsibility => 24.0,
        Field::Status => 60.0,
        _ => 40.0,
    }
}

fn write_table(dir: &Path, table: &Table, month: &Month) -> Result<()> {
    let mut workbook = new_workbook()?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.sheet)?;
    let (title, header, wrap) = formats();

    for (row, text) in (0u32..).zip(&table.titles) {
        if !text.is_empty() {
            sheet.write_string_with_format(row, 0, text, &title)?;
        }
    }
    let header_row = table.titles.len() as u32;
    for (col, (name, field)) in (0u16..).zip(&table.columns) {
        sheet.write_string_with_format(header_row, col, name, &header)?;
        sheet.set_column_width(col, column_width(*field))?;
    }
    for (row, entry) in (header_row + 1..).zip(table.entries) {
        for (col, (_, field)) in (0u16..).zip(&table.columns) {
            match cell(table, entry, *field, month) {
                Cell::Number(n) => {
                    sheet.write_number_with_format(row, col, n, &wrap)?;
                }
                Cell::Text(text) if text.is_empty() => {}
                Cell::Text(text) => {
                    sheet.write_string_with_format(row, col, &text, &wrap)?;
                }
            }
        }
    }
    workbook.save(dir.join(table.file))?;
    Ok(())
}

fn soc(month: &Month) -> Table {
    Table {
        file: "SoC-processlista.xlsx",
        sheet: "Processlista SoC",
        office: Office::Soc,
        titles: vec![
            format!("Processlista SoC daterad {}", month.stamp),
            String::new(),
        ],
        columns: columns(&[
            ("Process", Field::Id),
            ("Åtgärdsbehov", Field::Need),
            ("Aktivitet", Field::Activity),
            ("Ansvar", Field::Responsibility),
            ("Status", Field::Status),
            ("Resultat – målbild", Field::Result),
            ("Prioritering", Field::Priority),
            ("Tidsplanering", Field::TimePlan),
            (&format!("Status {}", month.stamp), Field::Verdict),
            ("Kommentar", Field::Comment),
        ]),
        entries: SOC,
    }
}

fn bou(month: &Month) -> Table {
    Table {
        file: "BoU-processlista.xlsx",
        sheet: "Processer",
        office: Office::Bou,
        titles: vec![
            "Processlista Barn- och utbildningskontoret (BoU)".to_string(),
            format!("daterad {}", month.stamp),
            String::new(),
        ],
        columns: columns(&[
            ("Nr", Field::Id),
            ("Behov", Field::Need),
            ("Åtgärd", Field::Activity),
            ("Ansvarig", Field::Responsibility),
            ("Statuslogg", Field::Status),
            ("Målbild", Field::Result),
            ("Prio", Field::Priority),
            ("Tidsplan", Field::TimePlan),
            (&format!("Status per {}", month.stamp), Field::Verdict),
        ]),
        entries: BOU,
    }
}

fn kof() -> Table {
    Table {
        file: "KoF-processlista.xlsx",
        sheet: "KoF",
        office: Office::Kof,
        titles: Vec::new(),
        columns: columns(&[
            ("Förvaltning", Field::Office),
            ("Process id", Field::Id),
            ("Need", Field::Need),
            ("Activity", Field::Activity),
            ("Responsible", Field::Responsibility),
            ("Status log", Field::Status),
            ("Result", Field::Result),
            ("Priority", Field::Priority),
            ("Time plan", Field::TimePlan),
            ("Verdict", Field::Verdict),
        ]),
        entries: KOF,
    }
}

fn tos(month: &Month) -> Table {
    Table {
        file: "ToS-processlista.csv",
        sheet: "",
        office: Office::Tos,
        // CSV title lines are written as they stand: Swedish Excel pads the
        // title with separators.
        titles: vec![format!("Processlista ToS daterad {};;;;", month.stamp)],
        columns: columns(&[
            ("Process", Field::Id),
            ("Åtgärdsbehov", Field::Need),
            ("Aktivitet", Field::Activity),
            ("Ansvar", Field::Responsibility),
            ("Status", Field::Status),
            ("Prioritering", Field::Priority),
            ("Tidsplanering", Field::TimePlan),
            (&format!("Status {}", month.stamp), Field::Verdict),
        ]),
        entries: TOS,
    }
}

fn columns(spec: &[(&str, Field)]) -> Vec<(String, Field)> {
    spec.iter()
        .map(|(name, field)| (name.to_string(), *field))
        .collect()
}

/// Writes a table as Swedish Excel's "CSV (semikolonavgränsad)" does:
/// Windows-1252, `;`, CRLF between records, LF inside quoted cells.
fn write_csv(dir: &Path, table: &Table, month: &Month) -> Result<()> {
    let mut records: Vec<String> = table.titles.clone();
    records.push(join_csv(table.columns.iter().map(|(name, _)| name.clone())));
    for entry in table.entries {
        records.push(join_csv(table.columns.iter().map(|(_, field)| match cell(
            table, entry, *field, month,
        ) {
            Cell::Number(n) => n.to_string(),
            Cell::Text(text) => text,
        })));
    }
    let mut text = records.join("\r\n");
    text.push_str("\r\n");
    let (bytes, _, unmappable) = WINDOWS_1252.encode(&text);
    if unmappable {
        return Err("text not representable in Windows-1252".into());
    }
    fs::write(dir.join(table.file), bytes)?;
    Ok(())
}

fn join_csv(fields: impl Iterator<Item = String>) -> String {
    fields
        .map(|field| {
            if field.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

// ---------------------------------------------------------------------------
// KSON: fields inside cells, no header row
// ---------------------------------------------------------------------------

/// The six cells of one process as pasted from the Word attachment.
fn kson_cells(number: usize, entry: &Entry, month: &Month) -> [String; 6] {
    let process = entry.process;
    let mut need = format!("Åtgärdsbehov {number} process {}", process.id);
    if !process.responsibility.is_empty() {
        need += &format!("\nAnsvar delas med {}", process.responsibility);
    }
    need += &format!("\n{}", process.need);

    let mut status = format!(
        "Status: {}",
        status_lines(Office::Kson, entry, month).join("\n")
    );
    let verdict = verdict(entry, month);
    if !verdict.is_empty() {
        status += &format!("\nStatus {}: {verdict}", month.stamp);
    }
    [
        need,
        format!("Aktivitet {number}\n{}", process.activity),
        status,
        format!("Resultat – målbild\n{}", process.result),
        format!("Prioritering {}", entry.priority()),
        format!("Tidsplanering {}", process.time_plan),
    ]
}

fn write_kson(dir: &Path, month: &Month) -> Result<()> {
    let mut workbook = new_workbook()?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Blad1")?;
    let (title, _, wrap) = formats();

    let titles = [
        "Bilaga 4 – KSON Processlista".to_string(),
        "Handlingsplan Tillsammans för psykisk hälsa".to_string(),
        format!("{} processer KSON daterad {}", KSON.len(), month.stamp),
    ];
    for (row, text) in (0u32..).zip(&titles) {
        sheet.write_string_with_format(row, 0, text, &title)?;
    }
    for (col, width) in (0u16..).zip([45.0, 45.0, 70.0, 35.0, 14.0, 24.0]) {
        sheet.set_column_width(col, width)?;
    }
    // Row 4 stays blank; the processes start on row 5.
    for (number, (row, entry)) in (1..).zip((4u32..).zip(KSON)) {
        for (col, text) in (0u16..).zip(kson_cells(number, entry, month)) {
            sheet.write_string_with_format(row, col, &text, &wrap)?;
        }
    }
    workbook.save(dir.join("KSON-processlista.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The master plan
// ---------------------------------------------------------------------------

fn write_plan(dir: &Path) -> Result<()> {
    let mut workbook = new_workbook()?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Handlingsplan")?;
    let (_, header, wrap) = formats();
    for (col, (name, width)) in
        (0u16..).zip([("Process", 10.0), ("Titel", 70.0), ("Huvudansvar", 14.0)])
    {
        sheet.write_string_with_format(0, col, name, &header)?;
        sheet.set_column_width(col, width)?;
    }
    for (row, (id, title, lead)) in (1u32..).zip(PLAN) {
        for (col, text) in (0u16..).zip([id, title, lead]) {
            sheet.write_string_with_format(row, col, *text, &wrap)?;
        }
    }
    workbook.save(dir.join("handlingsplan.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Shared workbook setup
// ---------------------------------------------------------------------------

/// A workbook with a fixed creation date, so the files are reproducible.
fn new_workbook() -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2023, 12, 31)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("Tillsammans för psykisk hälsa"),
    );
    Ok(workbook)
}

/// Title, header and body cell formats.
fn formats() -> (Format, Format, Format) {
    let title = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    (title, header, wrap)
}

fn write_month(out: &Path, month: &Month) -> Result<()> {
    let dir = out.join(month.dir);
    fs::create_dir_all(&dir)?;
    write_kson(&dir, month)?;
    for table in [soc(month), bou(month), kof()] {
        write_table(&dir, &table, month)?;
    }
    write_csv(&dir, &tos(month), month)
}

fn main() -> Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "samples".to_string());
    let out = Path::new(&out);
    for month in [&DECEMBER, &NOVEMBER] {
        write_month(out, month)?;
    }
    write_plan(out)?;
    println!("Sample data written to {}", out.display());
    Ok(())
}
