//! `processlista serve` over HTTP: the binary started on 127.0.0.1 with an
//! ephemeral port. Every route answers what its command writes (the same
//! report, the same cells, the same attachment bytes); every limit and
//! refusal has its status and JSON code; hostile files are findings; twenty
//! uploads at once all succeed; and the uploads' temporary folders are gone
//! once answered.

mod common;

use std::path::Path;

use common::hostile::{MIB, encrypted, random_bytes, zip_bomb};
use common::http::{Part, Resp, Server, files_of, part};
use common::*;
use serde_json::Value;

fn month() -> std::path::PathBuf {
    repo().join("samples/2023-12")
}

/// The month's lists, the plan and last month's workbook copied into one
/// folder, so that the command line names them as the server labels them.
fn flat_month() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(month()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, d.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        repo().join("samples/handlingsplan.xlsx"),
        d.path().join("handlingsplan.xlsx"),
    )
    .unwrap();
    let out = run(
        &[
            "consolidate",
            repo().join("samples/2023-11").to_str().unwrap(),
            "-o",
            d.path().join("november.xlsx").to_str().unwrap(),
            "-q",
        ],
        d.path(),
    );
    assert!(out.code <= 1, "{}", out.stderr);
    d
}

const LISTS: [&str; 5] = [
    "BoU-processlista.xlsx",
    "KSON-processlista.xlsx",
    "KoF-processlista.xlsx",
    "SoC-processlista.xlsx",
    "ToS-processlista.csv",
];

fn lists(dir: &Path) -> Vec<Part> {
    LISTS
        .iter()
        .map(|n| part("files", n, std::fs::read(dir.join(n)).unwrap()))
        .collect()
}

fn cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .expect("an xlsx");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = book.worksheet_range(&n).unwrap();
            let rows = r
                .rows()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

/// Asserts two workbooks' cells are the same, naming the first difference.
fn same_cells(a: &[(String, Vec<Vec<String>>)], b: &[(String, Vec<Vec<String>>)]) {
    let names =
        |x: &[(String, Vec<Vec<String>>)]| x.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b));
    for ((name, x), (_, y)) in a.iter().zip(b) {
        for (r, (rx, ry)) in x.iter().zip(y).enumerate() {
            assert_eq!(rx, ry, "{name} row {}", r + 1);
        }
        assert_eq!(x.len(), y.len(), "{name}: rows");
    }
}

fn ok(r: &Resp) {
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        !r.body
            .windows(b"processlista-serve-".len())
            .any(|w| w == b"processlista-serve-"),
        "the answer names the server's temporary folder"
    );
}

