//! The WFM cases of an error. They travel in the one [`soap_runtime::Error`] (as its
//! [`ErrorKind::Other`](soap_runtime::ErrorKind::Other)), so every call of the SDK fails with
//! the same type; [`WfmError::of`] finds them.

/// What can go wrong in the WFM bootstrap beyond SOAP and HTTP.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WfmError {
    /// GAuth accepted the user, but WFM answered `403 Forbidden` on
    /// `/wfm/api/v3/system/userinfo`.
    #[error(
        "the user exists in GAuth but is not provisioned in WFM (HTTP {status} from userinfo); \
         ask Genesys to provision the user for WFM API access"
    )]
    NotProvisioned {
        /// The HTTP status (403).
        status: u16,
    },
    /// The WFM session's service map has no URL for this service.
    #[error("service {0:?} is not available in this WFM session")]
    ServiceUnavailable(String),
}

impl WfmError {
    /// The WFM case of `error`, if it is one.
    ///
    /// ```
    /// use wfm_runtime::{Error, WfmError};
    /// let error = Error::from(WfmError::ServiceUnavailable("ScheduleService852".into()));
    /// assert_eq!(
    ///     WfmError::of(&error),
    ///     Some(&WfmError::ServiceUnavailable("ScheduleService852".into()))
    /// );
    /// ```
    pub fn of(error: &soap_runtime::Error) -> Option<&WfmError> {
        error.downcast_ref()
    }
}

impl From<WfmError> for soap_runtime::Error {
    fn from(error: WfmError) -> Self {
        soap_runtime::Error::other(error)
    }
}
