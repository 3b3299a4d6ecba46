//! Measurement: how often the expiry watch wakes while idle. Runs the real watch loop on a
//! workspace whose only key is months from its next milestone, for `WATCH_IDLE_SECONDS`
//! (default 60), counts its rounds, and reports its planned sleep.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::secrets::MemorySecrets;

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("WATCH_IDLE_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let dir = tempfile::tempdir().expect("temp dir");
    let core = Arc::new(
        Core::open(CoreOptions {
            data_dir: Some(dir.path().to_path_buf()),
            secrets: Some(Arc::new(MemorySecrets::default())),
            ..Default::default()
        })
        .await
        .expect("open"),
    );
    ops::workspace::init(&core, true).await.expect("demo");
    let demo = ops::portal::list(&core).await.expect("list")[0].id;
    // A fresh two-year key: the next milestone is ~640 days away.
    ops::key::generate(&core, demo, None, true).await.expect("key");

    let rounds = Arc::new(AtomicUsize::new(0));
    let counter = rounds.clone();
    let (_keep_open, wake) = tokio::sync::mpsc::channel(1);
    let started = Instant::now();
    let watch = tokio::spawn(portal_admin::watch::run(core.clone(), Vec::new(), wake, move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    }));
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    watch.abort();
    let next = ops::notify::next_wake(&core).await.expect("next");
    let planned = portal_admin::watch::sleep_for(core.clock().now(), next);
    let n = rounds.load(Ordering::SeqCst);
    println!("watch rounds in {:.0} s idle: {n} (the first is the start-up round)", started.elapsed().as_secs_f64());
    println!("next milestone: {next:?}; planned sleep: {} s", planned.as_secs());
    println!("idle wake-ups per hour: {:.2}", 3600.0 / planned.as_secs_f64());
}
