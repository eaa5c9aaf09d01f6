//! What tolerant loading makes of sloppy input, beyond the positions `tests/malformed.rs`
//! checks: what is generated after a recovery, which files the loader may read, DTDs, and the
//! errors for input that has no reading (circular simple types, invalid names).

use std::path::{Path, PathBuf};

use wsdl_codegen::{
    EmitOptions, LoadOptions, MemoryDocuments, Severity, dump, emit_module, load, load_from,
};

fn malformed(case: &str) -> PathBuf {
    Path::new("tests/malformed").join(case).join("service.wsdl")
}

fn strict() -> LoadOptions {
    LoadOptions {
        strict: true,
        ..LoadOptions::default()
    }
}

/// The ONVIF Advanced Security case: one operation's part names an element that is not
/// declared. That operation is absent from the generated port (no stub), the other is there.
#[test]
fn an_operation_with_a_missing_element_is_left_out_and_the_rest_generated() {
    let ir = load(
        &[malformed("missing_part_element")],
        &LoadOptions::default(),
    )
    .expect("loads with a warning");
    let operations: Vec<&str> = ir.services[0].ports[0]
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(operations, ["SubmitOrder"]);
    let module = emit_module(&ir, &EmitOptions::default())
        .expect("emits")
        .text;
    assert!(module.contains("pub fn submit_order<"), "{module}");
    assert!(!module.contains("set_enabled_tls_versions"), "{module}");
    assert!(!module.contains("SetEnabledTLSVersions\""), "{module}");
    let warnings = ir
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    assert_eq!(warnings, 1, "{:?}", ir.diagnostics);
}

const MISSING_IN_SCHEMA_TYPE: &str = "tests/fixtures/missing_type_in_schema_type/service.wsdl";

fn positions(diagnostics: &[wsdl_codegen::Diagnostic], severity: Severity) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .filter_map(|d| d.location.as_ref())
        .map(|l| format!("{}:{}", l.line, l.column))
        .collect()
}

/// References inside schema types that name nothing (an element ref, a base, an attribute
/// type, a list item type): the types holding them are left out, with what needs them and
/// the operations whose messages reach them; the rest is generated (and compiled, as the
/// construct fixture it is, in `crates/codegen-fixtures`).
#[test]
fn a_missing_reference_in_a_schema_type_leaves_out_only_what_needs_it() {
    let ir = load(
        &[PathBuf::from(MISSING_IN_SCHEMA_TYPE)],
        &LoadOptions::default(),
    )
    .expect("loads with warnings");
    let operations: Vec<&str> = ir.services[0].ports[0]
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(operations, ["SubmitOrder"]);
    let mut types: Vec<&str> = ir.types.iter().map(|t| t.rust_name.as_str()).collect();
    types.sort_unstable();
    assert_eq!(types, ["GetInvoice", "Order", "OrderLines", "SubmitOrder"]);
    let elements: Vec<&str> = ir
        .elements
        .iter()
        .map(|e| e.xml_name.local.as_str())
        .collect();
    assert_eq!(
        elements,
        [
            "SubmitOrder",
            "SubmitOrderResponse",
            "GetInvoice",
            "RushResponse"
        ]
    );
    let warnings: Vec<String> = ir
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.to_string())
        .collect();
    let file = MISSING_IN_SCHEMA_TYPE;
    let expected = [
        format!(
            "{file}:44:11: warning: unknown element {{urn:fixture:missing_type_in_schema_type}}LoyaltyCard; \
             type {{urn:fixture:missing_type_in_schema_type}}Customer is left out, with every type \
             and operation that needs it; the rest of the set is generated"
        ),
        format!(
            "{file}:57:9: warning: unknown type {{urn:fixture:missing_type_in_schema_type}}TagKind; type {{urn:fixture:missing_type_in_schema_type}}Tag is left out"
        ),
        format!(
            "{file}:60:9: warning: unknown type {{urn:fixture:missing_type_in_schema_type}}Code; type {{urn:fixture:missing_type_in_schema_type}}Codes is left out"
        ),
        format!(
            "{file}:111:5: warning: operation `GetInvoice` refers to what is not defined: unknown \
             element {{urn:fixture:missing_type_in_schema_type}}LoyaltyCard, which type \
             {{urn:fixture:missing_type_in_schema_type}}Customer needs (at {file}:44:11); the \
             operation is left out of port `OrderPort`"
        ),
        format!(
            "{file}:115:5: warning: operation `Rush` refers to what is not defined: unknown type \
             {{urn:fixture:missing_type_in_schema_type}}ExpressOrder, which type \
             {{urn:fixture:missing_type_in_schema_type}}RushOrder needs (at {file}:49:"
        ),
    ];
    for expected in &expected {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected.as_str())),
            "no warning starting with {expected:?} in {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), 6, "{warnings:#?}");
    let module = emit_module(&ir, &EmitOptions::default())
        .expect("emits")
        .text;
    assert!(module.contains("pub fn submit_order<"), "{module}");
    for left_out in [
        "fn get_invoice(",
        "struct Invoice",
        "InvoiceNotes",
        "Customer",
        "RushOrder",
        "Codes",
    ] {
        assert!(!module.contains(left_out), "{left_out} in {module}");
    }
}

