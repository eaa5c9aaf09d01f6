//! SOAP encoding on the way in and out: multi-references, `soapenc:root`, and arrays with
//! their dimensions, offsets, positions and nil items.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use soap_runtime::encoding::{SoapArray, SoapEncoding};
use soap_runtime::envelope::read_body;
use soap_runtime::xml::{Element, ReaderOptions, XmlReader, XmlWriter};
use soap_runtime::{DecodeErrorKind, Error, ErrorKind, Result};

#[derive(Debug, PartialEq)]
struct Employee {
    name: String,
    id: i32,
    manager: Option<Box<Employee>>,
}

fn read_employee<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Employee> {
    let (mut name, mut id, mut manager) = (None, None, None);
    while let Some(child) = r.next_child(element)? {
        match child.local_name() {
            "name" => name = Some(r.read_string(&child)?),
            "id" => id = Some(r.read_scalar(&child)?),
            "manager" if !r.is_nil(&child)? => {
                manager = Some(Box::new(read_employee(r, &child)?));
            }
            _ => {}
        }
    }
    Ok(Employee {
        name: name.ok_or_else(|| r.missing(element, "name"))?,
        id: id.ok_or_else(|| r.missing(element, "id"))?,
        manager,
    })
}

/// The employees of an encoded response `<getStaffResponse><return>` array.
fn decode_staff(xml: &str) -> Result<Vec<Employee>> {
    let mut body = read_body(xml, ReaderOptions::default(), 200)?;
    body.use_encoding()?;
    let response = body.content.take().expect("a response element");
    let r = &mut body.reader;
    let staff = r.next_child(&response)?.expect("a return accessor");
    let array = SoapArray::read(r, &staff, read_employee)?;
    r.finish()?;
    Ok(array.into_items())
}

fn envelope(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>{body}</soapenv:Body>
</soapenv:Envelope>"#
    )
}

fn decode_kind(error: &Error) -> &DecodeErrorKind {
    match error.kind() {
        ErrorKind::Decode(decode) => &decode.kind,
        other => panic!("not a decode error: {other:?}"),
    }
}

/// Axis 1 writes the response first, then every struct as a `multiRef` sibling, each
/// declaring its own prefixes, referenced forward by `href`; one target is shared.
#[test]
fn axis_multi_refs_forward_and_shared() {
    let xml = envelope(
        r##"<ns1:getStaffResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:staff">
  <getStaffReturn soapenc:arrayType="ns2:Employee[2]" xsi:type="soapenc:Array" xmlns:ns2="urn:staff" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
   <getStaffReturn href="#id0"/>
   <item href="#id1"/>
  </getStaffReturn>
 </ns1:getStaffResponse>
 <multiRef id="id1" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns3:Employee" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns3="urn:staff">
  <name xsi:type="soapenc:string">Bo</name>
  <id href="#id3"/>
  <manager href="#id2"/>
 </multiRef>
 <multiRef id="id0" soapenc:root="0" xsi:type="ns4:Employee" xmlns:ns4="urn:staff" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
  <name xsi:type="xsd:string">Ann</name>
  <id xsi:type="xsd:int">1</id>
  <manager href="#id2"/>
 </multiRef>
 <multiRef id="id2" soapenc:root="0" xsi:type="ns5:Employee" xmlns:ns5="urn:staff">
  <name xsi:type="xsd:string">Cy</name>
  <id xsi:type="xsd:int">9</id>
  <manager xsi:type="ns5:Employee" xsi:nil="true"/>
 </multiRef>
 <multiRef id="id3" soapenc:root="0" xsi:type="xsd:int">2</multiRef>"##,
    );
    let staff = decode_staff(&xml).unwrap();
    let cy = Employee {
        name: "Cy".into(),
        id: 9,
        manager: None,
    };
    assert_eq!(
        staff,
        [
            Employee {
                name: "Ann".into(),
                id: 1,
                manager: Some(Box::new(Employee {
                    name: "Cy".into(),
                    id: 9,
                    manager: None
                })),
            },
            Employee {
                name: "Bo".into(),
                id: 2,
                manager: Some(Box::new(cy)),
            },
        ]
    );
}

