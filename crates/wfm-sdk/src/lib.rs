//! Typed Rust SDK for the Genesys Workforce Management (WFM) SOAP Integration API.
//!
//! The modules under [`generated`] are produced by `cargo xtask codegen` from the WSDLs in
//! the repository's `wsdl/` folder, one module per service: types with their XML codec, and a
//! client per port. The HTTP transport, tokens and errors come from [`wfm_runtime`].

pub mod constants;
pub mod generated;
pub mod session;
pub use session::{CloudConfig, OnPremisesConfig, Wfm, WfmConfig};

pub use wfm_runtime;

/// The code blocks of the repository's README, compiled (and run, unless marked `no_run`) as
/// doctests, so that its "Using the SDK" example keeps up with the API.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
