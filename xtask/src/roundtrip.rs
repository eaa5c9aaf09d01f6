//! `cargo xtask roundtrip`: property-based encode → decode round trips over every generated
//! type of several corpus sets.
//!
//! For each set it writes the generated crate under `target/corpus/<set>` (as `cargo xtask
//! corpus` does) plus a test `tests/round_trip.rs` listing every type of the set's IR, then
//! runs that test with the crate's `arbitrary` feature, in the target directory the corpus
//! crates share.

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result};
use wsdl_codegen::{EmitOptions, emit_round_trip_test};

use crate::checked_in::repository_root;
use crate::corpus::{GeneratedSet, corpus_root, generate_set, write_workspace};

/// The sets checked, and what each brings that the others do not.
const SETS: &[(&str, &str)] = &[
    (
        "salesforce-enterprise",
        "the most types (282): recursion through boxed fields, nillable everywhere",
    ),
    (
        "salesforce-partner",
        "`xs:any` (sObject fields), open enumerations, restrictions",
    ),
    (
        "correios-sigep-cxf",
        "CXF: unqualified elements, enumerations, recursive types",
    ),
    (
        "jira-axis1-rpc-encoded",
        "rpc/encoded: 28 SOAP-encoded arrays, extension of abstract types",
    ),
    (
        "uddi-v2",
        "choice groups, simple content with attributes, restrictions, `xs:any`",
    ),
    (
        "wcf-svcutil-multifile",
        "WCF data contracts: serialization restrictions, enumerations, `xs:any`",
    ),
];

/// Options of `cargo xtask roundtrip`.
#[derive(Default)]
pub struct RoundTripArgs {
    pub corpus: Option<PathBuf>,
    /// Values per type (the test's own default when absent).
    pub cases: Option<u64>,
}

pub fn run(args: RoundTripArgs) -> Result<ExitCode> {
    let corpus = corpus_root(args.corpus);
    let root = repository_root();
    let out = root.join("target/corpus");
    let mut crates = Vec::new();
    for (set, _) in SETS {
        let GeneratedSet {
            dir: crate_dir,
            generated,
            ir,
        } = generate_set(&corpus, set, &out)?;
        let test = emit_round_trip_test(
            &ir,
            &generated.name.replace('-', "_"),
            &EmitOptions {
                source: format!("`{set}`"),
                ..EmitOptions::default()
            },
        )?;
        std::fs::create_dir_all(crate_dir.join("tests"))?;
        std::fs::write(crate_dir.join("tests/round_trip.rs"), test)?;
        crates.push((*set, generated.name));
    }
    let members: Vec<&str> = SETS.iter().map(|(set, _)| *set).collect();
    write_workspace(&out, &members, "cargo xtask roundtrip")?;
    println!(
        "{:<24} {:>6} {:>7} {:>9}  what it exercises",
        "set", "types", "values", "time"
    );
    let mut failures = Vec::new();
    for ((set, package), (_, why)) in crates.iter().zip(SETS) {
        let started = Instant::now();
        let mut command =
            Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        command
            .args([
                "test",
                "--quiet",
                "--features",
                "arbitrary",
                "--package",
                package,
                "--test",
                "round_trip",
                "--",
                "--nocapture",
            ])
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", root.join("target/corpus-check"))
            .env("RUSTFLAGS", "-D warnings")
            // Unoptimised code building nested values of types with hundreds of fields
            // (salesforce's sObjects, each a variant of `AnySObject`) takes frames of many
            // kilobytes: give the test thread room.
            .env("RUST_MIN_STACK", (64 << 20).to_string());
        if let Some(cases) = args.cases {
            command.env("ROUND_TRIP_CASES", cases.to_string());
        }
        let output = command.output().context("running cargo test")?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        // The test prints `round trip: <types> types, <values> values`.
        let counts = stdout
            .lines()
            .find_map(|line| line.strip_prefix("round trip: "))
            .and_then(|counts| {
                let mut numbers = counts
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|n| !n.is_empty());
                Some((numbers.next()?.to_owned(), numbers.next()?.to_owned()))
            });
        let (types, values) = counts.unwrap_or_else(|| ("-".to_owned(), "-".to_owned()));
        println!(
            "{set:<24} {types:>6} {values:>7} {:>8.1?}  {why}{}",
            started.elapsed(),
            if output.status.success() {
                ""
            } else {
                "  FAILED"
            }
        );
        if !output.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            failures.push(*set);
        }
    }
    if failures.is_empty() {
        println!(
            "every type of {} corpus sets survives encode → decode",
            crates.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("error: round trips failed in: {}", failures.join(", "));
        Ok(ExitCode::FAILURE)
    }
}
