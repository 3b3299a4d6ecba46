//! The `portal-admin` binary run as a user would, its JSON parsed and checked.

use assert_cmd::Command;
use serde_json::Value;

#[path = "../../tests/support/loopback.rs"]
mod loopback;

struct Workspace(tempfile::TempDir);

impl Workspace {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap())
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("portal-admin").unwrap();
        cmd.env_remove("PORTAL_ADMIN_HOME").arg("--data-dir").arg(self.0.path());
        cmd
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd().arg("--json").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

const GOOD: [&str; 6] = [
    "--url",
    "https://fabrikam.powerappsportals.com",
    "--environment-url",
    "https://fabrikam.crm.dynamics.com",
    "--app-id",
    "0b8f7c1e-2a3d-4e5f-8a9b-1c2d3e4f5a6b",
];

#[test]
fn init_demo_then_portal_list_prints_the_demo_portal_as_json() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let list = ws.json(&["portal", "list"]);
    let portals = list.as_array().unwrap();
    assert_eq!(portals.len(), 1);
    assert_eq!(portals[0]["name"], "Contoso Customer Self-Service");
    assert_eq!(portals[0]["id"], "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08");
    assert_eq!(portals[0]["url"], "https://contoso-selfservice.powerappsportals.com/");
    for key in ["environment_url", "app_id", "owner", "state", "created_at", "updated_at"] {
        assert!(portals[0].get(key).is_some(), "missing {key}");
    }
}

#[test]
fn adding_a_portal_with_an_http_url_fails_about_https_with_exit_1_and_writes_nothing() {
    let ws = Workspace::new();
    ws.cmd().args(["init"]).assert().success();
    let out = ws.cmd().args(["portal", "add", "--name", "A", "--url", "http://x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("https://"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(ws.json(&["portal", "list"]), Value::Array(vec![]));
}

#[test]
fn json_errors_carry_a_stable_code_and_the_field_problems() {
    let ws = Workspace::new();
    let out = ws
        .cmd()
        .args(["--json", "portal", "add", "--name", "", "--url", "https://ok.example", "--app-id", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "validation");
    let fields: Vec<(&str, &str)> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, vec![("name", "required"), ("environment_url", "required"), ("app_id", "invalid_guid")]);
}

#[test]
fn usage_errors_exit_2() {
    let ws = Workspace::new();
    ws.cmd().args(["portal", "frobnicate"]).assert().code(2);
    ws.cmd().args(["portal", "add", "--url", "https://x.example"]).assert().code(2);
    ws.cmd().args(["portal", "add", "--name", "X", "--url", "https://x.example", "--state", "paused"]).assert().code(2);
}

#[test]
fn a_portal_is_added_shown_edited_and_removed_by_name_or_id() {
    let ws = Workspace::new();
    let mut add = vec!["portal", "add", "--name", "Fabrikam Partners", "--owner", "Adele Vance"];
    add.extend(GOOD);
    let added = ws.json(&add);
    let id = added["id"].as_str().unwrap().to_owned();
    assert_eq!(added["state"], "running");

    let shown = ws.json(&["portal", "show", "fabrikam partners", "--history"]);
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["history"][0]["action"], "created");

    let edited = ws.json(&["portal", "edit", &id, "--state", "stopped", "--owner", ""]);
    assert_eq!(edited["state"], "stopped");
    assert_eq!(edited["owner"], Value::Null);

    let removed = ws.json(&["portal", "remove", "Fabrikam Partners"]);
    assert_eq!(removed["id"], id.as_str());
    assert_eq!(ws.json(&["portal", "list"]), Value::Array(vec![]));
}

#[test]
fn an_unknown_portal_is_a_not_found_error() {
    let ws = Workspace::new();
    let out = ws.cmd().args(["--json", "portal", "show", "Nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "not_found");
}

#[test]
fn the_workspace_folder_comes_from_portal_admin_home_when_no_flag_is_given() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("portal-admin")
        .unwrap()
        .env("PORTAL_ADMIN_HOME", dir.path())
        .args(["init", "--demo"])
        .assert()
        .success();
    assert!(dir.path().join("workspace.db").exists());
}

#[test]
fn edit_without_changes_is_refused() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out = ws.cmd().args(["portal", "edit", "Contoso Customer Self-Service"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to change"));
}

const DEMO: &str = "Contoso Customer Self-Service";

#[test]
fn key_show_reports_the_demo_key_expiring_in_about_20_days_as_a_warning() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let key = ws.json(&["key", "show", "--portal", DEMO]);
    assert_eq!(key["severity"], "warning");
    assert_eq!(key["days_left"], 20);
    assert_eq!(key["thumbprint"].as_str().unwrap().len(), 40);
    assert!(key["thumbprint"].as_str().unwrap().chars().all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)));
    assert!(key["subject"].as_str().unwrap().starts_with("CN=3f6e1c2a-"));
    for field in ["not_after", "not_before"] {
        chrono::DateTime::parse_from_rfc3339(key[field].as_str().unwrap()).unwrap();
    }
}

#[test]
fn key_check_exit_status_follows_the_worst_severity_like_a_nagios_plugin() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let key = ws.json(&["key", "show", "--portal", DEMO]);
    let expiry = chrono::DateTime::parse_from_rfc3339(key["not_after"].as_str().unwrap()).unwrap();
    let at = |days: i64| (expiry - chrono::Duration::days(days)).to_rfc3339();
    for (days_before, code, word) in
        [(120, 0, "OK"), (60, 0, "NOTICE"), (20, 1, "WARNING"), (3, 2, "CRITICAL"), (-1, 2, "EXPIRED")]
    {
        let out = ws.cmd().args(["key", "check", "--at", &at(days_before)]).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{days_before} days before expiry");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(word), "{}", String::from_utf8_lossy(&out.stdout));
    }
    ws.cmd().args(["key", "check", "--at", "yesterday"]).assert().code(2);
}

