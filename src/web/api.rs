//! The API's handlers: each receives the upload ([`super::upload`]), runs
//! the same library calls as its command, and answers the file (or the JSON
//! report) with the name the command line would give it.

use std::path::{Path, PathBuf};

use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};

use super::upload::{Upload, receive};
use super::{ApiError, App, lang_of};
use crate::ground::Error;
use crate::ground::config::{Config, Lang};
use crate::ground::finding::Code;
use crate::model::Run;
use crate::output::attachment::{self, Attachment};
use crate::output::{corrected, report, workbook};
use crate::pipeline::Options;

/// The query a POST may carry.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct Params {
    pub lang: Option<String>,
    pub as_of: Option<String>,
    pub office: Option<String>,
    pub title: Option<String>,
    pub only: Option<String>,
}

impl Params {
    fn lang(&self, cfg: &Config) -> Lang {
        let q = self.lang.as_ref().map(|l| format!("lang={l}"));
        lang_of(q.as_deref(), cfg)
    }
}

/// A request's work: its configuration (in its language), its upload and
/// its query.
pub(crate) struct Job {
    cfg: Config,
    upload: Upload,
    params: Params,
}

impl Job {
    fn lang(&self) -> Lang {
        self.cfg.lang
    }

    /// The pipeline's options for the upload.
    fn options(&self) -> Result<Options, ApiError> {
        let mut opts = Options::new(self.upload.inputs(), self.cfg.clone());
        opts.plan = self.upload.plan.clone();
        opts.previous = self.upload.previous.clone();
        opts.labels = self.upload.labels.clone();
        if let Some(d) = self.params.as_of.as_deref().filter(|d| !d.is_empty()) {
            opts.as_of = Some(self.day(d)?);
        }
        Ok(opts)
    }

    fn day(&self, s: &str) -> Result<chrono::NaiveDate, ApiError> {
        crate::normalize::dates::DateParser::new(self.cfg.six_digit_order, 2000)
            .day_given(&format!("as_of={s}"), s, self.lang())
            .map_err(|m| ApiError::new(StatusCode::BAD_REQUEST, "bad-date", m))
    }

    /// The library's error as an answer: what the client sent was wrong
    /// (400), or the server failed (500); the temporary folder is never named.
    fn error(&self, e: Error) -> ApiError {
        let status = match e {
            Error::Output { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        };
        let code = match e {
            Error::Input { .. } => "bad-input",
            Error::Config { .. } => "bad-config",
            Error::Usage(_) => "bad-request",
            Error::Output { .. } => "not-written",
        };
        ApiError::new(status, code, self.upload.scrub(&e.to_string()))
    }

    fn run(&self) -> Result<Run, ApiError> {
        crate::pipeline::run(&self.options()?).map_err(|e| self.error(e))
    }

    /// A file made in the temporary folder, read back.
    fn out(&self, name: &str) -> Result<PathBuf, ApiError> {
        let dir = self.upload.dir.path().join("out");
        std::fs::create_dir_all(&dir).map_err(|e| self.disk(e))?;
        Ok(dir.join(name))
    }

    fn disk(&self, e: std::io::Error) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server-disk",
            self.upload.scrub(&e.to_string()),
        )
    }

    fn office(&self) -> Result<Option<String>, ApiError> {
        match self.params.office.as_deref().filter(|o| !o.is_empty()) {
            Some(o) => Ok(Some(
                self.cfg
                    .office_arg(o, self.lang())
                    .map_err(|e| self.error(e))?,
            )),
            None => Ok(None),
        }
    }
}

/// The file names the command line would use.
pub(crate) mod names {
    use crate::ground::config::Lang;

    pub fn workbook(as_of: chrono::NaiveDate) -> String {
        crate::output::workbook::default_output(as_of)
            .display()
            .to_string()
    }

    pub fn report(as_of: chrono::NaiveDate) -> String {
        format!("processlista-{}.json", as_of.format("%Y-%m-%d"))
    }

    pub fn attachment(office: Option<&str>, lang: Lang) -> String {
        let base = if lang == Lang::Sv {
            "bilaga"
        } else {
            "attachment"
        };
        match office {
            Some(o) => format!("{base}-{o}.docx"),
            None => format!("{base}.docx"),
        }
    }

    pub fn corrected(list: &str, lang: Lang) -> String {
        let stem = std::path::Path::new(list)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| list.to_string());
        let tail = if lang == Lang::Sv {
            "rättad"
        } else {
            "corrected"
        };
        format!("{stem}-{tail}.xlsx")
    }
}

