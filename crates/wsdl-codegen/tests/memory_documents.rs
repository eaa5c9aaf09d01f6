//! WSDL sets held in memory ([`MemoryDocuments`]) load exactly as the same files on disk do:
//! same IR, same diagnostics, same generated module; imports between in-memory documents
//! resolve by relative path and by URL; diagnostics name the in-memory documents.

use std::path::{Path, PathBuf};

use wsdl_codegen::{
    Diagnostic, EmitOptions, LoadOptions, MemoryDocuments, Severity, dump, generate_module,
    generate_module_from, load, load_from,
};

/// Every file of `folder` (one level: fixtures keep their files side by side), keyed by its
/// path as the file-system loader sees it.
fn documents_of(folder: &Path) -> MemoryDocuments {
    let mut documents = MemoryDocuments::new();
    for entry in std::fs::read_dir(folder).expect("fixture folder") {
        let path = entry.expect("readable directory entry").path();
        if path.is_file() {
            documents.insert(&path, std::fs::read(&path).expect("readable fixture file"));
        }
    }
    documents
}

#[test]
fn every_fixture_generates_the_same_from_memory_as_from_files() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir("tests/fixtures")
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 30, "only {} fixtures", fixtures.len());
    for fixture in fixtures {
        let entries = [fixture.join("service.wsdl")];
        let documents = documents_of(&fixture);
        let options = LoadOptions::default();
        let from_files = load(&entries, &options)
            .unwrap_or_else(|error| panic!("{}: {error}", fixture.display()));
        let from_memory = load_from(&documents, &entries, &options)
            .unwrap_or_else(|error| panic!("{} in memory: {error}", fixture.display()));
        assert_eq!(
            dump(&from_memory),
            dump(&from_files),
            "{}: the IRs differ",
            fixture.display()
        );
        assert_eq!(
            from_memory.diagnostics,
            from_files.diagnostics,
            "{}: the diagnostics differ",
            fixture.display()
        );
        assert_eq!(from_memory.input_files, from_files.input_files);
        assert_eq!(from_memory.input_bytes, from_files.input_bytes);
        let emit = EmitOptions {
            source: fixture.display().to_string(),
            ..EmitOptions::default()
        };
        let module_from_files =
            generate_module(&entries, &options, &emit).expect("the fixture generates");
        let module_from_memory = generate_module_from(&documents, &entries, &options, &emit)
            .expect("the fixture generates from memory");
        assert!(
            module_from_memory == module_from_files,
            "{}: the generated modules differ",
            fixture.display()
        );
    }
}

/// A one-operation WSDL in `urn:shop` whose request carries a `cmn:Address` (from
/// `urn:shop:common`) and whose schema imports that namespace from `common_location`.
fn shop_wsdl(common_location: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:shop" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:shop" xmlns:cmn="urn:shop:common">
<wsdl:types><xs:schema targetNamespace="urn:shop" elementFormDefault="qualified">
  <xs:import namespace="urn:shop:common" schemaLocation="{common_location}"/>
  <xs:element name="Ship"><xs:complexType><xs:sequence>
    <xs:element name="to" type="cmn:Address"/></xs:sequence></xs:complexType></xs:element>
</xs:schema></wsdl:types>
<wsdl:message name="In"><wsdl:part name="parameters" element="tns:Ship"/></wsdl:message>
<wsdl:portType name="P"><wsdl:operation name="Ship"><wsdl:input message="tns:In"/>
  <wsdl:output message="tns:In"/></wsdl:operation></wsdl:portType>
<wsdl:binding name="B" type="tns:P"><soap:binding style="document"
  transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="Ship">
  <soap:operation soapAction="ship"/><wsdl:input><soap:body use="literal"/></wsdl:input>
  <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
<wsdl:service name="Shop"><wsdl:port name="ShopPort" binding="tns:B">
  <soap:address location="http://shop.example.com/"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

/// `urn:shop:common`'s `Address`, its street typed `street_type`; it includes `include`.
fn common_xsd(street_type: &str, include: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<xs:schema targetNamespace="urn:shop:common" elementFormDefault="qualified"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:cmn="urn:shop:common">
  <xs:include schemaLocation="{include}"/>
  <xs:complexType name="Address"><xs:sequence>
    <xs:element name="street" type="{street_type}"/>
    <xs:element name="country" type="cmn:Country"/>
  </xs:sequence></xs:complexType>
</xs:schema>
"#
    )
}