#[test]
fn key_export_writes_a_pem_certificate_and_schedule_lists_22_milestones() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out = ws.0.path().join("demo.pem");
    ws.cmd().args(["key", "export", "--portal", DEMO, "--out"]).arg(&out).assert().success();
    let pem = std::fs::read_to_string(&out).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n") && pem.ends_with("-----END CERTIFICATE-----\n"));
    let schedule = ws.json(&["key", "schedule", "--portal", DEMO]);
    let states: Vec<&str> = schedule.as_array().unwrap().iter().map(|e| e["state"].as_str().unwrap()).collect();
    assert_eq!(states.len(), 22);
    assert_eq!(&states[..4], ["due", "due", "due", "pending"]);
}

#[test]
fn notify_run_dry_run_reports_without_recording_then_a_real_run_records_once() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let dry = ws.json(&["notify", "run", "--dry-run"]);
    assert_eq!(dry[0]["notice"]["milestone"], "30d-before");
    assert_eq!(dry[0]["channel"], Value::Null);
    let again = ws.json(&["notify", "run", "--dry-run"]);
    assert_eq!(dry, again, "a dry run records nothing");
    // No notification service in this test's environment: the notice is printed instead.
    let out =
        ws.cmd().env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent").args(["notify", "run"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("authentication key expires in 20 days"), "{stdout}");
    assert!(stdout.contains("notified via stdout"), "{stdout}");
    let after = ws.cmd().args(["notify", "run"]).output().unwrap();
    assert!(String::from_utf8_lossy(&after.stdout).contains("Nothing is due"));
}

#[test]
fn importing_a_file_that_is_not_a_certificate_fails_with_exit_1() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let bogus = ws.0.path().join("bogus.pem");
    std::fs::write(&bogus, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n").unwrap();
    let out = ws.cmd().args(["--json", "key", "import", "--portal", DEMO]).arg(&bogus).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "invalid_certificate");
}

#[test]
fn snoozing_hides_the_banner_until_the_next_milestone_and_acknowledging_names_the_owner() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    assert_eq!(ws.json(&["key", "show", "--portal", DEMO])["banner"], true);
    let snoozed = ws.json(&["key", "snooze", "--portal", DEMO]);
    assert_eq!(snoozed["banner"], false);
    assert_eq!(snoozed["snoozed_until"], snoozed["next_milestone"]["at"]);
    let acked = ws.json(&["key", "acknowledge", "--portal", DEMO, "--owner", "Adele Vance"]);
    assert_eq!(acked["acknowledged_by"], "Adele Vance");
    assert_eq!(acked["banner"], false, "acknowledging keeps the snooze");
    let cleared = ws.json(&["key", "acknowledge", "--portal", DEMO, "--owner", ""]);
    assert_eq!(cleared["acknowledged_by"], Value::Null);
}

#[test]
fn key_expiries_exports_a_calendar_and_a_csv() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let ics = ws.cmd().args(["key", "expiries"]).output().unwrap();
    let ics = String::from_utf8(ics.stdout).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    let out = ws.0.path().join("expiries.csv");
    ws.cmd().args(["key", "expiries", "--format", "csv", "--out"]).arg(&out).assert().success();
    let csv = std::fs::read_to_string(out).unwrap();
    assert!(csv
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("Contoso Customer Self-Service,3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08,warning,"));
    ws.cmd().args(["key", "expiries", "--format", "pdf"]).assert().code(2);
}

#[test]
fn notify_status_reports_a_stalled_watch_until_a_run_and_exits_1() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out = ws.cmd().args(["notify", "status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("never run"));
    ws.cmd().env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent").args(["notify", "run"]).assert().success();
    let status = ws.json(&["notify", "status"]);
    assert_eq!(status["stale"], false);
    assert!(status["last_run"].is_string());
}

#[test]
fn settings_list_json_gives_stored_effective_default_and_catalogue_membership() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let list = ws.json(&["settings", "list", "--portal", DEMO]);
    let list = list.as_array().unwrap();
    let lockout =
        list.iter().find(|s| s["name"] == "Authentication/UserManager/DefaultAccountLockoutTimeSpan").unwrap();
    assert_eq!(lockout["stored"], "24:00:00");
    assert_eq!(lockout["effective"], "24.00:00:00", "the runtime reads 24:00:00 as 24 days");
    assert_eq!(lockout["default"], "1.00:00:00");
    assert_eq!(lockout["in_catalogue"], true);
    let absent = list.iter().find(|s| s["name"] == "Authentication/Registration/TwoFactorEnabled").unwrap();
    assert_eq!((absent["stored"].clone(), absent["effective"].clone()), (Value::Null, Value::from("false")));
    let other = list.iter().find(|s| s["name"] == "HTTP/X-Frame-Options").unwrap();
    assert_eq!(other["in_catalogue"], false);
    assert_eq!(other["effective"], "SAMEORIGIN");
}

#[test]
fn settings_check_exits_1_on_errors_and_fix_clears_them() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out = ws.cmd().args(["--json", "settings", "check", "--portal", DEMO]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the demo has error findings");
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = findings.as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3);
    let mut args = vec!["--json", "settings", "check", "--portal", DEMO];
    for id in &ids {
        args.extend(["--fix", id]);
    }
    let out = ws.cmd().args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), Value::Array(vec![]));
}

