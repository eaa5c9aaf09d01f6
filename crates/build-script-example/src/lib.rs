//! A crate that generates its SOAP client (and, behind its `server` feature, the server trait)
//! from a WSDL in its build script, with `wsdl_codegen::Builder`: `build.rs` reads
//! `wsdl/calculator.wsdl` (which includes `wsdl/calculator-types.xsd`) and writes the module
//! into `OUT_DIR`; the line below declares it as `calculator`.
//!
//! ```no_run
//! use build_script_example::calculator::{Add, CalculatorSoapClient};
//! use soap_runtime::{ClientConfig, HttpTransport};
//!
//! # async fn call() -> soap_runtime::Result<()> {
//! let transport = HttpTransport::new(ClientConfig::default())?;
//! let calculator = CalculatorSoapClient::new(transport, "http://localhost:8080/calculator");
//! assert_eq!(calculator.add(&Add { a: 2, b: 3 }).await?, 5);
//! # Ok(())
//! # }
//! ```

include!(concat!(env!("OUT_DIR"), "/calculator.include.rs"));
