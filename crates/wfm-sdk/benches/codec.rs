//! The generated XML codec on a large response: `GetAgentStateResponse` of the Schedule
//! service holding 20,000 schedule-state records (ints, doubles, booleans) and their state
//! names (strings), encoded and decoded by the generated code over `soap_runtime::xml`; with the
//! `yaserde` feature, also by yaserde (through the response's wire twin, conversions included)
//! on the same bytes, for the ratio between the two decoders.
//!
//! The same response is also decoded in rpc/encoded form, as Axis 1 writes it: every record
//! a `multiRef` element reached by `href`, every value with its `xsi:type`; the generated
//! decoder reads it with the reader following references. Its speed (MB/s of its own, larger
//! input) is compared with the literal decode's, and its time with the literal decode's time
//! for the same values; the two decodes are timed in turns, so a busy machine slows both
//! alike.
//!
//! Prints MB/s for each direction and codec first (mean over repeated runs of at least 1 s
//! each), then runs the same measurements under criterion. Writes the payload to
//! `target/bench-payload.xml` so other tools can be fed the same bytes.
//!
//! `cargo bench -p wfm-sdk --features yaserde --bench codec`

#[path = "../tests/support/schedule_states.rs"]
mod schedule_states;

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use soap_runtime::xml::{XmlReader, XmlWriter};
use wfm_sdk::generated::wfm_schedule_service852::{GetAgentStateResponse, write_document};

const RECORDS: usize = 20_000;

fn encode(value: &GetAgentStateResponse) -> Vec<u8> {
    let mut w = XmlWriter::with_capacity(8 << 20);
    write_document(&mut w, "ns0:GetAgentStateResponse", |w| {
        value.write_content(w)
    });
    w.into_bytes()
}

fn decode(xml: &str) -> GetAgentStateResponse {
    let mut r = XmlReader::new(xml);
    let root = r.root().expect("the payload has a root element");
    let value = GetAgentStateResponse::read_element(&mut r, &root).expect("the payload decodes");
    r.finish().expect("the payload is complete");
    value
}

/// Decodes the rpc/encoded form (see [`encoded_form`]).
fn decode_encoded(xml: &str) -> GetAgentStateResponse {
    let mut r = XmlReader::new(xml);
    r.follow_references();
    let envelope = r.root().expect("the payload has a root element");
    let body = r.next_child(&envelope).expect("a body").expect("a body");
    let root = r
        .next_child(&body)
        .expect("a response")
        .expect("a response");
    let value = GetAgentStateResponse::read_element(&mut r, &root).expect("the payload decodes");
    r.finish().expect("the payload is complete");
    value
}

/// The literal payload rewritten as Axis 1 writes rpc/encoded responses: in an envelope, the
/// response element first with `encodingStyle`, every element with element children below
/// the array holders replaced by `<name href="#idN"/>` and written as a `multiRef` sibling
/// of the response (`soapenc:root="0"`, `xsi:type`), every text value with an `xsi:type`
/// (`xsd:int`, `xsd:double`, `xsd:boolean` or `xsd:string` by its lexical form).
fn encoded_form(literal: &str) -> String {
    let document = roxmltree::Document::parse(literal).expect("the payload parses");
    let root = document.root_element();
    let namespace = root.tag_name().namespace().unwrap_or_default();
    let mut out = String::with_capacity(literal.len() * 2);
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope"#,
        r#" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/""#,
        r#" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/""#,
        r#" xmlns:xsd="http://www.w3.org/2001/XMLSchema""#,
        r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>"#,
    ));
    let mut multi_refs: Vec<roxmltree::Node<'_, '_>> = Vec::new();
    out.push_str(&format!(
        r#"<ns1:{name} soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="{namespace}">"#,
        name = root.tag_name().name()
    ));
    for child in root.children().filter(|n| n.is_element()) {
        write_encoded(&mut out, child, 1, &mut multi_refs);
    }
    out.push_str(&format!("</ns1:{}>", root.tag_name().name()));
    let mut next = 0;
    while next < multi_refs.len() {
        let node = multi_refs[next];
        out.push_str(&format!(
            r#"<multiRef id="id{next}" soapenc:root="0" xsi:type="ns2:{ty}" xmlns:ns2="{namespace}">"#,
            ty = node.tag_name().name(),
        ));
        for child in node.children().filter(|n| n.is_element()) {
            write_encoded(&mut out, child, 3, &mut multi_refs);
        }
        out.push_str("</multiRef>");
        next += 1;
    }
    out.push_str("</soapenv:Body></soapenv:Envelope>");
    out
}

