//! The stages' layering (ARCHITECTURE.md): every `crate::…` path in `src/`
//! points down the pipeline or stays in its own stage, `model` uses nothing
//! but the ground, and the stages' graph has no cycle. A failure names the
//! file, the line and the edge, and what to do.
//!
//! Comments are skipped: a doc link may point anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages, from the bottom: a module may use its own stage and those
/// before it.
const STAGES: &[&str] = &[
    "ground",
    "model",
    "read",
    "normalize",
    "reconcile",
    "checks",
    "pipeline",
    "output",
    "web",
    "commands",
];

/// What a stage may use besides itself, when narrower than "everything
/// before it".
fn allowed(stage: &str) -> Option<&'static [&'static str]> {
    match stage {
        "model" => Some(&["ground"]),
        _ => None,
    }
}

/// The stage a file under `src/` belongs to: its first path component
/// (`pipeline.rs` is the `pipeline` stage); `None` for `lib.rs` and
/// `main.rs`, which may use anything.
fn stage_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// The stages a line's code (not its comment) names with `crate::X`,
/// including `use crate::{X, Y::…}`.
fn named_stages(line: &str) -> Vec<String> {
    let code = match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    };
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // Top-level names in the group: split at commas outside braces.
            let mut depth = 0;
            let mut item = String::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(ch);
                }
            }
            out.push(ident(&item));
        } else {
            out.push(ident(after));
        }
        rest = after;
    }
    out.retain(|s| !s.is_empty());
    out
}

/// How deep the module a file holds sits below the crate root
/// (`ground/mod.rs` 1, `ground/text.rs` 2).
fn depth(rel: &str) -> usize {
    let parts: Vec<&str> = rel.split('/').collect();
    parts.len() - usize::from(parts.last() == Some(&"mod.rs"))
}

/// `line` with each `super::` chain that climbs to the crate root written as
/// `crate::`.
fn root_paths(line: &str, depth: usize) -> String {
    let up = "super::".repeat(depth);
    if depth == 0 || !line.contains(&up) {
        return line.to_string();
    }
    line.replace(&up, "crate::")
}

fn ident(s: &str) -> String {
    s.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every violation in `files` (path relative to `src/`, text).
fn violations(files: &[(String, String)]) -> Vec<String> {
    let rank = |s: &str| STAGES.iter().position(|x| *x == s);
    let mut bad = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in files {
        let Some(from) = stage_of(rel) else { continue };
        let Some(from_rank) = rank(&from) else {
            bad.push(format!(
                "src/{rel}: `{from}` is not a stage; put the file in the stage ARCHITECTURE.md names for it, or add the stage to tests/layering.rs"
            ));
            continue;
        };
        let mut comment = false;
        // The indentation of each inline `mod name {` the line is in
        // (rustfmt closes it with a `}` at the same indentation).
        let mut inline: Vec<usize> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let t = line.trim_start();
            let indent = line.len() - t.len();
            if inline.last() == Some(&indent) && t.starts_with('}') {
                inline.pop();
            }
            if comment || t.starts_with("/*") {
                comment = !t.contains("*/");
                continue;
            }
            if t.ends_with('{')
                && t.trim_start_matches("pub(crate) ")
                    .trim_start_matches("pub ")
                    .starts_with("mod ")
            {
                inline.push(indent);
            }
            for to in named_stages(&root_paths(line, depth(rel) + inline.len())) {
                if to == from {
                    continue;
                }
                let at = format!("src/{rel}:{}", n + 1);
                match rank(&to) {
                    None => bad.push(format!(
                        "{at}: crate::{to} is not a stage; name the item by its stage's path (e.g. crate::ground::Error, not the re-export)"
                    )),
                    Some(r) if r > from_rank => bad.push(format!(
                        "{at}: {from} uses crate::{to}, a later stage; move what it needs down to {from} or below"
                    )),
                    Some(_) if allowed(&from).is_some_and(|a| !a.contains(&to.as_str())) => {
                        bad.push(format!(
                            "{at}: {from} may use only {:?}, not crate::{to}",
                            allowed(&from).unwrap()
                        ))
                    }
                    Some(_) => {
                        graph.entry(from.clone()).or_default().insert(to);
                    }
                }
            }
        }
    }
    if let Some(cycle) = find_cycle(&graph) {
        bad.push(format!("a cycle between stages: {}", cycle.join(" -> ")));
    }
    bad
}

