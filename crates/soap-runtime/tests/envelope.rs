//! Envelope writing and reading without HTTP.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use soap_runtime::envelope::{
    SOAP11_ENVELOPE_NAMESPACE, SOAP12_ENVELOPE_NAMESPACE, read_body, write_envelope,
    write_envelope_with_header,
};
use soap_runtime::xml::{ReaderOptions, XmlWriter};
use soap_runtime::{Error, ErrorKind, SoapVersion};

#[test]
fn writes_soap11_and_soap12_envelopes_with_optional_header() {
    let mut w = XmlWriter::new();
    write_envelope(&mut w, SoapVersion::Soap12, |w| w.text_element("x", "1"));
    let xml = w.into_bytes();
    let xml = std::str::from_utf8(&xml).unwrap();
    assert_eq!(
        xml,
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"{SOAP12_ENVELOPE_NAMESPACE}\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\
             <soap:Body><x>1</x></soap:Body></soap:Envelope>"
        )
    );

    let mut w = XmlWriter::new();
    write_envelope_with_header(
        &mut w,
        SoapVersion::Soap11,
        |w| w.text_element("h:Session", "abc"),
        |w| w.nil_element("Body1"),
    );
    let xml = String::from_utf8(w.into_bytes()).unwrap();
    assert!(xml.contains(SOAP11_ENVELOPE_NAMESPACE));
    assert!(xml.contains("<soap:Header><h:Session>abc</h:Session></soap:Header><soap:Body><Body1 xsi:nil=\"true\"/></soap:Body>"), "{xml}");
}

#[test]
fn reads_past_header_to_the_first_body_child() {
    let xml = r#"<?xml version="1.0"?>
    <!-- comment -->
    <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
      <s:Header><h:Token xmlns:h="urn:h"><deep><deeper/></deep></h:Token></s:Header>
      <s:Body><R xmlns="urn:r"><v>3</v></R></s:Body>
    </s:Envelope>"#;
    let mut body = read_body(xml, ReaderOptions::default(), 200).unwrap();
    assert_eq!(body.version, SoapVersion::Soap11);
    let r = body.content.take().unwrap();
    assert!(r.is(Some("urn:r"), "R"));
    let v = body.reader.next_child(&r).unwrap().unwrap();
    assert_eq!(body.reader.read_scalar::<u8>(&v).unwrap(), 3);
    body.reader.finish().unwrap();
}

#[test]
fn empty_body_has_no_content_and_missing_body_is_an_error() {
    let xml =
        r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>"#;
    let body = read_body(xml, ReaderOptions::default(), 202).unwrap();
    assert!(body.content.is_none());
    let xml =
        r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Header/></e:Envelope>"#;
    assert!(matches!(
        read_body(xml, ReaderOptions::default(), 200).map_err(Error::into_kind),
        Err(ErrorKind::Decode(_))
    ));
}

#[test]
fn soap11_fault_without_detail_and_with_unbound_code_prefix() {
    let xml = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
        <faultcode>app:InvalidSite</faultcode><faultstring>Site 12 &lt;unknown&gt;</faultstring>
        </soap:Fault></soap:Body></soap:Envelope>"#;
    let Err(ErrorKind::Fault(fault)) =
        read_body(xml, ReaderOptions::default(), 500).map_err(Error::into_kind)
    else {
        panic!()
    };
    assert_eq!(fault.code.local_name, "InvalidSite");
    assert_eq!(fault.code.namespace, None);
    assert_eq!(fault.string, "Site 12 <unknown>");
    assert_eq!(fault.detail, None);
    assert!(fault.subcodes.is_empty());
}

#[test]
fn written_faults_read_back_unchanged() {
    use soap_runtime::{FaultCode, SoapFault};
    let code = |ns: Option<&str>, local: &str| FaultCode {
        namespace: ns.map(str::to_owned),
        local_name: local.to_owned(),
    };
    let faults = [
        SoapFault {
            version: SoapVersion::Soap11,
            http_status: 500,
            code: code(Some(SOAP11_ENVELOPE_NAMESPACE), "Client"),
            subcodes: vec![],
            string: "SOAP Invalid Request <&>".into(),
            actor: Some("urn:actor".into()),
            node: None,
            detail: Some(String::new()),
            detail_namespaces: vec![],
        },
        SoapFault {
            version: SoapVersion::Soap11,
            http_status: 500,
            code: code(Some("urn:app"), "InvalidSite"),
            subcodes: vec![],
            string: "x".into(),
            actor: None,
            node: None,
            detail: Some("<d:e xmlns:d=\"urn:d\">1</d:e>".into()),
            detail_namespaces: vec![],
        },
        SoapFault {
            version: SoapVersion::Soap12,
            http_status: 400,
            code: code(Some(SOAP12_ENVELOPE_NAMESPACE), "Sender"),
            subcodes: vec![code(Some("urn:app"), "A"), code(Some("urn:app2"), "B")],
            string: "reason".into(),
            actor: Some("urn:role".into()),
            node: Some("urn:node".into()),
            detail: Some("text".into()),
            detail_namespaces: vec![],
        },
    ];
    for fault in faults {
        let mut w = XmlWriter::new();
        soap_runtime::envelope::write_fault(&mut w, &fault);
        let xml = String::from_utf8(w.into_bytes()).unwrap();
        match read_body(&xml, ReaderOptions::default(), fault.http_status).map_err(Error::into_kind)
        {
            Err(ErrorKind::Fault(read)) => {
                // The detail is read with the prefixes in scope around it: the envelope's.
                let expected = SoapFault {
                    detail_namespaces: vec![(
                        "SOAP".into(),
                        fault.version.envelope_namespace().into(),
                    )],
                    ..fault
                };
                assert_eq!(read, expected, "{xml}")
            }
            other => panic!("{other:?} for {xml}"),
        }
    }
}

#[test]
fn fault_details_decode_with_prefixes_declared_outside_them() {
    // gSOAP-style: every prefix declared on the envelope, the detail only uses them.
    let xml = r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
        xmlns:bank="urn:bank" xmlns="urn:default">
      <SOAP-ENV:Body><SOAP-ENV:Fault>
        <faultcode>SOAP-ENV:Server</faultcode><faultstring>no funds</faultstring>
        <detail><bank:Funds><available>12</available></bank:Funds></detail>
      </SOAP-ENV:Fault></SOAP-ENV:Body>
    </SOAP-ENV:Envelope>"#;
    let Err(ErrorKind::Fault(fault)) =
        read_body(xml, ReaderOptions::default(), 500).map_err(Error::into_kind)
    else {
        panic!("a fault")
    };
    let decoded = fault
        .decode_detail(|r, element| {
            if !element.is(Some("urn:bank"), "Funds") {
                return Ok(None);
            }
            let child = r.next_child(element)?.expect("a child");
            // The default namespace of the envelope reaches the unprefixed child too.
            assert!(child.is(Some("urn:default"), "available"));
            Ok(Some(r.read_scalar::<i32>(&child)?))
        })
        .expect("the detail decodes");
    assert_eq!(decoded, Some(12));

    // A detail that does not decode reports where, and the fault is unchanged.
    let error = fault
        .decode_detail(|r, element| {
            let child = r.next_child(element)?.expect("a child");
            Ok(Some(r.read_scalar::<bool>(&child)?))
        })
        .expect_err("12 is not a boolean");
    assert!(
        error.to_string().contains("detail/Funds/available"),
        "{error}"
    );
    assert_eq!(fault.string, "no funds");
}
