//! Decode and encode throughput of a hand-written codec shaped like generated code, on a ~5 MB
//! SOAP response of 20,000 flat schedule-state records (ints, doubles, booleans, strings).
//!
//! `cargo bench -p soap-runtime --bench xml` prints MB/s (decimal) per benchmark, then MB per
//! CPU-second of this thread (robust when other processes load the machine), and writes the
//! payload to `target/bench-runtime-payload.xml` for feeding other tools.

#![allow(clippy::unwrap_used)] // reason: a benchmark over a payload it builds itself

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use soap_runtime::Result;
use soap_runtime::envelope::{SoapVersion, read_body, write_envelope};
use soap_runtime::xml::{Element, ReaderOptions, XmlReader, XmlWriter};

const NS: &str = "urn:ScheduleService";
const RECORDS: usize = 20_000;

#[derive(Debug, Default, Clone, PartialEq)]
struct SchAgentState {
    wm_agent_id: i32,
    wm_site_id: i32,
    wm_state_type: i32,
    wm_start_date_time: f64,
    wm_end_date_time: f64,
    wm_paid: bool,
    wm_full_day: bool,
    wm_name: Option<String>,
    wm_short_name: Option<String>,
}

impl SchAgentState {
    fn write_xml(&self, w: &mut XmlWriter, name: &str) {
        w.start_element(name);
        w.scalar_element("wmAgentId", &self.wm_agent_id);
        w.scalar_element("wmSiteId", &self.wm_site_id);
        w.scalar_element("wmStateType", &self.wm_state_type);
        w.scalar_element("wmStartDateTime", &self.wm_start_date_time);
        w.scalar_element("wmEndDateTime", &self.wm_end_date_time);
        w.scalar_element("wmPaid", &self.wm_paid);
        w.scalar_element("wmFullDay", &self.wm_full_day);
        match &self.wm_name {
            Some(v) => w.text_element("wmName", v),
            None => w.nil_element("wmName"),
        }
        match &self.wm_short_name {
            Some(v) => w.text_element("wmShortName", v),
            None => w.nil_element("wmShortName"),
        }
        w.end_element(name);
    }

    fn read_xml<'a>(r: &mut XmlReader<'a>, el: &Element<'a>) -> Result<Self> {
        let mut out = SchAgentState::default();
        while let Some(c) = r.next_child(el)? {
            match c.local_name() {
                "wmAgentId" => out.wm_agent_id = r.read_scalar(&c)?,
                "wmSiteId" => out.wm_site_id = r.read_scalar(&c)?,
                "wmStateType" => out.wm_state_type = r.read_scalar(&c)?,
                "wmStartDateTime" => out.wm_start_date_time = r.read_scalar(&c)?,
                "wmEndDateTime" => out.wm_end_date_time = r.read_scalar(&c)?,
                "wmPaid" => out.wm_paid = r.read_scalar(&c)?,
                "wmFullDay" => out.wm_full_day = r.read_scalar(&c)?,
                "wmName" if r.is_nil(&c)? => out.wm_name = None,
                "wmName" => out.wm_name = Some(r.read_string(&c)?),
                "wmShortName" if r.is_nil(&c)? => out.wm_short_name = None,
                "wmShortName" => out.wm_short_name = Some(r.read_string(&c)?),
                _ => {}
            }
        }
        Ok(out)
    }
}

/// `GetAgentStateResponse/return/schAgentState*`, ATL style (size companion, arrayType).
#[derive(Debug, Default, PartialEq)]
struct GetAgentStateResponse {
    states: Vec<SchAgentState>,
}

impl GetAgentStateResponse {
    fn write_xml(&self, w: &mut XmlWriter) {
        w.start_element("GetAgentStateResponse");
        w.namespace_declaration(None, NS);
        w.start_element("return");
        w.scalar_element("schAgentStateNSizeIs", &(self.states.len() as i32));
        w.start_element("schAgentStateArray");
        for s in &self.states {
            s.write_xml(w, "SchAgentState");
        }
        w.end_element("schAgentStateArray");
        w.end_element("return");
        w.end_element("GetAgentStateResponse");
    }

