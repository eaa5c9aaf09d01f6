//! The operation filter ([`OperationFilter`]) on the `operation_filter` fixture: what a
//! selection keeps of the operations, types and elements, and the errors for a selector that
//! matches nothing. (That the pruned module compiles is shown by `codegen-fixtures`, which
//! holds it as `operation_filter_get_shape`.)

use std::path::PathBuf;

use wsdl_codegen::ir::Ir;
use wsdl_codegen::{LoadError, LoadOptions, OperationFilter, Severity, dump, load};

fn fixture() -> PathBuf {
    PathBuf::from("tests/fixtures/operation_filter/service.wsdl")
}

fn load_filtered(operations: &[&str], ports: &[&str]) -> Result<Ir, LoadError> {
    let options = LoadOptions {
        filter: OperationFilter {
            operations: operations.iter().map(|s| s.to_string()).collect(),
            ports: ports.iter().map(|s| s.to_string()).collect(),
        },
        ..LoadOptions::default()
    };
    load(&[fixture()], &options)
}

fn type_names(ir: &Ir) -> Vec<&str> {
    let mut names: Vec<&str> = ir.types.iter().map(|t| t.rust_name.as_str()).collect();
    names.sort();
    names
}

fn element_names(ir: &Ir) -> Vec<&str> {
    let mut names: Vec<&str> = ir
        .elements
        .iter()
        .map(|e| e.xml_name.local.as_str())
        .collect();
    names.sort();
    names
}

fn operation_names(ir: &Ir) -> Vec<&str> {
    ir.services
        .iter()
        .flat_map(|s| &s.ports)
        .flat_map(|p| &p.operations)
        .map(|o| o.name.as_str())
        .collect()
}

fn error_text(result: Result<Ir, LoadError>) -> String {
    let error = result.expect_err("the filter selects nothing");
    error
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn one_operation_keeps_exactly_the_types_it_reaches() {
    let ir = load_filtered(&["GetShape"], &[]).expect("loads");
    assert_eq!(operation_names(&ir), ["GetShape"]);
    // Circle is derived from the response's Shape, Color is Circle's attribute, SessionInfo
    // the header's and ShapeNotFoundDetail the fault's, Record its base. Invoice, also
    // derived from Record, goes (Record is only reached as a base), with InvoiceStatus and
    // Unused. RibbonText is the type of Ribbon, a member of the substitution group of the
    // Decoration the response refers to.
    assert_eq!(
        type_names(&ir),
        [
            "Circle",
            "Color",
            "GetShape",
            "GetShapeResponse",
            "Record",
            "RibbonText",
            "SessionInfo",
            "Shape",
            "ShapeNotFoundDetail",
        ]
    );
    assert_eq!(
        element_names(&ir),
        [
            "Decoration",
            "GetShape",
            "GetShapeResponse",
            "Ribbon",
            "Session",
            "ShapeNotFound"
        ]
    );
    let note = ir
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Note && d.message.contains("operation filter"))
        .expect("a note says what the filter kept");
    assert_eq!(
        note.message,
        "the operation filter (operations GetShape) keeps 1 of 2 operations, 9 of 14 types and \
         6 of 8 global elements"
    );
}

#[test]
fn the_other_operation_keeps_its_own_types_only() {
    let ir = load_filtered(&["ListInvoices"], &[]).expect("loads");
    assert_eq!(operation_names(&ir), ["ListInvoices"]);
    assert_eq!(
        type_names(&ir),
        [
            "Invoice",
            "InvoiceStatus",
            "ListInvoices",
            "ListInvoicesResponse",
            "Record",
        ]
    );
}

#[test]
fn without_a_filter_every_type_stays() {
    let ir = load(&[fixture()], &LoadOptions::default()).expect("loads");
    assert_eq!(operation_names(&ir), ["GetShape", "ListInvoices"]);
    assert_eq!(
        type_names(&ir),
        [
            "Circle",
            "Color",
            "GetShape",
            "GetShapeResponse",
            "Invoice",
            "InvoiceStatus",
            "ListInvoices",
            "ListInvoicesResponse",
            "Record",
            "RibbonText",
            "SessionInfo",
            "Shape",
            "ShapeNotFoundDetail",
            "Unused",
        ]
    );
}

#[test]
fn selecting_everything_equals_no_filter() {
    let whole = dump(&load(&[fixture()], &LoadOptions::default()).expect("loads"));
    let every_operation = load_filtered(&["ListInvoices", "GetShape"], &[]).expect("loads");
    assert_eq!(dump(&every_operation), whole);
    let every_port = load_filtered(&[], &["DrawingPort"]).expect("loads");
    assert_eq!(dump(&every_port), whole);
}

#[test]
fn an_operation_no_port_has_is_an_error_naming_it_and_the_operations() {
    let message = error_text(load_filtered(&["GetShape", "DeleteShape"], &[]));
    assert_eq!(
        message,
        "the operation filter selects operation `DeleteShape`, which no port of the set has; \
         its operations: GetShape, ListInvoices"
    );
}

#[test]
fn names_match_case_sensitively_and_a_near_miss_is_pointed_out() {
    let message = error_text(load_filtered(&["getShape"], &[]));
    assert!(
        message.contains("operation `getShape` (names match case-sensitively: `GetShape`?)"),
        "{message}"
    );
}

#[test]
fn an_unknown_port_is_an_error_naming_it_and_the_ports() {
    let message = error_text(load_filtered(&["GetShape"], &["DrawingPort12", "Other"]));
    assert_eq!(
        message,
        "the operation filter selects ports `DrawingPort12`, `Other`, which no SOAP port of \
         the set is named; its ports: DrawingPort"
    );
}

#[test]
fn a_port_and_an_operation_select_together() {
    let ir = load_filtered(&["ListInvoices"], &["DrawingPort"]).expect("loads");
    assert_eq!(operation_names(&ir), ["ListInvoices"]);
    assert_eq!(ir.services[0].ports[0].name, "DrawingPort");
}
