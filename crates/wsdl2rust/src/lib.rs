//! The command line of the generator: the flags that `wsdl2rust` and `cargo xtask codegen`
//! share, and generating a crate of its own from them.
//!
//! Both programs parse their arguments through [`GenerateArgs::accept`] (and `cargo xtask ir`
//! through [`load_flag`]), so a flag means the same in each and is described once, in
//! [`GENERATE_FLAGS_HELP`] and [`LOAD_FLAGS_HELP`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use wsdl_codegen::package::{CrateOptions, GeneratedCrate, RuntimeDependency, write_crate};
use wsdl_codegen::{Derives, LoadOptions, Severity, TypeOverrides};

/// The flags of [`GenerateArgs`], for a program's usage text (load flags excepted). (The
/// first line's indent is escaped: a line continuation drops the whitespace after it.)
pub const GENERATE_FLAGS_HELP: &str = "\
\x20 --wsdl PATH          the WSDL set: a WSDL file, or a folder whose *.wsdl files form one set
  --out DIR            the crate's folder (DIR/Cargo.toml, DIR/src/lib.rs); the package is
                       named after DIR unless --name says otherwise
  --name NAME          the package name
  --runtime SPEC       where the crate takes soap-runtime from: path=DIR (relative to the
                       current folder), git=URL[,rev=R|,branch=B|,tag=T] or version=REQ;
                       by default path= the soap-runtime of the source tree this program
                       was built from
  --derive TRAITS      also derive these traits on every type: Clone, PartialEq, or both
                       (Clone,PartialEq); repeatable. Types derive Debug, and Default where
                       every field has one; each further trait costs compile time and memory
                       in proportion to the set's fields
  --yaserde            also derive yaserde's traits, behind the crate's `yaserde` feature
                       (and Clone, which they need)
  --in-workspace       write no [workspace] table, for a crate inside the folder of a
                       workspace that lists it as a member (by default the crate is a
                       workspace of its own, which Cargo refuses inside another one)";

/// The flags [`load_flag`] reads, for a program's usage text (the first line's indent
/// escaped, as in [`GENERATE_FLAGS_HELP`]).
pub const LOAD_FLAGS_HELP: &str = "\
\x20 --map-url URL=FILE   read the schema a location names by URL from FILE (repeatable)
  --allow-root DIR     let locations in documents name files under DIR too; by default only
                       files under the entry documents' folders are read (repeatable)
  --strict             refuse every recovery: input the generator would read with a warning
                       (an unprefixed name found only in the target namespace, a part without
                       a type, an operation referring to something missing, …) is an error
  --overrides FILE     type overrides: Rust types for schema fields (TOML, as the SDK's
                       wsdl/codegen.toml); every entry must match a field of the set
  --operations A,B,…   generate only these operations (local names, exact and case-sensitive)
                       in every port that has them, and only the types they reach (with the
                       types derived from those, for xsi:type); repeatable
  --ports P,…          generate only these wsdl:ports (names, exact and case-sensitive), with
                       their bindings and services; with --operations, those operations of
                       these ports; repeatable. A name that selects nothing is an error";

