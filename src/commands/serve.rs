//! `processlista serve`: the local web page and its HTTP API (`web`), on
//! 127.0.0.1 unless `--listen` names another address.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use super::{LangArg, config_file, emit};
use crate::ground::Error;
use crate::ground::config::Lang;
use crate::ground::names::tr;

#[derive(clap::Args)]
pub struct Args {
    /// The port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080, value_name = "PORT")]
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1 (other computers can then reach the page: a warning is printed).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<IpAddr>,
    /// Open the page in the web browser once the server listens.
    #[arg(long)]
    pub open: bool,
    /// Configuration file (TOML) merged over the default (see `processlista config`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Language of the page and the messages: sv (default) or en.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// The most a request may upload, in MB.
    #[arg(long, default_value_t = 50, value_name = "MB")]
    pub max_upload: usize,
    /// The most files in one request.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub max_files: usize,
    /// The most time for one request, in seconds.
    #[arg(long, default_value_t = 120.0, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: f64,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let mut cfg = config_file(args.config.as_deref(), args.lang)?;
    if let Some(l) = args.lang {
        cfg.lang = l.into();
    }
    let lang = cfg.lang;
    let ip = args.listen.unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let limits = crate::web::Limits {
        max_upload: args.max_upload.saturating_mul(1_000_000),
        max_files: args.max_files,
        timeout: Duration::from_secs_f64(args.timeout),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "{}: {e}",
                tr(
                    lang,
                    "servern kunde inte starta",
                    "the server could not start"
                )
            ))
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, args.port))
            .await
            .map_err(|e| bind_error(lang, ip, args.port, &e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| bind_error(lang, ip, args.port, &e))?;
        let host = if addr.ip().is_unspecified() {
            SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port())
        } else {
            addr
        };
        let url = format!(
            "http://{host}/{}",
            if lang == Lang::En { "?lang=en" } else { "" }
        );
        emit(&format!(
            "{} {url}\n{}\n",
            tr(lang, "processlista visar sidan på", "processlista serves the page at"),
            tr(
                lang,
                "Öppna adressen i webbläsaren. Tryck Ctrl+C för att avsluta.",
                "Open the address in the web browser. Press Ctrl+C to stop."
            )
        ));
        if !crate::web::is_loopback(&addr) {
            eprintln!(
                "processlista: {}",
                match lang {
                    Lang::Sv => format!(
                        "varning: servern lyssnar på {addr}, så andra datorer i nätverket kan nå sidan och skicka filer till den; utan --listen lyssnar den bara på den här datorn (127.0.0.1)"
                    ),
                    Lang::En => format!(
                        "warning: the server listens on {addr}, so other computers on the network can reach the page and send files to it; without --listen it listens on this computer only (127.0.0.1)"
                    ),
                }
            );
        }
        if args.open {
            open_browser(&url, lang);
        }
        crate::web::serve(listener, cfg, limits)
            .await
            .map_err(|e| Error::Usage(format!("{}: {e}", tr(lang, "servern stannade", "the server stopped"))))
    })?;
    Ok(ExitCode::SUCCESS)
}

fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() && v < 1e9 => Ok(v),
        _ => Err(format!(
            "{s}: not a number of seconds above 0 (e.g. 120 or 0.5)"
        )),
    }
}

fn bind_error(lang: Lang, ip: IpAddr, port: u16, e: &std::io::Error) -> Error {
    let addr = SocketAddr::new(ip, port);
    Error::Usage(match (e.kind(), lang) {
        (std::io::ErrorKind::AddrInUse, Lang::Sv) => format!(
            "{addr}: porten används redan (kanske av en annan processlista serve) – välj en annan med --port"
        ),
        (std::io::ErrorKind::AddrInUse, Lang::En) => format!(
            "{addr}: the port is already in use (perhaps by another processlista serve) – choose another with --port"
        ),
        (_, Lang::Sv) => {
            format!("{addr}: servern kan inte lyssna där ({e}) – välj en annan adress eller port")
        }
        (_, Lang::En) => {
            format!("{addr}: the server cannot listen there ({e}) – choose another address or port")
        }
    })
}

/// Opens `url` in the desktop's browser; says so when it cannot.
fn open_browser(url: &str, lang: Lang) {
    let result = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        eprintln!(
            "processlista: {} ({e})",
            match lang {
                Lang::Sv => format!("webbläsaren kunde inte öppnas – öppna {url} själv"),
                Lang::En => format!("the browser could not be opened – open {url} yourself"),
            }
        );
    }
}
