//! The real-world corpus: every set listed in `MANIFEST.md` of `../shared/wsdl-corpus` (or
//! `$WSDL_CORPUS`) must resolve with zero errors. Prints one line per set.
//!
//! A missing corpus fails the test under CI (`CI` set) and is reported and skipped elsewhere.

use std::path::PathBuf;

use wsdl_codegen::{LoadOptions, Severity, load, wsdl_entries};

fn corpus_root() -> Option<PathBuf> {
    let root = std::env::var_os("WSDL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wsdl-corpus")
        });
    root.join("MANIFEST.md").is_file().then_some(root)
}

/// The set folders named in the manifest's table (first column, in backticks).
fn manifest_sets(root: &std::path::Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(root.join("MANIFEST.md")).expect("MANIFEST.md");
    manifest
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name.to_owned()))
        .filter(|name| root.join(name).is_dir())
        .collect()
}

#[test]
fn every_corpus_set_resolves_without_errors() {
    let Some(root) = corpus_root() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the WSDL corpus is missing: expected ../shared/wsdl-corpus or $WSDL_CORPUS"
        );
        eprintln!("WSDL corpus not found; set WSDL_CORPUS to run this test");
        return;
    };
    let sets = manifest_sets(&root);
    assert!(sets.len() >= 16, "the manifest lists {} sets", sets.len());
    let mut failures = Vec::new();
    for set in &sets {
        let entries = wsdl_entries(&root.join(set)).expect("set folder");
        match load(&entries, &LoadOptions::default()) {
            Ok(ir) => {
                let warnings = ir
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count();
                println!(
                    "{set:<28} {:>3} services {:>4} operations {:>5} types {:>3} warnings",
                    ir.services.len(),
                    ir.operation_count(),
                    ir.types.len(),
                    warnings
                );
            }
            Err(error) => failures.push(format!("{set}: {error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