/// A cycle in `graph`, as the path that closes it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(c) = visit(n, graph, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

#[test]
fn the_crate_points_down_the_pipeline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    files.sort();
    assert!(files.len() > 30, "read {} files under src/", files.len());
    // Every stage exists as a folder or a file.
    for s in STAGES {
        assert!(
            files
                .iter()
                .any(|(r, _)| stage_of(r).as_deref() == Some(*s)),
            "no stage {s} under src/"
        );
    }
    let bad = violations(&files);
    assert!(bad.is_empty(), "layering:\n{}", bad.join("\n"));
}

fn one(rel: &str, text: &str) -> Vec<String> {
    violations(&[(rel.to_string(), text.to_string())])
}

#[test]
fn an_upward_edge_is_named() {
    let v = one(
        "reconcile/history.rs",
        "use crate::output::workbook::verdict_text;\n",
    );
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(
        v[0].starts_with("src/reconcile/history.rs:1: reconcile uses crate::output"),
        "{v:?}"
    );
    // In a group, in an expression, and through the re-export at the root.
    let v = one(
        "checks/x.rs",
        "use crate::{ground::Error, pipeline::run};\nfn f() { crate::commands::emit(\"\"); }\nuse crate::Error;\n",
    );
    assert_eq!(v.len(), 3, "{v:?}");
    assert!(v[0].contains(":1: checks uses crate::pipeline"), "{v:?}");
    assert!(v[1].contains(":2: checks uses crate::commands"), "{v:?}");
    assert!(v[2].contains(":3: crate::Error is not a stage"), "{v:?}");
}

#[test]
fn model_uses_only_the_ground() {
    let v = one("model/mod.rs", "use crate::read::CellValue;\n");
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(
        v[0].contains("model uses crate::read, a later stage"),
        "{v:?}"
    );
    assert!(one("model/mod.rs", "use crate::ground::text::fold;\n").is_empty());
}

#[test]
fn downward_edges_comments_and_the_root_pass() {
    let src = "//! See [`crate::commands`].\n/* crate::output */\nuse crate::model::Model;\nuse crate::read::RawWorkbook; // not crate::output\n";
    assert!(one("normalize/mod.rs", src).is_empty());
    assert!(one("lib.rs", "pub use crate::output::report;\n").is_empty());
    assert!(one("main.rs", "use crate::commands;\n").is_empty());
    let v = one("gui/mod.rs", "");
    assert!(v[0].contains("`gui` is not a stage"), "{v:?}");
}

#[test]
fn super_to_the_root_counts_as_crate() {
    let v = one("checks/mod.rs", "use super::output::report;\n");
    assert!(v[0].contains("checks uses crate::output"), "{v:?}");
    let v = one(
        "checks/dates.rs",
        "use super::super::output::report;\nuse super::Ctx;\n",
    );
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(one("checks/dates.rs", "use super::Check;\n").is_empty());
    // In an inline module `super` is the file's module, one level more.
    let tests = "#[cfg(test)]\nmod tests {\n    use super::csv::read;\n    use super::super::output::x;\n}\nuse super::output::y;\n";
    let v = one("read/mod.rs", tests);
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(
        v[0].contains("read/mod.rs:4: read uses crate::output"),
        "{v:?}"
    );
    assert!(
        v[1].contains("read/mod.rs:6: read uses crate::output"),
        "{v:?}"
    );
}

#[test]
fn a_cycle_is_named() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&g).unwrap(), ["a", "b", "c", "a"]);
    g.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&g), None);
}
