//! `portal-admin connection …`, `discover`, `key refresh`, `key check` and `site …` run as a user
//! would, against the OpenID provider and the services' stand-in on loopback, with a private
//! throw-away keyring (secrets and refresh tokens go there).

#[path = "../../tests/support/cloud.rs"]
mod cloud;

use serde_json::Value;

/// Runs `script` in a private D-Bus session with an unlocked throw-away keyring; `PA` is the CLI
/// on a fresh workspace (JSON output), `BROWSER_JS` the scripted person's browser.
fn in_keyring_session(script: &str, env: &[(&str, String)]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("portal-admin");
    let browser = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/oidc/browser.mjs");
    let out = std::process::Command::new("dbus-run-session")
        .args(["--", "bash", "-c"])
        .arg(format!(
            r#"set -u
keyrings=$(mktemp -d)
printf cli-test | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets >/dev/null
PA() {{ "$PA_BIN" --data-dir "$PA_DIR" --json "$@"; }}
{script}"#
        ))
        .env("PA_BIN", binary)
        .env("PA_DIR", dir.path())
        .env("BROWSER_JS", browser)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env_remove("PORTAL_ADMIN_HOME")
        .output()
        .unwrap();
    drop(dir);
    out
}

/// The JSON documents a script printed, one after another, with the `EXIT n` lines it echoed.
fn documents(out: &[u8]) -> (Vec<Value>, Vec<String>) {
    let text = String::from_utf8_lossy(out);
    let exits: Vec<String> = text.lines().filter(|l| l.starts_with("EXIT ")).map(str::to_owned).collect();
    let json: String = text.lines().filter(|l| !l.starts_with("EXIT ")).collect::<Vec<_>>().join("\n");
    (serde_json::Deserializer::from_str(&json).into_iter::<Value>().map(Result::unwrap).collect(), exits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_signs_in_with_a_device_code_discovers_applies_and_rediscovers_without_duplicates() {
    let (standin, oidc, _) = cloud::tenant(3).await;
    let env = vec![
        ("AUTHORITY", oidc.issuer()),
        ("GRAPH", standin.graph.clone()),
        ("PP", standin.powerplatform.clone()),
        ("DISCO", standin.discovery.clone()),
        ("TENANT", cloud::TENANT.to_owned()),
        ("CLIENT", cloud::PUBLIC_ID.to_owned()),
    ];
    let script = r#"
PA connection add --name Contoso --tenant "$TENANT" --client-id "$CLIENT" --authority "$AUTHORITY" \
   --graph-url "$GRAPH" --powerplatform-url "$PP" --discovery-url "$DISCO"; echo "EXIT $?"
PA connection add --name Bad --tenant common; echo "EXIT $?"
PA discover --connection Contoso 2>/dev/null; echo "EXIT $?"
err=$(mktemp)
PA connection signin Contoso --device-code 2>"$err" & pid=$!
for i in $(seq 300); do grep -q "enter the code" "$err" && break; sleep 0.1; done
uri=$(sed -n 's/.*open \([^ ]*\) on any device.*/\1/p' "$err")
code=$(sed -n 's/.*enter the code \([^ ]*\) (valid.*/\1/p' "$err")
node "$BROWSER_JS" --device "$uri" "$code" >/dev/null
wait $pid; echo "EXIT $?"
PA discover --connection Contoso; echo "EXIT $?"
PA discover --connection Contoso --yes; echo "EXIT $?"
PA discover --connection Contoso; echo "EXIT $?"
PA key check; echo "EXIT $?"
PA site restart --portal "Site 0"; echo "EXIT $?"
PA connection list; echo "EXIT $?"
PA connection signout Contoso; echo "EXIT $?"
PA key refresh 2>/dev/null; echo "EXIT $?"
"#;
    let out = tokio::task::spawn_blocking(move || in_keyring_session(script, &env)).await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let (docs, exits) = documents(&out.stdout);
    assert_eq!(
        exits,
        // add, bad add, discover before sign-in (signin_required), signin, preview (3: would
        // change), apply, re-run, key check (1: a warning from Graph's dates), restart, list,
        // signout, refresh after sign-out (1).
        [
            "EXIT 0", "EXIT 1", "EXIT 1", "EXIT 0", "EXIT 3", "EXIT 0", "EXIT 0", "EXIT 1", "EXIT 0", "EXIT 0",
            "EXIT 0", "EXIT 1"
        ],
        "{stderr}"
    );
    // add; signin; preview; apply; re-run; check; restart; list; signout; refresh
    assert_eq!(docs[0]["token_state"], "signed_out");
    assert_eq!(docs[1]["token_state"], "signed_in", "{}", docs[1]);
    assert_eq!(docs[1]["account"], "alice");
    assert_eq!(docs[2]["applied"], false);
    assert_eq!(docs[2]["preview"]["added"].as_array().unwrap().len(), 3);
    assert_eq!(docs[3]["applied"], true);
    assert_eq!(docs[3]["keys"].as_array().unwrap().len(), 3);
    assert_eq!(docs[4]["preview"]["unchanged"], 3, "no duplicates: {}", docs[4]);
    assert!(docs[4]["preview"]["added"].as_array().unwrap().is_empty());
    // Key check from Graph dates: one portal's key ends in 20 days (a warning), one has no key; the exit code is the worst severity's.
    let checks = docs[5].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert_eq!(checks.iter().filter(|c| c["severity"].is_null()).count(), 1, "the managed identity has no key");
    assert_eq!(docs[6]["portal"]["state"], "running");
    assert_eq!(docs[7][0]["portals"], 3);
    assert_eq!(docs[8]["token_state"], "signed_out");
    assert_eq!(docs[9].as_array().unwrap()[0]["error_code"], "signin_required", "{}", docs[9]);
    // The Bad connection was refused with the tenant's field named.
    assert!(stderr.contains("is not one tenant"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_secret_comes_from_stdin_into_the_keyring_and_never_from_an_argument() {
    let (standin, oidc, _) = cloud::tenant(1).await;
    let env = vec![
        ("AUTHORITY", oidc.issuer()),
        ("GRAPH", standin.graph.clone()),
        ("PP", standin.powerplatform.clone()),
        ("DISCO", standin.discovery.clone()),
        ("TENANT", cloud::TENANT.to_owned()),
        ("CLIENT", cloud::APP_SECRET_ID.to_owned()),
    ];
    let script = r#"
printf 'app-secret' | PA connection add --name Monitoring --tenant "$TENANT" --client-id "$CLIENT" --authority "$AUTHORITY" \
   --graph-url "$GRAPH" --powerplatform-url "$PP" --discovery-url "$DISCO" --client-secret-stdin; echo "EXIT $?"
PA connection test Monitoring; echo "EXIT $?"
PA connection add --name X --tenant "$TENANT" --client-secret app-secret 2>/dev/null; echo "EXIT $?"
PA connection remove Monitoring; echo "EXIT $?"
grep -c app-secret "$PA_DIR"/workspace.db*; echo "EXIT $?"
"#;
    let out = tokio::task::spawn_blocking(move || in_keyring_session(script, &env)).await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let exits: Vec<&str> = text.lines().filter(|l| l.starts_with("EXIT ")).collect();
    assert_eq!(exits, ["EXIT 0", "EXIT 0", "EXIT 2", "EXIT 0", "EXIT 1"], "{text}\n{stderr}");
    assert!(!text.contains("app-secret"), "the secret never reaches the output");
}
