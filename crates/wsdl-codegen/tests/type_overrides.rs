//! Type overrides (`wsdl_codegen::overrides`) and the `Default`/`new` rule: what a rule does
//! to the generated code, and every way a rule file is wrong, each reported at its line and
//! column.

use wsdl_codegen::ir::{Ir, Member, TypeKind};
use wsdl_codegen::{
    Derives, EmitOptions, LoadOptions, MemoryDocuments, OverrideError, OverrideUsage,
    TypeOverrides, emit_module, load_from,
};

/// A one-operation WSDL: `Query` holds a date, a kind (an enumeration), a count, an optional
/// note and a repeated id; `Kind` is an enumeration; `Page` holds only defaulted fields.
const WSDL: &str = r#"<?xml version="1.0"?>
<definitions name="Shop" targetNamespace="urn:shop" xmlns="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:shop">
  <types>
    <xs:schema targetNamespace="urn:shop" elementFormDefault="qualified">
      <xs:simpleType name="Kind">
        <xs:restriction base="xs:string"><xs:enumeration value="new"/><xs:enumeration value="used"/></xs:restriction>
      </xs:simpleType>
      <xs:complexType name="Page">
        <xs:sequence>
          <xs:element name="size" type="xs:int"/>
          <xs:element name="cursor" type="xs:string" minOccurs="0"/>
        </xs:sequence>
      </xs:complexType>
      <xs:element name="Query">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="since" type="xs:double"/>
            <xs:element name="kind" type="tns:Kind"/>
            <xs:element name="count" type="xs:int"/>
            <xs:element name="status" type="xs:int"/>
            <xs:element name="note" type="xs:string" minOccurs="0"/>
            <xs:element name="ids" type="xs:int" maxOccurs="unbounded"/>
            <xs:element name="page" type="tns:Page"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="QueryResponse">
        <xs:complexType><xs:sequence><xs:element name="count" type="xs:int"/></xs:sequence></xs:complexType>
      </xs:element>
    </xs:schema>
  </types>
  <message name="in"><part name="parameters" element="tns:Query"/></message>
  <message name="out"><part name="parameters" element="tns:QueryResponse"/></message>
  <portType name="Shop"><operation name="Query"><input message="tns:in"/><output message="tns:out"/></operation></portType>
  <binding name="ShopSoap" type="tns:Shop">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="Query"><soap:operation soapAction="Query"/>
      <input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
  </binding>
  <service name="ShopService"><port name="ShopSoap" binding="tns:ShopSoap"><soap:address location="http://localhost/"/></port></service>
</definitions>"#;

const RULES: &str = r#"# Dates and status codes.
[[override]]
rust = "my_types::Date"
fields = ["Query/since"]

[[override]]
rust = "my_types::Status"
default = true
fields = ["{urn:shop}Query/status"]
"#;

fn load(overrides: &TypeOverrides) -> Ir {
    let documents = MemoryDocuments::new().with("shop.wsdl", WSDL);
    let options = LoadOptions {
        type_overrides: overrides.clone(),
        ..LoadOptions::default()
    };
    load_from(&documents, &["shop.wsdl".into()], &options)
        .unwrap_or_else(|error| panic!("the shop WSDL loads: {error}"))
}

fn rules(text: &str) -> TypeOverrides {
    TypeOverrides::parse("codegen.toml", text)
        .unwrap_or_else(|error| panic!("the rules parse: {error}"))
}

/// The one problem of a failed parse or check, as displayed.
fn problem(result: Result<impl std::fmt::Debug, OverrideError>) -> String {
    match result {
        Err(OverrideError::Invalid { problems }) if problems.len() == 1 => problems[0].to_string(),
        other => panic!("expected one problem, got {other:?}"),
    }
}

fn struct_of<'a>(ir: &'a Ir, name: &str) -> &'a wsdl_codegen::ir::StructType {
    ir.types
        .iter()
        .find_map(|def| match &def.kind {
            TypeKind::Struct(s) if def.rust_name == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name}"))
}