/// .NET and gSOAP write the first occurrence inline with an `id` and refer back to it.
#[test]
fn backward_reference_to_an_inline_value() {
    let xml = envelope(
        r##"<getStaffResponse xmlns="urn:staff"><return>
  <item id="ref-1"><name>Ann</name><id>1</id></item>
  <item><name>Bo</name><id>2</id><manager href="#ref-1"/></item>
</return></getStaffResponse>"##,
    );
    let staff = decode_staff(&xml).unwrap();
    assert_eq!(staff[1].manager.as_deref(), Some(&staff[0]));
}

/// An id inside an element read through a reference (here the inline first occurrence of
/// a manager inside a `multiRef`) is found by a later reference, although the element that
/// holds it has been read already.
#[test]
fn an_id_inside_an_element_read_through_a_reference() {
    let xml = envelope(
        r##"<getStaffResponse xmlns="urn:staff"><return>
  <item href="#a"/>
  <item href="#m"/>
</return></getStaffResponse>
<multiRef id="a" xmlns="urn:staff"><name>Ann</name><id>1</id><manager id="m"><name>Mo</name><id>7</id></manager></multiRef>"##,
    );
    let staff = decode_staff(&xml).unwrap();
    assert_eq!(staff[0].manager.as_deref(), Some(&staff[1]));
    assert_eq!(staff[1].name, "Mo");
}

/// The same with the id inside an element the decoder does not know and skips unread.
#[test]
fn an_id_inside_a_skipped_element_read_through_a_reference() {
    let xml = envelope(
        r##"<getStaffResponse xmlns="urn:staff"><return>
  <item href="#a"/>
  <item href="#m"/>
</return></getStaffResponse>
<multiRef id="a" xmlns="urn:staff"><name>Ann</name><id>1</id><extra><x id="m"><name>Mo</name><id>7</id></x></extra></multiRef>"##,
    );
    let staff = decode_staff(&xml).unwrap();
    assert_eq!(staff[1].name, "Mo");
}

/// Axis 1 may write the multi-reference targets before the serialization root.
#[test]
fn independent_elements_before_the_root_are_passed_over() {
    let xml = envelope(
        r##"<multiRef id="a" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" soapenc:root="0"><name>Ann</name><id>1</id></multiRef>
<getStaffResponse xmlns="urn:staff"><return><item href="#a"/></return></getStaffResponse>"##,
    );
    assert_eq!(decode_staff(&xml).unwrap()[0].name, "Ann");
}

#[test]
fn a_cycle_is_an_error_with_the_path() {
    let xml = envelope(
        r##"<getStaffResponse xmlns="urn:staff"><return><item href="#a"/></return></getStaffResponse>
<multiRef id="a"><name>Ann</name><id>1</id><manager href="#b"/></multiRef>
<multiRef id="b"><name>Bo</name><id>2</id><manager href="#a"/></multiRef>"##,
    );
    let error = decode_staff(&xml).unwrap_err();
    assert_eq!(
        decode_kind(&error),
        &DecodeErrorKind::CyclicReference("a".into())
    );
    assert!(
        error
            .to_string()
            .contains("Body/getStaffResponse/return/item/manager/manager"),
        "{error}"
    );
}

#[test]
fn a_dangling_reference_is_an_error_with_the_path() {
    let xml = envelope(
        r##"<getStaffResponse xmlns="urn:staff"><return><item href="#nowhere"/></return></getStaffResponse>"##,
    );
    let error = decode_staff(&xml).unwrap_err();
    assert_eq!(
        decode_kind(&error),
        &DecodeErrorKind::DanglingReference("nowhere".into())
    );
    assert!(error.to_string().contains("return/item"), "{error}");
}

#[test]
fn an_accessor_with_a_reference_and_content_is_refused() {
    let xml = envelope(
        r##"<getStaffResponse xmlns="urn:staff"><return><item href="#a"><name>x</name></item></return></getStaffResponse>
<multiRef id="a"><name>Ann</name><id>1</id></multiRef>"##,
    );
    let error = decode_staff(&xml).unwrap_err();
    assert!(error.to_string().contains("also has content"), "{error}");
}

