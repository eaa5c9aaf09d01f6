//! The generic runtime stays generic: nothing in its sources, tests, benches or manifest names
//! a particular service (the WFM layer lives in `wfm-runtime`), so a crate generated for any
//! WSDL can depend on it without inheriting one.

use std::path::{Path, PathBuf};

/// Words that belong to the WFM layer, matched case-insensitively.
const SERVICE_WORDS: [&str; 4] = ["wfm", "genesys", "gauth", "userinfo"];

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn no_source_names_a_particular_service() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("Cargo.toml")];
    for dir in ["src", "tests", "benches"] {
        files_under(&root.join(dir), &mut files);
    }
    let mut found = Vec::new();
    // This file names the words it looks for.
    for file in files
        .iter()
        .filter(|f| !f.ends_with("tests/service_neutral.rs"))
    {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (number, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            if let Some(word) = SERVICE_WORDS.iter().find(|w| lower.contains(*w)) {
                found.push(format!("{}:{}: {word}: {line}", file.display(), number + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "service names in the generic runtime:\n{}",
        found.join("\n")
    );
}
