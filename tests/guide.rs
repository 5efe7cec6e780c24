//! The user guide's commands stay true: every `processlista …` line of a
//! ```sh block in docs/guide.md is run, in order, in a temporary folder that
//! holds a copy of the samples. Commands of subcommands the binary does not
//! have yet (listed in PENDING) are skipped until `processlista --help` lists
//! them, and so are the commands that need their output files.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::repo;

/// Subcommands the guide describes that are being built elsewhere.
const PENDING: &[&str] = &["consolidate", "diff"];

/// Flags the guide uses that are being built elsewhere: a command using one
/// is skipped until the subcommand's `--help` lists it.
const PENDING_FLAGS: &[&str] = &["--previous"];

/// The `--flags` that `processlista SUB --help` lists.
fn flags_of(sub: &str) -> BTreeSet<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_processlista"))
        .args([sub, "--help"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']')
        .filter(|w| w.starts_with("--"))
        .map(|w| w.split('=').next().unwrap_or(w).to_string())
        .collect()
}

/// The command lines of the ```sh blocks, continuation lines joined.
fn guide_commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = !in_sh && t == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let (part, more) = match t.strip_suffix('\\') {
            Some(p) => (p.trim_end(), true),
            None => (t, false),
        };
        pending.push_str(part);
        if more {
            pending.push(' ');
            continue;
        }
        let cmd = std::mem::take(&mut pending);
        if cmd.starts_with("processlista ") {
            out.push(cmd);
        }
    }
    out
}