#[test]
fn structs_derive_default_only_when_every_field_has_one() {
    let ir = load(&TypeOverrides::default());
    // `kind` is an enumeration: no member is the default, so `Query` takes it in `new`.
    let query = struct_of(&ir, "Query");
    assert!(!query.default);
    assert_eq!(query.constructor.as_deref(), Some(&["kind".to_owned()][..]));
    let page = struct_of(&ir, "Page");
    assert!(page.default);
    assert_eq!(page.constructor, None);
    let code = emit_module(&ir, &EmitOptions::default())
        .unwrap_or_else(|error| panic!("emits: {error}"))
        .text;
    assert!(code.contains("#[derive(Debug, Default)]\n#[cfg_attr(feature = \"serde\", derive(serde::Serialize, serde::Deserialize))]\npub struct Page"), "{code}");
    assert!(code.contains("pub fn new(kind: Kind) -> Self {"), "{code}");
    assert!(code.contains("count: Default::default(),"), "{code}");
}

/// The derive line of the struct `name` in `code`.
fn derive_line<'c>(code: &'c str, name: &str) -> &'c str {
    let item = code
        .find(&format!("pub struct {name} "))
        .unwrap_or_else(|| panic!("no struct {name} in {code}"));
    let start = code[..item]
        .rfind("#[derive(")
        .unwrap_or_else(|| panic!("no derive before struct {name}"));
    code[start..].lines().next().unwrap_or_default()
}

#[test]
fn types_derive_clone_and_partial_eq_when_asked_or_when_yaserde_needs_clone() {
    let ir = load(&TypeOverrides::default());
    let emit = |options: EmitOptions| {
        emit_module(&ir, &options)
            .unwrap_or_else(|error| panic!("emits: {error}"))
            .text
    };
    let by_default = emit(EmitOptions::default());
    assert_eq!(derive_line(&by_default, "Query"), "#[derive(Debug)]");
    assert_eq!(
        derive_line(&by_default, "Page"),
        "#[derive(Debug, Default)]"
    );
    assert!(
        by_default.contains("Generated with `--derive Clone,PartialEq`"),
        "the module doc says how to ask: {by_default}"
    );

    let all: Derives = "Clone, PartialEq".parse().expect("both names are known");
    let asked = emit(EmitOptions {
        derives: all,
        ..EmitOptions::default()
    });
    assert_eq!(
        derive_line(&asked, "Query"),
        "#[derive(Clone, Debug, PartialEq)]"
    );
    assert_eq!(
        derive_line(&asked, "Page"),
        "#[derive(Clone, Debug, Default, PartialEq)]"
    );
    assert!(!asked.contains("Generated with `--derive"), "{asked}");

    let yaserde = emit(EmitOptions {
        yaserde: true,
        ..EmitOptions::default()
    });
    assert_eq!(derive_line(&yaserde, "Query"), "#[derive(Clone, Debug)]");
    assert!(
        yaserde.contains("Generated with `--derive PartialEq`"),
        "{yaserde}"
    );
}

