//! The page in a real browser: Debian's chromium driven by chromedriver over
//! WebDriver (fantoccini), against `processlista serve` on 127.0.0.1. It
//! uploads the samples, sees the findings table, filters it, switches to
//! English, downloads the workbook and the attachment (and compares them with
//! what the commands write), checks the page with axe-core (labels,
//! contrast, roles) and its keyboard order, and saves a screenshot
//! (`target/browser/serve.png`, copied to `docs/serve.png` for README).
//!
//! `.ci/run` installs chromium, chromium-driver and axe-core and sets
//! `PROCESSLISTA_BROWSER_REQUIRED`; without it, a machine that lacks them
//! skips the test with a note.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::Server;
use common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

fn axe_script() -> PathBuf {
    repo().join("target/axe/node_modules/axe-core/axe.min.js")
}

/// Whether the browser's parts are here; a note (or, when they are
/// required, a failure) otherwise.
fn available() -> bool {
    let missing: Vec<String> = [PathBuf::from(CHROMIUM), PathBuf::from(DRIVER), axe_script()]
        .into_iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("PROCESSLISTA_BROWSER_REQUIRED").is_none(),
        "the browser test needs {missing:?}; .ci/run installs them"
    );
    eprintln!("SKIP browser test: {missing:?} missing (.ci/run installs them)");
    false
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// chromedriver on a free port of 127.0.0.1, once it accepts connections.
fn driver() -> (Driver, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(DRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (Driver(child), port)
}

/// Waits for `path` to be downloaded (present, no `.crdownload` beside it).
fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    let start = Instant::now();
    loop {
        let partial = std::fs::read_dir(dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".crdownload")
        });
        if path.exists() && !partial {
            return std::fs::read(&path).unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{name} was not downloaded; the folder holds {:?}",
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

async fn rows(c: &Client) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for tr in c
        .find_all(Locator::Css("#findings tbody tr"))
        .await
        .unwrap()
    {
        let mut row = Vec::new();
        for td in tr.find_all(Locator::Css("td")).await.unwrap() {
            row.push(td.text().await.unwrap());
        }
        out.push(row);
    }
    out
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[test]
fn the_page_checks_filters_and_downloads_in_a_real_browser() {
    if !available() {
        return;
    }
    let month = repo().join("samples/2023-12");
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let server = Server::start(&[]);
    let (_driver, port) = driver();
    let plan = repo().join("samples/handlingsplan.xlsx");
    let lists = [
        "BoU-processlista.xlsx",
        "KSON-processlista.xlsx",
        "KoF-processlista.xlsx",
        "SoC-processlista.xlsx",
        "ToS-processlista.csv",
    ];
    // The command run on the same files in one folder, so that it names
    // them as the page does.
    let flat = work.path().join("flat");
    std::fs::create_dir_all(&flat).unwrap();
    for l in lists {
        std::fs::copy(month.join(l), flat.join(l)).unwrap();
    }
    std::fs::copy(&plan, flat.join("handlingsplan.xlsx")).unwrap();
    let mut args: Vec<&str> = lists.to_vec();
    args.extend(["--plan", "handlingsplan.xlsx"]);
    let cli_report = run(&[&["check", "--json"][..], &args].concat(), &flat).stdout;
    let report: Value = serde_json::from_str(&cli_report).unwrap();
    let findings = report["findings"].as_array().unwrap().clone();

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic", "--window-size=1400,1000",
                    format!("--user-data-dir={}", work.path().join("profile").display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "safebrowsing.enabled": false,
                },
            }),
        );
        let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        let base = format!("http://{}", server.host());
        c.goto(&format!("{base}/")).await.unwrap();
        assert_eq!(text(&c, "h1").await, "processlista");
        assert_eq!(text(&c, "#h-files").await, "1. Månadens listor");

        // The page before any file: every control reached by Tab, in order.
        let mut order = Vec::new();
        c.execute("document.activeElement.blur();", vec![]).await.unwrap();
        for _ in 0..12 {
            use fantoccini::actions::{InputSource, KeyAction, KeyActions};
            let tab = KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: '\u{E004}' })
                .then(KeyAction::Up { value: '\u{E004}' });
            c.perform_actions(tab).await.unwrap();
            let id = c
                .execute("return document.activeElement.id || document.activeElement.className", vec![])
                .await
                .unwrap();
            order.push(id.as_str().unwrap_or("").to_string());
        }
        let at = |id: &str| order.iter().position(|x| x == id).unwrap_or_else(|| panic!("{id} not reached by Tab: {order:?}"));
        assert!(at("skip") < at("lang") && at("lang") < at("files") && at("files") < at("folder"), "{order:?}");

        // Upload the month's lists.
        let paths: Vec<String> = std::fs::read_dir(&month)
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .collect();
        c.find(Locator::Css("#files"))
            .await
            .unwrap()
            .send_keys(&paths.join("\n"))
            .await
            .unwrap();
        assert_eq!(
            c.find_all(Locator::Css("#chosen li")).await.unwrap().len(),
            5
        );
        // The master plan, under Valfritt.
        c.find(Locator::Css("details.options summary")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("#plan"))
            .await
            .unwrap()
            .send_keys(&plan.display().to_string())
            .await
            .unwrap();
        c.find(Locator::Css("#run")).await.unwrap().click().await.unwrap();
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("#findings tbody tr"))
            .await
            .expect("the findings table");

        // The progress indicator is gone once the answer is shown.
        assert!(!c.find(Locator::Css("#progress")).await.unwrap().is_displayed().await.unwrap());

        // Every finding, as the command reports it.
        let all = rows(&c).await;
        assert_eq!(all.len(), findings.len());
        for (row, f) in all.iter().zip(&findings) {
            assert_eq!(row[5], f["code"].as_str().unwrap());
            assert_eq!(row[6], f["message"].as_str().unwrap());
        }
        let kson = all.iter().find(|r| r[5] == "meeting-duplicate").unwrap();
        assert_eq!(kson[3], "Blad1!C7");
        assert!(kson[9].contains("Processmöte 20 genomfört 231122"), "{kson:?}");
        assert!(text(&c, "#summary").await.contains("24"));
        let sources = text(&c, "#sources tbody").await;
        for f in ["BoU-processlista.xlsx", "ToS-processlista.csv"] {
            assert!(sources.contains(f), "{sources}");
        }
        assert!(text(&c, "#preview").await.contains("Åtgärdsbehov 1 process 2.1.1"));

        // Filter: errors only, then KSON's errors.
        let errors = findings.iter().filter(|f| f["severity"] == "error").count();
        c.find(Locator::Css("#f-severity")).await.unwrap().select_by_value("error").await.unwrap();
        let shown = rows(&c).await;
        assert_eq!(shown.len(), errors);
        assert!(shown.iter().all(|r| r[0] == "fel"));
        c.find(Locator::Css("#f-office")).await.unwrap().select_by_value("KSON").await.unwrap();
        let shown = rows(&c).await;
        let kson_errors = findings
            .iter()
            .filter(|f| f["severity"] == "error" && f["office"] == "KSON")
            .count();
        assert_eq!(shown.len(), kson_errors);
        assert!(shown.iter().all(|r| r[1] == "KSON"));
        assert!(text(&c, "#f-count").await.contains(&format!("Visar {kson_errors} av {}", findings.len())));
        c.find(Locator::Css("#f-office")).await.unwrap().select_by_value("").await.unwrap();
        c.find(Locator::Css("#f-severity")).await.unwrap().select_by_value("").await.unwrap();

        // axe-core finds nothing to fault on the page with its results.
        let axe = std::fs::read_to_string(axe_script()).unwrap();
        c.execute(&axe, vec![]).await.unwrap();
        let result = c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})
                    .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.length + ' ' + v.help)))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        let violations: Vec<String> = serde_json::from_value(result).unwrap();
        assert!(violations.is_empty(), "axe-core: {violations:#?}");

        // The screenshot README shows: the whole page with its results.
        let height = c
            .execute("return document.documentElement.scrollHeight", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(2000)
            .min(2600) as u32;
        c.execute("window.scrollTo(0, 0); document.activeElement.blur();", vec![]).await.unwrap();
        c.set_window_size(1400, height).await.unwrap();
        let png = c.screenshot().await.unwrap();
        let shots = repo().join("target/browser");
        std::fs::create_dir_all(&shots).unwrap();
        std::fs::write(shots.join("serve.png"), &png).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        c.set_window_size(1400, 1000).await.unwrap();

        // Downloads, with the names the command line uses.
        c.find(Locator::Css("#dl-workbook")).await.unwrap().click().await.unwrap();
        let xlsx = downloaded(&downloads, "processlista-2023-12-31.xlsx");
        let path = work.path().join("web.xlsx");
        std::fs::write(&path, &xlsx).unwrap();
        {
            use calamine::Reader;
            let mut book = calamine::open_workbook_auto(&path).unwrap();
            let list = book.worksheet_range("Processlista").unwrap();
            let ids: Vec<String> = list.rows().skip(1).map(|r| r[0].to_string()).filter(|id| !id.contains("forts")).collect();
            assert_eq!(ids.len(), 24, "{ids:?}");
            assert_eq!(ids[0], "2.1.1");
        }
        c.find(Locator::Css("#office")).await.unwrap().select_by_value("KSON").await.unwrap();
        c.find(Locator::Css("#dl-attachment")).await.unwrap().click().await.unwrap();
        let docx = downloaded(&downloads, "bilaga-KSON.docx");
        let out = run(
            &[&["attachment"][..], &args, &["--office", "KSON", "-o", work.path().join("cli.docx").to_str().unwrap(), "-q"]].concat(),
            &flat,
        );
        assert!(out.code <= 1, "{}", out.stderr);
        assert_eq!(docx, std::fs::read(work.path().join("cli.docx")).unwrap(), "the page's attachment is the command's");
        c.find(Locator::Css("#dl-report")).await.unwrap().click().await.unwrap();
        let json = downloaded(&downloads, "processlista-2023-12-31.json");
        assert_eq!(String::from_utf8(json).unwrap(), cli_report, "the page's report is check --json's");
        let corrected = c.find_all(Locator::Css("#dl-corrected button")).await.unwrap();
        let mut kson_copy = None;
        for b in corrected {
            if b.text().await.unwrap().contains("KSON-processlista-rättad.xlsx") {
                kson_copy = Some(b);
            }
        }
        kson_copy.expect("KSON's corrected copy is offered").click().await.unwrap();
        let copy = downloaded(&downloads, "KSON-processlista-rättad.xlsx");
        assert_eq!(&copy[..2], b"PK");

        // English: the page's words and the findings' messages.
        c.find(Locator::Css("#lang")).await.unwrap().click().await.unwrap();
        assert_eq!(text(&c, "#h-files").await, "1. The month's lists");
        // Under the pointer that clicked it, the toggle still reads: its
        // text is not the colour of its background.
        assert_eq!(text(&c, "#lang").await, "Svenska");
        {
            use fantoccini::actions::{InputSource, MouseActions, PointerAction};
            let toggle = c.find(Locator::Css("#lang")).await.unwrap();
            let over = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
                element: toggle,
                duration: None,
                x: 0.0,
                y: 0.0,
            });
            c.perform_actions(over).await.unwrap();
        }
        let colours = c
            .execute(
                "const s = getComputedStyle(document.getElementById('lang')); return [s.color, s.backgroundColor, document.getElementById('lang').matches(':hover')];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(colours[2], true, "the pointer is over the toggle");
        assert_ne!(colours[0], colours[1], "{colours}");
        let start = Instant::now();
        loop {
            let r = rows(&c).await;
            if r.iter().any(|row| row[6].starts_with("Meeting number 21")) {
                assert!(r.iter().all(|row| ["error", "warning", "info"].contains(&row[0].as_str())));
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "no English findings: {r:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let lang: Value = c.execute("return document.documentElement.lang", vec![]).await.unwrap();
        assert_eq!(lang, "en");
        assert!(text(&c, "#preview").await.contains("Need 1 process 2.1.1"));
        c.set_window_size(1400, height).await.unwrap();
        c.execute("window.scrollTo(0, 0); document.activeElement.blur();", vec![]).await.unwrap();
        std::fs::write(shots.join("serve-en.png"), c.screenshot().await.unwrap()).unwrap();

        c.close().await.unwrap();
    });
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
}
