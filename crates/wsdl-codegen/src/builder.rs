//! The build-script API: [`Builder`] generates a WSDL set's module into `OUT_DIR` and tells
//! Cargo what it read, in the manner of `prost-build` and `tonic-build`.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::{
    Derives, Diagnostic, DocumentSource, EmitError, EmitOptions, FileSystem, LoadError,
    LoadOptions, Severity, emit_module, load_from, rust_module_name, wsdl_entries,
};

/// Generates the Rust module of one WSDL set from a build script.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     wsdl_codegen::Builder::new().wsdl("wsdl/calculator.wsdl").compile()?;
///     Ok(())
/// }
/// ```
///
/// writes the module file `OUT_DIR/calculator.rs` (the module name comes from the first
/// WSDL's file name; [`Builder::module_name`] sets another), its feature-gated parts under
/// `OUT_DIR/calculator/`, which the module file includes by paths relative to itself, and
/// `OUT_DIR/calculator.include.rs`, which declares the module. The crate needs only
///
/// ```ignore
/// include!(concat!(env!("OUT_DIR"), "/calculator.include.rs")); // pub mod calculator
/// ```
///
/// The module file itself cannot be `include!`d: its documentation and lint settings are inner
/// attributes (`//!`, `#![allow(…)]`), which rustc refuses in an included file. So
/// `calculator.include.rs` holds `#[path = "<OUT_DIR>/calculator.rs"] pub mod calculator;`,
/// which reads it as the file of a module of its own. To keep the module private or nest it,
/// include the declaration inside another module (`mod generated { include!(…); }`).
///
/// The crate depends on `soap-runtime` (under that name, or see [`Builder::runtime_crate`])
/// and declares the features the module's items sit behind, each of which may stay off:
/// `serde` (with an optional `serde` dependency with its `derive` feature), `server`,
/// `arbitrary` (turning on `soap-runtime/arbitrary`) and, with [`Builder::yaserde`], `yaserde`
/// (with an optional `yaserde` 0.13 dependency with its `derive` feature). An undeclared one
/// draws rustc's `unexpected_cfgs` warning.
///
/// [`Builder::compile`] prints `cargo:rerun-if-changed` for every document it read (each
/// WSDL and schema file, and the folders given to [`Builder::wsdl`] or searched for a schema) and
/// each warning about the set as `cargo:warning=`; errors are returned, each with its file,
/// line and column.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    wsdl: Vec<PathBuf>,
    module_name: Option<String>,
    out_dir: Option<PathBuf>,
    load: LoadOptions,
    yaserde: bool,
    derives: Derives,
    runtime_crate: Option<String>,
}

/// What [`Builder::compile`] wrote and read.
#[derive(Debug)]
pub struct CompiledModule {
    /// The file to `include!`: `OUT_DIR/<module>.include.rs`, declaring the module.
    pub include_file: PathBuf,
    /// The module file (`OUT_DIR/<module>.rs`), which the include file declares by path.
    pub module_file: PathBuf,
    /// Every file the module and its parts were written to.
    pub files_written: Vec<PathBuf>,
    /// Every file and folder read, as Cargo was told to watch them.
    pub inputs: Vec<PathBuf>,
    /// The set's warnings and notes (the warnings were also printed as `cargo:warning=`).
    pub diagnostics: Vec<Diagnostic>,
}

