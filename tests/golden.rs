//! Golden outputs: the same inputs give workbooks with identical parts, identical
//! JSON and identical terminal text from one version to the next, unless a
//! change means to alter them.
//!
//! The files under `tests/golden/` were written by the binary before the
//! code was restructured (issue 18). A change that alters output on purpose
//! updates them in the same commit:
//!
//!     GOLDEN_UPDATE=1 cargo test --test golden
//!
//! and the diff of `tests/golden/` is then part of what is reviewed. The
//! bench corpora are too large to commit: `bench-sha256.txt` holds the
//! SHA-256 of their outputs; the small ones are checked here, the large ones
//! by the ignored test `large_bench_corpora` (run it in release:
//! `cargo test --release --test golden -- --ignored`).

#[path = "../benches/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn golden_dir() -> PathBuf {
    repo().join("tests/golden")
}

fn updating() -> bool {
    std::env::var_os("GOLDEN_UPDATE").is_some()
}

/// Runs the binary in the repository root (so that the inputs' paths, which
/// the outputs name, are the same relative paths on every machine); stdout.
fn run(args: &[&str]) -> (i32, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_processlista"))
        .args(args)
        .current_dir(repo())
        .env_remove("LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("run processlista");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "processlista {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap(), out.stdout)
}

/// Compares `bytes` with the committed golden file `name` (or writes it).
fn golden(name: &str, bytes: &[u8]) {
    let path = golden_dir().join(name);
    if updating() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let want = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (GOLDEN_UPDATE=1 writes it)", path.display()));
    if canonical(name, &want) != canonical(name, bytes) {
        let got = path.with_extension(format!(
            "got.{}",
            path.extension().unwrap().to_string_lossy()
        ));
        std::fs::write(&got, bytes).unwrap();
        panic!(
            "{name}: the output differs from the golden file; the new output is in {}",
            got.display()
        );
    }
}

fn sha256(bytes: &[u8]) -> String {
    processlista::sha256_hex(bytes)
}

/// What is compared of an output: a workbook (a zip) by its parts' names
/// and uncompressed bytes, in order, since deflate's compressed bytes differ
/// between machines (zlib-rs picks its hash function by the CPU's features);
/// every other file by its bytes.
fn canonical(name: &str, bytes: &[u8]) -> Vec<u8> {
    if !name.ends_with(".xlsx") {
        return bytes.to_vec();
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("{name}: not a zip: {e}"));
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut data).unwrap();
        out.extend_from_slice(part.name().unwrap().as_bytes());
        out.push(0);
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        out.extend_from_slice(&data);
    }
    out
}

/// A folder under `target/` named by a path relative to the repository:
/// outputs that name a file given to the tool name it the same on every
/// machine.
fn stable_dir(name: &str) -> String {
    let rel = format!("target/golden-work/{name}");
    std::fs::create_dir_all(repo().join(&rel)).unwrap();
    rel
}

/// A fresh folder one level below `target/golden-work/`.
fn out_dir() -> tempfile::TempDir {
    let base = repo().join("target/golden-work");
    std::fs::create_dir_all(&base).unwrap();
    tempfile::tempdir_in(base).unwrap()
}

