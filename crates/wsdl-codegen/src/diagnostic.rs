//! Errors and warnings about a WSDL set, each with the place it concerns.

use std::fmt;

use crate::source::Location;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: something recognised and deliberately skipped.
    Note,
    /// Valid input the generator does not fully support, or suspicious input it worked around.
    Warning,
    /// The set cannot be turned into an IR.
    Error,
}

/// One message about the input, tied to a file position when there is one.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Where it is (absent for problems that concern no single file).
    pub location: Option<Location>,
    /// What is wrong and, where it helps, what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.location {
            Some(location) => write!(f, "{location}: {severity}: {}", self.message),
            None => write!(f, "{severity}: {}", self.message),
        }
    }
}

/// Loading a WSDL set failed: every error found, then every warning.
#[derive(Debug, thiserror::Error)]
pub struct LoadError {
    /// All diagnostics, errors first, each group in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// The diagnostics of severity [`Severity::Error`].
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors().count();
        write!(
            f,
            "{count} error{} in the WSDL set",
            if count == 1 { "" } else { "s" }
        )?;
        for diagnostic in &self.diagnostics {
            write!(f, "\n{diagnostic}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics while a set is loaded and resolved.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Whether recoveries are refused ([`crate::LoadOptions::strict`]).
    strict: bool,
}

impl Diagnostics {
    /// Collects diagnostics; under `strict`, every recovery is an error.
    pub fn new(strict: bool) -> Self {
        Diagnostics {
            items: Vec::new(),
            strict,
        }
    }

    /// Whether recoveries are refused.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// Input that breaks a rule but whose intent is unambiguous: `problem` says what is wrong,
    /// `recovery` what the generator does about it. A warning, or under strict loading an
    /// error at the same position that says what tolerant loading would have done.
    pub fn recovery(&mut self, location: Option<Location>, problem: &str, recovery: &str) {
        if self.strict {
            self.error(
                location,
                format!("{problem} (refused by strict loading; without it: {recovery})"),
            );
        } else {
            self.warning(location, format!("{problem}; {recovery}"));
        }
    }

    pub fn push(&mut self, severity: Severity, location: Option<Location>, message: String) {
        self.items.push(Diagnostic {
            severity,
            location,
            message,
        });
    }

    pub fn error(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Severity::Error, location, message.into());
    }

    pub fn warning(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Severity::Warning, location, message.into());
    }

    pub fn note(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Severity::Note, location, message.into());
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Errors first, then warnings and notes, each in the order found.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|d| std::cmp::Reverse(d.severity));
        self.items
    }
}
