//! Benchmark: open a workspace holding 1,000 portals and list them.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use portal_admin::domain::{PortalDraft, PortalId};
use portal_admin::ops::{self, Core, CoreOptions};

fn options(dir: &Path) -> CoreOptions {
    CoreOptions { data_dir: Some(dir.to_path_buf()), actor: Some("bench".into()), ..Default::default() }
}

fn workspace_with_1000_portals(rt: &tokio::runtime::Runtime) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    rt.block_on(async {
        let core = Core::open(options(dir.path())).await.expect("open");
        let now = chrono::Utc::now();
        let portals: Vec<_> = (0..1000)
            .map(|i| {
                PortalDraft {
                    name: format!("Portal {i:04}"),
                    url: format!("https://portal-{i}.powerappsportals.com"),
                    environment_url: format!("https://org{i}.crm.dynamics.com"),
                    app_id: uuid::Uuid::new_v4().to_string(),
                    owner: Some("Bench".into()),
                    ..Default::default()
                }
                .validate(PortalId::new_random())
                .expect("valid")
                .into_portal(now, now)
            })
            .collect();
        core.store().insert_portals(&portals, "bench", now).await.expect("insert");
        core.close().await;
    });
    dir
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = workspace_with_1000_portals(&rt);

    c.bench_function("open workspace (1,000 portals) and list them", |b| {
        b.to_async(&rt).iter(|| async {
            let core = Core::open(options(dir.path())).await.expect("open");
            let portals = ops::portal::list(&core).await.expect("list");
            assert_eq!(portals.len(), 1000);
            core.close().await;
        })
    });

    let core = rt.block_on(Core::open(options(dir.path()))).expect("open");
    c.bench_function("list 1,000 portals (open workspace)", |b| {
        b.to_async(&rt).iter(|| async {
            let portals = ops::portal::list(&core).await.expect("list");
            assert_eq!(portals.len(), 1000);
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