/// Splits a command line into words (double and single quotes group words).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut has = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                has = true;
            }
            (None, c) if c.is_whitespace() => {
                if has || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if has || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The subcommands `processlista --help` lists.
fn available() -> BTreeSet<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_processlista"))
        .arg("--help")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    help.lines()
        .skip_while(|l| !l.starts_with("Kommandon:"))
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn the_guide_commands_run() {
    let guide = std::fs::read_to_string(repo().join("docs/guide.md")).unwrap();
    let commands = guide_commands(&guide);
    assert!(commands.len() >= 10, "{commands:#?}");
    let have = available();
    for sub in ["check", "template", "config"] {
        assert!(have.contains(sub), "--help lists {sub}: {have:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("samples"), &dir.path().join("samples"));

    // A command that reads what a later command writes (the guide's step 1
    // makes next month's templates from the consolidation of step 5) runs
    // after it.
    let outputs_of = |line: &str| -> Vec<String> {
        let w = words(line);
        w.iter()
            .enumerate()
            .filter(|(_, x)| *x == "-o" || *x == "--output" || *x == ">")
            .filter_map(|(i, _)| w.get(i + 1).cloned())
            .collect()
    };
    let mut order: Vec<&String> = Vec::new();
    let mut deferred: Vec<&String> = Vec::new();
    for (i, line) in commands.iter().enumerate() {
        // What the command reads: its words but its own outputs.
        let own = outputs_of(line);
        let w: Vec<String> = words(line)
            .into_iter()
            .filter(|x| !own.contains(x))
            .collect();
        let later = commands[i + 1..]
            .iter()
            .flat_map(|l| outputs_of(l))
            .any(|o| w.contains(&o) && !commands[..i].iter().any(|l| outputs_of(l).contains(&o)));
        if later {
            deferred.push(line);
        } else {
            order.push(line);
        }
    }
    order.extend(deferred);

    let mut missing_outputs: BTreeSet<String> = BTreeSet::new();
    let mut ran: BTreeSet<String> = BTreeSet::new();
    for line in order {
        let mut w = words(line);
        let mut redirect = None;
        if let Some(i) = w.iter().position(|x| x == ">") {
            redirect = w.get(i + 1).cloned();
            w.truncate(i);
        }
        let sub = w.get(1).cloned().unwrap_or_default();
        let outputs: Vec<String> = w
            .iter()
            .enumerate()
            .filter(|(_, x)| *x == "-o" || *x == "--output")
            .filter_map(|(i, _)| w.get(i + 1).cloned())
            .chain(redirect.clone())
            .collect();
        if !have.contains(&sub) {
            assert!(
                PENDING.contains(&sub.as_str()),
                "the guide uses an unknown subcommand: {line}"
            );
            missing_outputs.extend(outputs);
            continue;
        }
        let flags = flags_of(&sub);
        let unknown: Vec<&String> = w
            .iter()
            .filter(|x| x.starts_with("--") && !flags.contains(*x))
            .collect();
        if !unknown.is_empty() {
            assert!(
                unknown.iter().all(|f| PENDING_FLAGS.contains(&f.as_str())),
                "the guide uses unknown flags {unknown:?}: {line}"
            );
            missing_outputs.extend(outputs);
            continue;
        }
        if w.iter().any(|x| missing_outputs.contains(x)) {
            // Needs the output of a command not yet runnable.
            missing_outputs.extend(outputs);
            continue;
        }
        for o in &outputs {
            let _ = std::fs::remove_file(dir.path().join(o));
        }
        if sub == "serve" {
            serve_answers(&w[1..], dir.path(), line);
            ran.insert(sub);
            continue;
        }
        let out = Command::new(env!("CARGO_BIN_EXE_processlista"))
            .args(&w[1..])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 0 || code == 1,
            "exit {code}: {line}\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(r) = &redirect {
            assert!(!out.stdout.is_empty(), "no output for {r}: {line}");
            std::fs::write(dir.path().join(r), &out.stdout).unwrap();
        }
        for o in &outputs {
            assert!(dir.path().join(o).is_file(), "{o} not written: {line}");
        }
        ran.insert(sub);
    }
    for sub in ["check", "template", "config", "serve"] {
        assert!(ran.contains(sub), "no {sub} command ran");
    }
}

/// Runs a guide's `processlista serve …` on an ephemeral port of
/// 127.0.0.1 (its `--port` and `--open` left out: a test opens no browser),
/// sees it print its address and answer `/healthz` there, and stops it.
fn serve_answers(args: &[String], dir: &Path, line: &str) {
    use std::io::{BufRead, Read, Write};
    let mut kept: Vec<&String> = Vec::new();
    let mut skip = false;
    for a in args {
        if std::mem::take(&mut skip) {
            continue;
        }
        match a.as_str() {
            "--port" | "--listen" => skip = true,
            "--open" => {}
            _ => kept.push(a),
        }
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_processlista"))
        .args(&kept)
        .args(["--port", "0"])
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|a| a.split('/').next())
        .unwrap_or_else(|| panic!("no address printed: {first:?} ({line})"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}: {line}");
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}: {line}");
}

#[test]
fn the_guide_explains_every_finding_code_and_shows_the_pictures() {
    let guide = std::fs::read_to_string(repo().join("docs/guide.md")).unwrap();
    for code in processlista::finding::Code::ALL {
        let row = format!("| `{}` |", code.as_str());
        assert_eq!(
            guide.matches(&row).count(),
            2,
            "{} in the Swedish and the English table",
            code.as_str()
        );
    }
    for pic in ["(sammanfattning.png)", "(processlista.png)", "(serve.png)"] {
        assert_eq!(guide.matches(pic).count(), 2, "{pic}");
    }
}

#[test]
fn commands_are_split_like_a_shell_would() {
    assert_eq!(
        words("processlista check 'a b' \"c d\" e > f.json"),
        ["processlista", "check", "a b", "c d", "e", ">", "f.json"]
    );
    let text =
        "x\n```sh\nprocesslista check a \\\n  --json\n# note\n```\n```toml\nprocesslista no\n```\n";
    assert_eq!(guide_commands(text), ["processlista check a --json"]);
}

/// `--help` of every command, and clap's own errors, are Swedish without
/// `--lang` (and without an English `LANG`), English with `--lang en` or
/// `LANG=en_…`; no English words of clap's are left in the Swedish.
#[test]
fn help_and_usage_errors_speak_swedish_by_default() {
    let run = |args: &[&str], lang: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_processlista"));
        c.args(args).env_remove("LANG").env_remove("LC_ALL");
        if let Some(l) = lang {
            c.env("LANG", l);
        }
        let o = c.output().unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let english = [
        "Usage:",
        "Options:",
        "Arguments:",
        "Commands:",
        "Print help",
        "possible values",
        "[OPTIONS]",
        "<FILE>",
        "Files or folders",
        "Exit status",
    ];
    for sub in ["", "check", "consolidate", "diff", "template", "config"] {
        let args: Vec<&str> = [sub, "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let (code, out, _) = run(&args, None);
        assert_eq!(code, Some(0), "{sub}");
        assert!(out.contains("Användning: processlista"), "{sub}: {out}");
        assert!(
            out.contains("Flaggor:") && out.contains("Visa hjälpen"),
            "{sub}: {out}"
        );
        for word in english {
            assert!(!out.contains(word), "{sub}: \"{word}\" in\n{out}");
        }
        let (_, en, _) = run(&args, Some("en_GB.UTF-8"));
        assert!(
            en.contains("Usage: processlista"),
            "{sub} with LANG=en: {en}"
        );
        // No English help text is left in the Swedish (a flag added without
        // its Swedish line in commands/help.rs would be).
        for line in en.lines().map(str::trim).filter(|l| l.len() > 12) {
            let text = line.split("  ").last().unwrap_or(line).trim();
            if !text.starts_with('-') && !text.starts_with('<') && text.contains(' ') {
                assert!(!out.contains(text), "{sub}: English \"{text}\" in\n{out}");
            }
        }
    }
    let (_, out, _) = run(&["check", "--help", "--lang", "en"], Some("sv_SE.UTF-8"));
    assert!(out.contains("Files or folders"), "{out}");

    // clap's errors: a wrong value, an unknown flag, an unknown command, a
    // missing argument. Exit status 2, the usage, where to read more.
    let cases: [(&[&str], &str); 4] = [
        (
            &["check", "--lang", "de", "x"],
            "fel: ogiltigt värde 'de' för '--lang <SPRÅK>'\n  [möjliga värden: sv, en]",
        ),
        (
            &["check", "--jsn", "x"],
            "fel: okänd flagga '--jsn'\n\n  tips: menade du '--json'?",
        ),
        (
            &["chek"],
            "fel: okänt kommando 'chek'\n\n  tips: menade du 'check'?",
        ),
        (
            &["consolidate"],
            "fel: det här behövs men saknas: <FILER>...",
        ),
    ];
    for (args, expected) in cases {
        let (code, out, err) = run(args, None);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.starts_with(expected), "{args:?}: {err}");
        let more = match args[0] {
            "chek" => "Mer hjälp: processlista --help\n".to_string(),
            sub => format!("Mer hjälp: processlista {sub} --help\n"),
        };
        assert!(err.ends_with(&more), "{args:?}: {err}");
        if args.contains(&"--jsn") || args.len() == 1 {
            assert!(
                err.contains("\nAnvändning: processlista"),
                "{args:?}: {err}"
            );
        }
        assert!(
            !err.contains("error:") && !err.contains("Usage"),
            "{args:?}: {err}"
        );
    }
    let (code, _, err) = run(&["check", "--lang", "de", "x"], Some("en_US.UTF-8"));
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("error: invalid value 'de' for '--lang <LANG>'"),
        "{err}"
    );
}