/// Every level refers twice to the next: 2^40 reads if each were expanded.
#[test]
fn exponential_sharing_stops_at_the_expansion_limit() {
    let mut body = String::from(
        r##"<getStaffResponse xmlns="urn:staff"><return><item href="#l0"/></return></getStaffResponse>"##,
    );
    for level in 0..40 {
        body.push_str(&format!(
            r##"<multiRef id="l{level}"><name>n</name><id>1</id><manager href="#l{next}"/><manager href="#l{next}"/></multiRef>"##,
            next = level + 1
        ));
    }
    body.push_str(&format!(
        r#"<multiRef id="l40"><name>{}</name><id>1</id></multiRef>"#,
        "x".repeat(4096)
    ));
    let error = decode_staff(&envelope(&body)).unwrap_err();
    assert!(
        matches!(
            decode_kind(&error),
            DecodeErrorKind::ReferenceExpansion { .. }
        ),
        "{error}"
    );
}

#[test]
fn soap12_references() {
    let xml = r##"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"
      xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><env:Body>
  <getStaffResponse xmlns="urn:staff"><return enc:itemType="Employee" enc:arraySize="2">
    <item enc:id="e1"><name>Ann</name><id>1</id></item>
    <item><name>Bo</name><id>2</id><manager enc:ref="e1"/></item>
  </return></getStaffResponse></env:Body></env:Envelope>"##;
    let staff = decode_staff(xml).unwrap();
    assert_eq!(staff[1].manager.as_deref(), Some(&staff[0]));
}

#[test]
fn href_is_an_ordinary_attribute_in_literal_documents() {
    let xml = envelope(
        r##"<getStaffResponse xmlns="urn:staff"><return><item href="#a"><name>Ann</name><id>1</id></item></return></getStaffResponse>"##,
    );
    let mut body = read_body(&xml, ReaderOptions::default(), 200).unwrap();
    let response = body.content.take().unwrap();
    let r = &mut body.reader;
    let staff = r.next_child(&response).unwrap().unwrap();
    let array = SoapArray::read(r, &staff, read_employee).unwrap();
    assert_eq!(array.items()[0].name, "Ann");
}

fn read_ints(xml: &str) -> Result<SoapArray<i32>> {
    let mut r = XmlReader::new(xml);
    let root = r.root()?;
    let array = SoapArray::read(&mut r, &root, |r, item| r.read_scalar(item))?;
    r.finish()?;
    Ok(array)
}

const ENC: &str = r#"xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#;

#[test]
fn array_items_under_any_name() {
    let array = read_ints(&format!(
        r#"<a {ENC} soapenc:arrayType="xsd:int[3]"><item>1</item><int>2</int><x>3</x></a>"#
    ))
    .unwrap();
    assert_eq!(
        (array.items(), array.dimensions()),
        (&[1, 2, 3][..], &[3][..])
    );
    assert!(array.is_dense());
}

#[test]
fn two_dimensional_arrays_keep_their_dimensions() {
    let array = read_ints(&format!(
        r#"<a {ENC} soapenc:arrayType="xsd:int[2,3]"><i>1</i><i>2</i><i>3</i><i>4</i><i>5</i><i>6</i></a>"#
    ))
    .unwrap();
    assert_eq!(array.dimensions(), [2, 3]);
    assert_eq!(array.get(4), Some(&5));
    let error = read_ints(&format!(
        r#"<a {ENC} soapenc:arrayType="xsd:int[1,2]"><i>1</i><i>2</i><i>3</i></a>"#
    ))
    .unwrap_err();
    assert!(error.to_string().contains("dimensions [1, 2]"), "{error}");
}