/// [`Builder::compile`] failed.
///
/// Its `Debug` form is its message, so that a build script's `main` returning it prints every
/// diagnostic readably.
#[derive(thiserror::Error)]
pub enum BuildError {
    /// [`Builder::wsdl`] was never called.
    #[error("no WSDL given: call `Builder::wsdl` with a WSDL file or a folder of them")]
    NoWsdl,
    /// Neither [`Builder::out_dir`] nor the `OUT_DIR` variable (set by Cargo for build
    /// scripts) names the output folder.
    #[error(
        "no output folder: OUT_DIR is not set (not run by Cargo?) and `Builder::out_dir` was not called"
    )]
    NoOutDir,
    /// A WSDL path could not be listed.
    #[error("cannot list the WSDL files of {}: {source}", path.display())]
    List {
        /// The path given to [`Builder::wsdl`].
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A folder given to [`Builder::wsdl`] holds no WSDL file.
    #[error("no *.wsdl or *.wsdl.xml file in {}", path.display())]
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
    /// The output folder cannot be named in a `#[path]` attribute.
    #[error("the output folder {} is not valid UTF-8, so no `#[path]` attribute can name it", path.display())]
    OutDirNotUtf8 {
        /// The folder.
        path: PathBuf,
    },
    /// The module name is not a Rust identifier.
    #[error("the module name `{name}` is not a Rust identifier (ASCII letters, digits and `_`)")]
    ModuleName {
        /// The name, given or made from the first WSDL's file name.
        name: String,
    },
    /// The WSDL set has errors.
    #[error("wsdl-codegen: {0}")]
    Load(#[from] LoadError),
    /// The emitter failed.
    #[error("wsdl-codegen: {0}")]
    Emit(#[from] EmitError),
    /// A generated file or its folder could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Builder {
    /// A builder with nothing to read yet, writing to `OUT_DIR`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a WSDL file, or a folder whose `*.wsdl` files are added; all of them (and what
    /// they import) form the one set of the module.
    pub fn wsdl(mut self, path: impl Into<PathBuf>) -> Self {
        self.wsdl.push(path.into());
        self
    }

    /// The module's name: its file is `<name>.rs` and its parts are in `<name>/`. By default
    /// the first WSDL's file name in snake case (`CalculatorService.wsdl` →
    /// `calculator_service`).
    pub fn module_name(mut self, name: impl Into<String>) -> Self {
        self.module_name = Some(name.into());
        self
    }

    /// Writes to `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Refuses every recovery ([`LoadOptions::strict`]): what would be a warning is an error.
    pub fn strict(mut self, strict: bool) -> Self {
        self.load.strict = strict;
        self
    }

    /// Reads the schema that a location names by `url` from the file `file`
    /// ([`LoadOptions::url_map`]).
    pub fn map_url(mut self, url: impl Into<String>, file: impl Into<PathBuf>) -> Self {
        self.load.url_map.insert(url.into(), file.into());
        self
    }

    /// Lets locations in documents name files under `dir` too ([`LoadOptions::allowed_roots`]).
    pub fn allow_root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.load.allowed_roots.push(dir.into());
        self
    }

    /// Generates only these operations (local names, matched exactly) and the types they use
    /// ([`LoadOptions::filter`], [`OperationFilter`](crate::OperationFilter)); adds to the names of earlier calls.
    /// A name no port has fails [`Builder::compile`], naming it.
    ///
    /// ```no_run
    /// // build.rs: 3 of the set's operations, in every port that binds them.
    /// wsdl_codegen::Builder::new()
    ///     .wsdl("wsdl/AXLAPI.wsdl")
    ///     .operations(["getPhone", "listPhone", "updatePhone"])
    ///     .compile()?;
    /// # Ok::<(), wsdl_codegen::BuildError>(())
    /// ```
    pub fn operations<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.load
            .filter
            .operations
            .extend(names.into_iter().map(Into::into));
        self
    }

    /// Generates only these ports (`wsdl:port` names, matched exactly), with their operations
    /// (those of [`Builder::operations`], when it is called too) and the types they use;
    /// adds to the names of earlier calls.
    pub fn ports<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.load
            .filter
            .ports
            .extend(names.into_iter().map(Into::into));
        self
    }

    /// Also derives yaserde's traits behind the crate's `yaserde` feature
    /// ([`EmitOptions::yaserde`]).
    pub fn yaserde(mut self, yaserde: bool) -> Self {
        self.yaserde = yaserde;
        self
    }

    /// Also derives these traits on every type ([`EmitOptions::derives`]):
    /// `.derive(Derives::ALL)` for `Clone` and `PartialEq`. Calls add up.
    pub fn derive(mut self, derives: Derives) -> Self {
        self.derives = self.derives.union(derives);
        self
    }

    /// The runtime's Rust path in the generated code, for a crate that depends on
    /// `soap-runtime` under another name or re-exports it (`soap_runtime` by default).
    pub fn runtime_crate(mut self, path: impl Into<String>) -> Self {
        self.runtime_crate = Some(path.into());
        self
    }

    /// Loads the set, writes the module and its parts, and tells Cargo what was read (see
    /// [`Builder`]). The parts folder is cleared first, so no part of an earlier build stays.
    pub fn compile(&self) -> Result<CompiledModule, BuildError> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        // The include file names the module file by absolute path.
        let out_dir = std::path::absolute(&out_dir).map_err(|source| BuildError::Write {
            path: out_dir.clone(),
            source,
        })?;
        let first = self.wsdl.first().ok_or(BuildError::NoWsdl)?;
        let module_name = match &self.module_name {
            Some(name) => name.clone(),
            None => rust_module_name(&file_stem(first)),
        };
        if !is_identifier(&module_name) {
            return Err(BuildError::ModuleName { name: module_name });
        }

        let source = Recording::new(FileSystem);
        let mut entries = Vec::new();
        for path in &self.wsdl {
            // A folder is watched as a whole: a WSDL added to it changes the set. (Files are
            // recorded as they are read.)
            if path.is_dir() {
                source.record(path);
            }
            let found = wsdl_entries(path).map_err(|error| BuildError::List {
                path: path.clone(),
                source: error,
            })?;
            if found.is_empty() {
                return Err(BuildError::EmptyFolder { path: path.clone() });
            }
            entries.extend(found);
        }
        let loaded = load_from(&source, &entries, &self.load);
        // Told before any error is returned, so that fixing a file reruns the script.
        let inputs = source.into_paths();
        for input in &inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let ir = loaded?;
        for diagnostic in &ir.diagnostics {
            match diagnostic.severity {
                Severity::Warning | Severity::Error => {
                    for line in diagnostic.to_string().lines() {
                        println!("cargo:warning={line}");
                    }
                }
                // Shown with `cargo build -vv`.
                Severity::Note => eprintln!("{diagnostic}"),
            }
        }

        let source_names = self
            .wsdl
            .iter()
            .map(|path| format!("`{}`", file_name(path)))
            .collect::<Vec<_>>()
            .join(", ");
        let options = EmitOptions {
            source: self.load.filter.describe_source(&source_names),
            generator: "wsdl_codegen::Builder".to_owned(),
            runtime_crate: self
                .runtime_crate
                .clone()
                .unwrap_or_else(|| EmitOptions::default().runtime_crate),
            yaserde: self.yaserde,
            derives: self.derives,
            module_name: module_name.clone(),
            // Included into a module of the crate that runs the build script.
            crate_root: false,
        };
        let module = emit_module(&ir, &options)?;
        let module_file = out_dir.join(format!("{module_name}.rs"));
        let module_path = module_file
            .to_str()
            .ok_or_else(|| BuildError::OutDirNotUtf8 {
                path: out_dir.clone(),
            })?;
        let mut files_written: Vec<PathBuf> = module
            .files(&module_file)
            .into_iter()
            .map(|(path, _)| path)
            .collect();
        module
            .write(&module_file)
            .map_err(|source| BuildError::Write {
                path: module_file.clone(),
                source,
            })?;
        let include_file = out_dir.join(format!("{module_name}.include.rs"));
        std::fs::write(
            &include_file,
            module_declaration(&module_name, module_path, &source_names),
        )
        .map_err(|source| BuildError::Write {
            path: include_file.clone(),
            source,
        })?;
        files_written.push(include_file.clone());
        Ok(CompiledModule {
            include_file,
            module_file,
            files_written,
            inputs,
            diagnostics: ir.diagnostics,
        })
    }
}

