//! The page: one HTML file, its script and its style, compiled into the
//! binary (`page/`), so that it works offline and nothing is fetched from
//! elsewhere (the server's `Content-Security-Policy` says `default-src
//! 'self'`).

use axum::http::header;
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/style.css");
const ICON: &str = include_str!("page/favicon.svg");

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

pub(crate) async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX)
}

pub(crate) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

pub(crate) async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

pub(crate) async fn icon() -> Response {
    asset("image/svg+xml", ICON)
}

#[cfg(test)]
mod tests {
    /// Nothing the page loads comes from another host.
    #[test]
    fn no_external_resources() {
        for (name, text) in [
            ("index.html", super::INDEX),
            ("app.js", super::SCRIPT),
            ("style.css", super::STYLE),
        ] {
            for bad in ["http://", "https://", "//cdn", "@import", "url(http"] {
                assert!(!text.contains(bad), "{name} refers to {bad}");
            }
        }
    }
}