#[test]
fn offsets_positions_and_nil_items_leave_gaps() {
    let partial = read_ints(&format!(
        r#"<a {ENC} soapenc:arrayType="xsd:int[5]" soapenc:offset="[2]"><i>3</i><i>4</i></a>"#
    ))
    .unwrap();
    assert_eq!(partial.dimensions(), [5]);
    assert_eq!(partial.positions(), Some(&[2, 3][..]));
    assert_eq!((partial.get(1), partial.get(2)), (None, Some(&3)));

    let sparse = read_ints(&format!(
        r#"<a {ENC} soapenc:arrayType="xsd:int[3,3]"><i soapenc:position="[0,1]">1</i><i soapenc:position="[2,2]">9</i></a>"#
    ))
    .unwrap();
    assert_eq!(sparse.positions(), Some(&[1, 8][..]));

    let nils = read_ints(&format!(
        r#"<a {ENC}><i>1</i><i xsi:nil="true"/><i>3</i><i xsi:nil="1"/></a>"#
    ))
    .unwrap();
    assert_eq!((nils.len(), nils.positions()), (4, Some(&[0, 2][..])));

    let backwards = read_ints(&format!(
        r#"<a {ENC}><i soapenc:position="[3]">1</i><i soapenc:position="[1]">2</i></a>"#
    ))
    .unwrap_err();
    assert!(backwards.to_string().contains("comes after"), "{backwards}");
}

/// A declared size is a hint: a huge one costs nothing, and fewer items shrink it.
#[test]
fn declared_sizes_are_hints() {
    let array = read_ints(&format!(
        r#"<a {ENC} soapenc:arrayType="xsd:int[4000000000]"><i>1</i></a>"#
    ))
    .unwrap();
    assert_eq!(array.dimensions(), [1]);
    let sparse = read_ints(&format!(
        r#"<a {ENC} soapenc:arrayType="xsd:int[4000000000]" soapenc:offset="[7]"><i>1</i></a>"#
    ))
    .unwrap();
    assert_eq!((sparse.len(), sparse.items()), (4_000_000_000, &[1][..]));
    let overflow = read_ints(&format!(
        r#"<a {ENC} soapenc:arrayType="xsd:int[4000000000,4000000000,4000000000]"><i>1</i></a>"#
    ))
    .unwrap_err();
    assert!(overflow.to_string().contains("overflow"), "{overflow}");
}

fn write_ints(array: &SoapArray<i32>, encoding: Option<SoapEncoding>) -> String {
    let mut w = XmlWriter::new();
    let namespaces = [("ns0", "urn:x")];
    match encoding {
        Some(encoding) => w.start_encoded_document("ns0:op", &namespaces, encoding),
        None => w.start_document("ns0:op", &namespaces),
    }
    array.write(&mut w, "values", "xsd:int", |w, name, value| {
        w.typed_scalar_element(name, "xsd:int", value)
    });
    w.end_document("ns0:op");
    String::from_utf8(w.into_bytes()).unwrap()
}

fn reread(xml: &str) -> SoapArray<i32> {
    let mut r = XmlReader::new(xml);
    let op = r.root().unwrap();
    let values = r.next_child(&op).unwrap().unwrap();
    SoapArray::read(&mut r, &values, |r, item| r.read_scalar(item)).unwrap()
}

