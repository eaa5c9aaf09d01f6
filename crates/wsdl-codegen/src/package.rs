//! A Cargo package of its own for a WSDL set: `Cargo.toml` and `src/lib.rs` (with the module's
//! feature-gated parts under `src/<module>/`), depending on the runtime by path, git or
//! version. What `wsdl2rust` and `cargo xtask codegen --wsdl … --out …` write.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::ir::Ir;
use crate::{
    Derives, EmitOptions, GenerateError, LoadOptions, OverrideError, OverrideUsage, emit_module,
    load, wsdl_entries,
};

/// The runtime crate's package name, which generated code calls as `soap_runtime`.
const RUNTIME_PACKAGE: &str = "soap-runtime";
/// The yaserde release the generated derives are written for.
const YASERDE_VERSION: &str = "0.13";

/// Where a generated crate takes the runtime (`soap-runtime`) from: the `soap-runtime` entry
/// of its `[dependencies]`.
///
/// Parsed from `path=DIR`, `git=URL` (optionally followed by `,rev=…`, `,branch=…` or
/// `,tag=…`) or `version=REQ`:
///
/// ```
/// use wsdl_codegen::package::{GitReference, RuntimeDependency};
///
/// let runtime: RuntimeDependency = "git=https://example.com/soap.git,rev=4f2a9c1".parse()?;
/// assert_eq!(
///     runtime,
///     RuntimeDependency::Git {
///         url: "https://example.com/soap.git".into(),
///         reference: Some(GitReference::Rev("4f2a9c1".into())),
///     }
/// );
/// # Ok::<(), wsdl_codegen::package::RuntimeSpecError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A folder holding the runtime's `Cargo.toml`. Cargo reads a relative path from the
    /// generated crate's folder.
    Path(PathBuf),
    /// A git repository holding the runtime (Cargo finds the package by name in it).
    Git {
        /// The repository's URL.
        url: String,
        /// The commit, branch or tag; the default branch when absent.
        reference: Option<GitReference>,
    },
    /// A version requirement, for a registry that has the runtime (`0.1`, `=0.1.3`).
    Version(String),
}

/// Which commit of a [`RuntimeDependency::Git`] repository to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitReference {
    /// A commit (`rev`).
    Rev(String),
    /// A branch.
    Branch(String),
    /// A tag.
    Tag(String),
}

/// A runtime dependency that does not parse: the text as given and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "runtime dependency `{spec}`: {reason} (expected path=DIR, git=URL[,rev=R|,branch=B|,tag=T] or version=REQ)"
)]
pub struct RuntimeSpecError {
    /// The text as given.
    pub spec: String,
    /// What is wrong with it.
    pub reason: String,
}

impl FromStr for RuntimeDependency {
    type Err = RuntimeSpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let error = |reason: String| RuntimeSpecError {
            spec: spec.to_owned(),
            reason,
        };
        let (kind, rest) = spec
            .split_once('=')
            .ok_or_else(|| error("no `=`".to_owned()))?;
        let value = |text: &str, what: &str| {
            if text.is_empty() {
                Err(error(format!("{what} is empty")))
            } else {
                Ok(text.to_owned())
            }
        };
        match kind {
            // A path may hold commas: all of it is the path.
            "path" => Ok(RuntimeDependency::Path(PathBuf::from(value(
                rest, "the path",
            )?))),
            "version" => Ok(RuntimeDependency::Version(value(rest, "the version")?)),
            "git" => {
                let mut fields = rest.split(',');
                let url = value(fields.next().unwrap_or_default(), "the URL")?;
                let reference = match fields.next() {
                    None => None,
                    Some(field) => {
                        let (key, name) = field
                            .split_once('=')
                            .ok_or_else(|| error(format!("`{field}` has no `=`")))?;
                        let name = value(name, key)?;
                        Some(match key {
                            "rev" => GitReference::Rev(name),
                            "branch" => GitReference::Branch(name),
                            "tag" => GitReference::Tag(name),
                            other => {
                                return Err(error(format!("`{other}` is not rev, branch or tag")));
                            }
                        })
                    }
                };
                if let Some(extra) = fields.next() {
                    return Err(error(format!(
                        "`{extra}`: a git dependency takes at most one of rev, branch and tag"
                    )));
                }
                Ok(RuntimeDependency::Git { url, reference })
            }
            other => Err(error(format!("`{other}` is not path, git or version"))),
        }
    }
}