const COUNTRY_XSD: &str = r#"<?xml version="1.0"?>
<xs:schema targetNamespace="urn:shop:common" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="Country"><xs:restriction base="xs:string"/></xs:simpleType>
</xs:schema>
"#;

fn error_lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(Diagnostic::to_string)
        .collect()
}

#[test]
fn imports_between_memory_documents_resolve_by_path() {
    let documents = MemoryDocuments::new()
        .with("shop/service.wsdl", shop_wsdl("../types/common.xsd"))
        .with(
            "types/common.xsd",
            common_xsd("xs:string", "parts/country.xsd"),
        )
        .with("types/parts/country.xsd", COUNTRY_XSD);
    // `types` is beside the entry's folder, not inside it: it must be allowed.
    let options = LoadOptions {
        allowed_roots: vec!["types".into()],
        ..LoadOptions::default()
    };
    let ir = load_from(&documents, &["shop/service.wsdl".into()], &options)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(ir.input_files, 3);
    let text = dump(&ir);
    assert!(text.contains("Address"), "{text}");
    assert!(text.contains("Country"), "{text}");
}

#[test]
fn imports_between_memory_documents_resolve_by_url() {
    // The URL document's own relative include resolves against its URL.
    let documents = MemoryDocuments::new()
        .with(
            "service.wsdl",
            shop_wsdl("https://schemas.example.com/shop/v1/common.xsd"),
        )
        .with(
            "https://schemas.example.com/shop/v1/common.xsd",
            common_xsd("xs:string", "../shared/country.xsd"),
        )
        .with(
            "https://schemas.example.com/shop/shared/country.xsd",
            COUNTRY_XSD,
        );
    let ir = load_from(
        &documents,
        &["service.wsdl".into()],
        &LoadOptions::default(),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(ir.input_files, 3);
    assert!(dump(&ir).contains("Country"));

    // `--map-url` works over memory documents too.
    let mut options = LoadOptions::default();
    options.url_map.insert(
        "http://elsewhere.example.com/common.xsd".to_owned(),
        "local/common.xsd".into(),
    );
    let documents = MemoryDocuments::new()
        .with(
            "service.wsdl",
            shop_wsdl("http://elsewhere.example.com/common.xsd"),
        )
        .with("local/common.xsd", common_xsd("xs:string", "country.xsd"))
        .with("local/country.xsd", COUNTRY_XSD);
    let ir = load_from(&documents, &["service.wsdl".into()], &options)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(ir.input_files, 3);
}

#[test]
fn diagnostics_name_the_memory_documents() {
    // An unknown type in an imported document (a recovery, refused under strict loading):
    // the error is at its line and column.
    let strict = LoadOptions {
        strict: true,
        ..LoadOptions::default()
    };
    let documents = MemoryDocuments::new()
        .with("shop/service.wsdl", shop_wsdl("common.xsd"))
        .with("shop/common.xsd", common_xsd("cmn:Street", "country.xsd"))
        .with("shop/country.xsd", COUNTRY_XSD);
    let error = load_from(&documents, &["shop/service.wsdl".into()], &strict)
        .expect_err("cmn:Street is not defined");
    let errors = error_lines(&error.diagnostics);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("shop/common.xsd:6:5: error:") && e.contains("Street")),
        "{errors:#?}"
    );

    // A document the source does not hold: named as the location resolved, at the import.
    let documents = MemoryDocuments::new()
        .with("shop/service.wsdl", shop_wsdl("common.xsd"))
        .with("shop/common.xsd", common_xsd("xs:string", "missing.xsd"));
    let error = load_from(&documents, &["shop/service.wsdl".into()], &strict)
        .expect_err("missing.xsd is not held");
    let errors = error_lines(&error.diagnostics);
    assert!(
        errors.iter().any(|e| e
            .starts_with("shop/common.xsd:4:3: error: cannot read `shop/missing.xsd`")
            && e.contains("held in memory")),
        "{errors:#?}"
    );

    // Malformed XML in an entry document.
    let documents = MemoryDocuments::new().with(
        "broken.wsdl",
        "<definitions>\n  <types></typo>\n</definitions>\n",
    );
    let error = load_from(&documents, &["broken.wsdl".into()], &LoadOptions::default())
        .expect_err("mismatched tags");
    let errors = error_lines(&error.diagnostics);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("broken.wsdl:2:") && e.contains("typo")),
        "{errors:#?}"
    );
}