/// Under strict loading each of those references is an error at its own position, and
/// nothing is reported as left out.
#[test]
fn a_missing_reference_in_a_schema_type_is_an_error_under_strict_loading() {
    let error =
        load(&[PathBuf::from(MISSING_IN_SCHEMA_TYPE)], &strict()).expect_err("refused when strict");
    let errors = positions(&error.diagnostics, Severity::Error);
    assert_eq!(errors.len(), 4, "{error}");
    for line in ["44:11", "49:", "57:9", "60:9"] {
        assert!(
            errors.iter().any(|p| p.starts_with(line)),
            "{line}: {error}"
        );
    }
    let message = error.to_string();
    assert!(message.contains("refused by strict loading"), "{message}");
    assert!(!message.contains("operation `"), "{message}");
}

/// What a left-out type meets first but shares with others (the type of a bare
/// `soapenc:Array` reference) stays for the others.
#[test]
fn a_left_out_type_takes_nothing_shared_with_it() {
    let wsdl = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
        xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
      <types>
        <xs:schema targetNamespace="urn:t" xmlns:tns="urn:t"
            xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
          <xs:complexType name="Broken"><xs:sequence>
            <xs:element name="items" type="soapenc:Array"/>
            <xs:element name="owner" type="tns:Nope"/>
          </xs:sequence></xs:complexType>
          <xs:complexType name="Fine"><xs:sequence>
            <xs:element name="items" type="soapenc:Array"/>
          </xs:sequence></xs:complexType>
        </xs:schema>
      </types>
    </definitions>"#;
    let documents = MemoryDocuments::new().with("service.wsdl", wsdl);
    let ir = load_from(
        &documents,
        &[PathBuf::from("service.wsdl")],
        &LoadOptions::default(),
    )
    .expect("loads with a warning");
    let text = dump(&ir);
    assert!(!text.contains("struct Broken"), "{text}");
    assert!(text.contains("items: SoapArray"), "{text}");
}

#[test]
fn a_part_without_a_type_is_raw_xml() {
    let ir = load(&[malformed("part_without_type")], &LoadOptions::default())
        .expect("loads with a warning");
    let text = dump(&ir);
    assert!(
        text.contains("part return (r#return) : xs:anyType"),
        "{text}"
    );
}

#[test]
fn an_extension_directly_in_a_complex_type_extends_its_base() {
    let ir = load(
        &[malformed("extension_directly_in_complex_type")],
        &LoadOptions::default(),
    )
    .expect("loads with a warning");
    let text = dump(&ir);
    let rush_order = text
        .split("\nstruct ")
        .find(|s| s.starts_with("RushOrder "))
        .unwrap_or_else(|| panic!("no RushOrder in {text}"));
    assert!(rush_order.contains("extends Order"), "{rush_order}");
    // The base's members are `Order`'s, held whole in `base`.
    assert!(rush_order.contains("base: Order"), "{rush_order}");
    assert!(rush_order.contains("deadline: xs:dateTime"), "{rush_order}");
    let order = text
        .split("\nstruct ")
        .find(|s| s.starts_with("Order "))
        .unwrap_or_else(|| panic!("no Order in {text}"));
    assert!(order.contains("order_id: xs:string"), "{order}");
}

/// A WSDL in `wsdl/` importing `../common/types.xsd`, in memory.
fn outside_import() -> MemoryDocuments {
    let wsdl = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
        xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
      <types>
        <xs:schema targetNamespace="urn:t">
          <xs:import namespace="urn:common" schemaLocation="../common/types.xsd"/>
        </xs:schema>
      </types>
    </definitions>"#;
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
        targetNamespace="urn:common"><xs:simpleType name="Code"><xs:restriction
        base="xs:string"/></xs:simpleType></xs:schema>"#;
    MemoryDocuments::new()
        .with("wsdl/service.wsdl", wsdl)
        .with("common/types.xsd", xsd)
}

#[test]
fn locations_may_not_leave_the_entry_folder_unless_a_root_allows_it() {
    let documents = outside_import();
    let entry = [PathBuf::from("wsdl/service.wsdl")];
    let error =
        load_from(&documents, &entry, &LoadOptions::default()).expect_err("refused by default");
    let message = error.to_string();
    assert!(
        message.contains("wsdl/service.wsdl:5:11: error: location \"../common/types.xsd\" leads to `common/types.xsd`, outside"),
        "{message}"
    );
    let allowed = LoadOptions {
        allowed_roots: vec![PathBuf::from("common")],
        ..LoadOptions::default()
    };
    let ir = load_from(&documents, &entry, &allowed).expect("an allowed root");
    assert!(dump(&ir).contains("Code"));
    let mapped = LoadOptions {
        url_map: [(
            "../common/types.xsd".to_owned(),
            PathBuf::from("common/types.xsd"),
        )]
        .into_iter()
        .collect(),
        ..LoadOptions::default()
    };
    load_from(&documents, &entry, &mapped).expect("a mapped location");
}

