//! The generated XML codec on a large response: `GetAgentStateResponse` of the Schedule
//! service holding 20,000 schedule-state records (ints, doubles, booleans) and their state
//! names (strings), encoded and decoded by the generated code over `soap_runtime::xml`; with the
//! `yaserde` feature, also by yaserde (through the response's wire twin, conversions included)
//! on the same bytes, for the ratio between the two decoders.
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
    let decode_time = mean_time(|| {
        std::hint::black_box(decode(xml));
    });
    throughput("generated decode", decode_time);
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
