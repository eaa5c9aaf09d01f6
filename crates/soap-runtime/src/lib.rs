//! What generated SOAP clients and servers call, for any WSDL.
//!
//! * [`xml`]: the writer and pull decoder that generated per-type codecs call;
//! * [`envelope`]: SOAP 1.1/1.2 envelopes, reading and writing faults;
//! * [`dispatch`]: what generated server dispatchers call to decode a request and answer it;
//! * [`encoding`]: SOAP encoding (rpc/encoded): `xsi:type` on every value, multi-references,
//!   and [`encoding::SoapArray`];
//! * [`transport`]: [`HttpTransport`], the HTTP client (reqwest over rustls) with Bearer tokens,
//!   timeouts, a response size limit, one retry after a 401, and no redirects followed;
//! * [`token`]: [`TokenSource`], where Bearer tokens come from, and a [`StaticToken`];
//! * [`Error`]: the one error type ([`ErrorKind`] and the [`CallSite`]); [`fault`]: SOAP
//!   faults as data; [`excerpt`]: how server text in errors is bounded and cleaned of secrets;
//! * [`Secret`] and [`Redacted`]: credentials that never print;
//! * `arbitrary` (feature `arbitrary`): property-based values for generated types and the
//!   encode → decode round-trip check.
//!
//! Nothing here knows a particular service: a service's own bootstrap (its token service,
//! its discovery calls) lives in a crate of its own on top.

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
pub mod dispatch;
pub mod encoding;
pub mod envelope;
pub mod error;
pub mod excerpt;
pub mod fault;
mod secret;
pub mod token;
pub mod transport;
mod version;
pub mod xml;

pub use error::{CallSite, DecodeError, DecodeErrorKind, Error, ErrorKind, Result};
pub use fault::{FaultCode, SoapFault};
pub use secret::{Redacted, Secret};
pub use token::{AccessToken, BoxFuture, StaticToken, TokenSource};
pub use transport::{
    ClientConfig, Endpoint, HttpTransport, Operation, ResponseElement, RestResponse, SoapResponse,
};
pub use version::SoapVersion;