#[test]
fn settings_set_checks_the_value_and_get_shows_the_runtime_reading() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out = ws
        .cmd()
        .args(["--json", "settings", "set", "--portal", DEMO, "Authentication/Registration/TwoFactorEnabled", "yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "validation");
    assert_eq!(err["error"]["fields"][0]["field"], "value");
    let set = ws.json(&["settings", "set", "--portal", DEMO, "authentication/registration/twofactorenabled", "TRUE"]);
    assert_eq!(set["stored"], "true");
    assert_eq!(set["name"], "Authentication/Registration/TwoFactorEnabled");
    let out = ws
        .cmd()
        .args(["settings", "set", "--portal", DEMO, "Authentication/OpenAuth/Google/ClientSecret", "s3cret"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pipe its value on stdin"));
    let unset = ws.json(&["settings", "unset", "--portal", DEMO, "Authentication/Registration/TwoFactorEnabled"]);
    assert_eq!(unset["removed_records"], 1);
}

#[test]
fn password_test_reads_stdin_and_exits_1_with_the_runtime_message_when_rejected() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out =
        ws.cmd().args(["--json", "password", "test", "--portal", DEMO]).write_stdin("password12\n").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["error"],
        "Passwords must contain characters from at least three of the following four classes: uppercase, lowercase, digit, and non-alphanumeric (special)."
    );
    let out =
        ws.cmd().args(["--json", "password", "test", "--portal", DEMO]).write_stdin("Password12\n").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap()["accepted"], true);
}

#[test]
fn provider_list_add_default_and_remove_round_trip() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let list = ws.json(&["provider", "list", "--portal", DEMO]);
    let keys: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        vec!["local", "azure_ad_built_in", "OpenIdConnect/AzureADB2C", "OpenAuth/Facebook", "OpenAuth/Microsoft"]
    );
    let added = ws.json(&[
        "provider",
        "add",
        "--portal",
        DEMO,
        "--protocol",
        "wsfed",
        "--name",
        "ADFS",
        "--set",
        "MetadataAddress=https://adfs.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml",
        "--set",
        "Wtrealm=https://contoso-selfservice.powerappsportals.com/",
        "--set",
        "AuthenticationType=http://adfs.contoso.com/adfs/services/trust",
    ]);
    assert_eq!(added["enabled"], true);
    assert_eq!(added["kind"], "ws_fed_adfs");
    let chosen = ws.json(&["provider", "default", "--portal", DEMO, "WsFederation/ADFS"]);
    assert_eq!(chosen["is_default"], true);
    let out = ws
        .cmd()
        .args(["provider", "add", "--portal", DEMO, "--protocol", "oidc", "--name", "X", "--set", "ClientSecret=oops"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--secret-stdin"));
    ws.json(&["provider", "remove", "--portal", DEMO, "ADFS"]);
    let setting =
        ws.json(&["settings", "get", "--portal", DEMO, "Authentication/Registration/LoginButtonAuthenticationType"]);
    assert_eq!(setting["stored"], Value::Null, "removing the default provider clears the button");
}

#[test]
fn settings_reset_brings_back_the_default_the_runtime_reads() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let name = "Authentication/Registration/Enabled";
    let set = ws.json(&["settings", "set", "--portal", DEMO, name, "false"]);
    assert_eq!(set["effective"], "false");
    assert_eq!(set["changed"], true);
    let reset = ws.json(&["settings", "reset", "--portal", DEMO, name]);
    assert_eq!(reset["stored"], "true");
    assert_eq!(reset["effective"], "true");
    assert_eq!(reset["changed"], false);
    let out = ws.cmd().args(["--json", "settings", "reset", "--portal", DEMO, "Nope/Unknown"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "an unknown setting has no default to reset to");
}

#[test]
fn provider_edit_sets_and_unsets_values_and_disables_and_enables_the_provider() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let b2c = "OpenIdConnect/AzureADB2C";
    let edit = |args: &[&str]| ws.json(&[&["provider", "edit", "--portal", DEMO, b2c][..], args].concat());
    let edited = edit(&["--set", "Caption=Customer account"]);
    assert_eq!(edited["caption"], "Customer account");
    assert_eq!(edited["enabled"], true);
    // Disabling deactivates the provider's records, which the runtime then ignores.
    let edited = edit(&["--disable"]);
    assert_eq!(edited["enabled"], false);
    assert_eq!(edited["caption"], "AzureADB2C");
    let edited = edit(&["--enable"]);
    assert_eq!(edited["enabled"], true);
    assert_eq!(edited["caption"], "Customer account", "enabling brings its records back as they were");
    let edited = edit(&["--unset", "Caption"]);
    assert_eq!(edited["caption"], "AzureADB2C", "without a caption the provider name is shown");
    let out = ws
        .cmd()
        .args(["--json", "provider", "edit", "--portal", DEMO, b2c, "--set", "Authority=not a url"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "validation");
}

#[test]
fn provider_test_of_an_unreachable_authority_exits_1_with_the_unreachable_code() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    ws.json(&[
        "provider",
        "add",
        "--portal",
        DEMO,
        "--protocol",
        "oidc",
        "--name",
        "Loop",
        "--set",
        "ClientId=portal-test",
        "--set",
        "Authority=https://127.0.0.1:9/",
    ]);
    let out = ws.cmd().args(["--json", "provider", "test", "--portal", DEMO, "Loop"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "unreachable");
    assert!(err["error"]["message"].as_str().unwrap().contains("127.0.0.1"));
}

#[test]
fn provider_import_metadata_reads_a_file_and_reports_its_signing_certificate() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/metadata/adfs-federationmetadata.xml");
    let import =
        ws.json(&["provider", "import-metadata", "--portal", DEMO, "SAML2/ADFS", "--file", file.to_str().unwrap()]);
    assert_eq!(import["metadata"]["entity_id"], "http://adfs.contoso.com/adfs/services/trust");
    assert_eq!(import["provider"]["certificates"][0]["thumbprint"], "76FC32EC7AC13C9774F1870F3F264226412534E0");
    assert!(import["metadata"]["signing_certificates"][0].get("der").is_none(), "no certificate bytes in JSON");
    let out = ws
        .cmd()
        .args(["--json", "provider", "import-metadata", "--portal", DEMO, "SAML2/Bad", "--file", "/nonexistent.xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(serde_json::from_slice::<Value>(&out.stderr).unwrap()["error"]["code"], "file");
}

/// Serves `body` as XML on loopback; returns a federation-metadata URL on it.
fn serve_xml(body: Vec<u8>) -> String {
    let port = loopback::serve("application/xml", body);
    format!("http://127.0.0.1:{port}/FederationMetadata/2007-06/FederationMetadata.xml")
}

#[test]
fn provider_import_metadata_from_a_url_makes_it_the_metadata_address() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/metadata");
    let url = serve_xml(std::fs::read(fixtures.join("adfs-federationmetadata.xml")).unwrap());
    let import = ws.json(&["provider", "import-metadata", "--portal", DEMO, "WsFederation/ADFS", "--url", &url]);
    assert_eq!(import["metadata"]["entity_id"], "http://adfs.contoso.com/adfs/services/trust");
    assert_eq!(import["provider"]["certificates"][0]["thumbprint"], "76FC32EC7AC13C9774F1870F3F264226412534E0");
    let shown = ws.json(&["settings", "get", "--portal", DEMO, "Authentication/WsFederation/ADFS/MetadataAddress"]);
    assert_eq!(shown["stored"], url.as_str(), "the portal will read the metadata where it was imported from");

    // Metadata without a signing certificate, served the same way: its own code, nothing written.
    let bare = serve_xml(std::fs::read(fixtures.join("no-signing-cert.xml")).unwrap());
    let out = ws
        .cmd()
        .args(["--json", "provider", "import-metadata", "--portal", DEMO, "WsFederation/Bare", "--url", &bare])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(serde_json::from_slice::<Value>(&out.stderr).unwrap()["error"]["code"], "no_signing_certificate");
    let providers = ws.json(&["provider", "list", "--portal", DEMO]);
    assert!(!providers.as_array().unwrap().iter().any(|p| p["key"] == "WsFederation/Bare"), "nothing half-imported");
}

/// Runs a shell `script` inside a private D-Bus session with a throw-away unlocked keyring (never
/// the developer's own), with `$PA` the `portal-admin` binary on this workspace; returns stdout.
fn with_private_keyring(ws: &Workspace, script: &str) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("portal-admin");
    std::process::Command::new("dbus-run-session")
        .args(["--", "bash", "-c"])
        .arg(format!(
            r#"set -e
keyrings=$(mktemp -d)
printf cli-test | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets >/dev/null
PA() {{ "$PA_BIN" --data-dir "$PA_DIR" --json "$@"; }}
{script}"#
        ))
        .env("PA_BIN", binary)
        .env("PA_DIR", ws.0.path())
        .env_remove("PORTAL_ADMIN_HOME")
        .output()
        .unwrap()
}

