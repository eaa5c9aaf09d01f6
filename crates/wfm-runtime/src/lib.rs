//! The thin runtime under the generated Genesys WFM SDK.
//!
//! * [`xml`]: the writer and pull decoder that generated per-type codecs call;
//! * [`envelope`]: SOAP 1.1/1.2 envelopes and faults;
//! * [`transport`]: [`SoapClient`], the HTTP client (reqwest over rustls) with Bearer tokens,
//!   timeouts, a response size limit, and one retry after a 401;
//! * [`auth`]: [`TokenSource`] with a static token and GAuth grants;
//! * [`userinfo`]: the cloud bootstrap call `GET /wfm/api/v3/system/userinfo`;
//! * [`service_map`]: service name → URL from `OpenSession`, with a URL rewrite hook;
//! * [`ole_date`]: OLE Automation dates ↔ `time::PrimitiveDateTime`;
//! * [`Error`]: the one error type;
//! * `arbitrary` (feature `arbitrary`): property-based values for generated types and the
//!   encode → decode round-trip check.

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
pub mod auth;
pub mod dispatch;
pub mod envelope;
pub mod error;
pub mod ole_date;
mod secret;
pub mod service_map;
pub mod transport;
pub mod userinfo;
pub mod xml;

pub use auth::{AccessToken, GAuthTokenSource, StaticToken, TokenSource};
pub use envelope::SoapVersion;
pub use error::{DecodeError, DecodeErrorKind, Error, FaultCode, Result, SoapFault};
pub use secret::{Redacted, Secret};
pub use service_map::{ServiceMap, UrlRewrite};
pub use transport::{ClientConfig, Endpoint, Operation, SoapClient, SoapResponse};
pub use userinfo::UserInfo;
