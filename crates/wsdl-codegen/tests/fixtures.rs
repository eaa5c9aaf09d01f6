//! Construct fixtures: every `tests/fixtures/<construct>/service.wsdl` is loaded and its IR,
//! rendered by [`wsdl_codegen::dump`], is compared with `ir.snap` beside it.
//!
//! After an intended change, review and accept new snapshots with
//! `INSTA_UPDATE=always cargo test -p wsdl-codegen --test fixtures`, then `git diff`.

use std::path::{Path, PathBuf};

use wsdl_codegen::{LoadOptions, dump, load};

#[test]
fn every_fixture_matches_its_ir_snapshot() {
    let root = Path::new("tests/fixtures");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 30, "only {} fixtures", fixtures.len());
    for fixture in fixtures {
        let ir = load(&[fixture.join("service.wsdl")], &LoadOptions::default())
            .unwrap_or_else(|error| panic!("{}: {error}", fixture.display()));
        let absolute = std::fs::canonicalize(&fixture).expect("fixture folder");
        insta::with_settings!({
            snapshot_path => absolute,
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => fixture.display().to_string(),
        }, {
            insta::assert_snapshot!("ir", dump(&ir));
        });
    }
}
