//! Generates the calculator's module into `OUT_DIR` (see `src/lib.rs`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    wsdl_codegen::Builder::new()
        .wsdl("wsdl/calculator.wsdl")
        .strict(true)
        // The tests compare responses with `assert_eq!`.
        .derive(wsdl_codegen::Derives {
            partial_eq: true,
            ..Default::default()
        })
        .compile()?;
    Ok(())
}
