//! `settings`, `password` and `provider` subcommands: thin adapters over `ops::settings` and
//! `ops::providers`. Secrets and passwords are read from stdin, never from arguments.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use portal_admin::domain::settings::catalogue::Protocol;
use portal_admin::domain::settings::checker::FindingSeverity;
use portal_admin::domain::settings::providers::secret_key;
use portal_admin::domain::settings::{EffectiveSetting, Finding, IdentityProvider, PasswordReport};
use portal_admin::ops::providers::{MetadataSource, ProviderDraft};
use portal_admin::ops::{self, Core};

use crate::output::Output;

#[derive(Args)]
pub struct PortalArg {
    /// The portal: its name or id
    #[arg(long, short = 'p')]
    pub portal: String,
}

#[derive(Subcommand)]
pub enum SettingsCommand {
    /// Every authentication setting (stored, effective, default) and every other stored setting
    List {
        #[command(flatten)]
        portal: PortalArg,
        /// Only settings whose effective value differs from the default
        #[arg(long)]
        changed: bool,
        /// Only settings whose name contains this text (ignoring case)
        #[arg(long)]
        filter: Option<String>,
    },
    /// One setting: stored value, effective value, default and why they differ
    Get {
        #[command(flatten)]
        portal: PortalArg,
        name: String,
    },
    /// Set a setting (checked against its type; secrets are read from stdin and kept in the keyring)
    Set {
        #[command(flatten)]
        portal: PortalArg,
        name: String,
        /// The value; omit it to read the value from stdin (required for secrets)
        value: Option<String>,
    },
    /// Remove every record with this name, so the runtime's default applies
    Unset {
        #[command(flatten)]
        portal: PortalArg,
        name: String,
    },
    /// Write the catalogue default explicitly (and drop duplicate records)
    Reset {
        #[command(flatten)]
        portal: PortalArg,
        name: String,
    },
    /// Run the settings checker (exit 1 when a finding is an error)
    Check {
        #[command(flatten)]
        portal: PortalArg,
        /// Apply the fix of this finding (repeatable); the remaining findings are printed
        #[arg(long, value_name = "FINDING_ID")]
        fix: Vec<String>,
    },
}

#[derive(Subcommand)]
pub enum PasswordCommand {
    /// Check a password (read from stdin) against the portal's password policy (exit 1 when rejected)
    Test {
        #[command(flatten)]
        portal: PortalArg,
    },
    /// Hash a password (read from stdin) in the ASP.NET Identity v2 format the portal verifies
    Hash,
    /// Check a password (read from stdin) against a v2 or v3 hash (exit 0 when it matches, 1 when not)
    Verify {
        #[arg(long)]
        hash: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ProtocolArg {
    #[value(name = "oidc", alias = "openidconnect")]
    OpenIdConnect,
    #[value(name = "oauth2", alias = "openauth")]
    OAuth2,
    #[value(name = "saml2")]
    Saml2,
    #[value(name = "wsfed", alias = "wsfederation")]
    WsFederation,
}

impl From<ProtocolArg> for Protocol {
    fn from(p: ProtocolArg) -> Self {
        match p {
            ProtocolArg::OpenIdConnect => Protocol::OpenIdConnect,
            ProtocolArg::OAuth2 => Protocol::OAuth2,
            ProtocolArg::Saml2 => Protocol::Saml2,
            ProtocolArg::WsFederation => Protocol::WsFederation,
        }
    }
}

#[derive(Subcommand)]
pub enum ProviderCommand {
    /// Local sign-in, the built-in Entra ID provider and every configured provider
    List {
        #[command(flatten)]
        portal: PortalArg,
    },
    /// One provider with all its settings
    Show {
        #[command(flatten)]
        portal: PortalArg,
        /// The provider key (e.g. OpenIdConnect/AzureADB2C) or name
        provider: String,
    },
    /// Add a provider
    Add {
        #[command(flatten)]
        portal: PortalArg,
        #[arg(long, value_enum)]
        protocol: ProtocolArg,
        /// The provider name used in its setting names (e.g. AzureADB2C, Google, ADFS)
        #[arg(long)]
        name: String,
        /// A setting as Key=Value, e.g. --set ClientId=… --set Authority=https://… (repeatable)
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Read the client/app secret from stdin (kept in the OS keyring)
        #[arg(long)]
        secret_stdin: bool,
    },
    /// Change a provider's settings, turn it on or off
    Edit {
        #[command(flatten)]
        portal: PortalArg,
        provider: String,
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Remove a setting (repeatable)
        #[arg(long = "unset", value_name = "KEY")]
        unset: Vec<String>,
        /// Read a new client/app secret from stdin
        #[arg(long)]
        secret_stdin: bool,
        #[arg(long, conflicts_with = "disable")]
        enable: bool,
        #[arg(long)]
        disable: bool,
    },
    /// Remove a provider with all its settings, secrets and certificates
    Remove {
        #[command(flatten)]
        portal: PortalArg,
        provider: String,
    },
    /// Make the Sign in button go straight to a provider (or, with --none, show them all)
    Default {
        #[command(flatten)]
        portal: PortalArg,
        #[arg(required_unless_present = "none")]
        provider: Option<String>,
        #[arg(long, conflicts_with = "provider")]
        none: bool,
    },
    /// Run OpenID Connect discovery against the provider and report what it publishes
    Test {
        #[command(flatten)]
        portal: PortalArg,
        provider: String,
    },
    /// Read SAML 2.0 / WS-Federation metadata into a provider (creating SAML2/<name> or WsFederation/<name>)
    ImportMetadata {
        #[command(flatten)]
        portal: PortalArg,
        provider: String,
        #[arg(long, conflicts_with = "url", required_unless_present = "url")]
        file: Option<PathBuf>,
        #[arg(long)]
        url: Option<String>,
    },
}

pub fn read_stdin(what: &str) -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).with_context(|| format!("cannot read the {what} from stdin"))?;
    let text = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text).to_owned();
    anyhow::ensure!(!text.is_empty(), "no {what} on stdin (pipe it in, e.g. `printf %s \"$SECRET\" | portal-admin …`)");
    Ok(text)
}

