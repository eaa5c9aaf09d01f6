//! The generated XML codec on a large response: `GetAgentStateResponse` of the Schedule
//! service holding 20,000 schedule-state records (ints, doubles, booleans) and their state
//! names (strings), encoded and decoded by the generated code over `wfm_runtime::xml`.
//!
//! Prints MB/s for both directions first (mean over repeated runs of at least 1 s each), then
//! runs the same measurements under criterion. Writes the payload to
//! `target/bench-generated-payload.xml` so other tools can be fed the same bytes.

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use wfm_runtime::xml::{XmlReader, XmlWriter};
use wfm_sdk::generated::wfm_schedule_service852::{
    GetAgentStateResponse, SchAgentState, SchAgentStateHolder, SchStateInfo, write_document,
};

const RECORDS: usize = 20_000;

fn response() -> GetAgentStateResponse {
    let sch_agent_state = (0..RECORDS)
        .map(|i| SchAgentState {
            gsw_agent_id: 100_000 + (i % 500) as i32,
            wm_state_type: (i % 7) as i32,
            wm_state_id: (i % 40) as i32,
            wm_start_date_time: 46_027.0 + i as f64 / 96.0,
            wm_end_date_time: 46_027.0 + (i + 1) as f64 / 96.0,
            wm_full_day: i % 11 == 0,
            wm_paid: i % 3 != 0,
        })
        .collect();
    let sch_state_info = (0..40)
        .map(|i| SchStateInfo {
            wm_state_type: i % 7,
            wm_state_id: i,
            wm_name: format!("State {i} & co"),
        })
        .collect();
    GetAgentStateResponse {
        r#return: SchAgentStateHolder {
            sch_agent_state,
            sch_state_info,
        },
    }
}

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

fn main() {
    let value = response();
    let payload = encode(&value);
    let xml = std::str::from_utf8(&payload).expect("the writer writes UTF-8");
    assert_eq!(decode(xml), value, "encode → decode must round-trip");
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("bench-generated-payload.xml"), &payload);

    let megabytes = payload.len() as f64 / 1e6;
    let decode_time = mean_time(|| {
        std::hint::black_box(decode(xml));
    });
    let encode_time = mean_time(|| {
        std::hint::black_box(encode(&value));
    });
    println!("payload: {RECORDS} records, {:.1} MB", megabytes);
    println!(
        "generated decode: {:.1} ms = {:.0} MB/s",
        decode_time.as_secs_f64() * 1e3,
        megabytes / decode_time.as_secs_f64()
    );
    println!(
        "generated encode: {:.1} ms = {:.0} MB/s",
        encode_time.as_secs_f64() * 1e3,
        megabytes / encode_time.as_secs_f64()
    );

    let mut criterion = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut group = criterion.benchmark_group("generated codec");
    group.throughput(Throughput::Bytes(payload.len() as u64));
    group.bench_function("decode GetAgentStateResponse", |b| b.iter(|| decode(xml)));
    group.bench_function("encode GetAgentStateResponse", |b| {
        b.iter(|| encode(&value))
    });
    group.finish();
    criterion.final_summary();
}
