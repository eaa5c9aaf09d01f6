//! A wrapper for passwords, client secrets and tokens that never prints its content.

use std::fmt;
use std::sync::Arc;

/// A secret string (password, client secret, access or refresh token).
///
/// `Debug` and `Display` print `***`; the value is only reachable through
/// [`Secret::expose`], which call sites use exactly where the secret goes on the wire.
///
/// ```
/// use soap_runtime::Secret;
/// let s = Secret::new("hunter2");
/// assert_eq!(format!("{s:?} {s}"), "*** ***");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<Arc<str>>) -> Self {
        Secret(value.into())
    }

    /// The secret value, for putting it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What `Debug` output shows in place of a secret: `<redacted>`.
///
/// Generated types print it instead of fields named like passwords, secrets and tokens, so
/// a request logged with `{:?}` does not leak credentials.
///
/// ```
/// use soap_runtime::Redacted;
/// assert_eq!(format!("{:?}", Some(Redacted)), "Some(<redacted>)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