impl fmt::Display for RuntimeDependency {
    /// The form [`RuntimeDependency::from_str`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuntimeDependency::Path(path) => write!(f, "path={}", path.display()),
            RuntimeDependency::Version(version) => write!(f, "version={version}"),
            RuntimeDependency::Git { url, reference } => {
                write!(f, "git={url}")?;
                match reference {
                    None => Ok(()),
                    Some(GitReference::Rev(rev)) => write!(f, ",rev={rev}"),
                    Some(GitReference::Branch(branch)) => write!(f, ",branch={branch}"),
                    Some(GitReference::Tag(tag)) => write!(f, ",tag={tag}"),
                }
            }
        }
    }
}

impl RuntimeDependency {
    /// The dependency's inline TOML table (`{ path = "…" }`).
    fn manifest_table(&self) -> String {
        match self {
            RuntimeDependency::Path(path) => {
                format!("{{ path = {} }}", toml_string(&path.to_string_lossy()))
            }
            RuntimeDependency::Version(version) => {
                format!("{{ version = {} }}", toml_string(version))
            }
            RuntimeDependency::Git { url, reference } => {
                let reference = match reference {
                    None => String::new(),
                    Some(GitReference::Rev(rev)) => format!(", rev = {}", toml_string(rev)),
                    Some(GitReference::Branch(branch)) => {
                        format!(", branch = {}", toml_string(branch))
                    }
                    Some(GitReference::Tag(tag)) => format!(", tag = {}", toml_string(tag)),
                };
                format!("{{ git = {}{reference} }}", toml_string(url))
            }
        }
    }
}

/// What to write besides the module: the package's name and dependencies.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    /// The package name; when absent, the output folder's name (lower case, other characters
    /// than ASCII letters and digits made `-`, prefixed with `soap-` if it does not start with
    /// a letter).
    pub name: Option<String>,
    /// Where the runtime comes from.
    pub runtime: RuntimeDependency,
    /// Whether types also derive yaserde's traits behind the crate's `yaserde` feature
    /// ([`EmitOptions::yaserde`]); the manifest then declares the feature and an optional
    /// `yaserde` dependency.
    pub yaserde: bool,
    /// The traits types derive besides `Debug` and `Default` ([`EmitOptions::derives`]).
    pub derives: Derives,
    /// Whether the manifest has a `[workspace]` table of its own, so that the crate builds
    /// where it is even inside another workspace's folder. Off for crates that an enclosing
    /// generated workspace lists as members.
    pub own_workspace: bool,
    /// The command named in the "generated by" lines ([`EmitOptions::generator`]).
    pub generator: String,
}

impl CrateOptions {
    /// A crate of its own (with its own `[workspace]`), named after its folder, without
    /// yaserde or derives on request, written by `generator`.
    pub fn new(runtime: RuntimeDependency, generator: impl Into<String>) -> Self {
        CrateOptions {
            name: None,
            runtime,
            yaserde: false,
            derives: Derives::default(),
            own_workspace: true,
            generator: generator.into(),
        }
    }
}

/// What [`write_crate`] wrote.
#[derive(Debug)]
pub struct GeneratedCrate {
    /// The package name.
    pub name: String,
    /// Lines of Rust written.
    pub lines: usize,
    /// The set, loaded and resolved: its diagnostics (warnings, notes), and what tests written
    /// beside the crate need.
    pub ir: Ir,
}

