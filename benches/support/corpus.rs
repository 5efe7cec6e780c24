//! A deterministic, seeded corpus of office lists for the benchmark: realistic
//! status logs (about 10% lines that are not meetings, some repeated and some
//! skipped numbers), written with rust_xlsxwriter.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

/// A small linear congruential generator: deterministic without a dependency.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

const OFFICES: [&str; 5] = ["KSON", "SoC", "BoU", "ToS", "KoF"];
const NEEDS: [&str; 4] = [
    "Väntetiderna till den specialiserade barn och ungdomsvården är långa.",
    "Behov av ett utbyggt föräldraskapsstöd.",
    "Brist på kontaktfamiljer, kontaktpersoner och familjehem",
    "Det saknas skolformer som resursskola/behandlingsskola",
];
const NOTES: [&str; 4] = [
    "Workshop kring SIP genomförd",
    "Avstämning med verksamhetschef",
    "Remisskrav infört, nytt flödesschema",
    "Utredning har processats i styrgruppen",
];

/// One process's status cell: `lines` lines, dates rising from 2022.
fn status(rng: &mut Lcg, lines: usize) -> String {
    let mut out = Vec::with_capacity(lines + 1);
    let mut day = rng.below(60) as i64;
    let mut number = 1;
    for _ in 0..lines {
        day += 5 + rng.below(40) as i64;
        let date =
            chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Duration::days(day);
        let yymmdd = date.format("%y%m%d");
        if rng.below(10) == 0 {
            out.push(format!(
                "{} {yymmdd}",
                NOTES[rng.below(NOTES.len() as u64) as usize]
            ));
            continue;
        }
        match rng.below(40) {
            0 => number += 1,                  // a skipped number
            1 => number = (number - 1).max(1), // a repeated number
            _ => {}
        }
        let state = if date > chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap() {
            "bokad"
        } else {
            "genomfört"
        };
        out.push(format!("Processmöte {number} {state} {yymmdd}"));
        number += 1;
    }
    out.push("Status 231231: Fortsatt behov av processledning".into());
    out.join("\n")
}

/// Writes one office list of the processes numbered `ids` (each number
/// made an id "2.1.1" …).
pub fn write_list(
    path: &Path,
    office: &str,
    ids: impl IntoIterator<Item = usize>,
    lines: usize,
    rng: &mut Lcg,
) {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2023, 12, 31).unwrap();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&date));
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    ws.write_string(0, 0, format!("Processlista {office} daterad 231231"))
        .unwrap();
    let headers = [
        "Process",
        "Åtgärdsbehov",
        "Aktivitet",
        "Ansvar",
        "Status",
        "Resultat – målbild",
        "Prioritering",
        "Tidsplanering",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (i, id) in ids.into_iter().enumerate() {
        let r = 3 + i as u32;
        let pid = format!(
            "{}.{}.{}",
            2 + id / 10_000,
            1 + (id / 100) % 100,
            1 + id % 100
        );
        ws.write_string(r, 0, pid).unwrap();
        ws.write_string(r, 1, NEEDS[i % NEEDS.len()]).unwrap();
        ws.write_string(
            r,
            2,
            "Utveckla samverkan och flödet mellan berörda verksamheter",
        )
        .unwrap();
        ws.write_string(r, 3, format!("**{office}** och {}", OFFICES[(i + 1) % 5]))
            .unwrap();
        ws.write_string(r, 4, status(rng, lines)).unwrap();
        ws.write_string(r, 5, "En sömlös patientresa utan väntetider")
            .unwrap();
        ws.write_number(r, 6, (1 + rng.below(3)) as f64).unwrap();
        ws.write_string(r, 7, "2022 – 2024").unwrap();
    }
    wb.save(path).unwrap();
}

/// `files` lists of `processes` processes each, in `dir` (made fresh).
pub fn make(dir: &Path, files: usize, processes: usize, lines: usize, seed: u64) -> Vec<PathBuf> {
    lists(dir, files, lines, seed, |f, _| {
        (f * processes..(f + 1) * processes).collect()
    })
}

/// `files` lists of `processes` processes each, in `dir` (made fresh), the
/// processes of each drawn from one pool of `pool` ids: every id is
/// reported by many offices, with their own status logs, priorities and
/// lead marks, as when all offices keep one shared list each.
pub fn make_shared(
    dir: &Path,
    files: usize,
    processes: usize,
    lines: usize,
    pool: usize,
    seed: u64,
) -> Vec<PathBuf> {
    lists(dir, files, lines, seed, |_, rng| {
        // A partial shuffle of the pool: `processes` distinct ids, in id
        // order as an office keeps them.
        let n = processes.min(pool);
        let mut all: Vec<usize> = (0..pool).collect();
        for i in 0..n {
            let j = i + rng.below((pool - i) as u64) as usize;
            all.swap(i, j);
        }
        all.truncate(n);
        all.sort_unstable();
        all
    })
}

/// `files` lists in `dir` (made fresh), list `f` of the processes
/// `ids(f, rng)`, the offices in turn.
fn lists(
    dir: &Path,
    files: usize,
    lines: usize,
    seed: u64,
    mut ids: impl FnMut(usize, &mut Lcg) -> Vec<usize>,
) -> Vec<PathBuf> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = Lcg::new(seed);
    (0..files)
        .map(|f| {
            let office = OFFICES[f % 5];
            let path = dir.join(format!("{office}-{f:04}.xlsx"));
            let ids = ids(f, &mut rng);
            write_list(&path, office, ids, lines, &mut rng);
            path
        })
        .collect()
}