/// Consolidates `inputs` with `extra` options into a temporary folder;
/// returns (workbook, JSON report, stdout).
fn consolidate(inputs: &[&str], extra: &[&str]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    // Inside the repository too: the findings' links to the input files are
    // relative to the workbook, so the workbook's folder must be at the same
    // depth below the repository on every machine.
    let tmp = out_dir();
    let xlsx = tmp.path().join("out.xlsx");
    let json = tmp.path().join("out.json");
    let mut args = vec!["consolidate", "-q"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(extra);
    let (x, j) = (xlsx.to_str().unwrap(), json.to_str().unwrap());
    args.extend_from_slice(&["-o", x, "--json", j]);
    let (_, stdout) = run(&args);
    // The summary names the output file: name it the same on every run.
    let stdout = String::from_utf8(stdout).unwrap().replace(x, "OUT.xlsx");
    (
        std::fs::read(&xlsx).unwrap(),
        std::fs::read(&json).unwrap(),
        stdout.into_bytes(),
    )
}

const DEC: &str = "samples/2023-12";
const NOV: &str = "samples/2023-11";
const PLAN: &str = "samples/handlingsplan.xlsx";

#[test]
fn samples_in_both_languages() {
    for lang in ["sv", "en"] {
        let (x, j, t) = consolidate(&[DEC], &["--plan", PLAN, "--lang", lang]);
        golden(&format!("samples-{lang}.xlsx"), &x);
        golden(&format!("samples-{lang}.json"), &j);
        golden(&format!("samples-{lang}.txt"), &t);
        let (x, j, _) = consolidate(&[DEC], &["--lang", lang]);
        golden(&format!("samples-noplan-{lang}.xlsx"), &x);
        golden(&format!("samples-noplan-{lang}.json"), &j);
    }
}

#[test]
fn samples_with_previous_month() {
    let tmp = stable_dir("previous");
    for lang in ["sv", "en"] {
        let (nov, _, _) = consolidate(&[NOV], &["--plan", PLAN, "--lang", lang]);
        golden(&format!("november-{lang}.xlsx"), &nov);
        let prev = format!("{tmp}/nov-{lang}.xlsx");
        std::fs::write(repo().join(&prev), &nov).unwrap();
        let p = prev.as_str();
        let (x, j, t) = consolidate(&[DEC], &["--plan", PLAN, "--previous", p, "--lang", lang]);
        golden(&format!("samples-previous-{lang}.xlsx"), &x);
        golden(&format!("samples-previous-{lang}.json"), &j);
        golden(&format!("samples-previous-{lang}.txt"), &t);
    }
}

#[test]
fn check_and_diff_and_template() {
    for lang in ["sv", "en"] {
        let (_, text) = run(&["check", DEC, "--plan", PLAN, "--lang", lang]);
        golden(&format!("check-{lang}.txt"), &text);
        let (_, json) = run(&["check", DEC, "--plan", PLAN, "--lang", lang, "--json"]);
        golden(&format!("check-{lang}.json"), &json);
    }
    let tmp = stable_dir("diff");
    let (nov, _, _) = consolidate(&[NOV], &["--plan", PLAN]);
    let (dec, _, _) = consolidate(&[DEC], &["--plan", PLAN]);
    let (a, b) = (format!("{tmp}/nov.xlsx"), format!("{tmp}/dec.xlsx"));
    std::fs::write(repo().join(&a), nov).unwrap();
    std::fs::write(repo().join(&b), dec).unwrap();
    let (a, b) = (a.as_str(), b.as_str());
    for lang in ["sv", "en"] {
        let (_, text) = run(&["diff", a, b, "--lang", lang]);
        golden(&format!("diff-{lang}.txt"), &text);
    }
    let (_, json) = run(&["diff", a, b, "--json"]);
    golden("diff.json", &json);
    let tmp = out_dir();
    for (name, args) in [
        (
            "template-soc-sv.xlsx",
            vec!["--office", "SoC", "--date", "2023-12-31"],
        ),
        (
            "template-kof-en.xlsx",
            vec!["--office", "KoF", "--date", "2023-12-31", "--lang", "en"],
        ),
        (
            "template-from-soc.xlsx",
            vec![
                "--from",
                "samples/2023-11/SoC-processlista.xlsx",
                "--date",
                "2023-12-31",
            ],
        ),
        (
            "template-from-consolidated.xlsx",
            vec!["--from", b, "--office", "KSON", "--date", "2024-01-31"],
        ),
    ] {
        // A fresh name each: the template refuses to overwrite a file.
        let out = tmp.path().join(name);
        let o = out.to_str().unwrap();
        let mut all = vec!["template", "-o", o];
        all.extend(args);
        let (_, stdout) = run(&all);
        assert!(!stdout.is_empty());
        golden(name, &std::fs::read(&out).unwrap());
    }
    let (_, config) = run(&["config"]);
    golden("config.toml", &config);
}

/// The SHA-256 of the workbook and the JSON report of each bench corpus.
fn bench_hashes() -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(golden_dir().join("bench-sha256.txt")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_string(), (f[1].to_string(), f[2].to_string()))
        })
        .collect()
}

/// Generates the bench corpus (files, processes, lines, seed) into a
/// temporary folder *inside the repository* (the outputs name their inputs
/// by the relative path) and consolidates it.
fn bench_corpus(name: &str, files: usize, processes: usize, lines: usize, seed: u64) {
    let root = repo().join("target/golden-corpus");
    let dir = root.join(name);
    // The marker beside the folder, not in it: a file in it would be
    // listed as skipped.
    let done = root.join(format!("{name}.complete"));
    let _ = std::fs::remove_file(dir.join(".complete"));
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        corpus::make(&dir, files, processes, lines, seed);
        std::fs::write(&done, "").unwrap();
    }
    let rel = format!("target/golden-corpus/{name}");
    let (x, j, _) = consolidate(&[&rel], &[]);
    let got = (sha256(&canonical("out.xlsx", &x)), sha256(&j));
    let path = golden_dir().join("bench-sha256.txt");
    let mut all = bench_hashes();
    if updating() {
        all.insert(name.to_string(), got);
        let mut text = String::from(
            "# corpus  workbook-parts-sha256  json-sha256 (tests/golden.rs `canonical`; corpora from benches/support/corpus.rs)\n",
        );
        for (k, (a, b)) in &all {
            text.push_str(&format!("{k} {a} {b}\n"));
        }
        std::fs::write(path, text).unwrap();
        return;
    }
    let want = all
        .get(name)
        .unwrap_or_else(|| panic!("{name}: no hash in bench-sha256.txt (GOLDEN_UPDATE=1)"));
    assert_eq!(&got, want, "{name}: the outputs' SHA-256 changed");
}

#[test]
fn small_bench_corpora() {
    // The bench's first corpus (benches/consolidate.rs: seed 20231231 + index).
    bench_corpus("c0-5x12x15", 5, 12, 15, 20231231);
    bench_corpus("c1-100x30x15", 100, 30, 15, 20231232);
}

#[test]
#[ignore = "large: run with --release -- --ignored"]
fn large_bench_corpora() {
    bench_corpus("c2-1000x30x15", 1_000, 30, 15, 20231232);
    bench_corpus("c3-1x12500x15", 1, 12_500, 15, 20231233);
    bench_corpus("c5-1x50000x15", 1, 50_000, 15, 20231235);
}