fn pairs(set: &[String]) -> anyhow::Result<BTreeMap<String, String>> {
    set.iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').with_context(|| format!("--set {kv}: expected KEY=VALUE"))?;
            anyhow::ensure!(!k.trim().is_empty(), "--set {kv}: the key is empty");
            anyhow::ensure!(
                !k.trim().to_ascii_lowercase().ends_with("secret"),
                "--set {kv}: secrets are never taken from arguments; use --secret-stdin"
            );
            Ok((k.trim().to_owned(), v.to_owned()))
        })
        .collect()
}

pub async fn settings(core: &Core, command: SettingsCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        SettingsCommand::List { portal, changed, filter } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let needle = filter.map(|f| f.to_lowercase());
            let list: Vec<EffectiveSetting> = ops::settings::list(core, &p)
                .await?
                .into_iter()
                .filter(|e| !changed || e.changed)
                .filter(|e| needle.as_ref().is_none_or(|n| e.name.to_lowercase().contains(n)))
                .collect();
            if out.is_json() {
                out.print_json(&list)?;
            } else {
                for e in &list {
                    print_setting_line(e);
                }
            }
            Ok(0)
        }
        SettingsCommand::Get { portal, name } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            print_setting(out, &ops::settings::get(core, &p, &name).await?)?;
            Ok(0)
        }
        SettingsCommand::Set { portal, name, value } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let secret = portal_admin::domain::settings::catalogue::is_secret_name(&name);
            let value = match value {
                Some(_) if secret => {
                    anyhow::bail!("{name} is a secret: pipe its value on stdin instead of passing it as an argument")
                }
                Some(v) => v,
                None => read_stdin("value")?,
            };
            print_setting(out, &ops::settings::set(core, &p, &name, &value).await?)?;
            Ok(0)
        }
        SettingsCommand::Unset { portal, name } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let removed = ops::settings::unset(core, &p, &name).await?;
            if out.is_json() {
                out.print_json(&serde_json::json!({ "name": name, "removed_records": removed }))?;
            } else {
                println!("Removed {removed} record(s) named {name}; the default applies.");
            }
            Ok(0)
        }
        SettingsCommand::Reset { portal, name } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            print_setting(out, &ops::settings::reset(core, &p, &name).await?)?;
            Ok(0)
        }
        SettingsCommand::Check { portal, fix } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let mut findings = ops::settings::check(core, &p).await?;
            for id in &fix {
                findings = ops::settings::fix(core, &p, id).await?;
            }
            if out.is_json() {
                out.print_json(&findings)?;
            } else if findings.is_empty() {
                println!("No findings: the settings of {} look right.", p.name);
            } else {
                for f in &findings {
                    print_finding(f);
                }
            }
            Ok(if findings.iter().any(|f| f.severity == FindingSeverity::Error) { 1 } else { 0 })
        }
    }
}