#[test]
fn settings_set_takes_a_secret_from_stdin_into_the_keyring_and_never_from_an_argument() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let name = "Authentication/OpenIdConnect/AzureADB2C/ClientSecret";
    let out =
        ws.cmd().args(["--json", "settings", "set", "--portal", DEMO, name, "on-the-command-line"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a secret as an argument would land in shell history");
    assert!(String::from_utf8_lossy(&out.stderr).contains("pipe its value on stdin"));

    let secret = "b2c-secret-from-stdin~42";
    let out = with_private_keyring(
        &ws,
        &format!("printf %s '{secret}' | PA settings set --portal '{DEMO}' '{name}'\nPA settings get --portal '{DEMO}' '{name}'"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown: Vec<Value> =
        serde_json::Deserializer::from_slice(&out.stdout).into_iter::<Value>().map(Result::unwrap).collect();
    assert_eq!(shown.len(), 2);
    for setting in &shown {
        assert_eq!(setting["source"], "keyring", "{setting}");
        assert!(!setting.to_string().contains(secret), "the secret never reaches JSON: {setting}");
    }
    for file in ["workspace.db", "workspace.db-wal"] {
        let bytes = std::fs::read(ws.0.path().join(file)).unwrap_or_default();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{file} holds the secret");
    }
}

#[test]
fn permission_list_json_gives_scope_name_and_code_privileges_roles_and_parent() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let list = ws.json(&["permission", "list", "--portal", DEMO]);
    let notes = list.as_array().unwrap().iter().find(|p| p["name"] == "Case notes").unwrap();
    assert_eq!(notes["table"], "annotation");
    assert_eq!(notes["scope"], "Parent");
    assert_eq!(notes["scope_code"], 756150003);
    assert_eq!(notes["privileges"], serde_json::json!(["read", "create", "append"]));
    assert_eq!(notes["roles"], serde_json::json!(["Authenticated Users", "Case Managers"]));
    assert_eq!(notes["parent"], "Customers: own cases");
}

#[test]
fn permission_add_checks_what_the_scope_needs_and_role_remove_asks_for_confirmation() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out = ws
        .cmd()
        .args([
            "--json",
            "permission",
            "add",
            "--portal",
            DEMO,
            "--name",
            "Contacts of my account",
            "--table",
            "contact",
            "--scope",
            "account",
            "--privileges",
            "read",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["fields"][0]["field"], "account_relationship");
    let added = ws.json(&[
        "permission",
        "add",
        "--portal",
        DEMO,
        "--name",
        "Contacts of my account",
        "--table",
        "contact",
        "--scope",
        "account",
        "--account-relationship",
        "contact_customer_accounts",
        "--privileges",
        "read,appendto",
        "--roles",
        "Case Managers",
    ]);
    assert_eq!(added["scope_code"], 756150002);
    assert_eq!(added["privileges"], serde_json::json!(["read", "append_to"]));

    let out = ws.cmd().args(["--json", "role", "remove", "--portal", DEMO, "Case Managers"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "confirmation_required");
    let removed = ws.json(&["role", "remove", "--portal", DEMO, "Case Managers", "--yes"]);
    assert_eq!(removed["table_permissions"].as_array().unwrap().len(), 3);
    assert_eq!(removed["removed"], true);
}

#[test]
fn access_effective_json_explains_each_granted_privilege() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let e = ws.json(&["access", "effective", "--portal", DEMO, "--anonymous"]);
    assert_eq!(e["roles"], serde_json::json!(["Anonymous Users"]));
    let feedback = e["tables"].as_array().unwrap().iter().find(|t| t["table"] == "feedback").unwrap();
    assert_eq!(feedback["privileges"][1]["privilege"], "write");
    assert_eq!(feedback["privileges"][1]["granted"], false);
    assert_eq!(feedback["privileges"][2]["granted"], true, "create");
    assert_eq!(feedback["grants"][0]["permission_name"], "Anonymous feedback");
    let support = e["pages"].as_array().unwrap().iter().find(|p| p["page_name"] == "Support").unwrap();
    assert_eq!(support["read"]["allowed"], false);
    let out = ws.cmd().args(["access", "check", "--portal", DEMO]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "anonymous create is an error-level posture warning");
}

#[test]
fn contact_list_pages_with_a_cursor_filters_locked_out_and_shared_email_contacts_and_aligns_its_table() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let first = ws.json(&["contact", "list", "-p", DEMO, "--limit", "5"]);
    assert_eq!(first["rows"].as_array().unwrap().len(), 5);
    let cursor = first["next"].as_str().unwrap().to_owned();
    let second = ws.json(&["contact", "list", "-p", DEMO, "--limit", "5", "--after", &cursor]);
    assert_ne!(first["rows"][0]["id"], second["rows"][0]["id"]);
    let locked = ws.json(&["contact", "list", "-p", DEMO, "--locked-out"]);
    let rows = locked["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "Marcus Chen");
    for key in [
        "email",
        "email_confirmed",
        "username",
        "active",
        "lockout_end",
        "access_failed_count",
        "has_password",
        "email_shared",
    ] {
        assert!(rows[0].get(key).is_some(), "missing {key}");
    }
    assert!(rows[0].get("password_hash").is_none(), "hashes never reach JSON");
    assert_eq!(rows[0]["locked_until"], rows[0]["lockout_end"], "locked out until its lockout end");
    let everyone = ws.json(&["contact", "list", "-p", DEMO, "--limit", "1000"]);
    let locked_now = everyone["rows"].as_array().unwrap().iter().filter(|r| !r["locked_until"].is_null()).count();
    assert_eq!(locked_now, 1, "only the locked-out contact carries locked_until");
    let mut shared: Vec<&str> = everyone["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["email_shared"] == true)
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    shared.sort();
    assert_eq!(
        shared,
        ["J. Lee", "Jordan Lee", "Sam Rivera", "Samantha Rivera"],
        "exactly the contacts sharing an e-mail"
    );

    // The table names every state, and its id column stays one column however many there are.
    let out = ws.cmd().args(["contact", "list", "-p", DEMO, "--duplicates"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "a header and four contacts: {text}");
    let header_id = lines[0].chars().count() - "ID".len();
    for line in &lines[1..] {
        assert_eq!(line.chars().count() - 36, header_id, "ids aligned under ID: {text}");
    }
    assert!(
        lines.iter().any(|l| l.starts_with("Samantha Rivera") && l.contains("unconfirmed,shared e-mail")),
        "{text}"
    );
    assert!(lines.iter().any(|l| l.starts_with("J. Lee") && l.contains("inactive,shared e-mail")), "{text}");
}

#[test]
fn unlock_changes_the_diagnosis_from_locked_out_to_the_password_check() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out = ws.cmd().args(["--json", "contact", "diagnose", "-p", DEMO, "mchen"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a refused sign-in exits 1");
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["verdict"], "locked_out");
    ws.cmd().args(["contact", "unlock", "-p", DEMO, "mchen"]).assert().success();
    let out = ws
        .cmd()
        .args(["--json", "contact", "diagnose", "-p", DEMO, "mchen", "--password-stdin"])
        .write_stdin("Demo-pass-1\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["verdict"], "success");
}

#[test]
fn password_hash_makes_a_v2_hash_that_password_verify_accepts_and_rejects() {
    let ws = Workspace::new();
    let out = ws.cmd().args(["password", "hash"]).write_stdin("Correct-horse-9\n").output().unwrap();
    assert!(out.status.success());
    let hash = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(hash.len(), 68);
    ws.cmd().args(["password", "verify", "--hash", &hash]).write_stdin("Correct-horse-9").assert().code(0);
    ws.cmd().args(["password", "verify", "--hash", &hash]).write_stdin("Correct-horse-8").assert().code(1);
    let bad = ws.cmd().args(["--json", "password", "verify", "--hash", "AAAA"]).write_stdin("x").output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&bad.stderr).unwrap();
    assert_eq!(err["error"]["code"], "invalid_hash");
}

#[test]
fn a_bulk_action_without_yes_previews_and_exits_3_and_with_yes_applies_and_can_be_undone() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let out = ws
        .cmd()
        .args(["--json", "contact", "bulk", "-p", DEMO, "confirm-email", "--unconfirmed-email"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let preview: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changing = preview["changing"].as_u64().unwrap();
    assert!(changing >= 4, "{preview}");
    assert_eq!(
        ws.json(&["contact", "list", "-p", DEMO, "--unconfirmed-email"])["rows"].as_array().unwrap().len() as u64,
        changing
    );
    let done = ws.json(&["contact", "bulk", "-p", DEMO, "confirm-email", "--unconfirmed-email", "--yes"]);
    assert_eq!(done["changed"].as_u64().unwrap(), changing);
    assert!(ws.json(&["contact", "list", "-p", DEMO, "--unconfirmed-email"])["rows"].as_array().unwrap().is_empty());
    let batch = done["batch_id"].as_i64().unwrap().to_string();
    ws.json(&["contact", "undo", "-p", DEMO, &batch]);
    assert_eq!(
        ws.json(&["contact", "list", "-p", DEMO, "--unconfirmed-email"])["rows"].as_array().unwrap().len() as u64,
        changing
    );
}

#[test]
fn invitations_are_created_redeemed_and_a_used_up_code_is_a_specific_error() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let inv = ws.json(&[
        "invitation",
        "create",
        "-p",
        DEMO,
        "--name",
        "For Noah",
        "--contact",
        "nwilliams",
        "--role",
        "Case Managers",
    ]);
    let code = inv["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 12);
    assert_eq!(inv["kind"], "single");
    assert_eq!(inv["max_redemptions"], 1);
    let r = ws.json(&["invitation", "redeem", "-p", DEMO, &code, "--contact", "nwilliams"]);
    assert_eq!(r["invitation"]["status"], "redeemed");
    let out =
        ws.cmd().args(["--json", "invitation", "redeem", "-p", DEMO, &code, "--contact", "ada"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "invitation_used_up", "a single invitation is used up once redeemed");
}

#[test]
fn a_contact_is_added_found_edited_secured_given_roles_exported_and_deactivated_from_the_cli() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let json_with_stdin = |args: &[&str], stdin: &str| -> (Option<i32>, Value, String) {
        let out = ws.cmd().arg("--json").args(args).write_stdin(stdin).output().unwrap();
        let stdout = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.code(), stdout, String::from_utf8_lossy(&out.stderr).into_owned())
    };

    // Added with a first password on stdin, under the portal's policy.
    let (code, added, _) = json_with_stdin(
        &[
            "contact",
            "add",
            "-p",
            DEMO,
            "--first-name",
            "Grace",
            "--last-name",
            "Hopper",
            "--email",
            "grace.hopper@contoso.com",
            "--username",
            "ghopper",
            "--password-stdin",
        ],
        "Cobol-1959!\n",
    );
    assert_eq!(code, Some(0));
    assert_eq!(added["email"], "grace.hopper@contoso.com");
    assert_eq!(added["password"]["state"], "set");
    let id = added["id"].as_str().unwrap().to_owned();
    let (code, d, _) =
        json_with_stdin(&["contact", "diagnose", "-p", DEMO, "ghopper", "--password-stdin"], "Cobol-1959!");
    assert_eq!((code, d["verdict"].as_str()), (Some(0), Some("success")));

    // Found by full-text search and shown with its diagnosis.
    let found = ws.json(&["contact", "search", "-p", DEMO, "hopper"]);
    assert_eq!(
        found["rows"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect::<Vec<_>>(),
        vec![id.as_str()]
    );
    let shown = ws.json(&["contact", "show", "-p", DEMO, "grace.hopper@contoso.com"]);
    assert_eq!(shown["contact"]["id"], id.as_str());
    assert!(shown["locked_until"].is_null() && shown["diagnosis"]["verdict"].is_string());

    // Editing the e-mail unconfirms it; confirm-email and --undo set and clear it.
    let confirmed = ws.json(&["contact", "confirm-email", "-p", DEMO, "ghopper"]);
    assert_eq!(confirmed["email_confirmed"], true);
    let edited = ws.json(&["contact", "edit", "-p", DEMO, "ghopper", "--email", "grace@contoso.com"]);
    assert_eq!(
        (edited["email"].as_str(), edited["email_confirmed"].as_bool()),
        (Some("grace@contoso.com"), Some(false))
    );
    assert_eq!(edited["last_name"], "Hopper", "fields not given stay");
    ws.json(&["contact", "confirm-email", "-p", DEMO, "ghopper"]);
    assert_eq!(ws.json(&["contact", "confirm-email", "-p", DEMO, "ghopper", "--undo"])["email_confirmed"], false);

    // Passwords: a weak one is refused with the portal's message; stdin or a file replace it.
    let (code, _, err) = json_with_stdin(&["contact", "set-password", "-p", DEMO, "ghopper"], "short");
    assert_eq!(code, Some(1));
    assert!(err.contains("Passwords must be at least"), "{err}");
    let (code, _, _) = json_with_stdin(&["contact", "set-password", "-p", DEMO, "ghopper"], "Compiler-1952!");
    assert_eq!(code, Some(0));
    let file = ws.0.path().join("new-password.txt");
    std::fs::write(&file, "Nanosecond-30cm!\n").unwrap();
    let stamp = ws.json(&["contact", "show", "-p", DEMO, "ghopper"])["contact"]["security_stamp"].clone();
    ws.json(&["contact", "set-password", "-p", DEMO, "ghopper", "--password-file", file.to_str().unwrap()]);
    assert_ne!(
        ws.json(&["contact", "show", "-p", DEMO, "ghopper"])["contact"]["security_stamp"],
        stamp,
        "the stamp rotates"
    );
    let (_, d, _) =
        json_with_stdin(&["contact", "diagnose", "-p", DEMO, "ghopper", "--password-stdin"], "Nanosecond-30cm!");
    assert_eq!(d["verdict"], "success");

    // Roles added and removed by name.
    let roles = ws.json(&["contact", "roles", "-p", DEMO, "ghopper", "--add", "Case Managers"]);
    assert_eq!(
        roles.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect::<Vec<_>>(),
        vec!["Case Managers"]
    );
    assert_eq!(
        ws.json(&["contact", "roles", "-p", DEMO, "ghopper", "--remove", "Case Managers"]),
        Value::Array(vec![])
    );
    // Several changes are one write: an unknown role among them leaves every role as it was.
    let out = ws
        .cmd()
        .args(["--json", "contact", "roles", "-p", DEMO, "ghopper", "--add", "Case Managers", "--add", "No Such Role"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(serde_json::from_slice::<Value>(&out.stderr).unwrap()["error"]["code"], "not_found");
    let shown = ws.json(&["contact", "show", "-p", DEMO, "ghopper"]);
    assert_eq!(shown["contact"]["role_ids"], Value::Array(vec![]));

    // Exported as CSV: only what the filter covers, never a hash.
    let csv = ws.0.path().join("hopper.csv");
    let written = ws.json(&["contact", "export", "-p", DEMO, "--text", "hopper", "--file", csv.to_str().unwrap()]);
    assert_eq!(written["contacts"], 1);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 2, "a header and one contact: {text}");
    assert!(text.contains("grace@contoso.com"));
    assert!(!text.lines().next().unwrap().contains("password"), "no hash column: {text}");

    // Deactivated, then reactivated.
    assert_eq!(ws.json(&["contact", "deactivate", "-p", DEMO, "ghopper"])["active"], false);
    let (_, d, _) =
        json_with_stdin(&["contact", "diagnose", "-p", DEMO, "ghopper", "--password-stdin"], "Nanosecond-30cm!");
    assert_eq!(d["verdict"], "deactivated");
    assert_eq!(ws.json(&["contact", "reactivate", "-p", DEMO, "ghopper"])["active"], true);

    // Duplicates include the deactivated contact sharing Jordan Lee's address.
    let dups = ws.json(&["contact", "duplicates", "-p", DEMO]);
    let groups = dups["groups"].as_array().unwrap();
    let jordan = groups.iter().find(|g| g["email"] == "jordan.lee@contoso.com").expect("Jordan Lee's group");
    assert!(jordan["contacts"].as_array().unwrap().iter().any(|c| c["active"] == false));
}

#[test]
fn invitations_are_listed_shown_and_revoked_from_the_cli() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let created = ws.json(&[
        "invitation",
        "create",
        "-p",
        DEMO,
        "--name",
        "Board",
        "--code",
        "BOARD-2026",
        "--group",
        "--max",
        "5",
    ]);
    assert_eq!((created["kind"].as_str(), created["max_redemptions"].as_i64()), (Some("group"), Some(5)));
    let list = ws.json(&["invitation", "list", "-p", DEMO]);
    assert!(list.as_array().unwrap().iter().any(|i| i["code"] == "BOARD-2026" && i["status"] == "new"));
    let shown = ws.json(&["invitation", "show", "-p", DEMO, "BOARD-2026"]);
    assert_eq!(shown["name"], "Board");
    let revoked = ws.json(&["invitation", "revoke", "-p", DEMO, "Board"]);
    assert_eq!(revoked["status"], "inactive");
    let out = ws
        .cmd()
        .args(["--json", "invitation", "redeem", "-p", DEMO, "BOARD-2026", "--contact", "ada"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(serde_json::from_slice::<Value>(&out.stderr).unwrap()["error"]["code"], "invitation_invalid");
}

#[test]
fn an_invitation_is_edited_field_by_field_and_its_status_set_from_the_cli() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    ws.json(&["invitation", "create", "-p", DEMO, "--name", "Board", "--code", "BOARD-1", "--group", "--max", "3"]);
    ws.json(&["invitation", "redeem", "-p", DEMO, "BOARD-1", "--contact", "ada"]);
    ws.json(&["invitation", "redeem", "-p", DEMO, "BOARD-1", "--contact", "nwilliams"]);

    let edited = ws.json(&[
        "invitation",
        "edit",
        "-p",
        DEMO,
        "Board",
        "--code",
        "BOARD-2",
        "--expires",
        "2099-12-31",
        "--role",
        "Case Managers",
        "--contact",
        "tbecker",
    ]);
    assert_eq!((edited["code"].as_str(), edited["expiry_date"].as_str()), (Some("BOARD-2"), Some("2099-12-31")));
    assert_eq!((edited["redemptions"].as_i64(), edited["max_redemptions"].as_i64()), (Some(2), Some(3)));
    assert_eq!(edited["role_ids"].as_array().unwrap().len(), 1);
    assert_eq!(edited["invited_contact_ids"].as_array().unwrap().len(), 1);

    // What is not given stays; the maximum may not drop below the two redemptions made.
    let out = ws.cmd().args(["--json", "invitation", "edit", "-p", DEMO, "BOARD-2", "--max", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "validation");
    assert!(err["error"]["message"].as_str().unwrap().contains("redeemed 2 times"), "{err}");
    let regenerated =
        ws.json(&["invitation", "edit", "-p", DEMO, "BOARD-2", "--new-code", "--no-expiry", "--no-roles"]);
    let code = regenerated["code"].as_str().unwrap();
    assert_eq!(code.len(), 12);
    assert!(regenerated["expiry_date"].is_null() && regenerated["role_ids"].as_array().unwrap().is_empty());
    assert_eq!(regenerated["name"], "Board");

    assert_eq!(ws.json(&["invitation", "set-status", "-p", DEMO, code, "sent"])["status"], "sent");
    assert_eq!(ws.json(&["invitation", "set-status", "-p", DEMO, code, "inactive"])["status"], "inactive");
    assert_eq!(ws.json(&["invitation", "set-status", "-p", DEMO, code, "new"])["status"], "new");
    let r = ws.json(&["invitation", "redeem", "-p", DEMO, code, "--contact", "tbecker"]);
    assert_eq!(r["invitation"]["status"], "redeemed", "the third of three redemptions");
    ws.cmd().args(["invitation", "set-status", "-p", DEMO, code, "redeemed"]).assert().code(2);
}

#[test]
fn contact_import_previews_with_exit_3_and_reports_bad_rows_with_their_lines() {
    let ws = Workspace::new();
    ws.cmd().args(["init", "--demo"]).assert().success();
    let file = ws.0.path().join("people.csv");
    std::fs::write(&file, "first_name,last_name,email\nIris,Vega,iris@contoso.com\n").unwrap();
    ws.cmd().args(["contact", "import", "-p", DEMO]).arg(&file).assert().code(3);
    ws.cmd().args(["contact", "import", "-p", DEMO, "--yes"]).arg(&file).assert().code(0);
    std::fs::write(&file, "first_name,last_name,email\nBad,Row,nope\n").unwrap();
    let out = ws.cmd().args(["contact", "import", "-p", DEMO, "--yes"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("people.csv:2: email:"), "{text}");
}

fn pac_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/pac").join(name)
}

#[test]
fn import_pac_then_export_pac_round_trips_a_download_and_a_changed_folder_needs_yes() {
    let ws = Workspace::new();
    let fixture = pac_fixture("Contoso-DMV");
    let mut args = vec!["import", "pac", fixture.to_str().unwrap()];
    args.extend(GOOD);
    let imported = ws.json(&args);
    assert_eq!(imported["created"], true);
    assert_eq!(imported["portal"]["name"], "Contoso DMV");
    assert_eq!(imported["summary"]["counts"]["site_settings"], 51);
    assert_eq!(imported["summary"]["layout"], "code_site");

    let out = tempfile::tempdir().unwrap();
    let exported =
        ws.json(&["export", "pac", "-p", "Contoso DMV", out.path().to_str().unwrap(), "--layout", "aggregate"]);
    assert_eq!(exported["layout"], "aggregate");
    let roles = std::fs::read_to_string(out.path().join("webrole.yml")).unwrap();
    assert!(roles.contains("- adx_anonymoususersrole: true\n"), "{roles}");

    let same = ws.json(&["diff", "pac", "-p", "Contoso DMV", out.path().to_str().unwrap()]);
    assert_eq!(same["diff"]["records"], Value::Array(vec![]));

    // Edit the exported folder: a re-import prints the diff and exits 3 without --yes.
    let file = out.path().join("webrole.yml");
    std::fs::write(&file, roles.replace("adx_name: Administrators", "adx_name: Admins")).unwrap();
    let refused = ws.cmd().args(["import", "pac", out.path().to_str().unwrap(), "-p", "Contoso DMV"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(3));
    let text = String::from_utf8(refused.stdout).unwrap();
    assert!(text.contains("~ web role \"Admins\""), "{text}");
    assert!(text.contains("name: Administrators -> Admins"), "{text}");
    let roles_now = ws.json(&["role", "list", "-p", "Contoso DMV"]);
    assert!(roles_now.to_string().contains("\"Administrators\""), "nothing written: {roles_now}");

    ws.cmd().args(["import", "pac", out.path().to_str().unwrap(), "-p", "Contoso DMV", "--yes"]).assert().success();
    assert!(ws.json(&["role", "list", "-p", "Contoso DMV"]).to_string().contains("\"Admins\""));
}

#[test]
fn import_pac_of_a_malformed_folder_fails_naming_the_file_and_line_with_a_stable_code() {
    let ws = Workspace::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("website.yml"),
        "adx_name: X\nadx_websiteid: 8ef35c54-f355-ed11-9562-6045bd0ea8e5\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("webrole.yml"),
        "- adx_name: A\n  adx_webroleid: 8cf35c54-f355-ed11-9562-6045bd0ea8e5\n  adx_anonymoususersrole: [\n",
    )
    .unwrap();
    let mut args = vec!["--json", "import", "pac", dir.path().to_str().unwrap()];
    args.extend(GOOD);
    let out = ws.cmd().args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "invalid_portal_folder");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("the portal folder cannot be imported: webrole.yml:"), "{message}");
    assert_eq!(ws.json(&["portal", "list"]), Value::Array(vec![]));
}
