//! What kind of WFM the simulator stands for: the cloud or an on-premises server
//! ([`Deployment`]), and where its WFM Web answers REST calls ([`WebContext`]).

use std::fmt;
use std::str::FromStr;

/// Which WFM the simulator stands for; it decides how SOAP calls authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Deployment {
    /// Genesys Multicloud CX: every SOAP call needs a GAuth Bearer token of a user provisioned
    /// in WFM; `LocateServerLogin` and `OpenSessionLogin` are Client faults (the cloud does
    /// not support them).
    #[default]
    Cloud,
    /// An on-premises WFM Server: SOAP calls need no token; `LocateServerLogin` and
    /// `OpenSessionLogin` check the user name and password of an account provisioned in WFM
    /// (see [`ACCOUNTS`](crate::ACCOUNTS)). GAuth and userinfo stay served.
    OnPremises,
}

impl fmt::Display for Deployment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Deployment::Cloud => "cloud",
            Deployment::OnPremises => "on-premises",
        })
    }
}

impl FromStr for Deployment {
    type Err = DeploymentError;

    /// `cloud` or `on-premises`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "cloud" => Ok(Deployment::Cloud),
            "on-premises" => Ok(Deployment::OnPremises),
            _ => Err(DeploymentError(format!(
                "unknown deployment {text:?}: expected cloud or on-premises"
            ))),
        }
    }
}

/// A [`Deployment`] or [`WebContext`] that does not parse; the text says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentError(String);

impl fmt::Display for DeploymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeploymentError {}

/// WFM Web's context path: where its REST API lives below the server's root.
///
/// The documented cloud URL `/wfm/api/v3/system/userinfo` puts it at `/wfm` (the default);
/// an on-premises WFM Web defaults to `/wfm85x` (wfm-api-facts §1.3). One or more segments
/// of letters, digits, `.`, `_`, `~` and `-`, each after a `/`, without a trailing `/`.
///
/// ```
/// use wfm_sim::WebContext;
/// let context: WebContext = "/wfm85x".parse()?;
/// assert_eq!(context.userinfo_path(), "/wfm85x/api/v3/system/userinfo");
/// assert!("wfm".parse::<WebContext>().is_err());
/// assert!("/wfm/{id}".parse::<WebContext>().is_err());
/// # Ok::<(), wfm_sim::DeploymentError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebContext(String);

impl WebContext {
    /// The path (`/wfm`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where WFM's userinfo is served: `{context}/api/v3/system/userinfo`.
    pub fn userinfo_path(&self) -> String {
        format!("{}/api/v3/system/userinfo", self.0)
    }
}

impl Default for WebContext {
    fn default() -> Self {
        WebContext("/wfm".to_owned())
    }
}

impl fmt::Display for WebContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for WebContext {
    type Err = DeploymentError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let segment_ok = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._~-".contains(&b))
        };
        match text.strip_prefix('/') {
            Some(rest) if rest.split('/').all(segment_ok) => Ok(WebContext(text.to_owned())),
            _ => Err(DeploymentError(format!(
                "invalid WFM Web context path {text:?}: expected /name or /name/name… \
                 (letters, digits, . _ ~ -), such as /wfm or /wfm85x"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_round_trips_through_text() {
        for deployment in [Deployment::Cloud, Deployment::OnPremises] {
            assert_eq!(deployment.to_string().parse(), Ok(deployment));
        }
        assert!("onprem".parse::<Deployment>().is_err());
    }

    #[test]
    fn context_paths() {
        assert_eq!(WebContext::default().as_str(), "/wfm");
        for good in ["/wfm", "/wfm85x", "/genesys/wfm-web", "/a.b_c~d"] {
            assert_eq!(
                good.parse::<WebContext>().map(|c| c.to_string()).as_deref(),
                Ok(good)
            );
        }
        for bad in [
            "",
            "/",
            "wfm",
            "/wfm/",
            "//wfm",
            "/wfm/:id",
            "/wfm/{id}",
            "/wfm/*",
            "/w m",
        ] {
            assert!(
                bad.parse::<WebContext>().is_err(),
                "{bad:?} should be refused"
            );
        }
    }
}
