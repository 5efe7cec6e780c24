//! Writes three small office process lists (KSON, SoC, BoU) into a folder, as
//! the offices keep them: a title row "Processlista KSON daterad 231231", a
//! header row, one row per process with the status log in one cell.
//!
//! ```text
//! cargo run --example sample_lists -- /tmp/listor
//! processlista consolidate /tmp/listor -o /tmp/processlista.xlsx
//! ```
//! The pictures in docs/ are made from these lists.

use std::path::PathBuf;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

type Row = [&'static str; 9];

const HEADERS: [&str; 9] = [
    "Process",
    "Åtgärdsbehov",
    "Aktivitet",
    "Ansvar delas med",
    "Status",
    "Resultat – målbild",
    "Prioritering",
    "Tidsplanering",
    "Status 231231",
];

const KSON: &[Row] = &[
    [
        "2.1.1",
        "Väntetiderna till den specialiserade barn- och ungdomsvården är långa.",
        "Utveckla samverkan och flödet mellan berörda verksamheter.",
        "**KSON** och BoU",
        "Arbete pågått hela 2023\nProcessmöte 1 genomfört 220324\nProcessmöte 2 genomfört 221011\nProcessmöte 3 genomfört 221212\nProcessmöte 4 genomfört 230216\nProcessmöte 5 genomfört 230505\nProcessmöte 6 genomfört 230907\nProcessmöte 7 genomfört 231101",
        "En sömlös patientresa utan väntetider",
        "1",
        "2022 – 2023",
        "Fortsatt behov av processledning",
    ],
    [
        "2.1.3",
        "Saknas gruppverksamhet för barn och unga som har närstående med psykisk ohälsa eller beroendesjukdom",
        "Tydliggöra ingången till denna insats",
        "**SoC** och KSON",
        "Processmöte 1 genomfört 220504\nProcessmöte 2 genomfört 220530\nProcessmöte 3 genomfört 220823\nProcessmöte 4 genomfört 220921\nProcessmöte 5 genomfört 221018\nProcessmöte 6 genomfört 221110\nProcessmöte 7 KSON internt genomfört 230324\nProcessmöte 8 KSON internt genomfört 230420",
        "Upptäcka barn i behov av stöd i tid",
        "2",
        "2022 – 2023",
        "Inget behov av fortsatt processledning",
    ],
    [
        "2.1.4",
        "Brist på kontaktfamiljer, kontaktpersoner och familjehem",
        "Skapa en resursbank",
        "**KSON** och SoC",
        "Möte KSON internt genomfört 220310\nProcessmöte 1 genomfört 220411\nProcessmöte 2 genomfört 220913\nProcessmöte 3 genomfört 221212\nWorkshop kring rekrytering genomförd juni 2022",
        "Kontaktfamiljer och kontaktpersoner med förutsättningar att klara sitt uppdrag",
        "1",
        "2022",
        "Inget behov av fortsatt processledning",
    ],
];

const SOC: &[Row] = &[
    [
        "2.1.3",
        "Saknas gruppverksamhet för barn och unga som har närstående med psykisk ohälsa eller beroendesjukdom",
        "Tydliggöra ingången till denna insats",
        "**SoC** och KSON",
        "Processmöte 1 genomfört 220504\nProcessmöte 2 genomfört 220530\nProcessmöte 3 genomfört 220823\nProcessmöte 4 genomfört 220921\nProcessmöte 5 genomfört 221018\nProcessmöte 6 genomfört 221110\nBarngrupp enligt Ersta vändpunkten ht 2022",
        "Upptäcka barn i behov av stöd i tid",
        "2",
        "2022 – 2023",
        "Inget behov av fortsatt processledning",
    ],
    [
        "2.2.1",
        "Behov av samordnad individuell plan (SIP) för barn och unga",
        "Gemensam rutin för SIP",
        "**SoC**, BoU och KSON",
        "Processmöte 1 genomfört 221018\nProcessmöte 2 genomfört 230125\nWorkshop kring SIP genomförd 230315\nProcessmöte 4 genomfört 230601\nProcessmöte 5 bokad 240117",
        "Fler SIP upprättas i tid",
        "1",
        "Hösten 2022-våren 2024",
        "Fortsatt behov av processledning",
    ],
];

const BOU: &[Row] = &[
    [
        "2.1.2",
        "Behov av ett utbyggt föräldraskapsstöd",
        "I samverkan utbilda fler gruppledare",
        "**KSK** KSON, BoU och SoC",
        "Processmöte 1 genomfört 220206\nProcessmöte 2 genomfört 220323\nProcessmöte 3 genomfört 220503\nProcessmöte 4 genomfört 221010\nNätverksträff alla gruppledare genomförd 2022\nProcessmöte 5 genomfört 230529\nProcessmöte 6 genomfört 230925",
        "Ett samordnat och varierat utbud av föräldraskapsstöd som alla känner till",
        "1",
        "2022 – 2023",
        "Inget behov av fortsatt processledning",
    ],
    [
        "2.2.3",
        "Det saknas skolformer som resursskola/behandlingsskola",
        "Tillhandahålla individuella lösningar för barn med särskilt komplexa behov",
        "**BoU**, SoC och KSON",
        "Pausad av grundskolechef\nAnalysmöte 1 genomfört 220915\nAnalysmöte 2 genomfört 221220",
        "Fler elever fullföljer skolan",
        "2",
        "vt 2023",
        "",
    ],
];

fn write_list(dir: &std::path::Path, office: &str, rows: &[Row]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Processer")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    ws.write_string_with_format(0, 0, format!("Processlista {office} daterad 231231"), &bold)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    ws.write_string_with_format(2, 9, "Kommentar", &bold)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(3 + r as u32, c as u16, *v, &wrap)?;
        }
    }
    ws.write_string(3, 9, format!("Avstämd med {office}:s ledningsgrupp"))?;
    wb.save(dir.join(format!("processlista-{}.xlsx", office.to_lowercase())))
}

fn main() -> Result<(), XlsxError> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("listor"));
    std::fs::create_dir_all(&dir)?;
    write_list(&dir, "KSON", KSON)?;
    write_list(&dir, "SoC", SOC)?;
    write_list(&dir, "BoU", BOU)?;
    println!("{}", dir.display());
    Ok(())
}
