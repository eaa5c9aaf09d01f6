//! WSDL 1.1 + XML Schema front end and Rust code generator.