#[test]
fn the_xmldsig_schema_loads_and_ds_signature_references_resolve() {
    let ir = load(
        &[Path::new("tests/fixtures/xmldsig_signature/service.wsdl").to_owned()],
        &LoadOptions::default(),
    )
    .expect("loads");
    let text = dump(&ir);
    assert!(
        text.contains(
            "signature: SignatureType <{http://www.w3.org/2000/09/xmldsig#}Signature> [1..1]"
        ),
        "{text}"
    );
    let notes: Vec<String> = ir
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("tests/fixtures/xmldsig_signature/xmldsig-core-schema.xsd:2:1: note: the DTD's external subset (PUBLIC \"-//W3C//DTD XMLSchema 200102//EN\" \"http://www.w3.org/2001/XMLSchema.dtd\") is never read"),
        "{notes:?}"
    );
    // Not a recovery: strict loading takes the DTD too.
    load(
        &[Path::new("tests/fixtures/xmldsig_signature/service.wsdl").to_owned()],
        &strict(),
    )
    .expect("loads under strict loading");
}

/// A one-file WSDL set whose schema holds `types`.
fn schema_set(types: &str) -> MemoryDocuments {
    MemoryDocuments::new().with(
        "service.wsdl",
        format!(
            r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
                xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t"
                targetNamespace="urn:t">
              <types><xs:schema targetNamespace="urn:t">{types}</xs:schema></types>
            </definitions>"#
        ),
    )
}

fn load_errors(documents: &MemoryDocuments) -> Vec<String> {
    load_from(documents, &["service.wsdl".into()], &LoadOptions::default())
        .expect_err("refused")
        .errors()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn circular_simple_types_are_errors_at_their_definition() {
    let documents = schema_set(
        r#"
<xs:simpleType name="L"><xs:list itemType="tns:L"/></xs:simpleType>
<xs:simpleType name="U1"><xs:union memberTypes="xs:int tns:U2"/></xs:simpleType>
<xs:simpleType name="U2"><xs:union memberTypes="tns:U1"/></xs:simpleType>
<xs:simpleType name="A"><xs:restriction base="tns:B"/></xs:simpleType>
<xs:simpleType name="B"><xs:list itemType="tns:A"/></xs:simpleType>
<xs:simpleType name="Fine"><xs:list itemType="tns:U0"/></xs:simpleType>
<xs:simpleType name="U0"><xs:restriction base="xs:int"/></xs:simpleType>"#,
    );
    let errors = load_errors(&documents);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0]
            .starts_with("service.wsdl:5:1: error: simple type {urn:t}L is derived from itself"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("service.wsdl:6:1: error: simple types derive from one another in a circle ({urn:t}U1 → {urn:t}U2 → {urn:t}U1;"),
        "{errors:#?}"
    );
    assert!(
        errors[2].starts_with("service.wsdl:8:1: error: simple types derive from one another in a circle ({urn:t}A → {urn:t}B → {urn:t}A;"),
        "{errors:#?}"
    );
}

#[test]
fn names_that_are_no_ncname_are_errors() {
    let documents = schema_set(
        r#"
<xs:complexType name="1st"><xs:sequence/></xs:complexType>
<xs:element name="a:b" type="xs:string"/>
<xs:complexType name="Fine"><xs:attribute name="" type="xs:string"/></xs:complexType>"#,
    );
    let errors = load_errors(&documents);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].contains(
            "service.wsdl:5:1: error: <complexType> name=\"1st\" is not a valid XML name"
        )
    );
    assert!(errors[1].contains("service.wsdl:6:1: error: <element> name=\"a:b\""));
    assert!(errors[2].contains("service.wsdl:7:29: error: <attribute> name=\"\""));
    let wsdl = MemoryDocuments::new().with(
        "service.wsdl",
        r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:t">
             <message name=""/>
           </definitions>"#,
    );
    let errors = load_errors(&wsdl);
    assert!(
        errors[0]
            .starts_with("service.wsdl:2:14: error: <message> name=\"\" is not a valid XML name"),
        "{errors:#?}"
    );
}

/// Recoveries never hide anything under strict loading: every warning of a tolerant load of
/// these cases is an error of a strict one, at the same position.
#[test]
fn strict_loading_turns_every_recovery_into_an_error_at_its_position() {
    for case in [
        "unprefixed_qname_in_target_namespace",
        "xml_declaration_after_comment",
        "part_without_type",
        "missing_part_element",
        "missing_part_type",
        "extension_directly_in_complex_type",
        "unexpected_child_in_complex_type",
        "facet_without_value",
    ] {
        let tolerant = load(&[malformed(case)], &LoadOptions::default())
            .unwrap_or_else(|error| panic!("{case}: {error}"));
        let warnings: Vec<_> = tolerant
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| d.location.clone())
            .collect();
        assert!(!warnings.is_empty(), "{case}: no warning");
        let refused = load(&[malformed(case)], &strict()).expect_err(case);
        let errors: Vec<_> = refused.errors().map(|d| d.location.clone()).collect();
        assert_eq!(errors, warnings, "{case}: {refused}");
    }
}
