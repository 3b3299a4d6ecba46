//! Benchmark: verifying an ASP.NET Identity v2 password hash (PBKDF2-HMAC-SHA1, 1000 iterations,
//! 32-byte subkey), against Python's `hashlib.pbkdf2_hmac` (OpenSSL) on the same password and salt
//! measured in the same run. Both sides are timed the same way (best of 5 loops of 2,000 calls)
//! for the ratio; criterion's report on `verify` comes first. Goal: ≤ 1.2× hashlib.

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use portal_admin::domain::contacts::hash::{hash_v2_with_salt, verify};

const PASSWORD: &str = "P@ssw0rd!";
const SALT: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const CALLS: u32 = 2000;
const ROUNDS: u32 = 5;
const GOAL: f64 = 1.2;

/// Prints the v2 hash Python derives (so the two sides provably compute the same thing), then
/// the best per-call time in microseconds. Arguments: password, salt (hex), calls, rounds.
const PYTHON: &str = r#"
import base64, hashlib, sys, timeit
pw = sys.argv[1].encode()
salt = bytes.fromhex(sys.argv[2])
n, r = int(sys.argv[3]), int(sys.argv[4])
print(base64.b64encode(b'\x00' + salt + hashlib.pbkdf2_hmac('sha1', pw, salt, 1000, 32)).decode())
best = min(timeit.repeat(lambda: hashlib.pbkdf2_hmac('sha1', pw, salt, 1000, 32), number=n, repeat=r))
print(best / n * 1e6)
"#;

/// Best per-call time of `verify` in microseconds, measured like Python's `timeit.repeat`.
fn rust_per_call_us(hash: &str) -> f64 {
    (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..CALLS {
                assert!(verify(black_box(hash), black_box(PASSWORD)).expect("a v2 hash"));
            }
            started.elapsed().as_secs_f64() * 1e6 / f64::from(CALLS)
        })
        .fold(f64::INFINITY, f64::min)
}

/// Python's hash of the same password and salt, and its best per-call time in microseconds.
fn python_per_call_us() -> Result<(String, f64), String> {
    let salt: String = SALT.iter().map(|b| format!("{b:02x}")).collect();
    let out = Command::new("python3")
        .args(["-c", PYTHON, PASSWORD, &salt, &CALLS.to_string(), &ROUNDS.to_string()])
        .output()
        .map_err(|e| format!("python3 could not be started: {e}"))?;
    if !out.status.success() {
        return Err(format!("python3 failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let hash = lines.next().ok_or("python3 printed nothing")?.trim().to_owned();
    let us =
        lines.next().and_then(|l| l.trim().parse().ok()).ok_or_else(|| format!("python3 printed no time: {text:?}"))?;
    Ok((hash, us))
}

fn bench(c: &mut Criterion) {
    let hash = hash_v2_with_salt(PASSWORD, &SALT);
    assert_eq!(verify(&hash, "wrong password"), Ok(false));
    c.bench_function("verify an ASP.NET Identity v2 password hash", |b| {
        b.iter(|| verify(black_box(&hash), black_box(PASSWORD)).expect("a v2 hash"))
    });

    let rust = rust_per_call_us(&hash);
    match python_per_call_us() {
        Ok((python_hash, python)) => {
            assert_eq!(python_hash, hash, "hashlib derives the same v2 hash");
            println!(
                "password verify: rust {rust:.1} µs, python hashlib {python:.1} µs, ratio X/Y = {:.2} (goal ≤ {GOAL})",
                rust / python
            );
        }
        Err(why) => println!("password verify: rust {rust:.1} µs; no python hashlib figure ({why})"),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
