//! Type overrides: Rust types of the user's choosing for schema fields, read from a TOML file
//! beside the WSDLs (`wsdl/codegen.toml` in this repository).
//!
//! ```toml
//! [[override]]
//! # The Rust type, as the generated module names it.
//! rust = "crate::constants::ESchStateType"
//! # Whether the type's `Default` is an honest value to send (see `StructType::default`).
//! default = false
//! # Fields by `Owner/element`: the owner is the complex type's name, or for an anonymous type
//! # the element that declares it (`GetAgentState`); `{namespace}Owner/element` narrows it to
//! # one namespace. A field holding an ATL array (`stateTypes`) gets the type for its items.
//! fields = ["GetAgentState/stateTypes", "SchAgentState/wmStateType"]
//! # Every field whose type is this built-in type.
//! types = ["xs:double"]
//! ```
//!
//! A rule applies to the element fields of structs (choice alternatives keep their scalar)
//! and replaces numbers and booleans only (built-in types the runtime reads as scalars),
//! and its type must provide what the generated code uses: the runtime's `XmlScalar` with the
//! lexical form of the schema type (the wire names and the codec stay as they are), `From`
//! the scalar and into it (yaserde's twins and `Arbitrary` values go through the scalar),
//! `Copy`, `Debug` and `PartialEq` (and serde's traits, where the generated crate derives
//! them), and `Default` when the rule says `default = true`.
//!
//! Every selector must match at least once over the sets the file applies to: a selector
//! that matches nothing, one that matches a field of another type, and two rules for one field
//! are errors at the selector's line and column ([`TypeOverrides::check_usage`] after the sets
//! are loaded with [`LoadOptions::type_overrides`](crate::LoadOptions::type_overrides)).

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::builtin::BuiltinType;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ir::{Ir, TypeRef};
use crate::qname::QName;
use crate::source::Location;

/// The rules of a type-override file (empty by default: no field is overridden).
#[derive(Clone, Debug, Default)]
pub struct TypeOverrides {
    rules: Arc<Vec<Rule>>,
}

#[derive(Debug)]
struct Rule {
    rust: String,
    default: bool,
    selectors: Vec<Selector>,
}

/// One entry of a rule's `fields` or `types`.
#[derive(Debug)]
pub(crate) struct Selector {
    pub what: Select,
    pub location: Location,
    /// The entry as written, for messages.
    pub text: String,
}

/// What a selector picks.
#[derive(Debug)]
pub(crate) enum Select {
    /// The element `element` of the type (or anonymous type's element) named `owner`.
    Field {
        namespace: Option<String>,
        owner: String,
        element: String,
    },
    /// Every field of this built-in type.
    Type(BuiltinType),
}

/// A type-override file that cannot be read, or rules that do not hold.
#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    /// The file could not be read.
    #[error("reading {file}: {source}")]
    Read {
        /// The file as given.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file's rules are invalid, or do not match what they name: every problem, each at
    /// its line and column.
    #[error("{}", Problems(.problems))]
    Invalid {
        /// One error per problem.
        problems: Vec<Diagnostic>,
    },
}

