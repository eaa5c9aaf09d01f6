//! Typed Rust SDK for the Genesys Workforce Management (WFM) SOAP Integration API.
//!
//! The modules under [`generated`] are produced by `cargo xtask codegen` from the WSDLs in
//! the repository's `wsdl/` folder, one module per service: types with their XML codec, and a
//! client per port. The HTTP transport, tokens and errors come from [`wfm_runtime`].

pub mod constants;
pub mod generated;
pub mod session;
pub use session::{Wfm, WfmConfig};

pub use wfm_runtime;
