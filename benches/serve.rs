//! Benchmark: `processlista serve` answering the sample month.
//!
//! `cargo bench --bench serve` starts the release binary on 127.0.0.1 (an
//! ephemeral port), posts the month's five lists (`samples/2023-12`) to
//! `/api/check` and `/api/consolidate` `BENCH_REQUESTS` times each (default
//! 50, after 3 warm-up requests), one at a time, and prints for each route
//! the median and 95th percentile of the server's time (its `Server-Timing`
//! header: from the request's arrival, upload included, to the answer) and
//! of the client's round trip. Then it sends 20 at once and prints the
//! slowest round trip, and the server's peak memory. The targets: check under 200 ms, consolidate
//! under 300 ms of server time.

#[path = "../tests/common/http.rs"]
#[allow(dead_code)]
mod http;

use std::time::{Duration, Instant};

fn median_p95(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
}

fn server_ms(r: &http::Resp) -> f64 {
    r.header("server-timing")
        .and_then(|t| t.split("dur=").nth(1))
        .and_then(|d| d.parse().ok())
        .expect("a Server-Timing header")
}

fn main() {
    let n: usize = std::env::var("BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let month = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2023-12");
    let parts = http::files_of(&month);
    let bytes: usize = parts.iter().map(|p| p.bytes.len()).sum();
    let server = http::Server::start(&[]);
    println!(
        "sample month: {} files, {} KB; {n} requests per route, one at a time",
        parts.len(),
        bytes / 1000
    );
    println!(
        "{:<18} {:>14} {:>14} {:>14} {:>14}",
        "route", "server median", "server p95", "trip median", "trip p95"
    );
    for route in [
        "/api/check",
        "/api/consolidate",
        "/api/attachment",
        "/api/view",
    ] {
        for _ in 0..3 {
            assert_eq!(server.post(route, &parts, &[]).status, 200);
        }
        let (mut srv, mut trip) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let t = Instant::now();
            let r = server.post(route, &parts, &[]);
            trip.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(r.status, 200, "{}", r.text());
            srv.push(server_ms(&r));
        }
        let (sm, sp) = median_p95(srv);
        let (tm, tp) = median_p95(trip);
        println!("{route:<18} {sm:>11.1} ms {sp:>11.1} ms {tm:>11.1} ms {tp:>11.1} ms");
    }
    let t = Instant::now();
    let slowest = std::thread::scope(|s| {
        let hs: Vec<_> = (0..20)
            .map(|_| {
                s.spawn(|| {
                    let t = Instant::now();
                    let r = server.post("/api/check", &parts, &[]);
                    assert_eq!(r.status, 200);
                    t.elapsed()
                })
            })
            .collect();
        hs.into_iter()
            .map(|h| h.join().unwrap())
            .max()
            .unwrap_or(Duration::ZERO)
    });
    println!(
        "20 checks at once: all answered in {:.0} ms, the slowest round trip {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0,
        slowest.as_secs_f64() * 1000.0
    );
    if let Some(kib) = server.peak_kib() {
        println!("the server's peak memory: {:.1} MiB", kib as f64 / 1024.0);
    }
}
