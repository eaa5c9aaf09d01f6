//! The thin Genesys WFM layer over [`soap_runtime`], the generic runtime generated code calls.
//!
//! * [`auth`]: [`GAuthTokenSource`], Bearer tokens from the Genesys Authentication API (GAuth)
//!   with caching, single-flight refresh and backoff;
//! * [`userinfo`]: the cloud bootstrap call `GET /wfm/api/v3/system/userinfo`;
//! * [`service_map`]: service name → URL from `OpenSession`, with a URL rewrite hook;
//! * [`ole_date`]: OLE Automation dates ↔ `time::PrimitiveDateTime`;
//! * [`WfmError`]: the WFM cases of an error (a user not provisioned in WFM, a service not in
//!   the session), carried in a [`soap_runtime::Error`].
//!
//! The generic items WFM code uses most are re-exported here, so that one crate root serves
//! both: [`Error`], [`ErrorKind`], [`HttpTransport`], [`TokenSource`], ...

pub mod auth;
pub mod error;
pub mod ole_date;
pub mod service_map;
pub mod userinfo;

pub use auth::GAuthTokenSource;
pub use error::WfmError;
pub use service_map::{ServiceMap, UrlRewrite};
pub use userinfo::UserInfo;

pub use soap_runtime;
pub use soap_runtime::{
    AccessToken, ClientConfig, Endpoint, Error, ErrorKind, HttpTransport, Result, Secret,
    SoapFault, SoapVersion, StaticToken, TokenSource,
};