/// Reads one load flag (see [`LOAD_FLAGS_HELP`]) into `options`, taking its value from
/// `rest`; `false` when `arg` is none of them.
pub fn load_flag(
    arg: &str,
    rest: &mut impl Iterator<Item = String>,
    options: &mut LoadOptions,
) -> Result<bool> {
    match arg {
        "--map-url" => {
            let mapping = rest.next().context("--map-url needs URL=FILE")?;
            let (url, file) = mapping
                .split_once('=')
                .with_context(|| format!("--map-url {mapping}: expected URL=FILE"))?;
            options.url_map.insert(url.to_owned(), PathBuf::from(file));
        }
        "--allow-root" => {
            let root = rest.next().context("--allow-root needs a folder")?;
            options.allowed_roots.push(PathBuf::from(root));
        }
        "--strict" => options.strict = true,
        "--overrides" => {
            let file = rest.next().context("--overrides needs a TOML file")?;
            options.type_overrides = TypeOverrides::read(Path::new(&file))?;
        }
        "--operations" => {
            let names = rest
                .next()
                .context("--operations needs a list of operation names")?;
            options.filter.operations.extend(name_list(arg, &names)?);
        }
        "--ports" => {
            let names = rest.next().context("--ports needs a list of port names")?;
            options.filter.ports.extend(name_list(arg, &names)?);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The names of a comma-separated list given to `flag`, each trimmed; an empty name (`A,,B`,
/// a trailing comma) is an error rather than a name that can match nothing.
fn name_list(flag: &str, list: &str) -> Result<Vec<String>> {
    list.split(',')
        .map(|name| {
            let name = name.trim();
            if name.is_empty() {
                bail!("{flag} {list}: an empty name in the list (expected NAME,NAME,…)");
            }
            Ok(name.to_owned())
        })
        .collect()
}

/// The soap-runtime of the source tree this program was built from, by absolute path: the
/// default runtime of generated crates. (`cargo install --path` and `--git` build in a source
/// tree that holds it; the path is fixed when the program is compiled.)
pub fn default_runtime() -> RuntimeDependency {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new(env!("CARGO_MANIFEST_DIR")));
    RuntimeDependency::Path(crates.join("soap-runtime"))
}

/// What to generate: a crate of its own for a WSDL set.
#[derive(Clone, Debug, Default)]
pub struct GenerateArgs {
    /// `--wsdl`: a WSDL file, or a folder of them.
    pub wsdl: Option<PathBuf>,
    /// `--out`: the crate's folder.
    pub out: Option<PathBuf>,
    /// `--name`: the package name.
    pub name: Option<String>,
    /// `--runtime`: where soap-runtime comes from ([`default_runtime`] when absent).
    pub runtime: Option<RuntimeDependency>,
    /// `--derive`.
    pub derives: Derives,
    /// `--yaserde`.
    pub yaserde: bool,
    /// `--in-workspace`.
    pub in_workspace: bool,
    /// The load flags.
    pub load: LoadOptions,
}

impl GenerateArgs {
    /// Reads `arg` (and its value, from `rest`) if it is one of the flags of
    /// [`GENERATE_FLAGS_HELP`] or [`LOAD_FLAGS_HELP`]; `false` when it is none of them.
    pub fn accept(&mut self, arg: &str, rest: &mut impl Iterator<Item = String>) -> Result<bool> {
        let mut value = |what: &str| rest.next().with_context(|| format!("{arg} needs {what}"));
        match arg {
            "--wsdl" => self.wsdl = Some(PathBuf::from(value("a path")?)),
            "--out" => self.out = Some(PathBuf::from(value("a folder")?)),
            "--name" => self.name = Some(value("a package name")?),
            "--runtime" => {
                let spec = value("path=DIR, git=URL[,rev=R] or version=REQ")?;
                let runtime = spec.parse::<RuntimeDependency>()?;
                self.runtime = Some(match runtime {
                    // Relative to where the user stands, not to the generated crate.
                    RuntimeDependency::Path(path) => RuntimeDependency::Path(
                        std::path::absolute(&path)
                            .with_context(|| format!("resolving {}", path.display()))?,
                    ),
                    other => other,
                });
            }
            "--derive" => {
                let list = value("a list of traits, such as Clone,PartialEq")?;
                let derives: Derives = list.parse().with_context(|| format!("--derive {list}"))?;
                self.derives = self.derives.union(derives);
            }
            "--yaserde" => self.yaserde = true,
            "--in-workspace" => self.in_workspace = true,
            other => return load_flag(other, rest, &mut self.load),
        }
        Ok(true)
    }

    /// Whether any flag that only makes sense with `--wsdl` and `--out` was given.
    pub fn names_a_crate(&self) -> bool {
        self.wsdl.is_some()
            || self.out.is_some()
            || self.name.is_some()
            || self.runtime.is_some()
            || self.derives != Derives::default()
            || self.yaserde
            || self.in_workspace
    }

    /// Writes the crate, then prints the set's diagnostics and a summary to stderr.
    /// `generator` is the command named in the generated files' first lines.
    pub fn run(&self, generator: &str) -> Result<GeneratedCrate> {
        let (Some(wsdl), Some(out)) = (&self.wsdl, &self.out) else {
            bail!("--wsdl PATH and --out DIR are both needed to generate a crate");
        };
        let started = Instant::now();
        let options = CrateOptions {
            name: self.name.clone(),
            yaserde: self.yaserde,
            derives: self.derives,
            own_workspace: !self.in_workspace,
            ..CrateOptions::new(
                self.runtime.clone().unwrap_or_else(default_runtime),
                generator,
            )
        };
        let generated = write_crate(wsdl, out, &self.load, &options)
            .with_context(|| format!("generating a crate from {}", wsdl.display()))?;
        for diagnostic in &generated.ir.diagnostics {
            eprintln!("{diagnostic}");
        }
        let warnings = generated
            .ir
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        eprintln!(
            "generated {} ({}: {} lines of Rust) from {} in {:.0?}, {warnings} warning(s); \
             soap-runtime from {}",
            out.display(),
            generated.name,
            generated.lines,
            wsdl.display(),
            started.elapsed(),
            options.runtime,
        );
        Ok(generated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<GenerateArgs> {
        let mut parsed = GenerateArgs::default();
        let mut rest = args.iter().map(|a| a.to_string());
        while let Some(arg) = rest.next() {
            if !parsed.accept(&arg, &mut rest)? {
                bail!("unknown argument `{arg}`");
            }
        }
        Ok(parsed)
    }

    #[test]
    fn every_flag_is_read() -> Result<()> {
        let args = parse(&[
            "--wsdl",
            "calc.wsdl",
            "--out",
            "calc",
            "--name",
            "calc-client",
            "--runtime",
            "git=https://example.com/soap.git,tag=v1",
            "--derive",
            "PartialEq",
            "--derive",
            "Clone",
            "--yaserde",
            "--in-workspace",
            "--strict",
            "--map-url",
            "http://example.com/a.xsd=local/a.xsd",
            "--allow-root",
            "../common",
            "--operations",
            "getPhone, listPhone",
            "--operations",
            "addPhone",
            "--ports",
            "AXLAPIService",
        ])?;
        assert_eq!(args.wsdl, Some(PathBuf::from("calc.wsdl")));
        assert_eq!(args.out, Some(PathBuf::from("calc")));
        assert_eq!(args.name.as_deref(), Some("calc-client"));
        assert_eq!(
            args.runtime.map(|r| r.to_string()).as_deref(),
            Some("git=https://example.com/soap.git,tag=v1")
        );
        assert!(args.yaserde && args.in_workspace && args.load.strict);
        assert_eq!(args.derives, Derives::ALL);
        assert_eq!(
            args.load.url_map.get("http://example.com/a.xsd"),
            Some(&PathBuf::from("local/a.xsd"))
        );
        assert_eq!(args.load.allowed_roots, [PathBuf::from("../common")]);
        assert_eq!(
            args.load.filter.operations,
            ["getPhone", "listPhone", "addPhone"]
        );
        assert_eq!(args.load.filter.ports, ["AXLAPIService"]);
        Ok(())
    }

    #[test]
    fn a_relative_runtime_path_is_taken_from_the_current_folder() -> Result<()> {
        let args = parse(&["--runtime", "path=vendor/soap-runtime"])?;
        let expected = std::env::current_dir()?.join("vendor/soap-runtime");
        assert_eq!(args.runtime, Some(RuntimeDependency::Path(expected)));
        Ok(())
    }

    #[test]
    fn flag_errors_say_which_flag() {
        let message = |args: &[&str]| format!("{:#}", parse(args).expect_err("an error"));
        assert_eq!(message(&["--wsdl"]), "--wsdl needs a path");
        assert_eq!(
            message(&["--map-url", "nothing"]),
            "--map-url nothing: expected URL=FILE"
        );
        assert!(message(&["--runtime", "crate=x"]).starts_with("runtime dependency `crate=x`"));
        assert_eq!(
            message(&["--operations"]),
            "--operations needs a list of operation names"
        );
        assert_eq!(
            message(&["--ports", "A,,B"]),
            "--ports A,,B: an empty name in the list (expected NAME,NAME,…)"
        );
        assert_eq!(
            message(&["--derive", "Clone,Hash"]),
            "--derive Clone,Hash: `Hash` is not a trait the generator derives on request \
             (one of: Clone, PartialEq; `Debug`, and `Default` where every field has one, are \
             derived unasked)"
        );
        assert_eq!(
            message(&["--frobnicate"]),
            "unknown argument `--frobnicate`"
        );
        let error = GenerateArgs::default()
            .run("test")
            .expect_err("nothing to generate");
        assert!(error.to_string().contains("--wsdl PATH and --out DIR"));
    }

    #[test]
    fn the_default_runtime_is_this_source_trees() {
        let RuntimeDependency::Path(path) = default_runtime() else {
            panic!("a path dependency");
        };
        assert!(path.is_absolute(), "{}", path.display());
        assert!(path.join("Cargo.toml").is_file(), "{}", path.display());
    }
}
