//! Effective permissions of a contact with 20 roles over 10,000 table permissions (goal ≤ 5 ms),
//! on the pure domain function, with a realistic spread: 200 tables, every scope, parent chains,
//! 1–3 roles per permission, 60 roles in the portal.

use criterion::{criterion_group, criterion_main, Criterion};
use portal_admin::domain::access::*;
use uuid::Uuid;

fn model(roles: usize, permissions: usize) -> AccessModel {
    let roles: Vec<WebRole> = (0..roles)
        .map(|i| WebRole {
            id: Uuid::new_v4(),
            name: format!("Role {i}"),
            description: None,
            anonymous_users_role: false,
            authenticated_users_role: i == 0,
            active: true,
        })
        .collect();
    let scopes = [Scope::Global, Scope::Contact, Scope::Account, Scope::Parent, Scope::Self_];
    let mut table_permissions: Vec<TablePermission> = Vec::with_capacity(permissions);
    for i in 0..permissions {
        let scope = scopes[i % scopes.len()];
        let mut privileges = Privileges::default();
        for (k, p) in Privilege::ALL.iter().enumerate() {
            privileges.set(*p, (i + k) % 3 != 0);
        }
        // Parent chains two or three deep, as real portals have (case → notes → attachments).
        let parent = (scope == Scope::Parent && i >= 5)
            .then(|| table_permissions[if (i / 5) % 3 == 0 { i - 3 } else { i - 5 }].id);
        table_permissions.push(TablePermission {
            id: Uuid::new_v4(),
            name: format!("Permission {i}"),
            table: format!("table_{}", i % 200),
            scope,
            privileges,
            contact_relationship: Some("rel".into()),
            account_relationship: Some("rel".into()),
            parent_id: parent,
            parent_relationship: parent.map(|_| "rel".into()),
            active: i % 50 != 0,
            role_ids: (0..=(i % 3)).map(|k| roles[(i * 7 + k * 13) % roles.len()].id).collect(),
        });
    }
    AccessModel { roles, table_permissions, ..Default::default() }
}

fn bench(c: &mut Criterion) {
    let m = model(60, 10_000);
    let contact =
        Principal::Contact { contact: "bench".into(), role_ids: m.roles.iter().take(20).map(|r| r.id).collect() };
    let sample = effective(&m, &contact);
    assert_eq!(sample.roles.len(), 20, "20 roles count (the authenticated users role is among them)");
    assert!(sample.tables.len() > 100);
    c.bench_function("effective access: contact with 20 roles, 10,000 table permissions", |b| {
        b.iter(|| effective(std::hint::black_box(&m), std::hint::black_box(&contact)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
