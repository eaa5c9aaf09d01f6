//! The WFM session's service map (service name → URL) and the URL rewrite hook for on-premises
//! servers that hand out internal host names.
//!
//! The SDK calls `LocateServer`/`OpenSession` with its generated ports and feeds the
//! `(serviceName, serviceURL)` pairs of `SessionInfo.services` to [`ServiceMap::from_pairs`];
//! generated ports then look their URL up with [`ServiceMap::url`].

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use url::Url;

use soap_runtime::{ErrorKind, Result};

use crate::error::WfmError;

/// Rewrites URLs returned by the server (e.g. `sessionServiceURL`, `serviceURL`) before use.
///
/// ```
/// use wfm_runtime::UrlRewrite;
/// let rewrite = UrlRewrite::host_port("wfmsrv01", 6030, "wfm.example.com", 21007);
/// let url = rewrite.apply("http://wfmsrv01:6030/?Handler=ConfigService850")?;
/// assert_eq!(url.as_str(), "http://wfm.example.com:21007/?Handler=ConfigService850");
/// # Ok::<(), wfm_runtime::Error>(())
/// ```
#[derive(Clone)]
pub struct UrlRewrite(Arc<dyn Fn(Url) -> Url + Send + Sync>);

impl fmt::Debug for UrlRewrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UrlRewrite(..)")
    }
}

impl UrlRewrite {
    /// A rewrite by an arbitrary function.
    pub fn new(rewrite: impl Fn(Url) -> Url + Send + Sync + 'static) -> Self {
        UrlRewrite(Arc::new(rewrite))
    }

    /// Leaves URLs unchanged.
    pub fn identity() -> Self {
        Self::new(|url| url)
    }

    /// Replaces host `from_host` with port `from_port` (the port as written, or the scheme's
    /// default) by `to_host:to_port`; other URLs pass unchanged. Path and query are kept verbatim.
    pub fn host_port(
        from_host: impl Into<String>,
        from_port: u16,
        to_host: impl Into<String>,
        to_port: u16,
    ) -> Self {
        let (from_host, to_host) = (from_host.into(), to_host.into());
        Self::new(move |url| {
            let matches = url
                .host_str()
                .is_some_and(|h| h.eq_ignore_ascii_case(&from_host))
                && url.port_or_known_default() == Some(from_port);
            if !matches {
                return url;
            }
            let mut rewritten = url.clone();
            if rewritten.set_host(Some(&to_host)).is_err()
                || rewritten.set_port(Some(to_port)).is_err()
            {
                return url;
            }
            rewritten
        })
    }

    /// Parses `url` and applies the rewrite.
    pub fn apply(&self, url: &str) -> Result<Url> {
        let parsed =
            Url::parse(url.trim()).map_err(|e| ErrorKind::InvalidUrl(format!("{url:?}: {e}")))?;
        Ok((self.0)(parsed))
    }
}

/// Service name → URL, from `OpenSession`.
///
/// ```
/// use wfm_runtime::{ServiceMap, WfmError};
/// let map = ServiceMap::from_pairs(
///     [("ConfigService850", "http://wfm:7000/?Handler=ConfigService850")],
///     None,
/// )?;
/// assert_eq!(map.url("ConfigService850")?.query(), Some("Handler=ConfigService850"));
/// let missing = map.url("ScheduleService712").unwrap_err();
/// assert!(matches!(WfmError::of(&missing), Some(WfmError::ServiceUnavailable(_))));
/// # Ok::<(), wfm_runtime::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceMap {
    services: BTreeMap<String, Url>,
}

impl ServiceMap {
    /// Builds the map from `(serviceName, serviceURL)` pairs, applying `rewrite` to each URL.
    /// A later duplicate name replaces an earlier one.
    pub fn from_pairs<N, U>(
        pairs: impl IntoIterator<Item = (N, U)>,
        rewrite: Option<&UrlRewrite>,
    ) -> Result<Self>
    where
        N: Into<String>,
        U: AsRef<str>,
    {
        let identity = UrlRewrite::identity();
        let rewrite = rewrite.unwrap_or(&identity);
        let mut services = BTreeMap::new();
        for (name, url) in pairs {
            services.insert(name.into(), rewrite.apply(url.as_ref())?);
        }
        Ok(ServiceMap { services })
    }

    /// The URL of `service`, or [`WfmError::ServiceUnavailable`].
    pub fn url(&self, service: &str) -> Result<&Url> {
        self.services
            .get(service)
            .ok_or_else(|| WfmError::ServiceUnavailable(service.to_owned()).into())
    }

    /// Adds or replaces a service.
    pub fn insert(&mut self, service: impl Into<String>, url: Url) {
        self.services.insert(service.into(), url);
    }

    /// The services, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Url)> {
        self.services.iter().map(|(name, url)| (name.as_str(), url))
    }

    /// Number of services.
    pub fn len(&self) -> usize {
        self.services.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_only_matching_host_and_port() -> Result<()> {
        let rewrite = UrlRewrite::host_port("hffgpdna", 6030, "222.73.213.174", 21007);
        let map = ServiceMap::from_pairs(
            [
                (
                    "SessionService800",
                    "http://hffgpdna:6030/?Handler=SessionService800&s=1",
                ),
                ("Other", "http://other:6030/x"),
            ],
            Some(&rewrite),
        )?;
        assert_eq!(
            map.url("SessionService800")?.as_str(),
            "http://222.73.213.174:21007/?Handler=SessionService800&s=1"
        );
        assert_eq!(map.url("Other")?.as_str(), "http://other:6030/x");
        assert!(ServiceMap::from_pairs([("Bad", "not a url")], None).is_err());
        Ok(())
    }
}
