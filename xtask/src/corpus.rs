//! `cargo xtask corpus`: a crate for every set of the WSDL corpus, each `cargo check`ed with
//! warnings denied, in one shared target directory.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use wsdl_codegen::ir::Ir;
use wsdl_codegen::{Derives, LoadOptions};

use crate::checked_in::repository_root;
use crate::codegen::{GeneratedCrate, generate_crate};

/// The corpus folder: `--corpus DIR`, else `$WSDL_CORPUS`, else `../shared/wsdl-corpus`.
pub fn corpus_root(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os("WSDL_CORPUS").map(PathBuf::from))
        .unwrap_or_else(|| repository_root().join("../shared/wsdl-corpus"))
}

/// A corpus set generated as the crate `out/<set>`, with the set's IR for the tests written
/// beside it.
pub struct GeneratedSet {
    /// The crate's folder.
    pub dir: PathBuf,
    /// What generating it produced.
    pub generated: GeneratedCrate,
    /// The set, loaded and resolved.
    pub ir: Ir,
}

/// Generates the corpus set `set` (a folder of `corpus`) as a crate under `out`, with its IR,
/// its types deriving `Clone` and `PartialEq` too, as the tests written beside it compare
/// values.
pub fn generate_set(corpus: &Path, set: &str, out: &Path) -> Result<GeneratedSet> {
    let wsdl = corpus.join(set);
    if !wsdl.is_dir() {
        bail!("the corpus set {set} is missing at {}", wsdl.display());
    }
    let dir = out.join(set);
    let (generated, ir) = generate_crate(&wsdl, &dir, &LoadOptions::default(), Derives::ALL)
        .with_context(|| format!("generating {set}"))?;
    Ok(GeneratedSet { dir, generated, ir })
}

/// The set folders the manifest's table names (first column, in backticks).
fn manifest_sets(root: &Path) -> Result<Vec<String>> {
    let manifest = std::fs::read_to_string(root.join("MANIFEST.md")).with_context(|| {
        format!(
            "the WSDL corpus is missing: no {}",
            root.join("MANIFEST.md").display()
        )
    })?;
    Ok(manifest
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name.to_owned()))
        .filter(|name| root.join(name).is_dir())
        .collect())
}

pub fn run(explicit_corpus: Option<PathBuf>) -> Result<ExitCode> {
    let corpus = corpus_root(explicit_corpus);
    let sets = manifest_sets(&corpus)?;
    if sets.is_empty() {
        bail!("{} lists no set", corpus.join("MANIFEST.md").display());
    }
    let root = repository_root();
    let out = root.join("target/corpus");
    let mut generated = Vec::new();
    for set in &sets {
        let crate_dir = out.join(set);
        // As wsdl2rust generates it by default (the sets `generate_set` writes for the
        // round-trip and peer tests check the types with every derive).
        let (info, _) = generate_crate(
            &corpus.join(set),
            &crate_dir,
            &LoadOptions::default(),
            Derives::default(),
        )
        .with_context(|| format!("generating {set}"))?;
        generated.push((set.clone(), info));
    }
    // Smallest first: the first check also builds the dependencies, and says so.
    generated.sort_by_key(|(_, info)| info.lines);
    let members: Vec<&str> = generated.iter().map(|(set, _)| set.as_str()).collect();
    write_workspace(&out, &members, "cargo xtask corpus")?;
    println!(
        "{:<28} {:>8} {:>11} {:>13}",
        "set", "lines", "generation", "cargo check"
    );
    let mut failures = Vec::new();
    for (index, (set, info)) in generated.iter().enumerate() {
        let started = Instant::now();
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args([
                "check",
                "--quiet",
                "--features",
                "server,serde",
                "--package",
                &info.name,
            ])
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", root.join("target/corpus-check"))
            .env("RUSTFLAGS", "-D warnings")
            .status()
            .context("running cargo check")?;
        let note = if index == 0 {
            " (with dependencies)"
        } else {
            ""
        };
        println!(
            "{set:<28} {:>8} {:>9.0?} {:>11.1?}{note}{}",
            info.lines,
            info.elapsed,
            started.elapsed(),
            if status.success() { "" } else { "  FAILED" }
        );
        if !status.success() {
            failures.push(set.clone());
        }
    }
    if failures.is_empty() {
        println!(
            "all {} corpus crates compile without warnings",
            generated.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "error: these corpus crates do not compile: {}",
            failures.join(", ")
        );
        Ok(ExitCode::FAILURE)
    }
}

/// Makes `out` (holding a crate per set) a workspace of the `members` sets, so that they share
/// one lock file and build their dependencies once.
pub fn write_workspace(out: &Path, members: &[&str], writer: &str) -> Result<()> {
    let members: Vec<String> = members.iter().map(|set| format!("{set:?}")).collect();
    let manifest = format!(
        "# Written by `{writer}`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest)
        .with_context(|| format!("writing {}", out.join("Cargo.toml").display()))
}