fn print_setting_line(e: &EffectiveSetting) {
    let mark = if e.changed { "*" } else { " " };
    let stored = e.stored.as_deref().unwrap_or("—");
    let effective = e.effective.as_deref().unwrap_or("—");
    let extra = if e.in_catalogue { "" } else { "  (not in the catalogue)" };
    println!("{mark} {}  stored: {stored}  effective: {effective}{extra}", e.name);
}

fn print_setting(out: &Output, e: &EffectiveSetting) -> anyhow::Result<()> {
    if out.is_json() {
        return out.print_json(e);
    }
    println!("{}", e.name);
    if let Some(d) = &e.description {
        println!("  {d}");
    }
    println!("  stored:    {}", e.stored.as_deref().unwrap_or("(not set)"));
    println!("  effective: {}", e.effective.as_deref().unwrap_or("(none)"));
    if e.in_catalogue {
        println!("  default:   {}", e.default.as_deref().unwrap_or("(none)"));
    } else {
        println!("  (not in the catalogue: kept as it is)");
    }
    for n in &e.notes {
        println!("  note: {n}");
    }
    if let Some(why) = &e.inactive_because {
        println!("  note: {why}");
    }
    if let Some(w) = &e.warning {
        println!("  warning: {w}");
    }
    Ok(())
}

fn print_finding(f: &Finding) {
    let level = match f.severity {
        FindingSeverity::Error => "ERROR",
        FindingSeverity::Warning => "warning",
        FindingSeverity::Info => "info",
    };
    println!("{level}: {}", f.title);
    println!("  {}", f.explanation);
    if let Some(fix) = &f.fix {
        println!("  fix: {} (--fix {})", fix.label, f.id);
    }
}

pub async fn password(core: &Core, command: PasswordCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        PasswordCommand::Test { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let password = read_stdin("password")?;
            let report = ops::settings::test_password(core, &p, &password).await?;
            print_password(out, &report)?;
            Ok(if report.accepted { 0 } else { 1 })
        }
        PasswordCommand::Hash => {
            let password = read_stdin("password")?;
            let hash = portal_admin::domain::contacts::hash::hash_v2(&password);
            out.print_value(&serde_json::json!({ "hash": hash, "format": "v2" }), |_| hash.clone())?;
            Ok(0)
        }
        PasswordCommand::Verify { hash } => {
            let password = read_stdin("password")?;
            let format = portal_admin::domain::contacts::hash::format_of(&hash).map_err(portal_admin::Error::from)?;
            let matches =
                portal_admin::domain::contacts::hash::verify(&hash, &password).map_err(portal_admin::Error::from)?;
            out.print_value(&serde_json::json!({ "matches": matches, "format": format }), |_| {
                if matches {
                    "The password matches.".into()
                } else {
                    "The password does not match.".into()
                }
            })?;
            Ok(if matches { 0 } else { 1 })
        }
    }
}

fn print_password(out: &Output, r: &PasswordReport) -> anyhow::Result<()> {
    if out.is_json() {
        return out.print_json(r);
    }
    for c in &r.checks {
        let state = if !c.applies {
            "  off "
        } else if c.passed {
            "  ok  "
        } else {
            "  FAIL"
        };
        println!("{state} {}", c.requirement);
    }
    match &r.error {
        None => println!("Accepted."),
        Some(e) => println!("Rejected: {e}"),
    }
    Ok(())
}