#[test]
fn arrays_round_trip_in_every_encoding() {
    let dense = SoapArray::with_dimensions(vec![1, 2, 3, 4, 5, 6], vec![2, 3]).unwrap();
    let sparse = SoapArray::sparse(vec![10], vec![(2, 7), (9, 8)]).unwrap();
    let encoded = write_ints(&dense, Some(SoapEncoding::Soap11));
    assert!(
        encoded.contains(
            r#"<values xsi:type="soapenc:Array" soapenc:arrayType="xsd:int[2,3]"><item xsi:type="xsd:int">1</item>"#
        ),
        "{encoded}"
    );
    let encoded_sparse = write_ints(&sparse, Some(SoapEncoding::Soap11));
    assert!(
        encoded_sparse.contains(r#"<item soapenc:position="[9]" xsi:type="xsd:int">8</item>"#),
        "{encoded_sparse}"
    );
    for encoding in [None, Some(SoapEncoding::Soap11), Some(SoapEncoding::Soap12)] {
        for array in [&dense, &sparse] {
            let xml = write_ints(array, encoding);
            let read = reread(&xml);
            if encoding.is_none() && array.dimensions().len() > 1 {
                // Literal XML has no place for dimensions: the items come back in one row.
                assert_eq!(read.items(), array.items(), "{xml}");
            } else {
                assert_eq!(&read, array, "{encoding:?}: {xml}");
            }
        }
    }
}

/// An item that refers to its value keeps its own `soapenc:position`, and the value's
/// `xsi:type` is read from the value.
#[test]
fn positions_stay_with_accessors_that_refer_to_their_values() {
    let xml = envelope(
        r##"<getStaffResponse xmlns="urn:staff" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><return soapenc:arrayType="Employee[4]">
  <item soapenc:position="[1]" href="#a"/><item soapenc:position="[3]" href="#a"/>
</return></getStaffResponse>
<multiRef id="a" xsi:type="Employee"><name>Ann</name><id>1</id></multiRef>"##,
    );
    let mut body = read_body(&xml, ReaderOptions::default(), 200).unwrap();
    body.use_encoding().unwrap();
    let response = body.content.take().unwrap();
    let r = &mut body.reader;
    let staff = r.next_child(&response).unwrap().unwrap();
    let array = SoapArray::read(r, &staff, |r, item| {
        assert_eq!(
            r.xsi_type(item)?.map(|t| t.local_name).as_deref(),
            Some("Employee")
        );
        read_employee(r, item)
    })
    .unwrap();
    assert_eq!((array.len(), array.positions()), (4, Some(&[1, 3][..])));
}

/// Skipping what is left after the response (multiRef elements the scan has checked) still
/// finds a document that is broken or cut anywhere.
#[test]
fn broken_or_cut_documents_are_errors_after_references_too() {
    let good = envelope(
        r##"<getStaffResponse xmlns="urn:staff"><return><item href="#a"/></return></getStaffResponse>
<multiRef id="a"><name>Ann</name><id>1</id></multiRef><multiRef id="b"><name>Bo</name><id>2</id></multiRef>"##,
    );
    assert_eq!(decode_staff(&good).unwrap()[0].name, "Ann");
    let mismatched = good.replace("<name>Bo</name>", "<name>Bo</nom>");
    let error = decode_staff(&mismatched).unwrap_err();
    assert!(error.to_string().contains("does not match"), "{error}");
    let bad_entity = good.replace("<name>Bo</name>", "<name>Bo &nbsp;</name>");
    let error = decode_staff(&bad_entity).unwrap_err();
    assert!(error.to_string().contains("unknown entity"), "{error}");
    let cut = &good[..good.len() - "</soapenv:Envelope>".len()];
    assert!(decode_staff(cut).is_err());
}

/// An item type that is neither `Clone` nor `PartialEq`, as generated types are by default.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Reading(u32);

/// serde sees an array as its parts (items, dimensions, and positions when sparse), without
/// needing its items to be `Clone`, and checks the parts on the way back in.
#[test]
fn arrays_serialize_as_their_parts() {
    let sparse = SoapArray::sparse(vec![2, 3], vec![(1, Reading(7)), (5, Reading(9))]).unwrap();
    let json = serde_json::to_string(&sparse).unwrap();
    assert_eq!(
        json,
        r#"{"items":[7,9],"dimensions":[2,3],"positions":[1,5]}"#
    );
    let back: SoapArray<Reading> = serde_json::from_str(&json).unwrap();
    assert_eq!(back.positions(), Some(&[1, 5][..]));
    assert_eq!(back.get(5).map(|r| r.0), Some(9));

    let dense = SoapArray::from(vec![Reading(1), Reading(2)]);
    let json = serde_json::to_string(&dense).unwrap();
    assert_eq!(json, r#"{"items":[1,2],"dimensions":[2]}"#);
    let back: SoapArray<Reading> = serde_json::from_str(&json).unwrap();
    assert_eq!((back.len(), back.positions()), (2, None));

    let error = serde_json::from_str::<SoapArray<Reading>>(r#"{"items":[1,2,3],"dimensions":[2]}"#)
        .unwrap_err();
    assert!(error.to_string().contains("dimensions"), "{error}");
}
