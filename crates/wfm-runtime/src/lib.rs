//! The thin runtime under the generated Genesys WFM SDK.
//!
//! * [`xml`]: the writer and pull decoder that generated per-type codecs call;
//! * [`envelope`]: SOAP 1.1/1.2 envelopes and faults;
//! * [`transport`]: [`SoapClient`], the HTTP client (reqwest over rustls) with Bearer tokens,
//!   timeouts, a response size limit, and one retry after a 401;
//! * [`token`]: [`TokenSource`] and a static token; [`auth`]: GAuth grants with single-flight
//!   refresh and backoff;
//! * [`userinfo`]: the cloud bootstrap call `GET /wfm/api/v3/system/userinfo`;
//! * [`service_map`]: service name → URL from `OpenSession`, with a URL rewrite hook;
//! * [`ole_date`]: OLE Automation dates ↔ `time::PrimitiveDateTime`;
//! * [`Error`]: the one error type ([`ErrorKind`] and the [`CallSite`]); [`excerpt`]: how
//!   server text in errors is bounded and cleaned of secrets;
//! * `arbitrary` (feature `arbitrary`): property-based values for generated types and the
//!   encode → decode round-trip check.

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
pub mod auth;
pub mod envelope;
pub mod error;
pub mod excerpt;
pub mod fault;
pub mod ole_date;
mod secret;
pub mod service_map;
pub mod token;
pub mod transport;
pub mod userinfo;
mod version;
pub mod xml;

pub use auth::GAuthTokenSource;
pub use error::{CallSite, DecodeError, DecodeErrorKind, Error, ErrorKind, Result};
pub use fault::{FaultCode, SoapFault};
pub use secret::{Redacted, Secret};
pub use service_map::{ServiceMap, UrlRewrite};
pub use token::{AccessToken, StaticToken, TokenSource};
pub use transport::{ClientConfig, Endpoint, Operation, ResponseElement, SoapClient, SoapResponse};
pub use userinfo::UserInfo;
pub use version::SoapVersion;