pub async fn provider(core: &Core, command: ProviderCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        ProviderCommand::List { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let list = ops::providers::list(core, &p).await?;
            if out.is_json() {
                out.print_json(&list)?;
            } else {
                for provider in &list {
                    let state = if provider.enabled { "on " } else { "off" };
                    let default = if provider.is_default { " (default)" } else { "" };
                    println!("{state}  {:<36} {}{default}", provider.key, provider.kind.title());
                    for problem in &provider.problems {
                        println!("       {}", problem.message);
                    }
                }
            }
            Ok(0)
        }
        ProviderCommand::Show { portal, provider } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            print_provider(out, &ops::providers::resolve(core, &p, &provider).await?)?;
            Ok(0)
        }
        ProviderCommand::Add { portal, protocol, name, set, secret_stdin } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let protocol: Protocol = protocol.into();
            let mut values = pairs(&set)?;
            if secret_stdin {
                let key = secret_key(protocol, &name)
                    .with_context(|| format!("{} providers have no secret", protocol.title()))?;
                values.insert(key.to_owned(), read_stdin("secret")?);
            }
            let added = ops::providers::add(core, &p, ProviderDraft { protocol: Some(protocol), name, values }).await?;
            print_provider(out, &added)?;
            Ok(0)
        }
        ProviderCommand::Edit { portal, provider, set, unset, secret_stdin, enable, disable } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let mut current = ops::providers::resolve(core, &p, &provider).await?;
            let mut values: BTreeMap<String, Option<String>> =
                pairs(&set)?.into_iter().map(|(k, v)| (k, Some(v))).collect();
            values.extend(unset.into_iter().map(|k| (k, None)));
            if secret_stdin {
                let protocol = current.protocol.context("this provider has no secret")?;
                let key = secret_key(protocol, &current.name)
                    .with_context(|| format!("{} providers have no secret", protocol.title()))?;
                values.insert(key.to_owned(), Some(read_stdin("secret")?));
            }
            if !values.is_empty() {
                current = ops::providers::edit(core, &p, &current.key, values).await?;
            }
            if enable || disable {
                current = ops::providers::set_enabled(core, &p, &current.key, enable).await?;
            }
            print_provider(out, &current)?;
            Ok(0)
        }
        ProviderCommand::Remove { portal, provider } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let removed = ops::providers::remove(core, &p, &provider).await?;
            if out.is_json() {
                out.print_json(&removed)?;
            } else {
                println!("Removed {} and its settings.", removed.key);
            }
            Ok(0)
        }
        ProviderCommand::Default { portal, provider, none: _ } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let chosen = ops::providers::set_default(core, &p, provider.as_deref()).await?;
            if out.is_json() {
                out.print_json(&chosen)?;
            } else {
                match chosen {
                    Some(c) => println!(
                        "The Sign in button now goes to {} ({}).",
                        c.caption,
                        c.authentication_type.unwrap_or_default()
                    ),
                    None => println!("The Sign in button shows every provider."),
                }
            }
            Ok(0)
        }
        ProviderCommand::Test { portal, provider } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let report = ops::providers::test(core, &p, &provider).await?;
            if out.is_json() {
                out.print_json(&report)?;
            } else {
                println!("Discovery OK ({} ms): {}", report.elapsed_ms, report.discovery_url);
                println!("  issuer:         {}", report.issuer);
                println!("  authorization:  {}", report.authorization_endpoint);
                println!("  token:          {}", report.token_endpoint.as_deref().unwrap_or("—"));
                println!("  userinfo:       {}", report.userinfo_endpoint.as_deref().unwrap_or("—"));
                println!("  end session:    {}", report.end_session_endpoint.as_deref().unwrap_or("—"));
                println!(
                    "  keys:           {}",
                    report
                        .signing_keys
                        .iter()
                        .map(|k| format!("{} {}", k.kty, k.kid.as_deref().unwrap_or("(no kid)")))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                println!("  response types: {}", report.response_types_supported.join(", "));
                println!("  scopes:         {}", report.scopes_supported.join(" "));
                for w in &report.warnings {
                    println!("  warning: {w}");
                }
            }
            Ok(0)
        }
        ProviderCommand::ImportMetadata { portal, provider, file, url } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let source = match (file, url) {
                (Some(f), _) => MetadataSource::File(f.to_string_lossy().into_owned()),
                (None, Some(u)) => MetadataSource::Url(u),
                (None, None) => anyhow::bail!("give --file or --url"),
            };
            let import = ops::providers::import_metadata(core, &p, &provider, source).await?;
            if out.is_json() {
                out.print_json(&import)?;
            } else {
                println!("Imported metadata of {} into {}.", import.metadata.entity_id, import.provider.key);
                for c in &import.metadata.signing_certificates {
                    println!(
                        "  signing certificate {}  {}  expires {}",
                        c.facts.thumbprint,
                        c.facts.subject,
                        c.facts.not_after.format("%Y-%m-%d")
                    );
                }
                for s in &import.updated_settings {
                    println!("  set {s}");
                }
                for w in &import.warnings {
                    println!("  warning: {w}");
                }
            }
            Ok(0)
        }
    }
}

fn print_provider(out: &Output, p: &IdentityProvider) -> anyhow::Result<()> {
    if out.is_json() {
        return out.print_json(p);
    }
    println!("{} — {} ({})", p.key, p.caption, p.kind.title());
    println!(
        "  state: {}{}",
        if p.enabled { "loaded" } else { "not loaded" },
        if p.is_default { ", the Sign in button's provider" } else { "" }
    );
    for problem in &p.problems {
        println!("  problem: {}", problem.message);
    }
    for s in p.settings.iter().filter(|s| s.record_id.is_some()) {
        println!("  {} = {}", s.name, s.stored.as_deref().or(s.effective.as_deref()).unwrap_or(""));
    }
    for c in &p.certificates {
        println!("  signing certificate {} expires {}", c.thumbprint, c.not_after.format("%Y-%m-%d"));
    }
    Ok(())
}
