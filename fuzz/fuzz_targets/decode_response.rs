//! Fuzz target: the generated decoders of the WFM SDK on arbitrary response envelopes.
//!
//! The first byte picks a response type (its low bits) and whether the body is read as
//! SOAP-encoded (its high bit: multi-references followed, `soapenc:root="0"` elements passed
//! over, as for an rpc/encoded response); the rest is the envelope. Decoding goes through
//! `read_body` (envelope, faults) and the type's generated `read_element`, as a client does.
//! Besides WFM's document/literal responses, one type is SOAP-encoded itself: the holder of
//! the ATL rpc/encoded fixture (an encoded array with its size companion).
//! A value that decodes is written again and decoded again: the second decode must give a
//! value that writes the same bytes (the codec loses nothing it accepted).
//!
//! Any panic is a bug: errors are the expected outcome for most inputs.

#![no_main]

use libfuzzer_sys::fuzz_target;
use soap_runtime::envelope::{read_body, write_envelope};
use soap_runtime::xml::{ReaderOptions, XmlWriter};
use soap_runtime::{Result, SoapVersion};
use codegen_fixtures::atl_rpc_encoded as atl_encoded;
use wfm_sdk::generated::{
    wfm_config_service850 as config, wfm_locator_service800 as locator,
    wfm_schedule_service852 as schedule, wfm_session_service800 as session,
};

/// Decodes `input` as an envelope whose body holds one `T`, with `read` as its decoder; in
/// SOAP encoding when `encoded`.
fn decode<T>(
    input: &str,
    encoded: bool,
    read: impl for<'a> Fn(&mut soap_runtime::xml::XmlReader<'a>, &soap_runtime::xml::Element<'a>) -> Result<T>,
) -> Option<T> {
    let mut body = read_body(input, ReaderOptions::default(), 200).ok()?;
    if encoded {
        body.use_encoding().ok()?;
    }
    let element = body.content.take()?;
    let value = read(&mut body.reader, &element).ok()?;
    body.reader.finish().ok()?;
    Some(value)
}

/// Writes `value` as the body element `name` of an envelope.
fn encode(name: &str, namespaces: &[(&str, &str)], write: impl FnOnce(&mut XmlWriter)) -> String {
    let mut w = XmlWriter::new();
    write_envelope(&mut w, SoapVersion::Soap11, |w| {
        w.start_document(name, namespaces);
        write(w);
        w.end_document(name);
    });
    String::from_utf8(w.into_bytes()).expect("the writer writes UTF-8")
}

/// Decodes, and when that succeeds checks that write → decode → write is stable.
macro_rules! check {
    ($input:expr, $encoded:expr, $module:ident :: $ty:ident, $name:literal) => {{
        if let Some(value) = decode($input, $encoded, $module::$ty::read_element) {
            let first = encode($name, $module::NAMESPACES, |w| value.write_content(w));
            let again = decode(&first, false, $module::$ty::read_element)
                .unwrap_or_else(|| panic!("our own output does not decode: {first}"));
            let second = encode($name, $module::NAMESPACES, |w| again.write_content(w));
            assert_eq!(first, second, "write → decode → write changed the XML");
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let encoded = selector & 0x80 != 0;
    match selector % 7 {
        0 => check!(input, encoded, schedule::GetAgentStateResponse, "ns0:GetAgentStateResponse"),
        1 => check!(input, encoded, schedule::GetMasterAgentResponse, "ns0:GetMasterAgentResponse"),
        2 => check!(input, encoded, config::GetSiteResponse, "ns0:GetSiteResponse"),
        3 => check!(input, encoded, config::InsertUserResponse, "ns0:InsertUserResponse"),
        4 => check!(input, encoded, session::OpenSessionResponse, "ns0:OpenSessionResponse"),
        5 => check!(input, encoded, atl_encoded::SchAgentStateHolder, "ns0:SchAgentStateHolder"),
        _ => check!(input, encoded, locator::LocateServerResponse, "ns0:LocateServerResponse"),
    }
});
