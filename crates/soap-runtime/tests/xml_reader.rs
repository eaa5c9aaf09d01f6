//! The pull decoder on ordinary and hostile input: every failure is a precise error, never a
//! panic, a hang or a stack overflow.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use std::borrow::Cow;

use soap_runtime::xml::{Element, ReaderOptions, XSI_NAMESPACE, XmlReader, XmlWriter};
use soap_runtime::{DecodeError, DecodeErrorKind, Error, ErrorKind, Result};

fn decode_error(e: Error) -> DecodeError {
    match e.into_kind() {
        ErrorKind::Decode(d) => d,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A decoder for a recursive type, the way generated code recurses on `Box<Self>` fields.
#[derive(Debug, PartialEq)]
struct Node {
    child: Option<Box<Node>>,
}

fn read_node<'a>(r: &mut XmlReader<'a>, el: &Element<'a>) -> Result<Node> {
    let mut node = Node { child: None };
    while let Some(child) = r.next_child(el)? {
        if child.local_name() == "n" {
            node.child = Some(Box::new(read_node(r, &child)?));
        }
    }
    Ok(node)
}

fn nested(depth: usize) -> String {
    format!("{}{}", "<n>".repeat(depth), "</n>".repeat(depth))
}

#[test]
fn ten_thousand_deep_nesting_is_an_error_not_a_stack_overflow() {
    let xml = nested(10_000);
    let mut r = XmlReader::new(&xml);
    let root = r.root().unwrap();
    let err = decode_error(read_node(&mut r, &root).unwrap_err());
    assert_eq!(err.kind, DecodeErrorKind::TooDeep { limit: 256 });
    assert!(err.path.starts_with("n/n/n/"));

    // Within the limit it decodes; the limit is configurable.
    let xml = nested(200);
    let mut r = XmlReader::new(&xml);
    let root = r.root().unwrap();
    assert!(read_node(&mut r, &root).is_ok());
    let mut r = XmlReader::with_options(&xml, ReaderOptions { max_depth: 50 });
    let root = r.root().unwrap();
    assert!(matches!(
        decode_error(read_node(&mut r, &root).unwrap_err()).kind,
        DecodeErrorKind::TooDeep { limit: 50 }
    ));
}

#[test]
fn deep_unknown_elements_are_skipped_iteratively() {
    let xml = format!(
        "<root><unknown>{}</unknown><known>5</known></root>",
        nested(100_000)
    );
    let mut r = XmlReader::new(&xml);
    let root = r.root().unwrap();
    let mut value = 0;
    while let Some(child) = r.next_child(&root).unwrap() {
        if child.local_name() == "known" {
            value = r.read_scalar::<i32>(&child).unwrap();
        }
    }
    assert_eq!(value, 5);
    r.finish().unwrap();
}

#[test]
fn dtds_are_refused() {
    for xml in [
        r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>"#,
        r#"<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>"#,
    ] {
        let err = decode_error(XmlReader::new(xml).root().unwrap_err());
        assert_eq!(err.kind, DecodeErrorKind::DtdNotAllowed);
    }
}

#[test]
fn undeclared_entities_are_errors() {
    let mut r = XmlReader::new("<x>&lol;</x>");
    let root = r.root().unwrap();
    assert_eq!(
        decode_error(r.read_text(&root).unwrap_err()).kind,
        DecodeErrorKind::UnknownEntity("lol".into())
    );
}

#[test]
fn huge_text_node_is_borrowed_and_a_bad_scalar_error_stays_small() {
    let xml = format!("<x>{}</x>", "9".repeat(20 * 1024 * 1024));
    let mut r = XmlReader::new(&xml);
    let root = r.root().unwrap();
    let text = r.read_text(&root).unwrap();
    assert!(matches!(text, Cow::Borrowed(_)));
    assert_eq!(text.len(), 20 * 1024 * 1024);

    let mut r = XmlReader::new(&xml);
    let root = r.root().unwrap();
    let err = decode_error(r.read_scalar::<i32>(&root).unwrap_err());
    let DecodeErrorKind::InvalidValue { type_name, value } = err.kind else {
        panic!()
    };
    assert_eq!(type_name, "xs:int");
    assert!(value.chars().count() <= 65);
}

#[test]
fn wrong_namespace_and_unbound_prefix() {
    let mut r = XmlReader::new(r#"<a:Resp xmlns:a="urn:Other"/>"#);
    let root = r.root().unwrap();
    assert_eq!(root.namespace(), Some("urn:Other"));
    let err = decode_error(
        r.expect_element(&root, Some("urn:Schedule"), "Resp")
            .unwrap_err(),
    );
    assert_eq!(
        err.kind,
        DecodeErrorKind::WrongElement {
            expected: "{urn:Schedule}Resp".into(),
            found: "{urn:Other}Resp".into()
        }
    );

    let err = decode_error(XmlReader::new("<q:x/>").root().unwrap_err());
    assert_eq!(err.kind, DecodeErrorKind::UnboundPrefix("q".into()));

    let err = soap_runtime::envelope::read_body(
        r#"<Envelope xmlns="urn:not-soap"><Body/></Envelope>"#,
        ReaderOptions::default(),
        200,
    )
    .unwrap_err();
    assert!(matches!(
        decode_error(err).kind,
        DecodeErrorKind::WrongElement { .. }
    ));
}

#[test]
fn every_truncation_of_a_document_is_an_error() {
    let mut w = XmlWriter::new();
    soap_runtime::envelope::write_envelope(&mut w, soap_runtime::SoapVersion::Soap11, |w| {
        w.start_element("R");
        w.namespace_declaration(None, "urn:S");
        w.attribute("a", "1 & 2");
        w.scalar_element("i", &5i32);
        w.text_element("s", "x<y");
        w.nil_element("n");
        w.end_element("R");
    });
    let full = w.into_bytes();
    let full = std::str::from_utf8(&full).unwrap();
    for cut in 0..full.len() {
        let input = &full[..cut];
        let result = (|| -> Result<()> {
            let mut body = soap_runtime::envelope::read_body(input, ReaderOptions::default(), 200)?;
            let el = body
                .content
                .take()
                .ok_or_else(|| body.reader.error(DecodeErrorKind::UnexpectedEof))?;
            while let Some(c) = body.reader.next_child(&el)? {
                let _ = body.reader.read_text(&c)?;
            }
            body.reader.finish()
        })();
        assert!(result.is_err(), "truncated at {cut} accepted: {input}");
    }
}

#[test]
fn garbage_inputs_never_panic() {
    let inputs = [
        "",
        "<",
        "<a",
        "<a>",
        "</a>",
        "<a></b>",
        "<a b></a>",
        "<a b=\"1></a>",
        "<a>&#xFFFFFFFF;</a>",
        "<a>&#0;</a>",
        "<?xml",
        "<!-- x",
        "<![CDATA[x",
        "<a xmlns:=\"x\"/>",
        "<a:b:c/>",
        "<a x:y=\"1\"/>",
        "\u{feff}<a/>",
        "<a/><b/>",
        "<a>text</a>trailing",
    ];
    for input in inputs {
        let mut r = XmlReader::new(input);
        if let Ok(root) = r.root() {
            let _ = r.is_nil(&root);
            let _ = r.attribute(&root, Some("x"), "y");
            let _ = r.xsi_type(&root);
            let _ = r.read_text(&root);
            let _ = r.read_text(&root);
            let _ = r.next_child(&root);
            let _ = r.finish();
        }
    }
    assert!(XmlReader::from_bytes(b"<a>\xff</a>", ReaderOptions::default()).is_err());
}

#[test]
fn element_path_has_sibling_indexes_and_byte_position() {
    let mut xml = String::from("<GetAgentStateResponse xmlns=\"urn:S\"><return>");
    for i in 0..20 {
        let paid = if i == 17 { "maybe" } else { "true" };
        xml.push_str(&format!(
            "<schAgentState><wmPaid>{paid}</wmPaid></schAgentState>"
        ));
    }
    xml.push_str("</return></GetAgentStateResponse>");
    let mut r = XmlReader::new(&xml);
    let root = r.root().unwrap();
    let ret = r.next_child(&root).unwrap().unwrap();
    let err = (|| -> Result<()> {
        while let Some(item) = r.next_child(&ret)? {
            while let Some(field) = r.next_child(&item)? {
                let _: bool = r.read_scalar(&field)?;
            }
        }
        Ok(())
    })()
    .unwrap_err();
    let err = decode_error(err);
    assert_eq!(
        err.path,
        "GetAgentStateResponse/return/schAgentState[17]/wmPaid"
    );
    assert_eq!(
        &xml[err.position as usize..err.position as usize + 5],
        "maybe"
    );
    assert_eq!(
        err.kind,
        DecodeErrorKind::InvalidValue {
            type_name: "xs:boolean",
            value: "maybe".into()
        }
    );
    assert!(
        Error::from(err)
            .to_string()
            .contains("schAgentState[17]/wmPaid")
    );
}

#[test]
fn nil_type_attributes_entities_and_raw() {
    let xml = r#"<r xmlns="urn:S" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:t="urn:T" xmlns:soapenc="urn:enc">
        <a xsi:nil="1"/><b xsi:nil="true"></b><c xsi:nil="false">x</c>
        <d xsi:type="t:Derived" soapenc:arrayType="xsd:int[2]" plain="p &amp; q" t:q="tq"/>
        <e>a &amp; b &#x41;&#66; <![CDATA[<raw>]]> c&#13;&#10;d</e>
        <f><g xmlns:z="urn:Z"><z:h>1</z:h></g></f>
        <k>  <i>1</i>  </k>
    </r>"#;
    let mut r = XmlReader::new(xml);
    let root = r.root().unwrap();
    let mut seen = Vec::new();
    while let Some(c) = r.next_child(&root).unwrap() {
        assert_eq!(c.namespace(), Some("urn:S"));
        match c.local_name() {
            "a" | "b" => assert!(r.is_nil(&c).unwrap()),
            "c" => {
                assert!(!r.is_nil(&c).unwrap());
                assert_eq!(r.read_text(&c).unwrap(), "x");
            }
            "d" => {
                let ty = r.xsi_type(&c).unwrap().unwrap();
                assert_eq!(
                    (ty.namespace.as_deref(), ty.local_name.as_str()),
                    (Some("urn:T"), "Derived")
                );
                assert_eq!(
                    r.attribute(&c, None, "plain").unwrap().as_deref(),
                    Some("p & q")
                );
                assert_eq!(
                    r.attribute(&c, Some("urn:T"), "q").unwrap().as_deref(),
                    Some("tq")
                );
                assert_eq!(r.attribute(&c, None, "q").unwrap(), None);
                assert_eq!(r.attribute(&c, Some(XSI_NAMESPACE), "nil").unwrap(), None);
            }
            "e" => assert_eq!(r.read_text(&c).unwrap(), "a & b AB <raw> c\r\nd"),
            "f" => assert_eq!(
                r.read_raw(&c).unwrap(),
                r#"<f><g xmlns:z="urn:Z"><z:h>1</z:h></g></f>"#
            ),
            "k" => assert_eq!(r.read_inner_raw(&c).unwrap(), "  <i>1</i>  "),
            _ => {}
        }
        seen.push(c.local_name());
    }
    assert_eq!(seen, ["a", "b", "c", "d", "e", "f", "k"]);
    r.finish().unwrap();
}

#[test]
fn reader_misuse_is_an_error_not_a_panic() {
    let mut r = XmlReader::new("<r><a>1</a><b>2</b></r>");
    let root = r.root().unwrap();
    let a = r.next_child(&root).unwrap().unwrap();
    assert_eq!(r.read_scalar::<i32>(&a).unwrap(), 1);
    assert!(matches!(
        decode_error(r.read_text(&a).unwrap_err()).kind,
        DecodeErrorKind::ReaderMisuse(_)
    ));
    assert!(matches!(
        decode_error(r.read_text(&root).unwrap_err()).kind,
        DecodeErrorKind::ReaderMisuse(_)
    ));
    let b = r.next_child(&root).unwrap().unwrap();
    assert_eq!(r.read_scalar::<i64>(&b).unwrap(), 2);
    assert!(r.next_child(&root).unwrap().is_none());
    assert!(
        r.next_child(&root).unwrap().is_none(),
        "idempotent after the end"
    );
    assert!(r.root().is_err());
}

#[test]
fn writer_round_trips_scalars_and_strings() {
    let strings = [
        "",
        "plain",
        "<&>\"'",
        "line\r\nbreak\rcr",
        "tab\there",
        "ünïcødé ✓",
    ];
    let mut w = XmlWriter::new();
    w.start_element("r");
    w.attribute("attr", "a\"b\n<c>");
    for s in strings {
        w.text_element("s", s);
    }
    for v in [
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        1e-300,
        45000.123456789,
    ] {
        w.scalar_element("d", &v);
    }
    w.scalar_element("n", &f64::NAN);
    w.scalar_element("i", &i64::MIN);
    w.scalar_element("u", &u64::MAX);
    w.scalar_element("b", &false);
    w.end_element("r");
    let xml = String::from_utf8(w.into_bytes()).unwrap();
    let mut r = XmlReader::new(&xml);
    let root = r.root().unwrap();
    assert_eq!(
        r.attribute(&root, None, "attr").unwrap().as_deref(),
        Some("a\"b\n<c>")
    );
    let (mut got_s, mut got_d) = (Vec::new(), Vec::new());
    while let Some(c) = r.next_child(&root).unwrap() {
        match c.local_name() {
            "s" => got_s.push(r.read_string(&c).unwrap()),
            "d" => got_d.push(r.read_scalar::<f64>(&c).unwrap()),
            "n" => assert!(r.read_scalar::<f64>(&c).unwrap().is_nan()),
            "i" => assert_eq!(r.read_scalar::<i64>(&c).unwrap(), i64::MIN),
            "u" => assert_eq!(r.read_scalar::<u64>(&c).unwrap(), u64::MAX),
            "b" => assert!(!r.read_scalar::<bool>(&c).unwrap()),
            _ => unreachable!(),
        }
    }
    assert_eq!(got_s, strings);
    assert_eq!(got_d[..4], [f64::INFINITY, f64::NEG_INFINITY, -0.0, 1e-300]);
    assert_eq!(got_d[4], 45000.123456789);
}

#[test]
fn the_scalar_fast_path_takes_plain_children_and_otherwise_consumes_nothing() {
    let xml = r#"<r xmlns:p="urn:p">
        <a>1</a> <p:b>2</p:b><p:b>3</p:b> <c x="1">4</c><d>5&amp;</d><e>6</e><e>7</e><e>oops</e>
    </r>"#;
    let mut r = XmlReader::new(xml);
    let root = r.root().unwrap();
    assert_eq!(r.next_scalar_child::<i32>(&root, "a"), Some(1));
    // A prefix not seen yet goes the slow way, which resolves it; then it is known.
    assert_eq!(r.next_scalar_child::<i32>(&root, "b"), None);
    let b = r.next_child(&root).unwrap().unwrap();
    assert_eq!(
        (b.namespace(), r.read_scalar::<i32>(&b).unwrap()),
        (Some("urn:p"), 2)
    );
    assert_eq!(r.next_scalar_child::<i32>(&root, "b"), Some(3));
    for name in ["a", "c"] {
        assert_eq!(r.next_scalar_child::<i32>(&root, name), None, "{name}");
    }
    let c = r.next_child(&root).unwrap().unwrap();
    assert_eq!(c.local_name(), "c", "attributes: nothing consumed");
    assert_eq!(
        r.next_scalar_child::<i32>(&root, "d"),
        None,
        "an unread child is open"
    );
    drop(r.read_text(&c));
    assert_eq!(
        r.next_scalar_child::<String>(&root, "d"),
        None,
        "a reference"
    );
    let d = r.next_child(&root).unwrap().unwrap();
    assert_eq!(r.read_string(&d).unwrap(), "5&");
    assert_eq!(r.next_scalar_child::<i32>(&root, "e"), Some(6));
    assert_eq!(r.next_scalar_child::<i32>(&root, "e"), Some(7));
    assert_eq!(r.next_scalar_child::<i32>(&root, "e"), None, "not an int");
    // The slow way gives the error, its path counting the children the fast path took.
    let e = r.next_child(&root).unwrap().unwrap();
    let err = decode_error(r.read_scalar::<i32>(&e).unwrap_err());
    assert_eq!(err.path, "r/e[2]");
    assert!(r.next_child(&root).unwrap().is_none());
    r.finish().unwrap();

    let mut r = XmlReader::new("<r/>");
    let root = r.root().unwrap();
    assert_eq!(r.next_scalar_child::<i32>(&root, "r"), None);
    assert!(r.next_child(&root).unwrap().is_none());
}

#[test]
fn repeated_attributes_are_refused_in_small_and_huge_tags() {
    let repeated = |xml: &str| {
        let err = decode_error(XmlReader::new(xml).root().unwrap_err());
        matches!(&err.kind, DecodeErrorKind::Syntax(m) if m.contains("repeated"))
    };
    assert!(repeated(r#"<a x="1" y="2" x="3"/>"#));
    assert!(repeated(r#"<a xmlns:p="urn:1" xmlns:p="urn:2"/>"#));
    let many: String = (0..5_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    assert!(XmlReader::new(&format!("<a{many}/>")).root().is_ok());
    assert!(repeated(&format!("<a{many} a4321=\"again\"/>")));
}

#[test]
fn mismatched_end_tags_are_syntax_errors() {
    let mut r = XmlReader::new("<r><a>1</b></r>");
    let root = r.root().unwrap();
    let a = r.next_child(&root).unwrap().unwrap();
    let err = decode_error(r.read_text(&a).unwrap_err());
    assert!(
        matches!(&err.kind, DecodeErrorKind::Syntax(m) if m.contains("</b>")),
        "{err}"
    );

    let mut r = XmlReader::new("<r><a><b/></x></r>");
    let root = r.root().unwrap();
    let a = r.next_child(&root).unwrap().unwrap();
    let _b = r.next_child(&a).unwrap().unwrap();
    assert!(matches!(
        decode_error(r.next_child(&a).unwrap_err()).kind,
        DecodeErrorKind::Syntax(_)
    ));

    let mut r = XmlReader::new("<r></r></r>");
    let root = r.root().unwrap();
    assert!(r.next_child(&root).unwrap().is_none());
    assert!(r.finish().is_err());
}

/// Walks a document the way generated decoders do, alternating between reading text and
/// descending, touching every lookup; used on random input.
fn walk<'a>(
    r: &mut XmlReader<'a>,
    el: &Element<'a>,
    choice: &mut impl Iterator<Item = u8>,
) -> Result<()> {
    let _ = r.is_nil(el)?;
    let _ = r.xsi_type(el);
    let _ = r.attribute(el, None, "x")?;
    loop {
        if choice.next().unwrap_or(0) % 3 == 0 {
            let _ = r.next_scalar_child::<f64>(el, "a");
        }
        let Some(child) = r.next_child(el)? else {
            break;
        };
        match choice.next().unwrap_or(0) % 5 {
            0 => drop(r.read_text(&child)?),
            1 => drop(r.read_scalar::<f64>(&child)),
            2 => drop(r.read_raw(&child)?),
            3 => {} // left for next_child to skip
            _ => walk(r, &child, choice)?,
        }
    }
    Ok(())
}

/// The pieces random documents are made of.
const PARTS: [&str; 24] = [
    "<a>",
    "</a>",
    "<b x=\"1\">",
    "</b>",
    "<c/>",
    "&amp;",
    "&#x41;",
    "&#0;",
    "&bogus;",
    "text 1.5",
    "<![CDATA[<x>]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<p:d xmlns:p=\"urn:p\">",
    "</p:d>",
    "<q:e/>",
    "<f xsi:nil=\"1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
    "\r\n",
    "<",
    ">",
    "<!DOCTYPE a>",
    "<g xmlns=\"\" y='2' y='3'>",
    "2.5",
    "<p:a>",
];

proptest::proptest! {
    #[test]
    fn random_xmlish_input_never_panics(
        tokens in proptest::collection::vec(0usize..PARTS.len(), 0..60),
        choices in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
    ) {
        let input: String = tokens.iter().map(|&i| PARTS[i]).collect();
        let mut r = XmlReader::new(&input);
        if let Ok(root) = r.root() {
            let mut choice = choices.into_iter();
            if walk(&mut r, &root, &mut choice).is_ok() {
                let _ = r.finish();
            }
        }
    }
}