#[test]
fn every_route_answers_what_its_command_writes() {
    let d = flat_month();
    let dir = d.path();
    let mut server = Server::start(&[]);

    let health = server.get("/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");

    // The page and its assets, from the binary, with a policy that allows
    // nothing from elsewhere.
    let page = server.get("/");
    ok(&page);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.text().contains("<html lang=\"sv\">"));
    assert!(page.text().contains("src=\"/app.js\""));
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
    for (path, kind) in [
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let r = server.get(path);
        ok(&r);
        assert!(
            r.header("content-type").unwrap().starts_with(kind),
            "{path}"
        );
    }

    // check: the JSON report of check --json, byte for byte.
    let cli = run(
        &[
            "check", "--json", LISTS[0], LISTS[1], LISTS[2], LISTS[3], LISTS[4],
        ],
        dir,
    );
    let r = server.post("/api/check", &lists(dir), &[]);
    ok(&r);
    assert_eq!(r.text(), cli.stdout);
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("processlista-2023-12-31.json")
    );

    // The order the files are sent in changes nothing.
    let mut reversed = lists(dir);
    reversed.reverse();
    let r = server.post("/api/check", &reversed, &[]);
    assert_eq!(r.text(), cli.stdout);

    // With the plan, last month's workbook and a date, and in English.
    let mut with = lists(dir);
    with.push(part(
        "plan",
        "handlingsplan.xlsx",
        std::fs::read(dir.join("handlingsplan.xlsx")).unwrap(),
    ));
    with.push(part(
        "previous",
        "november.xlsx",
        std::fs::read(dir.join("november.xlsx")).unwrap(),
    ));
    let mut args = vec!["check", "--json", "--lang", "en", "--as-of", "2023-12-31"];
    args.extend(LISTS);
    args.extend(["--plan", "handlingsplan.xlsx"]);
    let cli_en = run(&args, dir);
    let r = server.post("/api/check?lang=en&as_of=2023-12-31", &with[..6], &[]);
    ok(&r);
    assert_eq!(r.text(), cli_en.stdout);
    assert!(r.text().contains("\"message\": \"Meeting number 21"));

    // consolidate: the workbook's cells as consolidate writes them, with
    // last month's changes.
    let out = run(
        &[
            "consolidate",
            LISTS[0],
            LISTS[1],
            LISTS[2],
            LISTS[3],
            LISTS[4],
            "--plan",
            "handlingsplan.xlsx",
            "--previous",
            "november.xlsx",
            "-o",
            "cli.xlsx",
            "-q",
        ],
        dir,
    );
    assert!(out.code <= 1, "{}", out.stderr);
    let r = server.post("/api/consolidate", &with, &[]);
    ok(&r);
    assert_eq!(
        r.header("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("filename=\"processlista-2023-12-31.xlsx\"")
    );
    let web = cells(&r.body);
    let cli = cells(&std::fs::read(dir.join("cli.xlsx")).unwrap());
    same_cells(&web, &cli);
    let names: Vec<&str> = web.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"Processlista"), "{names:?}");
    let list = &web.iter().find(|(n, _)| n == "Processlista").unwrap().1;
    assert!(
        list.iter()
            .any(|row| row.first().map(String::as_str) == Some("2.1.3"))
    );

    // attachment: the same bytes as the command's.
    let out = run(
        &[
            "attachment",
            LISTS[0],
            LISTS[1],
            LISTS[2],
            LISTS[3],
            LISTS[4],
            "--office",
            "KSON",
            "-o",
            "bilaga-KSON.docx",
            "-q",
        ],
        dir,
    );
    assert!(out.code <= 1, "{}", out.stderr);
    let r = server.post("/api/attachment?office=kson", &lists(dir), &[]);
    ok(&r);
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("bilaga-KSON.docx")
    );
    assert_eq!(r.body, std::fs::read(dir.join("bilaga-KSON.docx")).unwrap());

    // fix: one list's corrected copy, its cells as fix writes them.
    let out = run(&["fix", LISTS[1], "-o", "KSON-rättad.xlsx"], dir);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = server.post("/api/fix", &lists(dir)[1..2], &[]);
    ok(&r);
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("filename*=UTF-8''KSON-processlista-r%C3%A4ttad.xlsx")
    );
    let web = cells(&r.body);
    same_cells(
        &web,
        &cells(&std::fs::read(dir.join("KSON-rättad.xlsx")).unwrap()),
    );
    let blad = &web[0].1;
    assert!(
        blad.iter()
            .flatten()
            .any(|c| c.contains("Processmöte 20 genomfört 231122")),
        "the proposed fix is made"
    );

    // view: the report, the attachment's tables and the download names.
    let r = server.post("/api/view", &lists(dir), &[]);
    ok(&r);
    let v = r.json();
    let report: Value = serde_json::from_str(
        &run(
            &[
                "check", "--json", LISTS[0], LISTS[1], LISTS[2], LISTS[3], LISTS[4],
            ],
            dir,
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(v["report"], report);
    assert_eq!(v["attachment"]["entries"].as_array().unwrap().len(), 24);
    assert_eq!(
        v["attachment"]["entries"][0]["heading"],
        "Åtgärdsbehov 1 process 2.1.1"
    );
    assert_eq!(v["downloads"]["workbook"], "processlista-2023-12-31.xlsx");
    assert_eq!(v["downloads"]["attachment"], "bilaga.docx");
    let kson = v["downloads"]["corrected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["office"] == "KSON")
        .unwrap();
    assert_eq!(kson["name"], "KSON-processlista-rättad.xlsx");
    assert_eq!(kson["proposals"], 1);

    assert!(server.alive());
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
}

#[test]
fn limits_and_refusals_have_their_status_and_message() {
    let d = flat_month();
    let dir = d.path();
    let mut server = Server::start(&["--max-upload", "1", "--max-files", "3"]);
    let one = &lists(dir)[..1];

    // 413 beyond the size, in Swedish or English.
    let big = vec![part("files", "stor.xlsx", vec![b'x'; 2 * MIB])];
    let r = server.post("/api/check", &big, &[]);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.error_code(), "too-large");
    assert!(r.text().contains("större än 1 MB"), "{}", r.text());
    let r = server.post("/api/check?lang=en", &big, &[]);
    assert!(r.text().contains("larger than 1 MB"), "{}", r.text());

    // 400: too many files, none, an unknown field, not multipart.
    let r = server.post("/api/check", &lists(dir)[..4], &[]);
    assert_eq!((r.status, r.error_code().as_str()), (400, "too-many-files"));
    assert!(r.text().contains("fler än 3 filer"));
    let r = server.post("/api/check", &[], &[]);
    assert_eq!((r.status, r.error_code().as_str()), (400, "no-files"));
    let r = server.post("/api/check", &[part("lists", "a.xlsx", b"x".to_vec())], &[]);
    assert_eq!((r.status, r.error_code().as_str()), (400, "unknown-field"));
    let r = common::http::request(
        server.addr,
        "POST",
        "/api/check",
        &[
            ("Host", &server.host()),
            ("Content-Type", "application/json"),
        ],
        b"{}",
    );
    assert_eq!((r.status, r.error_code().as_str()), (400, "not-multipart"));

    // fix takes exactly one list; bad query values are named.
    let r = server.post("/api/fix", &lists(dir)[..2], &[]);
    assert_eq!((r.status, r.error_code().as_str()), (400, "one-list"));
    let r = server.post("/api/fix?only=no-such-code", one, &[]);
    assert_eq!((r.status, r.error_code().as_str()), (400, "bad-code"));
    let r = server.post("/api/check?as_of=2023-13-45", one, &[]);
    assert_eq!((r.status, r.error_code().as_str()), (400, "bad-date"));
    let r = server.post("/api/attachment?office=Nowhere", one, &[]);
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("Nowhere"), "{}", r.text());

    // 403: another host (DNS rebinding), another origin.
    let r = common::http::request(
        server.addr,
        "GET",
        "/healthz",
        &[("Host", &format!("evil.example:{}", server.addr.port()))],
        b"",
    );
    assert_eq!((r.status, r.error_code().as_str()), (403, "wrong-host"));
    let r = common::http::request(server.addr, "GET", "/", &[], b"");
    assert_eq!(r.status, 403);
    let r = server.post("/api/check", one, &[("Origin", "http://evil.example")]);
    assert_eq!((r.status, r.error_code().as_str()), (403, "foreign-origin"));
    let r = server.post("/api/check", one, &[("Sec-Fetch-Site", "cross-site")]);
    assert_eq!((r.status, r.error_code().as_str()), (403, "foreign-origin"));
    let own = format!("http://{}", server.host());
    let r = server.post(
        "/api/check",
        one,
        &[("Origin", own.as_str()), ("Sec-Fetch-Site", "same-origin")],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = common::http::request(
        server.addr,
        "GET",
        "/",
        &[("Host", &format!("localhost:{}", server.addr.port()))],
        b"",
    );
    assert_eq!(r.status, 200);

    // 404 is JSON too.
    let r = server.get("/etc/passwd");
    assert_eq!((r.status, r.error_code().as_str()), (404, "not-found"));

    assert!(server.alive());
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
}

#[test]
fn hostile_files_are_findings_and_the_server_goes_on() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    zip_bomb(&p.join("bomb.xlsx"), 64 * MIB);
    encrypted(&p.join("krypterad.xlsx"));
    std::fs::write(p.join("trasig.xlsx"), random_bytes(4096)).unwrap();
    let mut server = Server::start(&[]);
    let mut parts = files_of(p);
    // A client's name is a label, never a path.
    parts.push(part(
        "files",
        "../../../KSON-processlista.xlsx",
        std::fs::read(month().join("KSON-processlista.xlsx")).unwrap(),
    ));
    let r = server.post("/api/check", &parts, &[]);
    ok(&r);
    let v = r.json();
    let unreadable: Vec<&str> = findings_of(&v, "file-unreadable")
        .iter()
        .map(|f| f["source"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(unreadable, ["bomb.xlsx", "krypterad.xlsx", "trasig.xlsx"]);
    let good = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"] == "KSON-processlista.xlsx")
        .expect("the good list under its name, not its path");
    assert_eq!(good["status"], "ok");
    assert_eq!(good["processes"], 12);

    // fix of a hostile list: 422 with the reason, never a 500.
    let r = server.post("/api/fix", &files_of(p)[..1], &[]);
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (422, "file-unreadable")
    );
    assert!(r.text().contains("bomb.xlsx"), "{}", r.text());

    // The page's folder: what is not a list is skipped with its reason.
    let folder = vec![
        part(
            "folder",
            "2023-12/KSON-processlista.xlsx",
            std::fs::read(month().join("KSON-processlista.xlsx")).unwrap(),
        ),
        part("folder", "2023-12/anteckningar.txt", b"hej".to_vec()),
        part(
            "folder",
            "2023-12/~$KSON-processlista.xlsx",
            b"lock".to_vec(),
        ),
    ];
    let r = server.post("/api/check", &folder, &[]);
    ok(&r);
    let v = r.json();
    assert_eq!(v["sources"].as_array().unwrap().len(), 1);
    let skipped: Vec<(&str, &str)> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["file"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("anteckningar.txt", "not-a-spreadsheet"),
            ("~$KSON-processlista.xlsx", "lock-file")
        ]
    );

    assert_eq!(server.get("/healthz").status, 200);
    assert!(server.alive());
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
}