fn write_encoded<'a, 'input>(
    out: &mut String,
    node: roxmltree::Node<'a, 'input>,
    depth: usize,
    multi_refs: &mut Vec<roxmltree::Node<'a, 'input>>,
) {
    let name = node.tag_name().name();
    if node.children().any(|n| n.is_element()) {
        if depth >= 2 {
            out.push_str(&format!(r##"<{name} href="#id{}"/>"##, multi_refs.len()));
            multi_refs.push(node);
            return;
        }
        out.push_str(&format!("<{name}>"));
        for child in node.children().filter(|n| n.is_element()) {
            write_encoded(out, child, depth + 1, multi_refs);
        }
        out.push_str(&format!("</{name}>"));
        return;
    }
    let text = node.text().unwrap_or_default();
    let ty = if text.parse::<i32>().is_ok() {
        "xsd:int"
    } else if text.parse::<f64>().is_ok() {
        "xsd:double"
    } else if matches!(text, "true" | "false") {
        "xsd:boolean"
    } else {
        "xsd:string"
    };
    let mut escaped = String::new();
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    out.push_str(&format!(r#"<{name} xsi:type="{ty}">{escaped}</{name}>"#));
}

/// Mean time of `run` over repetitions lasting at least a second in total.
fn mean_time(mut run: impl FnMut()) -> Duration {
    run();
    let started = Instant::now();
    let mut runs = 0u32;
    while started.elapsed() < Duration::from_secs(1) || runs < 3 {
        run();
        runs += 1;
    }
    started.elapsed() / runs
}

/// Mean times of `first` and `second`, run in turns until each has had at least a second.
fn mean_times_in_turns(mut first: impl FnMut(), mut second: impl FnMut()) -> (Duration, Duration) {
    first();
    second();
    let (mut first_total, mut second_total) = (Duration::ZERO, Duration::ZERO);
    let mut runs = 0u32;
    while first_total.min(second_total) < Duration::from_secs(1) || runs < 3 {
        let started = Instant::now();
        first();
        first_total += started.elapsed();
        let started = Instant::now();
        second();
        second_total += started.elapsed();
        runs += 1;
    }
    (first_total / runs, second_total / runs)
}

fn main() {
    let value = schedule_states::response(RECORDS);
    let payload = encode(&value);
    let xml = std::str::from_utf8(&payload).expect("the writer writes UTF-8");
    assert_eq!(decode(xml), value, "encode → decode must round-trip");
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("bench-payload.xml"), &payload);

    let megabytes = payload.len() as f64 / 1e6;
    let throughput = |label: &str, time: Duration| {
        println!(
            "{label}: {:.1} ms = {:.0} MB/s",
            time.as_secs_f64() * 1e3,
            megabytes / time.as_secs_f64()
        );
    };
    println!("payload: {RECORDS} records, {megabytes:.1} MB");
    let encoded = encoded_form(xml);
    assert_eq!(
        decode_encoded(&encoded),
        value,
        "the rpc/encoded form decodes to the same value"
    );
    let (decode_time, encoded_time) = mean_times_in_turns(
        || {
            std::hint::black_box(decode(xml));
        },
        || {
            std::hint::black_box(decode_encoded(&encoded));
        },
    );
    throughput("generated decode", decode_time);
    let encoded_megabytes = encoded.len() as f64 / 1e6;
    let encoded_speed = encoded_megabytes / encoded_time.as_secs_f64();
    println!(
        "generated decode, rpc/encoded form ({encoded_megabytes:.1} MB, {RECORDS} multiRefs): \
         {:.1} ms = {encoded_speed:.0} MB/s, {:.2}x the literal decode's MB/s; the same values \
         take {:.2}x the literal decode's time",
        encoded_time.as_secs_f64() * 1e3,
        encoded_speed / (megabytes / decode_time.as_secs_f64()),
        encoded_time.as_secs_f64() / decode_time.as_secs_f64()
    );
    throughput(
        "generated encode",
        mean_time(|| {
            std::hint::black_box(encode(&value));
        }),
    );
    #[cfg(feature = "yaserde")]
    {
        assert_eq!(
            yaserde_path::decode(xml),
            value,
            "yaserde must decode the payload"
        );
        let yaserde_decode_time = mean_time(|| {
            std::hint::black_box(yaserde_path::decode(xml));
        });
        throughput("yaserde decode", yaserde_decode_time);
        throughput(
            "yaserde encode",
            mean_time(|| {
                std::hint::black_box(yaserde_path::encode(&value));
            }),
        );
        println!(
            "generated decode / yaserde decode: {:.1}x",
            yaserde_decode_time.as_secs_f64() / decode_time.as_secs_f64()
        );
    }

    let mut criterion = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut group = criterion.benchmark_group("codec");
    group.throughput(Throughput::Bytes(payload.len() as u64));
    group.bench_function("generated decode", |b| b.iter(|| decode(xml)));
    group.bench_function("generated decode, rpc/encoded form", |b| {
        b.iter(|| decode_encoded(&encoded))
    });
    group.bench_function("generated encode", |b| b.iter(|| encode(&value)));
    #[cfg(feature = "yaserde")]
    {
        group.bench_function("yaserde decode", |b| b.iter(|| yaserde_path::decode(xml)));
        group.bench_function("yaserde encode", |b| {
            b.iter(|| yaserde_path::encode(&value))
        });
    }
    group.finish();
    criterion.final_summary();
}

/// The yaserde path: the response's wire twin, converted from and to the generated type
/// (the conversions count, as they are part of what a yaserde user would run).
#[cfg(feature = "yaserde")]
mod yaserde_path {
    use wfm_sdk::generated::wfm_schedule_service852::{GetAgentStateResponse, yaserde_wire};

    pub fn decode(xml: &str) -> GetAgentStateResponse {
        yaserde::de::from_str::<yaserde_wire::GetAgentStateResponse>(xml)
            .expect("yaserde decodes the payload")
            .into()
    }

    pub fn encode(value: &GetAgentStateResponse) -> String {
        yaserde::ser::to_string(&yaserde_wire::GetAgentStateResponse::from(value))
            .expect("yaserde encodes the response")
    }
}