#[test]
fn an_override_replaces_the_field_type_and_keeps_the_wire() {
    let overrides = rules(RULES);
    let ir = load(&overrides);
    let mut usage = OverrideUsage::default();
    usage.record(&ir);
    overrides
        .check_usage(&usage)
        .unwrap_or_else(|error| panic!("every rule matches: {error}"));
    // A date has no default: `new` takes it too; the status code's rule says it has one.
    let query = struct_of(&ir, "Query");
    assert_eq!(
        query.constructor.as_deref(),
        Some(&["since".to_owned(), "kind".to_owned()][..])
    );
    let since = query
        .members
        .iter()
        .find_map(|m| match m {
            Member::Element(e) if e.rust_name == "since" => e.rust_type.as_ref(),
            _ => None,
        })
        .unwrap_or_else(|| panic!("`since` is overridden"));
    assert_eq!(
        (since.path.as_str(), since.name.as_str()),
        ("my_types::Date", "Date")
    );
    let code = emit_module(&ir, &EmitOptions::default())
        .unwrap_or_else(|error| panic!("emits: {error}"))
        .text;
    assert!(code.contains("use my_types::{Date, Status};"), "{code}");
    assert!(code.contains("pub since: Date,"), "{code}");
    assert!(code.contains("pub status: Status,"), "{code}");
    assert!(
        code.contains("pub fn new(since: Date, kind: Kind) -> Self {"),
        "{code}"
    );
    // The wire name and the scalar codec stay.
    assert!(
        code.contains(r#"w.scalar_element("ns0:since", &self.since);"#),
        "{code}"
    );
}

#[test]
fn a_rule_that_matches_nothing_is_an_error_at_its_line() {
    let overrides = rules(
        "[[override]]\nrust = \"my_types::Date\"\nfields = [\n    \"Query/since\",\n    \"Query/until\",\n]\n",
    );
    let mut usage = OverrideUsage::default();
    usage.record(&load(&overrides));
    assert_eq!(
        problem(overrides.check_usage(&usage)),
        "codegen.toml:5:5: error: the override to `my_types::Date` for `Query/until` matches no \
         field of any WSDL set"
    );
}

#[test]
fn a_rule_for_a_field_that_is_no_scalar_is_an_error_at_its_line() {
    let overrides = rules("[[override]]\nrust = \"my_types::Note\"\nfields = [\"Query/note\"]\n");
    let documents = MemoryDocuments::new().with("shop.wsdl", WSDL);
    let options = LoadOptions {
        type_overrides: overrides,
        ..LoadOptions::default()
    };
    let error = load_from(&documents, &["shop.wsdl".into()], &options)
        .err()
        .unwrap_or_else(|| panic!("a string field cannot be overridden"));
    let errors: Vec<String> = error.errors().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "codegen.toml:3:11: error: `Query/note` matches `{urn:shop}Query/note`, which holds \
          `xs:string`: an override replaces a number or a boolean"
        ]
    );
}

#[test]
fn two_rules_for_one_field_are_an_error() {
    let overrides = rules(
        "[[override]]\nrust = \"a::Date\"\ntypes = [\"xs:double\"]\n\n[[override]]\nrust = \"b::Date\"\nfields = [\"Query/since\"]\n",
    );
    let documents = MemoryDocuments::new().with("shop.wsdl", WSDL);
    let options = LoadOptions {
        type_overrides: overrides,
        ..LoadOptions::default()
    };
    let error = load_from(&documents, &["shop.wsdl".into()], &options)
        .err()
        .unwrap_or_else(|| panic!("two types for one field"));
    let errors: Vec<String> = error.errors().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "codegen.toml:7:11: error: `Query/since` gives `{urn:shop}Query/since` the type \
          `b::Date`, which `xs:double` already gives `a::Date`"
        ]
    );
}

#[test]
fn malformed_rules_are_errors_at_their_position() {
    assert_eq!(
        problem(TypeOverrides::parse(
            "codegen.toml",
            "[[override]]\nrust = \"a::B\"\nfield = [\"Query/since\"]\n"
        )),
        "codegen.toml:3:1: error: unknown field `field`, expected one of `rust`, `default`, \
         `fields`, `types`"
    );
    assert_eq!(
        problem(TypeOverrides::parse(
            "codegen.toml",
            "[[override]]\nrust = \"a::B\"\nfields = [\"since\"]\n"
        )),
        "codegen.toml:3:11: error: `since` is not a field: write `Owner/element` or \
         `{namespace}Owner/element`"
    );
    assert_eq!(
        problem(TypeOverrides::parse(
            "codegen.toml",
            "[[override]]\nrust = \"not a path\"\ntypes = [\"xs:int\"]\n"
        )),
        "codegen.toml:2:8: error: `not a path` is not a Rust type path"
    );
    assert_eq!(
        problem(TypeOverrides::parse(
            "codegen.toml",
            "[[override]]\nrust = \"a::B\"\ntypes = [\"double\"]\n"
        )),
        "codegen.toml:3:10: error: `double` is not a built-in type: write `xs:` and its name \
         (`xs:double`)"
    );
}