/// Writing a crate failed.
#[derive(Debug, thiserror::Error)]
pub enum CrateError {
    /// The WSDL path could not be listed.
    #[error("cannot list the WSDL files of {}: {source}", path.display())]
    List {
        /// The `--wsdl` path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A folder was given that holds no WSDL file.
    #[error("no *.wsdl or *.wsdl.xml file in {}", path.display())]
    NoWsdl {
        /// The folder.
        path: PathBuf,
    },
    /// The package name (given, or made from the folder's name) is not one Cargo accepts.
    #[error(
        "`{name}` is not a package name (ASCII letters, digits, `-` and `_`, starting with a letter)"
    )]
    Name {
        /// The name.
        name: String,
    },
    /// Loading or emitting the set failed.
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// A type override matched nothing in the set (see [`crate::overrides`]).
    #[error(transparent)]
    Overrides(#[from] OverrideError),
    /// A file or folder of the crate could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Generates the crate for the WSDL set at `wsdl` (a WSDL file, or a folder whose `*.wsdl`
/// files form one set) into the folder `out`: `out/Cargo.toml`, `out/src/lib.rs` and the
/// module's parts in `out/src/<module>/` (cleared first, so no part of an earlier run stays).
///
/// The crate's features: `serde` (serde derives on every type, with an optional `serde`
/// dependency), `server` (the server traits and dispatchers), `arbitrary` (`Arbitrary`
/// impls; turns on `soap-runtime/arbitrary`) and, with [`CrateOptions::yaserde`], `yaserde`.
/// None is on by default.
pub fn write_crate(
    wsdl: &Path,
    out: &Path,
    load_options: &LoadOptions,
    options: &CrateOptions,
) -> Result<GeneratedCrate, CrateError> {
    let entries = wsdl_entries(wsdl).map_err(|source| CrateError::List {
        path: wsdl.to_owned(),
        source,
    })?;
    if entries.is_empty() {
        return Err(CrateError::NoWsdl {
            path: wsdl.to_owned(),
        });
    }
    let name = match &options.name {
        Some(name) => name.clone(),
        None => name_from_folder(out),
    };
    if !is_package_name(&name) {
        return Err(CrateError::Name { name });
    }
    let source_name = wsdl
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let emit_options = EmitOptions {
        source: load_options
            .filter
            .describe_source(&format!("`{source_name}`")),
        generator: options.generator.clone(),
        yaserde: options.yaserde,
        derives: options.derives,
        // `src/lib.rs` includes its parts from `src/<module name>/`.
        module_name: name.replace('-', "_"),
        crate_root: true,
        ..EmitOptions::default()
    };
    let ir = load(&entries, load_options).map_err(GenerateError::from)?;
    let mut override_usage = OverrideUsage::default();
    override_usage.record(&ir);
    load_options.type_overrides.check_usage(&override_usage)?;
    let module = emit_module(&ir, &emit_options).map_err(GenerateError::from)?;

    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| CrateError::Write { path, source }
    };
    let src = out.join("src");
    std::fs::create_dir_all(&src).map_err(write_error(&src))?;
    let manifest_path = out.join("Cargo.toml");
    std::fs::write(&manifest_path, manifest(&name, &source_name, options))
        .map_err(write_error(&manifest_path))?;
    let lib = src.join("lib.rs");
    module.write(&lib).map_err(write_error(&lib))?;
    Ok(GeneratedCrate {
        name,
        lines: module.lines(),
        ir,
    })
}

/// The package name made from the output folder's name.
fn name_from_folder(out: &Path) -> String {
    let folder = std::path::absolute(out).unwrap_or_else(|_| out.to_owned());
    let name: String = folder
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = name.trim_matches('-');
    match name.chars().next() {
        None => "soap-client".to_owned(),
        Some(first) if first.is_ascii_alphabetic() => name.to_owned(),
        Some(_) => format!("soap-{name}"),
    }
}

