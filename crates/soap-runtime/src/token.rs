//! Bearer tokens: the [`TokenSource`] trait a client takes its tokens from, and a
//! [`StaticToken`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::error::Result;
use crate::secret::Secret;

/// A boxed, sendable future (what [`TokenSource`] methods return, so the trait is object safe).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An OAuth access token. `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Secret);

impl AccessToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<Secret>) -> Self {
        AccessToken(token.into())
    }

    /// The token, for the `Authorization` header.
    pub fn secret(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where an [`HttpTransport`](crate::HttpTransport) gets its Bearer tokens.
///
/// Implementations must be cheap to call for every request (cache the token) and must make
/// concurrent callers share one refresh, and its outcome, success or failure.
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// A currently valid token.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>>;

    /// Called when the server answered 401 with `rejected`: the next [`token`](Self::token)
    /// must not return it again.
    fn invalidate<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, ()>;
}

/// A fixed token obtained elsewhere. A 401 cannot be cured by it (the retry sends the same token
/// and then fails with [`ErrorKind::Auth`](crate::ErrorKind::Auth)).
#[derive(Debug, Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn invalidate<'a>(&'a self, _rejected: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(async {})
    }
}
