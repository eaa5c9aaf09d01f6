//! Inputs found by the `parse_resolve` fuzz target (`fuzz/`) must load without a panic.
//!
//! Every file in `tests/fuzz_regressions/` except `*.md` is one fuzz input, split the way the
//! fuzz target splits it: the bytes before the first NUL become the in-memory document
//! `main.wsdl`, the bytes after it `a.xsd`. `main.wsdl` is loaded and, on success, dumped.
//! Errors are fine; a panic fails the test, naming the file.
//!
//! Two more tests cover problems found around the fuzzing, with generated inputs: deep
//! nesting, which overflowed the stack, and nested `xs:group` references, which expanded
//! without a bound; both are now refused with an error.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use wsdl_codegen::{LoadOptions, MemoryDocuments, dump, load_from};

fn regression_inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fuzz_regressions exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    inputs.sort();
    inputs
}

/// Splits the input as the fuzz target does and loads it; `Err` holds the panic message.
fn load_input(input: &Path) -> Result<(), String> {
    let data = std::fs::read(input).expect("readable regression input");
    let documents = match data.iter().position(|&b| b == 0) {
        Some(at) => MemoryDocuments::new()
            .with("main.wsdl", &data[..at])
            .with("a.xsd", &data[at + 1..]),
        None => MemoryDocuments::new().with("main.wsdl", data),
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if let Ok(ir) = load_from(&documents, &["main.wsdl".into()], &LoadOptions::default()) {
            let _ = dump(&ir);
        }
    }));
    outcome.map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

#[test]
fn fuzz_regression_inputs_do_not_panic() {
    let inputs = regression_inputs();
    let failures: Vec<String> = inputs
        .iter()
        .filter_map(|input| {
            load_input(input)
                .err()
                .map(|message| format!("{}: panicked: {message}", input.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!(
        "{} fuzz regression inputs loaded without a panic",
        inputs.len()
    );
}

/// A one-operation WSDL whose type `Root` is `body`.
fn wsdl_with_root_type(body: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:t">
<wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
{body}
<xs:element name="Op"><xs:complexType><xs:sequence>
  <xs:element name="x" type="tns:Root"/></xs:sequence></xs:complexType></xs:element>
</xs:schema></wsdl:types>
<wsdl:message name="In"><wsdl:part name="parameters" element="tns:Op"/></wsdl:message>
<wsdl:portType name="P"><wsdl:operation name="Op"><wsdl:input message="tns:In"/>
  <wsdl:output message="tns:In"/></wsdl:operation></wsdl:portType>
<wsdl:binding name="B" type="tns:P"><soap:binding style="document"
  transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="Op">
  <soap:operation soapAction="a"/><wsdl:input><soap:body use="literal"/></wsdl:input>
  <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
<wsdl:service name="S"><wsdl:port name="Pt" binding="tns:B">
  <soap:address location="http://x/"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

/// Loads `text` as the in-memory `main.wsdl` on a thread with `stack` bytes of stack.
fn load_text_on_thread(text: String, stack: usize) -> bool {
    let documents = MemoryDocuments::new().with("main.wsdl", text);
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            load_from(&documents, &["main.wsdl".into()], &LoadOptions::default()).is_ok()
        })
        .expect("spawn the loading thread")
        .join()
        .expect("no panic")
}

/// Regression: the parser recursed once per nesting level with no limit, so 2,000 nested
/// anonymous element types (about 200 KB) overflowed the stack and aborted the process. Schema
/// components nested past the parser's limit are now an error; this runs on a 2 MiB stack,
/// the size of a test thread, in whatever profile the tests are built.
#[test]
fn deeply_nested_anonymous_types_do_not_overflow_the_stack() {
    let depth = 2_000;
    let mut body = String::from(r#"<xs:complexType name="Root"><xs:sequence>"#);
    for level in 0..depth {
        body.push_str(&format!(
            r#"<xs:element name="e{level}"><xs:complexType><xs:sequence>"#
        ));
    }
    body.push_str(r#"<xs:element name="leaf" type="xs:int"/>"#);
    for _ in 0..depth {
        body.push_str("</xs:sequence></xs:complexType></xs:element>");
    }
    body.push_str("</xs:sequence></xs:complexType>");
    let loaded = load_text_on_thread(wsdl_with_root_type(&body), 2 << 20);
    assert!(!loaded, "2,000 nested types must be refused, not loaded");
}

/// Regression: n groups that each refer twice to the previous one describe 2^n element fields
/// (a "billion laughs" made of model groups, about 2 KB for n = 16), and naming them searched
/// linearly for free suffixes. Expansion now stops at the member budget with an error, and
/// naming is linear.
#[test]
fn nested_group_references_expand_within_bounds() {
    let levels = 40;
    let mut body = String::from(
        r#"<xs:group name="G0"><xs:sequence><xs:element name="a" type="xs:int"/></xs:sequence></xs:group>"#,
    );
    for level in 1..levels {
        let previous = level - 1;
        body.push_str(&format!(
            r#"<xs:group name="G{level}"><xs:sequence><xs:group ref="tns:G{previous}"/><xs:group ref="tns:G{previous}"/></xs:sequence></xs:group>"#
        ));
    }
    let last = levels - 1;
    body.push_str(&format!(
        r#"<xs:complexType name="Root"><xs:sequence><xs:group ref="tns:G{last}"/></xs:sequence></xs:complexType>"#
    ));
    let loaded = load_text_on_thread(wsdl_with_root_type(&body), 2 << 20);
    assert!(!loaded, "2^40 members must be refused, not expanded");
}