/// Whether Cargo takes `name` as a package name whose library is a Rust identifier.
fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The crate's `Cargo.toml`.
fn manifest(name: &str, source_name: &str, options: &CrateOptions) -> String {
    let mut text = format!(
        "# Generated by `{generator}` from `{source_name}`; do not edit.\n\
         [package]\n\
         name = {name}\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         serde = {{ version = \"1\", features = [\"derive\"], optional = true }}\n\
         {RUNTIME_PACKAGE} = {runtime}\n",
        generator = options.generator,
        name = toml_string(name),
        runtime = options.runtime.manifest_table(),
    );
    if options.yaserde {
        text.push_str(&format!(
            "yaserde = {{ version = \"{YASERDE_VERSION}\", features = [\"derive\"], optional = true }}\n"
        ));
    }
    text.push_str(
        "\n[features]\n\
         # serde::Serialize/Deserialize on every generated type.\n\
         serde = [\"dep:serde\"]\n\
         # The server side of every port: a trait and a `serve_<port>` dispatcher.\n\
         server = []\n\
         # `Arbitrary` impls of every type, for property-based tests of the codec.\n",
    );
    text.push_str(&format!("arbitrary = [\"{RUNTIME_PACKAGE}/arbitrary\"]\n"));
    if options.yaserde {
        text.push_str(
            "# yaserde::YaSerialize/YaDeserialize on the types: a second, independent XML codec.\n\
             yaserde = [\"dep:yaserde\"]\n",
        );
    }
    if options.own_workspace {
        text.push_str(
            "\n# A crate of its own, not a member of an enclosing workspace.\n[workspace]\n",
        );
    }
    text
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(spec: &str) -> Result<RuntimeDependency, RuntimeSpecError> {
        spec.parse()
    }

    #[test]
    fn runtime_specs_parse_and_print_back() {
        for spec in [
            "path=/src/soap/crates/soap-runtime",
            "path=../a,b",
            "version=0.1",
            "git=https://example.com/soap.git",
            "git=https://example.com/soap.git,rev=4f2a9c1",
            "git=ssh://git@example.com/soap.git,branch=main",
            "git=https://example.com/soap.git,tag=v0.1.0",
        ] {
            let runtime = parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
            assert_eq!(runtime.to_string(), spec);
        }
        assert_eq!(
            parse("path=../a,b"),
            Ok(RuntimeDependency::Path(PathBuf::from("../a,b")))
        );
    }

    #[test]
    fn bad_runtime_specs_say_what_is_wrong() {
        for (spec, reason) in [
            ("soap-runtime", "no `=`"),
            ("crate=x", "`crate` is not path, git or version"),
            ("path=", "the path is empty"),
            ("version=", "the version is empty"),
            ("git=", "the URL is empty"),
            ("git=https://x,rev", "`rev` has no `=`"),
            (
                "git=https://x,commit=1",
                "`commit` is not rev, branch or tag",
            ),
            ("git=https://x,rev=", "rev is empty"),
            (
                "git=https://x,rev=1,tag=v1",
                "`tag=v1`: a git dependency takes at most one of rev, branch and tag",
            ),
        ] {
            let error = parse(spec).expect_err(spec);
            assert_eq!(error.reason, reason, "{spec}");
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("runtime dependency `{spec}`: "))
            );
        }
    }

    fn options(runtime: &str) -> CrateOptions {
        CrateOptions::new(parse(runtime).expect("a valid spec"), "wsdl2rust")
    }

    #[test]
    fn the_manifest_names_the_runtime_as_asked() {
        let cases = [
            (
                "path=/opt/soap \"x\"",
                r#"soap-runtime = { path = "/opt/soap \"x\"" }"#,
            ),
            ("version=0.1", r#"soap-runtime = { version = "0.1" }"#),
            (
                "git=https://example.com/soap.git,rev=4f2a9c1",
                r#"soap-runtime = { git = "https://example.com/soap.git", rev = "4f2a9c1" }"#,
            ),
            (
                "git=https://example.com/soap.git,branch=main",
                r#"soap-runtime = { git = "https://example.com/soap.git", branch = "main" }"#,
            ),
            (
                "git=https://example.com/soap.git",
                r#"soap-runtime = { git = "https://example.com/soap.git" }"#,
            ),
        ];
        for (spec, line) in cases {
            let text = manifest("my-client", "service.wsdl", &options(spec));
            assert!(text.lines().any(|l| l == line), "{spec}:\n{text}");
        }
    }

    #[test]
    fn the_manifest_declares_each_feature_the_module_uses() {
        let text = manifest("my-client", "service.wsdl", &options("version=0.1"));
        assert!(text.starts_with("# Generated by `wsdl2rust` from `service.wsdl`; do not edit.\n"));
        assert!(text.contains("name = \"my-client\"\n"));
        assert!(text.contains("\nserde = [\"dep:serde\"]\n"));
        assert!(text.contains("\nserver = []\n"));
        assert!(text.contains("\narbitrary = [\"soap-runtime/arbitrary\"]\n"));
        assert!(!text.contains("yaserde"), "{text}");
        assert!(text.ends_with("[workspace]\n"));

        let with_yaserde = CrateOptions {
            yaserde: true,
            own_workspace: false,
            ..options("version=0.1")
        };
        let text = manifest("my-client", "service.wsdl", &with_yaserde);
        assert!(text.contains(
            "\nyaserde = { version = \"0.13\", features = [\"derive\"], optional = true }\n"
        ));
        assert!(text.contains("\nyaserde = [\"dep:yaserde\"]\n"));
        assert!(!text.contains("[workspace]"), "{text}");
    }

    #[test]
    fn package_names_come_from_the_folder() {
        assert_eq!(name_from_folder(Path::new("/tmp/My Client")), "my-client");
        assert_eq!(
            name_from_folder(Path::new("/tmp/2024_api")),
            "soap-2024-api"
        );
        assert_eq!(name_from_folder(Path::new("/tmp/out")), "out");
        assert_eq!(name_from_folder(Path::new("/tmp/__")), "soap-client");
        assert!(is_package_name("my_client-2"));
        assert!(!is_package_name("2client"));
        assert!(!is_package_name("my client"));
        assert!(!is_package_name(""));
    }
}
