//! `cargo xtask codegen`: the SDK's generated modules from `wsdl/` and the fixture crate's
//! snapshots (see [`crate::checked_in`]), or a standalone crate for any WSDL set.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use wsdl_codegen::ir::Ir;
use wsdl_codegen::package::{CrateOptions, write_crate};
use wsdl_codegen::{Derives, LoadOptions};
use wsdl2rust::{GenerateArgs, default_runtime};

use crate::checked_in::{Drift, GeneratedFiles, repository_root};

/// Options of `cargo xtask codegen`.
#[derive(Default)]
pub struct CodegenArgs {
    pub check: bool,
    /// The crate to generate (`--wsdl`, `--out`, …) and the load flags.
    pub generate: GenerateArgs,
}

pub fn run(args: CodegenArgs) -> Result<ExitCode> {
    if !args.generate.names_a_crate() {
        if !args.generate.load.type_overrides.is_empty() {
            bail!("--overrides goes with --wsdl: the SDK's type overrides are wsdl/codegen.toml");
        }
        return checked_in_files(&args);
    }
    if args.check {
        bail!("--check compares the checked-in files; it does not go with --wsdl and --out");
    }
    args.generate.run("cargo xtask codegen")?;
    Ok(ExitCode::SUCCESS)
}

/// The SDK's generated modules and the fixture crate's snapshots: rewritten, or with
/// `--check` compared with what the generator now produces.
fn checked_in_files(args: &CodegenArgs) -> Result<ExitCode> {
    if !args.generate.load.filter.is_empty() {
        bail!(
            "--operations and --ports select what to generate of a --wsdl set; the checked-in \
             files are generated whole (a fixture's filter is listed in xtask's checked_in.rs)"
        );
    }
    let root = repository_root();
    let generated = GeneratedFiles::generate(&args.generate.load)?;
    for line in &generated.report {
        eprintln!("  {line}");
    }
    if args.check {
        let drift = generated.drift(&root);
        if drift.is_empty() {
            eprintln!(
                "generated files are up to date ({} files)",
                generated.files.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        for problem in drift {
            eprintln!("error: {problem}");
        }
        eprintln!("run `cargo xtask codegen` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    for change in generated.write(&root)? {
        match change {
            Drift::Stale(path) | Drift::Missing(path) => eprintln!("  wrote {}", path.display()),
            Drift::Orphan(path) => eprintln!("  removed {}", path.display()),
        }
    }
    eprintln!("{} generated files are current", generated.files.len());
    Ok(ExitCode::SUCCESS)
}

/// What [`generate_crate`] produced.
pub struct GeneratedCrate {
    pub name: String,
    pub lines: usize,
    pub elapsed: std::time::Duration,
}

/// Writes a crate for a WSDL set, with the repository's soap-runtime, as a member of the
/// workspace its caller writes around it. Returns the set's IR too, for tests written beside
/// the crate.
pub fn generate_crate(
    wsdl: &Path,
    out: &Path,
    load_options: &LoadOptions,
    derives: Derives,
) -> Result<(GeneratedCrate, Ir)> {
    let started = Instant::now();
    let options = CrateOptions {
        own_workspace: false,
        derives,
        ..CrateOptions::new(default_runtime(), "cargo xtask codegen")
    };
    let generated = write_crate(wsdl, out, load_options, &options)?;
    let info = GeneratedCrate {
        name: generated.name,
        lines: generated.lines,
        elapsed: started.elapsed(),
    };
    Ok((info, generated.ir))
}