#[test]
fn a_request_over_its_time_is_503() {
    let mut server = Server::start(&["--timeout", "0.001"]);
    let r = server.post("/api/consolidate", &files_of(&month()), &[]);
    assert_eq!((r.status, r.error_code().as_str()), (503, "timeout"));
    assert!(r.text().contains("--timeout"), "{}", r.text());
    assert_eq!(server.get("/healthz").status, 200);
    assert!(server.alive());
}

#[test]
fn twenty_uploads_at_once_all_succeed() {
    let server = Server::start(&[]);
    let parts = files_of(&month());
    let first = server.post("/api/check", &parts, &[]);
    ok(&first);
    let answers: Vec<Resp> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..20)
            .map(|i| {
                let (server, parts) = (&server, &parts);
                s.spawn(move || {
                    let route = if i % 2 == 0 {
                        "/api/check"
                    } else {
                        "/api/consolidate"
                    };
                    (route, server.post(route, parts, &[]))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                let (route, r) = h.join().unwrap();
                assert_eq!(r.status, 200, "{route}: {}", r.text());
                r
            })
            .collect()
    });
    for (i, r) in answers.iter().enumerate() {
        if i % 2 == 0 {
            assert_eq!(r.body, first.body, "every check gives the same report");
        } else {
            assert!(cells(&r.body).iter().any(|(n, _)| n == "Processlista"));
        }
    }
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
}

#[test]
fn a_taken_port_is_named() {
    let server = Server::start(&[]);
    let port = server.addr.port().to_string();
    let out = run(&["serve", "--port", &port], &repo());
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("porten används redan"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--port"), "{}", out.stderr);
}

/// `--open` hands the page's address to the desktop's opener (`xdg-open`
/// here, a stand-in on PATH that writes down what it was given).
#[cfg(target_os = "linux")]
#[test]
fn open_hands_the_address_to_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let said = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", said.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::start_with(&["--open", "--lang", "en"], &[("PATH", &path)]);
    let start = std::time::Instant::now();
    while !said.exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "--open did not run xdg-open"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    let url = std::fs::read_to_string(&said).unwrap();
    assert_eq!(url.trim(), format!("http://{}/?lang=en", server.host()));
}
