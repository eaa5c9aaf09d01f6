//! WSDL 1.1 + XML Schema front end and Rust code generator.
//!
//! The pipeline is three pure steps: [`load_from`] reads a WSDL set (every document it
//! imports or includes) from a [`DocumentSource`] into a raw model, resolves it and returns
//! the [`ir::Ir`], the contract between understanding WSDL and emitting Rust; [`emit_module`]
//! turns the IR into a Rust module. [`load`] and [`generate_module`] read files on disk;
//! [`generate_module_from`] takes any source, such as texts in memory ([`MemoryDocuments`]).
//!
//! Around the pipeline: [`Builder`] runs it from a build script into `OUT_DIR`, and
//! [`package::write_crate`] writes a Cargo package of its own for a set (what the `wsdl2rust`
//! binary and `cargo xtask codegen --wsdl … --out …` do).

mod builder;
pub mod builtin;
pub mod diagnostic;
pub mod documents;
mod dump;
pub mod emit;
mod filter;
pub mod ir;
pub mod overrides;
pub mod package;
pub mod qname;
pub mod source;

mod loader;
mod naming;
mod parse;
mod raw;
mod resolve;

pub use builder::{BuildError, Builder, CompiledModule};
pub use diagnostic::{Diagnostic, LoadError, Severity};
pub use documents::{DocumentSource, FileSystem, MemoryDocuments};
pub use dump::dump;
pub use emit::{
    Derives, EmitError, EmitOptions, GeneratedModule, ModulePart, PeerTestError, UnknownDerive,
    emit_module, emit_peer_test, emit_round_trip_test,
};
pub use filter::OperationFilter;
pub use loader::LoadOptions;
pub use overrides::{OverrideError, OverrideUsage, TypeOverrides};

use std::path::{Path, PathBuf};

/// Loads and resolves a WSDL set from files on disk: the entry files and all they import.
///
/// Returns the IR (with its warnings and notes) or every error found.
pub fn load(entries: &[PathBuf], options: &LoadOptions) -> Result<ir::Ir, LoadError> {
    load_from(&FileSystem, entries, options)
}

/// Loads and resolves a WSDL set read from `source`: the entry documents (paths in the
/// source) and all they import. Diagnostics name each document by its path in the source.
///
/// Returns the IR (with its warnings and notes) or every error found.
pub fn load_from(
    source: &dyn DocumentSource,
    entries: &[PathBuf],
    options: &LoadOptions,
) -> Result<ir::Ir, LoadError> {
    let mut diagnostics = diagnostic::Diagnostics::new(options.strict);
    let set = loader::load_set(source, entries, options, &mut diagnostics);
    let ir = resolve::resolve(
        &set,
        &options.type_overrides,
        &options.filter,
        &mut diagnostics,
    );
    if diagnostics.has_errors() {
        return Err(LoadError {
            diagnostics: diagnostics.into_sorted(),
        });
    }
    let mut ir = ir;
    ir.diagnostics = diagnostics.into_sorted();
    ir.input_bytes = set.sources.total_bytes();
    ir.input_files = set.sources.len();
    Ok(ir)
}

/// The WSDL files of a folder (`*.wsdl`, `*.wsdl.xml`), sorted by name; or the path itself
/// when it is a file.
pub fn wsdl_entries(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let entry = entry?.path();
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".wsdl") || name.ends_with(".wsdl.xml") {
            entries.push(entry);
        }
    }
    entries.sort();
    Ok(entries)
}

/// Loading or emitting a WSDL set failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The WSDL set has errors.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The emitter produced invalid Rust (a generator bug).
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// Loads a WSDL set and emits its Rust module: the whole pipeline in one call. From a build
/// script, use [`Builder`] instead: it also writes the module's declaration to include from
/// `OUT_DIR`, tells Cargo every file it read and prints the set's warnings.
///
/// ```no_run
/// let options = wsdl_codegen::EmitOptions {
///     source: "MyService.wsdl".into(),
///     // The module file's stem: its feature-gated parts go to `src/my_service/`.
///     module_name: "my_service".into(),
///     ..Default::default()
/// };
/// let wsdl = std::path::PathBuf::from("wsdl/MyService.wsdl");
/// let module = wsdl_codegen::generate_module(&[wsdl], &Default::default(), &options)?;
/// // Declared with `mod my_service;` in `src/lib.rs`.
/// module.write(std::path::Path::new("src/my_service.rs"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The crate declares the features the module uses in its `Cargo.toml` (`serde`, `server`,
/// `arbitrary`; see [`GeneratedModule`]).
pub fn generate_module(
    entries: &[PathBuf],
    load_options: &LoadOptions,
    emit_options: &EmitOptions,
) -> Result<GeneratedModule, GenerateError> {
    generate_module_from(&FileSystem, entries, load_options, emit_options)
}

/// [`generate_module`] for a WSDL set read from any source, such as texts a build script
/// holds in memory:
///
/// ```no_run
/// // build.rs
/// use wsdl_codegen::MemoryDocuments;
/// # fn service_wsdl() -> String { String::new() }
/// # fn types_xsd() -> String { String::new() }
///
/// // The texts, from wherever the build script has them (a template, an archive, …);
/// // `service.wsdl` imports `types.xsd` by that relative location.
/// let documents = MemoryDocuments::new()
///     .with("service.wsdl", service_wsdl())
///     .with("types.xsd", types_xsd());
/// let options = wsdl_codegen::EmitOptions {
///     source: "MyService.wsdl".into(),
///     ..Default::default()
/// };
/// let module = wsdl_codegen::generate_module_from(
///     &documents,
///     &["service.wsdl".into()],
///     &Default::default(),
///     &options,
/// )
/// .expect("valid WSDL");
/// ```
pub fn generate_module_from(
    source: &dyn DocumentSource,
    entries: &[PathBuf],
    load_options: &LoadOptions,
    emit_options: &EmitOptions,
) -> Result<GeneratedModule, GenerateError> {
    let ir = load_from(source, entries, load_options)?;
    Ok(emit_module(&ir, emit_options)?)
}

/// A Rust module name for a WSDL file or set name (`WFMConfigService850` →
/// `wfm_config_service850`), following the generator's identifier policy.
pub fn rust_module_name(name: &str) -> String {
    let mut scope = naming::NameScope::default();
    scope.claim_snake(name)
}