struct Problems<'a>(&'a [Diagnostic]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileText {
    #[serde(rename = "override", default)]
    overrides: Vec<RuleText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleText {
    rust: Spanned<String>,
    #[serde(default)]
    default: bool,
    #[serde(default)]
    fields: Vec<Spanned<String>>,
    #[serde(default)]
    types: Vec<Spanned<String>>,
}

impl TypeOverrides {
    /// Reads and checks the rules of the file at `path` (named in messages as given).
    pub fn read(path: &Path) -> Result<Self, OverrideError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| OverrideError::Read {
            file: file.clone(),
            source,
        })?;
        Self::parse(&file, &text)
    }

    /// Parses and checks the rules of `text`; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<Self, OverrideError> {
        let error = |span: Option<Range<usize>>, message: String| OverrideError::Invalid {
            problems: vec![problem(file, text, span.map_or(0, |s| s.start), message)],
        };
        let parsed: FileText =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().to_owned()))?;
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        for rule in parsed.overrides {
            let at = |span: Range<usize>| location(file, text, span.start);
            if syn::parse_str::<syn::Path>(rule.rust.get_ref()).is_err() {
                problems.push(problem(
                    file,
                    text,
                    rule.rust.span().start,
                    format!("`{}` is not a Rust type path", rule.rust.get_ref()),
                ));
            }
            if rule.fields.is_empty() && rule.types.is_empty() {
                problems.push(problem(
                    file,
                    text,
                    rule.rust.span().start,
                    format!(
                        "the rule for `{}` names no `fields` and no `types`",
                        rule.rust.get_ref()
                    ),
                ));
            }
            let mut selectors = Vec::new();
            for entry in &rule.fields {
                match parse_field(entry.get_ref()) {
                    Some(what) => selectors.push(Selector {
                        what,
                        location: at(entry.span()),
                        text: entry.get_ref().clone(),
                    }),
                    None => problems.push(problem(
                        file,
                        text,
                        entry.span().start,
                        format!(
                            "`{}` is not a field: write `Owner/element` or `{{namespace}}Owner/element`",
                            entry.get_ref()
                        ),
                    )),
                }
            }
            for entry in &rule.types {
                let builtin = entry
                    .get_ref()
                    .strip_prefix("xs:")
                    .and_then(BuiltinType::from_xsd_name);
                match builtin {
                    Some(builtin) => selectors.push(Selector {
                        what: Select::Type(builtin),
                        location: at(entry.span()),
                        text: entry.get_ref().clone(),
                    }),
                    None => problems.push(problem(
                        file,
                        text,
                        entry.span().start,
                        format!(
                            "`{}` is not a built-in type: write `xs:` and its name (`xs:double`)",
                            entry.get_ref()
                        ),
                    )),
                }
            }
            rules.push(Rule {
                rust: rule.rust.into_inner(),
                default: rule.default,
                selectors,
            });
        }
        if !problems.is_empty() {
            return Err(OverrideError::Invalid { problems });
        }
        Ok(TypeOverrides {
            rules: Arc::new(rules),
        })
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every selector with its rule's type and default, numbered in file order.
    pub(crate) fn selectors(&self) -> impl Iterator<Item = (usize, &Selector, &str, bool)> {
        self.rules
            .iter()
            .flat_map(|rule| {
                rule.selectors
                    .iter()
                    .map(move |s| (s, rule.rust.as_str(), rule.default))
            })
            .enumerate()
            .map(|(index, (selector, rust, default))| (index, selector, rust, default))
    }

    /// Checks that every selector matched a field in one of the sets `usage` recorded: each
    /// that matched nothing is an error at its position.
    pub fn check_usage(&self, usage: &OverrideUsage) -> Result<(), OverrideError> {
        let problems: Vec<Diagnostic> = self
            .selectors()
            .filter(|(index, ..)| !usage.matched.contains(index))
            .map(|(_, selector, rust, _)| Diagnostic {
                severity: Severity::Error,
                location: Some(selector.location.clone()),
                message: format!(
                    "the override to `{rust}` for `{}` matches no field of any WSDL set",
                    selector.text
                ),
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(OverrideError::Invalid { problems })
        }
    }
}

/// The selectors that matched, gathered over the sets loaded with one [`TypeOverrides`].
#[derive(Clone, Debug, Default)]
pub struct OverrideUsage {
    matched: BTreeSet<usize>,
}

impl OverrideUsage {
    /// Records the selectors that matched fields of `ir`.
    pub fn record(&mut self, ir: &Ir) {
        self.matched.extend(
            ir.element_fields()
                .filter_map(|field| field.rust_type.as_ref().map(|t| t.selector)),
        );
    }
}

impl Select {
    /// Whether the selector picks the element `element` (of schema type `ty`) of a type
    /// named `owner`.
    pub(crate) fn matches(&self, owner: &QName, element: &QName, ty: TypeRef) -> bool {
        match self {
            Select::Field {
                namespace,
                owner: owner_name,
                element: element_name,
            } => {
                owner.local == *owner_name
                    && element.local == *element_name
                    && (namespace.is_none() || *namespace == owner.namespace)
            }
            Select::Type(builtin) => ty == TypeRef::Builtin(*builtin),
        }
    }
}

/// `Owner/element` or `{namespace}Owner/element`; the owner of a nested anonymous type has
/// slashes of its own (`Order/lines/line`), so the element is after the last one.
fn parse_field(text: &str) -> Option<Select> {
    let (namespace, rest) = match text.strip_prefix('{') {
        Some(rest) => {
            let (namespace, rest) = rest.split_once('}')?;
            (Some(namespace.to_owned()), rest)
        }
        None => (None, text),
    };
    let (owner, element) = rest.rsplit_once('/')?;
    let is_name = |s: &str| !s.is_empty() && !s.contains(['{', '}', ' ', ':']);
    (is_name(owner) && is_name(element)).then(|| Select::Field {
        namespace,
        owner: owner.to_owned(),
        element: element.to_owned(),
    })
}

fn problem(file: &str, text: &str, offset: usize, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        location: Some(location(file, text, offset)),
        message,
    }
}

/// The 1-based line and column (in characters) of a byte offset of `text`.
fn location(file: &str, text: &str, offset: usize) -> Location {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        file: file.to_owned(),
        line: before.matches('\n').count() as u32 + 1,
        column: before[line_start..].chars().count() as u32 + 1,
    }
}
