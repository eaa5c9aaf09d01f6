//! `cargo xtask codegen`: the SDK's generated modules from `wsdl/` and the fixture crate's
//! snapshots (see [`crate::checked_in`]), or a standalone crate for any WSDL set.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use wsdl_codegen::ir::Ir;
use wsdl_codegen::{
    EmitOptions, LoadOptions, OverrideUsage, Severity, emit_module, load, wsdl_entries,
};

use crate::checked_in::{Drift, GENERATED_HEADER, GeneratedFiles, repository_root};

/// Options of `cargo xtask codegen`.
#[derive(Default)]
pub struct CodegenArgs {
    pub check: bool,
    pub wsdl: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub load: LoadOptions,
}

pub fn run(args: CodegenArgs) -> Result<ExitCode> {
    match (&args.wsdl, &args.out) {
        (Some(wsdl), Some(out)) => {
            standalone_crate(wsdl, out, &args.load)?;
            Ok(ExitCode::SUCCESS)
        }
        (None, None) if !args.load.type_overrides.is_empty() => {
            bail!("--overrides goes with --wsdl: the SDK's type overrides are wsdl/codegen.toml")
        }
        (None, None) => checked_in_files(&args),
        _ => bail!("--wsdl and --out go together (a standalone crate for any WSDL set)"),
    }
}

/// The SDK's generated modules and the fixture crate's snapshots: rewritten, or with
/// `--check` compared with what the generator now produces.
fn checked_in_files(args: &CodegenArgs) -> Result<ExitCode> {
    let root = repository_root();
    let generated = GeneratedFiles::generate(&args.load)?;
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

/// A crate of its own for any WSDL set: `DIR/Cargo.toml` and `DIR/src/lib.rs`.
fn standalone_crate(wsdl: &Path, out: &Path, load: &LoadOptions) -> Result<()> {
    let (generated, ir) = generate_crate(wsdl, out, load, true)?;
    for diagnostic in &ir.diagnostics {
        eprintln!("{diagnostic}");
    }
    let warnings = ir
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    eprintln!(
        "generated {} ({} lines of Rust) from {} in {:.0?}, {warnings} warning(s)",
        out.display(),
        generated.lines,
        wsdl.display(),
        generated.elapsed
    );
    Ok(())
}

/// What [`generate_crate`] produced.
pub struct GeneratedCrate {
    pub name: String,
    pub lines: usize,
    pub elapsed: std::time::Duration,
}

/// Writes a crate for a WSDL set; `own_workspace` makes it a workspace of its own. Returns
/// the set's IR too, for tests written beside the crate.
pub fn generate_crate(
    wsdl: &Path,
    out: &Path,
    load_options: &LoadOptions,
    own_workspace: bool,
) -> Result<(GeneratedCrate, Ir)> {
    let started = Instant::now();
    let entries = wsdl_entries(wsdl).with_context(|| format!("listing {}", wsdl.display()))?;
    if entries.is_empty() {
        bail!("no *.wsdl file in {}", wsdl.display());
    }
    let source_name = wsdl
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let crate_name = out
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .to_lowercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "generated-soap-client".to_owned());
    let options = EmitOptions {
        source: format!("`{source_name}`"),
        // The crate's `src/lib.rs` includes its parts from `src/<crate name>/`.
        module_name: crate_name.replace('-', "_"),
        ..EmitOptions::default()
    };
    let ir = load(&entries, load_options)?;
    let mut usage = OverrideUsage::default();
    usage.record(&ir);
    load_options.type_overrides.check_usage(&usage)?;
    let module = emit_module(&ir, &options)?;
    let runtime = repository_root().join("crates/soap-runtime");
    let manifest = format!(
        "{header}\n[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"], optional = true }}\nsoap-runtime = {{ path = {runtime:?} }}\n\n\
         [features]\nserde = [\"dep:serde\"]\nserver = []\narbitrary = [\"soap-runtime/arbitrary\"]\n\n\
         {workspace}",
        header = GENERATED_HEADER.replace("// ", "# ").trim_end(),
        runtime = runtime.display().to_string(),
        workspace = if own_workspace {
            "# A crate of its own, not a member of an enclosing workspace.\n[workspace]\n"
        } else {
            ""
        },
    );
    std::fs::create_dir_all(out.join("src"))?;
    std::fs::write(out.join("Cargo.toml"), manifest)?;
    let stale_parts = out.join("src").join(&options.module_name);
    if stale_parts.is_dir() {
        std::fs::remove_dir_all(&stale_parts)?;
    }
    module.write(&out.join("src/lib.rs"))?;
    let generated = GeneratedCrate {
        name: crate_name,
        lines: module.lines(),
        elapsed: started.elapsed(),
    };
    Ok((generated, ir))
}
