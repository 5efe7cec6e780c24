//! The local web server (`processlista serve`): the page for coordinators who
//! never open a terminal, and the same work as an HTTP API for scripts.
//!
//! Takes: multipart uploads (the month's lists, optionally the master plan and
//! last month's consolidated workbook). Gives: the JSON report, the
//! consolidated workbook, the Word attachment, an office's corrected copy —
//! each made by the same library calls as the command line, so a file looks
//! the same whichever way it was made.
//!
//! | route | answers |
//! |---|---|
//! | `GET /` | the page (`page/`: HTML, script and style inside the binary) |
//! | `GET /healthz` | `{"status":"ok","version":…}` |
//! | `POST /api/check` | the JSON report of `check --json` |
//! | `POST /api/consolidate` | the consolidated workbook (.xlsx) |
//! | `POST /api/attachment` | the Word attachment (.docx); `?office=KSON` for one office's |
//! | `POST /api/fix` | one office's corrected copy (.xlsx); exactly one list |
//! | `POST /api/view` | what the page shows: the report, the attachment's tables, the download names |
//!
//! A POST is `multipart/form-data` with the field `files` once per list
//! (`folder` for files of a picked folder: those that are not lists are
//! skipped with their reason, as in a folder on the command line), and the
//! optional fields `plan` and `previous`. The query may add `lang=en`,
//! `as_of=2023-12-31`, `office=KSON` (attachment), `only=code,code` (fix).
//!
//! Safe by default ([`Limits`]): uploads are saved in a temporary folder that
//! is removed when the answer is made, each under a name of its own (a
//! client's file name is only ever a label, never a path); the total upload
//! size (413), the number of files (400) and the time per request (503) are
//! bounded; a request whose `Host` is not this server (DNS rebinding) and a
//! POST from another origin are refused (403). Every error is JSON, `{"error":
//! {"code": …, "message": …}}`, in Swedish or, with `lang=en`, English. A
//! hostile file is a `file-unreadable` finding, as on the command line.
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! use processlista::{config::Config, web};
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! web::serve(listener, Config::default(), web::Limits::default()).await
//! # }
//! ```

mod api;
mod page;
mod upload;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::ground::config::{Config, Lang};

/// What one request may ask of the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The whole request body, in bytes (default 50 MB): beyond it, 413.
    pub max_upload: usize,
    /// Files in one request (default 200): beyond it, 400.
    pub max_files: usize,
    /// Time for one request, upload included (default 120 s): beyond it, 503.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_upload: 50 * 1000 * 1000,
            max_files: 200,
            timeout: Duration::from_secs(120),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct App {
    pub cfg: Arc<Config>,
    pub limits: Limits,
    /// The port the server listens on (the `Host` check).
    pub port: u16,
}

/// An error answer: a status and a JSON body with a code and a message in
/// the request's language.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// A message in `lang`.
    pub fn say(status: StatusCode, code: &'static str, lang: Lang, sv: &str, en: &str) -> Self {
        Self::new(status, code, if lang == Lang::Sv { sv } else { en })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body.to_string() + "\n",
        )
            .into_response()
    }
}

/// The server's routes for a server listening on `port`.
pub fn router(cfg: Config, limits: Limits, port: u16) -> Router {
    let app = App {
        cfg: Arc::new(cfg),
        limits,
        port,
    };
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/favicon.svg", get(page::icon))
        .route("/healthz", get(healthz))
        .route("/api/check", api::route(api::check))
        .route("/api/consolidate", api::route(api::consolidate))
        .route("/api/attachment", api::route(api::attachment))
        .route("/api/fix", api::route(api::fix))
        .route("/api/view", api::route(api::view))
        .fallback(not_found)
        // The body limit (multipart framing included) is checked while the
        // body is read: beyond it the upload stops with 413.
        .layer(DefaultBodyLimit::max(limits.max_upload))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Serves on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    cfg: Config,
    limits: Limits,
) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    axum::serve(listener, router(cfg, limits, port)).await
}

async fn healthz() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}).to_string(),
    )
        .into_response()
}

async fn not_found(State(app): State<App>, req: Request) -> ApiError {
    let lang = lang_of(req.uri().query(), &app.cfg);
    ApiError::say(
        StatusCode::NOT_FOUND,
        "not-found",
        lang,
        "ingen sådan sida – se / eller /healthz",
        "no such page – see / or /healthz",
    )
}

/// The language a request asks for: `lang=en` or `lang=sv` in the query,
/// else the configuration's.
pub(crate) fn lang_of(query: Option<&str>, cfg: &Config) -> Lang {
    let asked =
        query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .find_map(|kv| match kv.split_once('=') {
                Some(("lang", "en")) => Some(Lang::En),
                Some(("lang", "sv")) => Some(Lang::Sv),
                _ => None,
            });
    asked.unwrap_or(cfg.lang)
}

/// Whether `host` (a `Host` header) names this server: an IP address or
/// `localhost`, with the port it listens on. A name that resolves here by
/// another route (DNS rebinding: `evil.example` pointed at 127.0.0.1) is not.
fn our_host(host: &str, port: u16) -> bool {
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    if p.parse::<u16>().ok() != Some(port) {
        return false;
    }
    let name = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

/// Refuses a request for another host and a POST from another origin, and
/// sets the headers every answer carries.
async fn guard(State(app): State<App>, req: Request, next: Next) -> Response {
    let lang = lang_of(req.uri().query(), &app.cfg);
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !our_host(host, app.port) {
        return ApiError::say(
            StatusCode::FORBIDDEN,
            "wrong-host",
            lang,
            "servern svarar bara på sin egen adress (127.0.0.1 eller localhost med sin port)",
            "the server answers only to its own address (127.0.0.1 or localhost with its port)",
        )
        .into_response();
    }
    if req.method() == Method::POST {
        let origin_ok = headers
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .is_none_or(|o| o.strip_prefix("http://") == Some(host));
        let site_ok = headers
            .get("sec-fetch-site")
            .and_then(|s| s.to_str().ok())
            .is_none_or(|s| s == "same-origin" || s == "none");
        if !origin_ok || !site_ok {
            return ApiError::say(
                StatusCode::FORBIDDEN,
                "foreign-origin",
                lang,
                "en sida från en annan webbplats får inte skicka filer hit",
                "a page from another site may not send files here",
            )
            .into_response();
        }
    }
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    // Everything the page needs is served from here.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Whether `addr` is a loopback address (the server warns otherwise).
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_check() {
        assert!(our_host("127.0.0.1:8080", 8080));
        assert!(our_host("localhost:8080", 8080));
        assert!(our_host("[::1]:8080", 8080));
        assert!(!our_host("127.0.0.1:8081", 8080));
        assert!(!our_host("evil.example:8080", 8080));
        assert!(!our_host("127.0.0.1", 8080));
        assert!(!our_host("", 8080));
    }

    #[test]
    fn language() {
        let cfg = Config::default();
        assert_eq!(lang_of(Some("a=1&lang=en"), &cfg), Lang::En);
        assert_eq!(lang_of(Some("lang=de"), &cfg), Lang::Sv);
        assert_eq!(lang_of(None, &cfg), Lang::Sv);
    }
}
