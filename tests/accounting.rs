//! Nothing is lost: every non-empty cell of every sample input reaches the
//! model at its own location. See `common/accounting.rs` for the rule.

mod common;

#[test]
fn every_sample_cell_reaches_the_model_at_its_location() {
    let folder = common::repo().join("samples/2023-12");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let (counted, lost) = common::accounting::account(&[folder], &files);
    assert!(counted > 250, "only {counted} cells counted");
    assert!(
        lost.is_empty(),
        "{} of {counted} cells lost words:\n{}",
        lost.len(),
        lost.join("\n")
    );
}