    fn read_xml<'a>(r: &mut XmlReader<'a>, el: &Element<'a>) -> Result<Self> {
        let mut out = GetAgentStateResponse::default();
        while let Some(ret) = r.next_child(el)? {
            if ret.local_name() != "return" {
                continue;
            }
            while let Some(field) = r.next_child(&ret)? {
                match field.local_name() {
                    "schAgentStateNSizeIs" => {
                        let n: i32 = r.read_scalar(&field)?;
                        out.states.reserve(n.clamp(0, 1 << 20) as usize);
                    }
                    "schAgentStateArray" => {
                        while let Some(item) = r.next_child(&field)? {
                            out.states.push(SchAgentState::read_xml(r, &item)?);
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(out)
    }
}

fn sample() -> GetAgentStateResponse {
    let states = (0..RECORDS)
        .map(|i| SchAgentState {
            wm_agent_id: 100_000 + i as i32,
            wm_site_id: (i % 17) as i32,
            wm_state_type: (i % 5) as i32,
            wm_start_date_time: 45_000.0 + i as f64 / 96.0,
            wm_end_date_time: 45_000.0 + (i + 3) as f64 / 96.0,
            wm_paid: i % 2 == 0,
            wm_full_day: i % 3 == 0,
            wm_name: Some(format!("Agent {i} & Co")),
            wm_short_name: if i % 10 == 0 {
                None
            } else {
                Some(format!("A{i}"))
            },
        })
        .collect();
    GetAgentStateResponse { states }
}

fn encode(value: &GetAgentStateResponse, capacity: usize) -> Vec<u8> {
    let mut w = XmlWriter::with_capacity(capacity);
    write_envelope(&mut w, SoapVersion::Soap11, |w| value.write_xml(w));
    w.into_bytes()
}

fn decode(xml: &str) -> Result<GetAgentStateResponse> {
    let mut body = read_body(xml, ReaderOptions::default(), 200)?;
    let Some(el) = body.content.take() else {
        return Err(body
            .reader
            .error(soap_runtime::DecodeErrorKind::MissingElement(
                "response".into(),
            )));
    };
    let out = GetAgentStateResponse::read_xml(&mut body.reader, &el)?;
    body.reader.finish()?;
    Ok(out)
}

fn bench(c: &mut Criterion) {
    let value = sample();
    let payload = encode(&value, 0);
    let xml = std::str::from_utf8(&payload).unwrap();
    assert_eq!(decode(xml).unwrap(), value, "round trip");
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    if std::fs::create_dir_all(&target).is_ok() {
        let _ = std::fs::write(target.join("bench-runtime-payload.xml"), &payload);
    }
    println!("payload: {} bytes, {RECORDS} records", payload.len());

    let mut group = c.benchmark_group("schedule_state_response");
    group.throughput(Throughput::BytesDecimal(payload.len() as u64));
    group.sample_size(20);
    group.bench_function("decode", |b| b.iter(|| decode(black_box(xml)).unwrap()));
    group.bench_function("quick_xml_events_only", |b| {
        b.iter(|| {
            let mut r = quick_xml::Reader::from_str(black_box(xml));
            let mut n = 0usize;
            while !matches!(r.read_event().unwrap(), quick_xml::events::Event::Eof) {
                n += 1;
            }
            n
        })
    });
    group.bench_function("encode", |b| {
        b.iter(|| encode(black_box(&value), payload.len() + 1024))
    });
    group.finish();

    // Wall-clock numbers above drop when other processes share the two cores; the CPU time of
    // this thread does not, so also print MB per CPU-second (Linux only).
    let per_cpu_second = |label: &str, f: &mut dyn FnMut()| {
        let Some(before) = thread_cpu_ns() else {
            return;
        };
        let runs = 20;
        for _ in 0..runs {
            f();
        }
        if let Some(after) = thread_cpu_ns() {
            let seconds = (after - before) as f64 / 1e9;
            let mb = (payload.len() * runs) as f64 / 1e6;
            println!(
                "{label}: {:.0} MB per CPU-second ({runs} runs)",
                mb / seconds
            );
        }
    };
    per_cpu_second("decode", &mut || {
        black_box(decode(black_box(xml)).unwrap());
    });
    per_cpu_second("encode", &mut || {
        black_box(encode(black_box(&value), payload.len() + 1024));
    });
}

/// On-CPU time of the current thread in nanoseconds, from `/proc/thread-self/schedstat`.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

criterion_group!(benches, bench);
criterion_main!(benches);
