//! The same lists saved as .ods and .xls (by LibreOffice, committed under
//! tests/fixtures) and as .xlsm read exactly like the .xlsx originals.

mod common;

use common::*;

fn findings_of(path: &std::path::Path) -> (u64, Vec<(String, String, String)>) {
    let (_, report) = check_json(
        &repo(),
        &[path.to_str().unwrap()],
        &["--as-of", "2023-12-31"],
    );
    (
        report["sources"][0]["processes"].as_u64().unwrap(),
        triples(&report),
    )
}

#[test]
fn ods_xls_and_xlsm_read_like_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    for office in ["KSON", "SoC"] {
        let xlsx = repo().join(format!("samples/2023-12/{office}-processlista.xlsx"));
        let (n, expected) = findings_of(&xlsx);
        assert!(n >= 7 && !expected.is_empty());
        let xlsm = dir.path().join(format!("{office}.xlsm"));
        std::fs::copy(&xlsx, &xlsm).unwrap();
        for path in [
            repo().join(format!("tests/fixtures/{office}-processlista.ods")),
            repo().join(format!("tests/fixtures/{office}-processlista.xls")),
            xlsm,
        ] {
            assert_eq!(findings_of(&path), (n, expected.clone()), "{path:?}");
        }
    }
}
