//! Malformed input: every case in `tests/malformed/<case>/` is loaded and its diagnostics
//! are checked against `expected.txt`:
//!
//! ```text
//! ok                                  the set must load
//! error service.wsdl:21:11            an error at that position (file name suffix)
//! warning service.wsdl:53:5           the set loads, with a warning at that position
//! contains <text>                     that diagnostic's message (with location) contains text
//! strict                              (after a warning) a recovery: under strict loading the
//!                                     set fails, with an error at the same position
//! ```

use std::path::{Path, PathBuf};

use wsdl_codegen::{Diagnostic, LoadOptions, MemoryDocuments, Severity, load, load_from};

fn cases() -> Vec<PathBuf> {
    let root = Path::new("tests/malformed");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("tests/malformed exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[derive(Debug)]
enum Expectation {
    Ok,
    Diagnostic {
        severity: Severity,
        position: String,
        fragments: Vec<String>,
        /// Whether strict loading refuses the set at the same position.
        strict: bool,
    },
}

fn expectation(case: &Path) -> Expectation {
    let text = std::fs::read_to_string(case.join("expected.txt"))
        .unwrap_or_else(|e| panic!("{}: expected.txt: {e}", case.display()));
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    let strict = rest.contains(&"strict");
    let fragments = rest
        .iter()
        .filter_map(|l| l.strip_prefix("contains "))
        .map(|l| l.to_owned())
        .collect();
    match first.split_once(' ') {
        None if first == "ok" => Expectation::Ok,
        Some(("error", position)) => Expectation::Diagnostic {
            severity: Severity::Error,
            position: position.to_owned(),
            fragments,
            strict,
        },
        Some(("warning", position)) => Expectation::Diagnostic {
            severity: Severity::Warning,
            position: position.to_owned(),
            fragments,
            strict,
        },
        _ => panic!(
            "{}: unreadable expected.txt first line {first:?}",
            case.display()
        ),
    }
}

fn find<'d>(
    diagnostics: &'d [Diagnostic],
    severity: Severity,
    position: &str,
) -> Option<&'d Diagnostic> {
    diagnostics.iter().find(|d| {
        d.severity == severity
            && d.location
                .as_ref()
                .is_some_and(|l| format!("{}:{}:{}", l.file, l.line, l.column).ends_with(position))
    })
}

#[test]
fn malformed_inputs_give_precise_diagnostics() {
    let cases = cases();
    assert!(cases.len() >= 16, "only {} malformed cases", cases.len());
    for case in cases {
        let entry = case.join("service.wsdl");
        let result = load(std::slice::from_ref(&entry), &LoadOptions::default());
        match (expectation(&case), result) {
            (Expectation::Ok, Ok(_)) => {}
            (Expectation::Ok, Err(error)) => {
                panic!("{}: expected to load, got {error}", case.display())
            }
            (
                Expectation::Diagnostic {
                    severity,
                    position,
                    fragments,
                    strict,
                },
                result,
            ) => {
                if strict {
                    refused_when_strict(&case, &entry, &position);
                }
                let diagnostics = match (&result, severity) {
                    (Err(error), Severity::Error) => error.diagnostics.clone(),
                    (Ok(ir), Severity::Warning) => ir.diagnostics.clone(),
                    (Ok(_), _) => panic!("{}: loaded, but an error was expected", case.display()),
                    (Err(error), _) => {
                        panic!("{}: expected a warning, got {error}", case.display())
                    }
                };
                let found = find(&diagnostics, severity, &position).unwrap_or_else(|| {
                    panic!(
                        "{}: no {severity:?} at {position}; diagnostics:\n{}",
                        case.display(),
                        diagnostics
                            .iter()
                            .map(|d| d.to_string())
                            .collect::<Vec<_>>()
                            .join("\n")
                    )
                });
                let text = found.to_string();
                for fragment in fragments {
                    assert!(
                        text.contains(&fragment),
                        "{}: {text:?} lacks {fragment:?}",
                        case.display()
                    );
                }
            }
        }
    }
}

/// Loads a case whose warning is a recovery with [`LoadOptions::strict`]: it must fail with an
/// error at the warning's position that says strict loading refused it.
fn refused_when_strict(case: &Path, entry: &Path, position: &str) {
    let options = LoadOptions {
        strict: true,
        ..LoadOptions::default()
    };
    let error = load(&[entry.to_owned()], &options)
        .err()
        .unwrap_or_else(|| panic!("{}: loaded under strict loading", case.display()));
    let found = find(&error.diagnostics, Severity::Error, position).unwrap_or_else(|| {
        panic!(
            "{}: strict loading gives no error at {position}: {error}",
            case.display()
        )
    });
    assert!(
        found.message.contains("refused by strict loading"),
        "{}: {found}",
        case.display()
    );
}

/// A billion-laughs document must be refused before any expansion: quickly, and without
/// the memory an expansion would take (the entity text would be gigabytes).
#[test]
fn entity_bomb_is_refused_without_expansion() {
    let mut text =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", level - 1)
        };
        text.push_str(&format!(
            "<!ENTITY lol{level} \"{}\">\n",
            format!("&{previous};").repeat(10)
        ));
    }
    text.push_str(
        "]>\n<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\">&lol9;</definitions>\n",
    );
    let documents = MemoryDocuments::new().with("bomb.wsdl", text);
    let error = load_from(&documents, &["bomb.wsdl".into()], &LoadOptions::default())
        .expect_err("a DTD is refused");
    let message = error.to_string();
    assert!(
        message.contains("DTD entity expansion refused"),
        "{message}"
    );
    assert!(message.contains("bomb.wsdl:14:55"), "{message}");
}
