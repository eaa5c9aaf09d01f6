//! Behaviour of generated types: mixed content keeps its text (fixture `mixed_content`),
//! `Debug` hides secrets (fixture `abstract_type`'s `cardToken`), and enumerations keep
//! listed and unlisted values apart when the listed ones take the usual catch-all names
//! (fixture `enumeration_unknown_value_names`), and a struct missing required children names
//! the first of them (fixture `nillable`'s `Address`).

use codegen_fixtures::abstract_type::{CardPayment, PaymentMethod};
use codegen_fixtures::enumeration_unknown_value_names::{Outcome, Reason};
use codegen_fixtures::mixed_content::{
    RichTextChoice, RichTextChoiceLink, SignedNote, write_document,
};
use codegen_fixtures::nillable::Address;
use soap_runtime::xml::{XmlReader, XmlWriter};

fn decode_note(xml: &str) -> SignedNote {
    let mut r = XmlReader::new(xml);
    let root = r.root().expect("a document element");
    let note = SignedNote::read_element(&mut r, &root).expect("the note decodes");
    r.finish().expect("nothing after the note");
    note
}

#[test]
fn mixed_content_keeps_the_text_between_children() {
    let xml = "<note xmlns='urn:fixtures:mixed_content' author='ada'>\n  Ship <b>today</b>, see \
               <link href='https://example.com/o/7'>order 7</link> &amp; call<![CDATA[ <now>]]>\n\
               <i>thanks</i>\n</note>";
    let note = decode_note(xml);
    assert_eq!(note.author.as_deref(), Some("ada"));
    assert_eq!(
        note.text,
        ["\n  Ship ", ", see ", " & call <now>\n"],
        "runs in order, entities and CDATA resolved, the whitespace-only run dropped"
    );
    assert_eq!(
        note.choice,
        [
            RichTextChoice::B("today".into()),
            RichTextChoice::Link(RichTextChoiceLink {
                value: "order 7".into(),
                href: "https://example.com/o/7".into(),
            }),
            RichTextChoice::I("thanks".into()),
        ]
    );

    // Written back, the runs come before the children (escaped), so they read back as one.
    let mut w = XmlWriter::new();
    write_document(&mut w, "note", |w| note.write_content(w));
    let written = String::from_utf8(w.into_bytes()).expect("UTF-8");
    let reread = decode_note(&written);
    assert_eq!(reread.text, [note.text.concat()], "{written}");
    assert_eq!(reread.choice, note.choice, "{written}");
    assert_eq!(reread.author, note.author, "{written}");

    // Text of nested elements is not taken for the note's own.
    let plain = decode_note("<note xmlns='urn:fixtures:mixed_content'><b>bold</b></note>");
    assert!(plain.text.is_empty(), "{:?}", plain.text);
}

#[test]
fn debug_hides_fields_named_like_secrets() {
    let payment = CardPayment {
        base: PaymentMethod {
            holder_name: "Ada Lovelace".into(),
        },
        card_token: "tok_4242_secret".into(),
        expiry: "2030-01".into(),
    };
    let debug = format!("{payment:?}");
    assert_eq!(
        debug,
        r#"CardPayment { base: PaymentMethod { holder_name: "Ada Lovelace" }, card_token: <redacted>, expiry: "2030-01" }"#
    );
    let pretty = format!("{payment:#?}");
    assert!(!pretty.contains("tok_4242"), "{pretty}");
}

#[test]
fn listed_values_named_like_the_catch_all_stay_listed() {
    for (text, value) in [
        ("Other", Reason::Other),
        ("UnknownValue", Reason::UnknownValue),
        ("Pending", Reason::Other2("Pending".into())),
    ] {
        assert_eq!(Reason::from_xml_text(text), Some(value.clone()), "{text}");
        assert_eq!(value.as_xml_text(), text);
    }
    assert_eq!(
        Outcome::from_xml_text("unlisted"),
        Some(Outcome::Other3("unlisted".into()))
    );
    assert_eq!(Outcome::from_xml_text("Other2"), Some(Outcome::Other2));
}

#[test]
fn a_missing_required_child_is_named_the_first_in_schema_order() {
    let decode = |xml: &str| {
        let mut r = XmlReader::new(xml);
        let root = r.root().expect("a document element");
        Address::read_element(&mut r, &root).map_err(|error| error.to_string())
    };
    let ns = "xmlns='urn:fixtures:nillable'";
    let missing = |xml: &str| decode(xml).expect_err("a required child is missing");

    let error = missing(&format!("<a {ns}><city>Oslo</city></a>"));
    assert!(
        error.contains("missing required element <street>"),
        "{error}"
    );
    let error = missing(&format!("<a {ns}><street>Main</street></a>"));
    assert!(error.contains("missing required element <city>"), "{error}");
    let error = missing(&format!("<a {ns}/>"));
    assert!(
        error.contains("missing required element <street>"),
        "{error}"
    );
    assert_eq!(
        decode(&format!(
            "<a {ns}><city>Oslo</city><street>Main</street></a>"
        )),
        Ok(Address {
            street: "Main".into(),
            city: "Oslo".into(),
        }),
        "out of order, both are read"
    );
}