/// A `Content-Disposition` header value for `name`, ASCII and UTF-8 (RFC 6266).
fn disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn file(bytes: Vec<u8>, kind: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition("attachment", name)),
        ],
        bytes,
    )
        .into_response()
}

fn json(body: String, name: Option<&str>) -> Response {
    let mut r = (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response();
    if let Some(n) = name
        && let Ok(v) = disposition("inline", n).parse()
    {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The POST route that receives the upload and does `work` on a blocking
/// thread, all within the time limit.
pub(crate) fn route(work: fn(&Job) -> Result<Response, ApiError>) -> MethodRouter<App> {
    post(
        move |State(app): State<App>,
              params: Result<Query<Params>, QueryRejection>,
              multipart: Result<Multipart, MultipartRejection>| {
            handle(app, params, multipart, work)
        },
    )
}

async fn handle(
    app: App,
    params: Result<Query<Params>, QueryRejection>,
    multipart: Result<Multipart, MultipartRejection>,
    work: fn(&Job) -> Result<Response, ApiError>,
) -> Result<Response, ApiError> {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let lang = params.lang(&app.cfg);
    let multipart = multipart.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "not-multipart",
            match lang {
                Lang::Sv => format!("skicka filerna som multipart/form-data i fältet files ({e})"),
                Lang::En => {
                    format!("send the files as multipart/form-data in the field files ({e})")
                }
            },
        )
    })?;
    let limits = app.limits;
    let mut cfg = (*app.cfg).clone();
    cfg.lang = lang;
    let job = async move {
        let upload = receive(multipart, &limits, lang).await?;
        let job = Job {
            cfg,
            upload,
            params,
        };
        tokio::task::spawn_blocking(move || {
            // A panic is an internal error, answered as such; the server
            // goes on.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&job))).unwrap_or_else(
                |_| {
                    Err(ApiError::say(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        job.lang(),
                        "ett internt fel i processlista – försök igen, och rapportera felet med filerna om det återkommer",
                        "an internal error in processlista – try again, and report it with the files if it recurs",
                    ))
                },
            )
        })
        .await
        .map_err(|_| {
            ApiError::say(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                lang,
                "arbetet avbröts – försök igen",
                "the work was interrupted – try again",
            )
        })?
    };
    let start = std::time::Instant::now();
    match tokio::time::timeout(limits.timeout, job).await {
        // The server's time for the request, upload included, for a
        // client's measurements (benches/serve.rs).
        Ok(Ok(mut r)) => {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            if let Ok(v) = format!("app;dur={ms:.1}").parse() {
                r.headers_mut().insert("server-timing", v);
            }
            Ok(r)
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            match lang {
                Lang::Sv => format!(
                    "begäran tog längre än {} s – skicka färre filer åt gången eller starta servern med --timeout",
                    limits.timeout.as_secs_f64()
                ),
                Lang::En => format!(
                    "the request took longer than {} s – send fewer files at a time or start the server with --timeout",
                    limits.timeout.as_secs_f64()
                ),
            },
        )),
    }
}

pub(crate) fn check(job: &Job) -> Result<Response, ApiError> {
    let run = job.run()?;
    let name = names::report(run.model.as_of);
    Ok(json(report::to_json(&run) + "\n", Some(&name)))
}

pub(crate) fn consolidate(job: &Job) -> Result<Response, ApiError> {
    let opts = job.options()?;
    let model = crate::pipeline::prepare(&opts).map_err(|e| job.error(e))?;
    let name = names::workbook(model.as_of);
    let out = job.out(&name)?;
    workbook::check_and_write(model, &job.cfg, &out, &opts.inputs).map_err(|e| job.error(e))?;
    let bytes = std::fs::read(&out).map_err(|e| job.disk(e))?;
    Ok(file(bytes, XLSX, &name))
}

pub(crate) fn attachment(job: &Job) -> Result<Response, ApiError> {
    let office = job.office()?;
    let run = job.run()?;
    let doc = Attachment {
        office: office.clone(),
        title: job.params.title.clone().filter(|t| !t.is_empty()),
    };
    let bytes = attachment::docx_bytes(&run, &doc, job.lang()).map_err(|e| job.error(e))?;
    Ok(file(
        bytes,
        DOCX,
        &names::attachment(office.as_deref(), job.lang()),
    ))
}