/// The include file's text: the module, declared by the module file's absolute path.
fn module_declaration(module_name: &str, module_path: &str, source_names: &str) -> String {
    format!(
        "// Generated by `wsdl_codegen::Builder` from {source_names}; do not edit.\n\
         // The module file's documentation and lint settings are inner attributes, which a\n\
         // file read by `include!` cannot have: it is read as the file of a module instead.\n\
         #[path = {module_path:?}]\n\
         pub mod {module_name};\n"
    )
}

/// A path's last component as written (`calculator.wsdl`).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A WSDL path's name without its extension (`calculator.wsdl`, `partner.wsdl.xml` →
/// `calculator`, `partner`); a folder's name as it is.
fn file_stem(path: &Path) -> String {
    let name = file_name(path);
    let lower = name.to_ascii_lowercase();
    for extension in [".wsdl.xml", ".wsdl"] {
        if lower.ends_with(extension) {
            return name[..name.len() - extension.len()].to_owned();
        }
    }
    name
}

fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// A [`DocumentSource`] that remembers every document read and folder searched through it.
struct Recording<S> {
    inner: S,
    paths: RefCell<BTreeSet<PathBuf>>,
}

impl<S: DocumentSource> Recording<S> {
    fn new(inner: S) -> Self {
        Recording {
            inner,
            paths: RefCell::new(BTreeSet::new()),
        }
    }

    fn record(&self, path: &Path) {
        self.paths.borrow_mut().insert(path.to_owned());
    }

    /// The paths recorded, sorted.
    fn into_paths(self) -> Vec<PathBuf> {
        self.paths.into_inner().into_iter().collect()
    }
}

impl<S: DocumentSource> DocumentSource for Recording<S> {
    fn identify(&self, path: &Path) -> io::Result<PathBuf> {
        self.inner.identify(path)
    }

    fn read(&self, identity: &Path) -> io::Result<Vec<u8>> {
        self.record(identity);
        self.inner.read(identity)
    }

    fn schema_candidates(&self, folder: &Path) -> Vec<PathBuf> {
        // A schema saved into the folder later may be the one the set looks for. (The
        // package's own folder, named by an empty path, is not watched: it may hold `target/`.)
        if !folder.as_os_str().is_empty() {
            self.record(folder);
        }
        self.inner.schema_candidates(folder)
    }

    fn holds_url(&self, url: &str) -> bool {
        self.inner.holds_url(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_come_from_the_first_wsdl() {
        assert_eq!(file_stem(Path::new("wsdl/Calculator.wsdl")), "Calculator");
        assert_eq!(file_stem(Path::new("partner.WSDL.xml")), "partner");
        assert_eq!(file_stem(Path::new("wsdl/onvif")), "onvif");
        assert!(is_identifier("calculator_v2"));
        assert!(!is_identifier("2calc"));
        assert!(!is_identifier("my-calc"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier(""));
    }

    #[test]
    fn the_include_file_declares_the_module_by_its_path() {
        let text = module_declaration("calc", "/out dir/\"q\"/calc.rs", "`calc.wsdl`");
        assert!(text.starts_with("// Generated by `wsdl_codegen::Builder` from `calc.wsdl`"));
        assert!(
            text.ends_with("#[path = \"/out dir/\\\"q\\\"/calc.rs\"]\npub mod calc;\n"),
            "{text}"
        );
    }
}
