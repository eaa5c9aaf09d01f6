//! Output size against the depth of an `xs:extension` chain (issue 14): a chain of d types,
//! each extending the one before with one element, must generate output linear in d, whether
//! only the first type is held somewhere (one sum type of d variants, if flat) or every one is
//! (d sum types: flat, they would hold d(d+1)/2 variants).

use wsdl_codegen::{EmitOptions, LoadOptions, MemoryDocuments, generate_module_from};

/// A one-operation WSDL whose request holds the last type of a chain of `depth` extensions,
/// and with `every_level_held`, a value of each type of the chain too.
fn chain_wsdl(depth: usize, every_level_held: bool) -> String {
    let mut types = String::from(
        r#"<xs:complexType name="T0"><xs:sequence><xs:element name="f0" type="xs:string"/></xs:sequence></xs:complexType>"#,
    );
    for level in 1..depth {
        types.push_str(&format!(
            r#"<xs:complexType name="T{level}"><xs:complexContent><xs:extension base="tns:T{base}"><xs:sequence><xs:element name="f{level}" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#,
            base = level - 1
        ));
    }
    let last = depth - 1;
    let held: String = if every_level_held {
        (0..depth)
            .map(|level| format!(r#"<xs:element name="h{level}" type="tns:T{level}"/>"#))
            .collect()
    } else {
        String::new()
    };
    format!(
        r#"<?xml version="1.0"?>
<definitions name="Chain" targetNamespace="urn:chain" xmlns="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:chain">
  <types>
    <xs:schema targetNamespace="urn:chain" elementFormDefault="qualified">
      {types}
      <xs:element name="get"><xs:complexType><xs:sequence><xs:element name="v" type="tns:T{last}"/>{held}</xs:sequence></xs:complexType></xs:element>
      <xs:element name="getResponse"><xs:complexType><xs:sequence><xs:element name="v" type="tns:T0"/></xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </types>
  <message name="in"><part name="parameters" element="tns:get"/></message>
  <message name="out"><part name="parameters" element="tns:getResponse"/></message>
  <portType name="Chain"><operation name="get"><input message="tns:in"/><output message="tns:out"/></operation></portType>
  <binding name="ChainSoap" type="tns:Chain">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="get"><soap:operation soapAction="get"/>
      <input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
  </binding>
  <service name="ChainService"><port name="ChainSoap" binding="tns:ChainSoap"><soap:address location="http://localhost/"/></port></service>
</definitions>"#
    )
}

/// Lines of Rust generated for a chain of `depth`, parts included.
fn generated_lines(depth: usize, every_level_held: bool) -> usize {
    let documents = MemoryDocuments::new().with("chain.wsdl", chain_wsdl(depth, every_level_held));
    generate_module_from(
        &documents,
        &["chain.wsdl".into()],
        &LoadOptions::default(),
        &EmitOptions::default(),
    )
    .unwrap_or_else(|error| panic!("a chain of {depth} generates: {error}"))
    .lines()
}

/// Ten times the depth must give at most about ten times the output (12× allows for the
/// fixed part of the module). Doubling first makes quadratic output fail fast, before the
/// 1,000-level chain would take gigabytes.
fn assert_linear(every_level_held: bool) {
    let hundred = generated_lines(100, every_level_held);
    let two_hundred = generated_lines(200, every_level_held);
    assert!(
        two_hundred * 10 <= hundred * 25,
        "doubling the chain from 100 to 200 levels took the output from {hundred} to \
         {two_hundred} lines"
    );
    let thousand = generated_lines(1000, every_level_held);
    assert!(
        thousand <= hundred * 12,
        "a chain of 1,000 levels gave {thousand} lines, against {hundred} for 100 levels"
    );
}

#[test]
fn output_grows_linearly_with_the_depth_of_an_extension_chain() {
    assert_linear(false);
}

#[test]
fn output_grows_linearly_when_every_type_of_the_chain_is_held() {
    assert_linear(true);
}