pub(crate) fn fix(job: &Job) -> Result<Response, ApiError> {
    let lang = job.lang();
    let list = match (&job.upload.files[..], &job.upload.folder) {
        ([one], None) => one.clone(),
        _ => {
            return Err(ApiError::say(
                StatusCode::BAD_REQUEST,
                "one-list",
                lang,
                "en rättad kopia görs av en lista i taget – skicka exakt en fil i fältet files",
                "a corrected copy is made of one list at a time – send exactly one file in the field files",
            ));
        }
    };
    let only = only(job)?;
    let shown = job
        .upload
        .labels
        .iter()
        .find(|(p, _)| *p == list)
        .map(|(_, l)| l.clone())
        .unwrap_or_default();
    let mut book = crate::read::read_file(&list, &job.cfg).map_err(|f| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "file-unreadable",
            format!("{shown}: {}", job.upload.scrub(&reason(&f.reason, lang))),
        )
    })?;
    book.file = shown.clone();
    let run = job.run()?;
    let name = names::corrected(&shown, lang);
    let out = job.out(&name)?;
    corrected::write(&book, &run.findings, only.as_deref(), &job.cfg, &out)
        .map_err(|e| job.error(e))?;
    let bytes = std::fs::read(&out).map_err(|e| job.disk(e))?;
    Ok(file(bytes, XLSX, &name))
}

fn reason(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::Sv => crate::ground::messages::reason_sv(reason),
        Lang::En => reason.to_string(),
    }
}

fn only(job: &Job) -> Result<Option<Vec<Code>>, ApiError> {
    let Some(list) = job.params.only.as_deref().filter(|o| !o.is_empty()) else {
        return Ok(None);
    };
    let mut codes = Vec::new();
    for c in list.split(',') {
        codes.push(Code::parse(c.trim()).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad-code",
                match job.lang() {
                    Lang::Sv => format!("only={c}: ingen sådan avvikelsekod (se README)"),
                    Lang::En => format!("only={c}: no such finding code (see README)"),
                },
            )
        })?);
    }
    Ok(Some(codes))
}

/// One list's corrected copy as the page offers it.
#[derive(serde::Serialize)]
struct Corrected {
    file: String,
    office: Option<String>,
    name: String,
    /// The fixes the copy would make.
    proposals: usize,
}

/// What the page shows in one answer: the report, the attachment's tables,
/// and the names of the downloads.
pub(crate) fn view(job: &Job) -> Result<Response, ApiError> {
    let lang = job.lang();
    let office = job.office()?;
    let run = job.run()?;
    let as_of = run.model.as_of;
    let preview = attachment::preview(
        &run,
        &Attachment {
            office: office.clone(),
            title: None,
        },
        lang,
    );
    let corrected: Vec<Corrected> = run
        .model
        .sources
        .iter()
        .filter(|s| s.error.is_none() && is_sheet(&s.file))
        .map(|s| Corrected {
            file: s.file.clone(),
            office: s.office.as_ref().map(|o| o.to_string()),
            name: names::corrected(&s.file, lang),
            proposals: run
                .findings
                .iter()
                .filter(|f| {
                    f.source.file() == s.file
                        && f.details.get("proposal").is_some_and(|p| !p.is_null())
                })
                .count(),
        })
        .collect();
    let downloads = serde_json::json!({
        "workbook": names::workbook(as_of),
        "report": names::report(as_of),
        "attachment": names::attachment(office.as_deref(), lang),
        "corrected": corrected,
    });
    let body = format!(
        "{{\"report\":{},\"attachment\":{},\"downloads\":{}}}\n",
        report::to_json(&run),
        serde_json::to_string(&preview).unwrap_or_else(|_| "null".into()),
        downloads
    );
    Ok(json(body, None))
}

/// Whether a list is a spreadsheet (a corrected copy is offered for it; a
/// Word document's list is corrected in Word).
fn is_sheet(file: &str) -> bool {
    Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            crate::read::EXTENSIONS
                .iter()
                .any(|x| *x != "docx" && e.eq_ignore_ascii_case(x))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names() {
        assert_eq!(
            names::corrected("KSON-processlista.xlsx", Lang::Sv),
            "KSON-processlista-rättad.xlsx"
        );
        assert_eq!(names::corrected("SoC.ods", Lang::En), "SoC-corrected.xlsx");
        assert_eq!(
            names::attachment(Some("KSON"), Lang::Sv),
            "bilaga-KSON.docx"
        );
        let d = disposition("attachment", "KSON-rättad.xlsx");
        assert_eq!(
            d,
            "attachment; filename=\"KSON-r_ttad.xlsx\"; filename*=UTF-8''KSON-r%C3%A4ttad.xlsx"
        );
    }
}
