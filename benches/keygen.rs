//! Benchmark: generating an authentication key (RSA-2048 + self-signed certificate) against
//! `openssl genrsa 2048` measured in the same run, for the ratio.

use std::process::{Command, Stdio};

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};
use portal_admin::domain::PortalId;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("RSA-2048 key generation");
    // Prime search makes single runs vary a lot: many samples, long enough to settle.
    group.sample_size(30).measurement_time(std::time::Duration::from_secs(20));
    let portal = PortalId::new_random();
    group.bench_function("portal_admin::keys::generate (key + certificate)", |b| {
        b.iter(|| portal_admin::keys::generate(portal, 730, Utc::now()).expect("generate"))
    });
    group.bench_function("openssl genrsa 2048 (process)", |b| {
        b.iter(|| {
            let status = Command::new("openssl")
                .args(["genrsa", "-out", "/dev/null", "2048"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("openssl is installed");
            assert!(status.success());
        })
    });
    group.bench_function("openssl version (process start-up only)", |b| {
        b.iter(|| Command::new("openssl").arg("version").stdout(Stdio::null()).status().expect("openssl"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
