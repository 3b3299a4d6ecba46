//! `contact` and `invitation` subcommands: thin adapters over `ops::contacts`,
//! `ops::contact_csv` and `ops::invitations`. Passwords come from stdin or a file, never from
//! arguments.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use portal_admin::domain::contacts::*;
use portal_admin::domain::Portal;
use portal_admin::ops::contacts::{BulkAction, BulkTarget, ContactAction};
use portal_admin::ops::{self, Core};
use portal_admin::store::{ContactFilter, ContactQuery, ContactRow, ContactSort};

use crate::output::Output;
use crate::settings::{read_stdin, PortalArg};

#[derive(Args, Default)]
pub struct FilterArgs {
    /// Name, e-mail or user name starting with this (ignoring case)
    #[arg(long)]
    search: Option<String>,
    /// Words anywhere in name, e-mail or user name (full-text)
    #[arg(long)]
    text: Option<String>,
    #[arg(long)]
    locked_out: bool,
    #[arg(long)]
    unconfirmed_email: bool,
    #[arg(long)]
    two_factor: bool,
    /// Only contacts whose e-mail another contact shares
    #[arg(long)]
    duplicates: bool,
    /// Only members of this web role (name or id)
    #[arg(long)]
    role: Option<String>,
    /// Only deactivated contacts
    #[arg(long, conflicts_with = "active")]
    inactive: bool,
    /// Only active contacts
    #[arg(long)]
    active: bool,
}

impl FilterArgs {
    async fn filter(&self, core: &Core, portal: &Portal) -> anyhow::Result<ContactFilter> {
        let role_id = match &self.role {
            Some(r) => Some(ops::access::find_role(&ops::access::model(core, portal).await?, r)?.id),
            None => None,
        };
        Ok(ContactFilter {
            search: self.search.clone(),
            full_text: self.text.clone(),
            locked_out: self.locked_out,
            unconfirmed_email: self.unconfirmed_email,
            two_factor: self.two_factor,
            duplicate_email: self.duplicates,
            role_id,
            active: if self.inactive {
                Some(false)
            } else if self.active {
                Some(true)
            } else {
                None
            },
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SortArg {
    Name,
    Email,
    Username,
    LastSignIn,
}

#[derive(Args)]
pub struct ProfileArgs {
    #[arg(long)]
    first_name: Option<String>,
    #[arg(long)]
    last_name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    mobile_phone: Option<String>,
    /// Local user name (cannot change once set)
    #[arg(long)]
    username: Option<String>,
}

#[derive(Args)]
pub struct PasswordSource {
    /// Read the password from this file (first line) instead of stdin
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
}

impl PasswordSource {
    fn read(&self) -> anyhow::Result<String> {
        match &self.password_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
                let line = text.lines().next().unwrap_or_default().to_owned();
                anyhow::ensure!(!line.is_empty(), "{} has no password on its first line", path.display());
                Ok(line)
            }
            None => read_stdin("password"),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum BulkArg {
    Unlock,
    ConfirmEmail,
    AssignRole,
    UnassignRole,
    Deactivate,
    Invite,
}

#[derive(Subcommand)]
pub enum ContactCommand {
    /// A page of contacts (keyset paging: pass the printed cursor as --after)
    List {
        #[command(flatten)]
        portal: PortalArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value = "name")]
        sort: SortArg,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        after: Option<String>,
    },
    /// Full-text search in names, e-mails and user names
    Search {
        #[command(flatten)]
        portal: PortalArg,
        text: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// One contact with roles, identities, invitations, its sign-in diagnosis and history
    Show {
        #[command(flatten)]
        portal: PortalArg,
        /// Id, e-mail, user name or full name
        contact: String,
    },
    /// Create a contact (with --password-stdin, also a local password under the portal's policy)
    Add {
        #[command(flatten)]
        portal: PortalArg,
        #[command(flatten)]
        profile: ProfileArgs,
        /// Read a first password from stdin
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change the profile (fields not given stay as they are)
    Edit {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        #[command(flatten)]
        profile: ProfileArgs,
    },
    Deactivate {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
    },
    Reactivate {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
    },
    /// Clear the lockout end and the failed count
    Unlock {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
    },
    /// Set a new password (stdin or --password-file); rotates the security stamp
    SetPassword {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        #[command(flatten)]
        source: PasswordSource,
    },
    /// Mark the e-mail address confirmed (--undo: unconfirmed)
    ConfirmEmail {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        #[arg(long)]
        undo: bool,
    },
    /// Two-factor authentication on or off
    TwoFactor {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        state: OnOff,
    },
    /// Login enabled on or off
    Login {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        state: OnOff,
    },
    /// End every session (rotate the security stamp)
    SignOut {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
    },
    /// List, add or remove web roles
    Roles {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        #[arg(long)]
        add: Vec<String>,
        #[arg(long)]
        remove: Vec<String>,
    },
    /// Link an external identity (provider + the provider's user key)
    Link {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        #[arg(long)]
        provider: String,
        #[arg(long)]
        key: String,
    },
    /// Unlink the external identity of a provider
    Unlink {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        #[arg(long)]
        provider: String,
    },
    /// Groups of contacts sharing an e-mail address (deactivated ones included)
    Duplicates {
        #[command(flatten)]
        portal: PortalArg,
    },
    /// Walk the portal's sign-in for a contact (with --password-stdin, also the password)
    Diagnose {
        #[command(flatten)]
        portal: PortalArg,
        contact: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Write the filtered contacts as CSV (to --file, or stdout)
    Export {
        #[command(flatten)]
        portal: PortalArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Import new contacts from CSV: a preview with per-row errors; --yes writes them (all or none)
    Import {
        #[command(flatten)]
        portal: PortalArg,
        file: PathBuf,
        #[arg(long)]
        yes: bool,
    },
    /// An action on every filtered contact: a dry-run preview; --yes applies it in one transaction
    Bulk {
        #[command(flatten)]
        portal: PortalArg,
        action: BulkArg,
        #[command(flatten)]
        filter: FilterArgs,
        /// The role for assign-role / unassign-role; roles for invite
        #[arg(long = "with-role")]
        with_role: Vec<String>,
        #[arg(long)]
        yes: bool,
    },
    /// Bulk actions done so far (newest first)
    Batches {
        #[command(flatten)]
        portal: PortalArg,
    },
    /// Undo a bulk action by its batch number
    Undo {
        #[command(flatten)]
        portal: PortalArg,
        batch: i64,
    },
}

fn when(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into())
}

/// The sign-in relevant states of a row, as the table's STATE column shows them.
fn state_list(r: &ContactRow) -> String {
    let flags = [
        (!r.active, "inactive"),
        (r.locked_until.is_some(), "locked"),
        (!r.login_enabled, "login off"),
        (r.email.is_some() && !r.email_confirmed, "unconfirmed"),
        (r.two_factor_enabled, "2fa"),
        (r.email_shared, "shared e-mail"),
    ];
    flags.iter().filter(|(on, _)| *on).map(|(_, name)| *name).collect::<Vec<_>>().join(",")
}

fn print_rows(rows: &[ContactRow]) {
    let states: Vec<String> = rows.iter().map(state_list).collect();
    // As wide as the longest list of states, so that the ids stay in one column.
    let width = states.iter().map(|s| s.chars().count()).max().unwrap_or(0).max("STATE".len());
    println!("{:<28} {:<36} {:<18} {:<width$} ID", "NAME", "E-MAIL", "USER NAME", "STATE");
    for (r, state) in rows.iter().zip(&states) {
        println!(
            "{:<28} {:<36} {:<18} {:<width$} {}",
            r.name,
            r.email.as_deref().unwrap_or("—"),
            r.username.as_deref().unwrap_or("—"),
            state,
            r.id
        );
    }
}

fn print_diagnosis(out: &Output, d: &SignInDiagnosis) -> anyhow::Result<()> {
    if out.is_json() {
        return out.print_json(d);
    }
    for s in &d.steps {
        let mark = match s.outcome {
            signin::StepOutcome::Passed => "  ok  ",
            signin::StepOutcome::Stopped => "  STOP",
            signin::StepOutcome::NotChecked => "  ?   ",
        };
        println!("{mark} {}", s.explanation);
    }
    println!("{}", d.summary);
    if let Some(m) = &d.portal_message {
        println!("The portal shows: {m}");
    }
    Ok(())
}

fn draft_from(current: Option<&Contact>, p: &ProfileArgs) -> ContactDraft {
    let keep = |new: &Option<String>, old: Option<&Option<String>>| -> Option<String> {
        match new {
            Some(v) if v.is_empty() => None,
            Some(v) => Some(v.clone()),
            None => old.cloned().flatten(),
        }
    };
    ContactDraft {
        first_name: keep(&p.first_name, current.map(|c| &c.first_name)),
        last_name: keep(&p.last_name, current.map(|c| &c.last_name)),
        email: keep(&p.email, current.map(|c| &c.email)),
        mobile_phone: keep(&p.mobile_phone, current.map(|c| &c.mobile_phone)),
        username: keep(&p.username, current.map(|c| &c.username)),
    }
}

async fn act(
    core: &Core,
    out: &Output,
    portal: &PortalArg,
    contact: &str,
    action: ContactAction,
    verb: &str,
) -> anyhow::Result<u8> {
    let p = ops::portal::resolve(core, &portal.portal).await?;
    let c = ops::contacts::find(core, &p, contact).await?;
    let after = ops::contacts::act(core, &p, c.id, &action).await?;
    out.print_value(&after, |a| format!("{verb} {}.", a.display_name()))?;
    Ok(0)
}

pub async fn contact(core: &Core, command: ContactCommand, out: &Output) -> anyhow::Result<u8> {
    use ContactCommand as C;
    match command {
        C::List { portal, filter, sort, limit, after } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let query = ContactQuery {
                filter: filter.filter(core, &p).await?,
                sort: match sort {
                    SortArg::Name => ContactSort::Name,
                    SortArg::Email => ContactSort::Email,
                    SortArg::Username => ContactSort::Username,
                    SortArg::LastSignIn => ContactSort::LastSignIn,
                },
                after,
                offset: None,
                limit,
            };
            let page = ops::contacts::page(core, &p, &query).await?;
            if out.is_json() {
                out.print_json(&page)?;
            } else {
                print_rows(&page.rows);
                if let Some(next) = &page.next {
                    println!("More: --after '{next}'");
                }
            }
            Ok(0)
        }
        C::Search { portal, text, limit } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let query = ContactQuery {
                filter: ContactFilter { full_text: Some(text), ..Default::default() },
                limit,
                ..Default::default()
            };
            let page = ops::contacts::page(core, &p, &query).await?;
            if out.is_json() {
                out.print_json(&page)?;
            } else {
                print_rows(&page.rows);
            }
            Ok(0)
        }
        C::Show { portal, contact } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let c = ops::contacts::find(core, &p, &contact).await?;
            let d = ops::contacts::details(core, &p, c.id).await?;
            if out.is_json() {
                return out.print_json(&d).map(|()| 0);
            }
            let c = &d.contact;
            println!("{} ({})", c.display_name(), c.id);
            println!(
                "  e-mail:        {} ({})",
                c.email.as_deref().unwrap_or("—"),
                if c.email_confirmed { "confirmed" } else { "unconfirmed" }
            );
            println!("  user name:     {}", c.username.as_deref().unwrap_or("—"));
            println!(
                "  password:      {}",
                match &c.password {
                    PasswordState::None => "none".to_owned(),
                    PasswordState::Set { format } => format!("set ({format:?})"),
                    PasswordState::Unusable { reason } => format!("unusable: {reason}"),
                }
            );
            println!(
                "  active:        {}   login enabled: {}   two-factor: {}",
                c.active, c.login_enabled, c.two_factor_enabled
            );
            println!(
                "  lockout:       {}enabled {}, end {}, failed attempts {}",
                match d.locked_until {
                    Some(until) => format!("LOCKED OUT until {}; ", when(Some(until))),
                    None => String::new(),
                },
                c.lockout_enabled,
                when(c.lockout_end),
                c.access_failed_count
            );
            println!("  last sign-in:  {}", when(c.last_successful_login));
            println!("  roles:         {}", d.roles.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "));
            for i in &c.identities {
                println!("  identity:      {} = {}", i.provider, i.user_key);
            }
            for other in &d.same_email {
                println!(
                    "  SAME E-MAIL:   {} ({}){}",
                    other.name,
                    other.id,
                    if other.active { "" } else { ", deactivated" }
                );
            }
            println!("Sign-in:");
            print_diagnosis(out, &d.diagnosis)?;
            Ok(0)
        }
        C::Add { portal, profile, password_stdin } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let password = if password_stdin { Some(read_stdin("password")?) } else { None };
            let c = ops::contacts::create(core, &p, &draft_from(None, &profile), password.as_deref()).await?;
            out.print_value(&c, |c| format!("Added {} ({}).", c.display_name(), c.id))?;
            Ok(0)
        }
        C::Edit { portal, contact, profile } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let c = ops::contacts::find(core, &p, &contact).await?;
            let after = ops::contacts::edit(core, &p, c.id, &draft_from(Some(&c), &profile)).await?;
            out.print_value(&after, |a| format!("Saved {}.", a.display_name()))?;
            Ok(0)
        }
        C::Deactivate { portal, contact } => {
            act(core, out, &portal, &contact, ContactAction::Deactivate, "Deactivated").await
        }
        C::Reactivate { portal, contact } => {
            act(core, out, &portal, &contact, ContactAction::Reactivate, "Reactivated").await
        }
        C::Unlock { portal, contact } => act(core, out, &portal, &contact, ContactAction::Unlock, "Unlocked").await,
        C::SignOut { portal, contact } => {
            act(core, out, &portal, &contact, ContactAction::SignOutEverywhere, "Signed out everywhere:").await
        }
        C::ConfirmEmail { portal, contact, undo } => {
            let (action, verb) = if undo {
                (ContactAction::UnconfirmEmail, "Unconfirmed the e-mail of")
            } else {
                (ContactAction::ConfirmEmail, "Confirmed the e-mail of")
            };
            act(core, out, &portal, &contact, action, verb).await
        }
        C::TwoFactor { portal, contact, state } => {
            let (action, verb) = match state {
                OnOff::On => (ContactAction::EnableTwoFactor, "Two-factor on for"),
                OnOff::Off => (ContactAction::DisableTwoFactor, "Two-factor off for"),
            };
            act(core, out, &portal, &contact, action, verb).await
        }
        C::Login { portal, contact, state } => {
            let (action, verb) = match state {
                OnOff::On => (ContactAction::EnableLogin, "Login enabled for"),
                OnOff::Off => (ContactAction::DisableLogin, "Login disabled for"),
            };
            act(core, out, &portal, &contact, action, verb).await
        }
        C::SetPassword { portal, contact, source } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let c = ops::contacts::find(core, &p, &contact).await?;
            let password = source.read()?;
            let after = ops::contacts::set_password(core, &p, c.id, &password).await?;
            out.print_value(&after, |a| format!("Set a new password for {}; other sessions end.", a.display_name()))?;
            Ok(0)
        }
        C::Roles { portal, contact, add, remove } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let c = ops::contacts::find(core, &p, &contact).await?;
            let mut actions = Vec::with_capacity(add.len() + remove.len());
            for r in &add {
                actions.push(ContactAction::AssignRole { role_id: ops::access::find_role(&model, r)?.id });
            }
            for r in &remove {
                actions.push(ContactAction::UnassignRole { role_id: ops::access::find_role(&model, r)?.id });
            }
            // Every role change at once: one audited write, or none when a role is unknown.
            let c = ops::contacts::act_all(core, &p, c.id, &actions).await?;
            let roles: Vec<&portal_admin::domain::access::WebRole> =
                model.roles.iter().filter(|r| c.role_ids.contains(&r.id)).collect();
            out.print_value(&roles, |roles| {
                if roles.is_empty() {
                    format!("{} has no roles.", c.display_name())
                } else {
                    roles.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join("\n")
                }
            })?;
            Ok(0)
        }
        C::Link { portal, contact, provider, key } => {
            act(
                core,
                out,
                &portal,
                &contact,
                ContactAction::LinkIdentity { provider, user_key: key },
                "Linked an identity to",
            )
            .await
        }
        C::Unlink { portal, contact, provider } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let c = ops::contacts::find(core, &p, &contact).await?;
            let identity = c
                .identities
                .iter()
                .find(|i| i.provider.eq_ignore_ascii_case(&provider))
                .with_context(|| format!("{} has no identity from {provider}", c.display_name()))?;
            let after =
                ops::contacts::act(core, &p, c.id, &ContactAction::UnlinkIdentity { identity_id: identity.id }).await?;
            out.print_value(&after, |a| format!("Unlinked {provider} from {}.", a.display_name()))?;
            Ok(0)
        }
        C::Duplicates { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let report = ops::contacts::duplicates(core, &p, 10_000).await?;
            if out.is_json() {
                return out.print_json(&report).map(|()| 0);
            }
            if report.groups.is_empty() {
                println!("No two contacts share an e-mail address.");
                return Ok(0);
            }
            for g in &report.groups {
                println!("{} ({} contacts):", g.email, g.contacts.len());
                for c in &g.contacts {
                    println!("  {} ({}){}", c.name, c.id, if c.active { "" } else { ", deactivated" });
                }
            }
            if report.require_unique_email {
                println!("RequireUniqueEmail is on: none of these contacts can sign in.");
            }
            for a in &report.advice {
                println!("- {a}");
            }
            Ok(0)
        }
        C::Diagnose { portal, contact, password_stdin } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let c = ops::contacts::find(core, &p, &contact).await?;
            let password = if password_stdin { Some(read_stdin("password")?) } else { None };
            let d = ops::contacts::diagnose_sign_in(core, &p, c.id, password.as_deref()).await?;
            print_diagnosis(out, &d)?;
            Ok(if d.verdict.signs_in() || d.verdict == SignInVerdict::PasswordNotChecked { 0 } else { 1 })
        }
        C::Export { portal, filter, file } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let filter = filter.filter(core, &p).await?;
            match file {
                Some(path) => {
                    let tmp = path.with_extension("csv.partial");
                    let mut f =
                        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
                    let n = ops::contact_csv::export(core, &p, &filter, &mut f).await?;
                    f.flush()?;
                    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
                    out.print_value(&serde_json::json!({ "file": path, "contacts": n }), |_| {
                        format!("Wrote {n} contacts to {}.", path.display())
                    })?;
                }
                None => {
                    let mut stdout = std::io::stdout();
                    ops::contact_csv::export(core, &p, &filter, &mut stdout).await?;
                }
            }
            Ok(0)
        }
        C::Import { portal, file, yes } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let report = ops::contact_csv::import_file(core, &p, &file, yes).await?;
            if out.is_json() {
                out.print_json(&report)?;
            } else {
                for e in &report.errors {
                    println!("{}:{}: {}: {}", file.display(), e.line, e.field, e.message);
                }
                if !report.ignored_columns.is_empty() {
                    println!("Ignored columns: {}", report.ignored_columns.join(", "));
                }
                if report.created > 0 {
                    println!("Imported {} contacts.", report.created);
                } else if report.errors.is_empty() {
                    println!("{} contacts can be imported; run again with --yes to import them.", report.rows);
                } else {
                    println!("Nothing imported: {} error(s) in {} row(s).", report.errors.len(), report.rows);
                }
            }
            Ok(if !report.errors.is_empty() {
                1
            } else if yes {
                0
            } else {
                3
            })
        }
        C::Bulk { portal, action, filter, with_role, yes } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let roles = with_role
                .iter()
                .map(|r| ops::access::find_role(&model, r).map(|r| r.id))
                .collect::<Result<Vec<_>, _>>()?;
            let one_role = || -> anyhow::Result<uuid::Uuid> {
                anyhow::ensure!(roles.len() == 1, "this action needs exactly one --with-role");
                Ok(roles[0])
            };
            let action = match action {
                BulkArg::Unlock => BulkAction::Unlock,
                BulkArg::ConfirmEmail => BulkAction::ConfirmEmail,
                BulkArg::AssignRole => BulkAction::AssignRole { role_id: one_role()? },
                BulkArg::UnassignRole => BulkAction::UnassignRole { role_id: one_role()? },
                BulkArg::Deactivate => BulkAction::Deactivate,
                BulkArg::Invite => BulkAction::Invite { expiry_date: None, role_ids: roles.clone() },
            };
            let target = BulkTarget::Filter { filter: filter.filter(core, &p).await? };
            if !yes {
                let preview = ops::contacts::bulk_preview(core, &p, &target, &action, 1000).await?;
                if out.is_json() {
                    out.print_json(&preview)?;
                } else {
                    println!(
                        "{}: {} of {} selected contacts change.",
                        preview.description, preview.changing, preview.selected
                    );
                    for l in &preview.lines {
                        println!("  {:<28} {:<20} {} -> {}", l.contact, l.field, l.before, l.after);
                    }
                    if preview.truncated {
                        println!("  …");
                    }
                    println!("Nothing was changed; run again with --yes to apply.");
                }
                return Ok(3);
            }
            let result = ops::contacts::bulk_apply(core, &p, &target, &action, &|_, _| true).await?;
            out.print_value(&result, |r| match r.batch_id {
                Some(b) => format!(
                    "{}: changed {} contacts (batch {b}; undo with `contact undo {b}`).",
                    r.description, r.changed
                ),
                None => format!("{}: nothing to change.", r.description),
            })?;
            Ok(0)
        }
        C::Batches { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let batches = ops::contacts::bulk_batches(core, &p).await?;
            out.print_value(&batches, |b| {
                b.iter()
                    .map(|b| {
                        format!(
                            "{:>5}  {}  {:<40} {} contacts{}",
                            b.id,
                            b.at.format("%Y-%m-%d %H:%M"),
                            b.description,
                            b.contacts,
                            b.undone_by.map(|u| format!(" (undone by {u})")).unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
            Ok(0)
        }
        C::Undo { portal, batch } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let r = ops::contacts::bulk_undo(core, &p, batch).await?;
            out.print_value(&r, |r| format!("{}: restored {} contacts.", r.description, r.changed))?;
            Ok(0)
        }
    }
}

#[derive(Subcommand)]
pub enum InvitationCommand {
    List {
        #[command(flatten)]
        portal: PortalArg,
    },
    /// Create an invitation (the code is generated unless --code is given)
    Create {
        #[command(flatten)]
        portal: PortalArg,
        #[arg(long)]
        name: String,
        #[arg(long)]
        code: Option<String>,
        /// A group invitation (several contacts may redeem it)
        #[arg(long)]
        group: bool,
        /// Maximum redemptions (default 1 for single, unlimited for group)
        #[arg(long)]
        max: Option<i32>,
        /// Expiry date, YYYY-MM-DD
        #[arg(long)]
        expires: Option<chrono::NaiveDate>,
        /// The invited contact(s)
        #[arg(long)]
        contact: Vec<String>,
        /// The inviter
        #[arg(long)]
        inviter: Option<String>,
        /// Web roles given on redemption
        #[arg(long)]
        role: Vec<String>,
        /// The account to attach the redeeming contact to
        #[arg(long)]
        account: Option<String>,
    },
    Show {
        #[command(flatten)]
        portal: PortalArg,
        /// Code, name or id
        invitation: String,
    },
    /// Redeem a code for a contact (the runtime's validity rules apply)
    Redeem {
        #[command(flatten)]
        portal: PortalArg,
        code: String,
        #[arg(long)]
        contact: String,
    },
    /// Change an invitation; what is not given stays as it is
    Edit {
        #[command(flatten)]
        portal: PortalArg,
        /// Code, name or id
        invitation: String,
        #[arg(long)]
        name: Option<String>,
        /// A new code (unique in the portal)
        #[arg(long, conflicts_with = "new_code")]
        code: Option<String>,
        /// Generate a new code; the old one stops working
        #[arg(long)]
        new_code: bool,
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Maximum redemptions (0: no limit); not below the redemptions made
        #[arg(long)]
        max: Option<i32>,
        /// Expiry date, YYYY-MM-DD
        #[arg(long, conflicts_with = "no_expiry")]
        expires: Option<chrono::NaiveDate>,
        /// Never expire
        #[arg(long)]
        no_expiry: bool,
        /// The invited contact(s), replacing the current ones
        #[arg(long, conflicts_with = "no_contacts")]
        contact: Vec<String>,
        /// Invite nobody in particular
        #[arg(long)]
        no_contacts: bool,
        #[arg(long, conflicts_with = "no_inviter")]
        inviter: Option<String>,
        #[arg(long)]
        no_inviter: bool,
        /// Web roles given on redemption, replacing the current ones
        #[arg(long, conflicts_with = "no_roles")]
        role: Vec<String>,
        #[arg(long)]
        no_roles: bool,
        #[arg(long, conflicts_with = "no_account")]
        account: Option<String>,
        #[arg(long)]
        no_account: bool,
    },
    /// Set the status: new or sent (whether the code has gone out), inactive (revoked); setting new
    /// or sent on an inactive invitation reactivates it
    SetStatus {
        #[command(flatten)]
        portal: PortalArg,
        invitation: String,
        #[arg(value_enum)]
        status: StatusArg,
    },
    /// Make an invitation inactive
    Revoke {
        #[command(flatten)]
        portal: PortalArg,
        invitation: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    Single,
    Group,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    New,
    Sent,
    Inactive,
}

/// The ids of contacts given by id, e-mail, user name or name.
async fn contact_ids(core: &Core, portal: &Portal, queries: &[String]) -> anyhow::Result<Vec<uuid::Uuid>> {
    let mut ids = Vec::with_capacity(queries.len());
    for q in queries {
        ids.push(ops::contacts::find(core, portal, q).await?.id);
    }
    Ok(ids)
}

/// The ids of web roles given by name or id.
async fn role_ids(core: &Core, portal: &Portal, queries: &[String]) -> anyhow::Result<Vec<uuid::Uuid>> {
    let model = ops::access::model(core, portal).await?;
    Ok(queries.iter().map(|r| ops::access::find_role(&model, r).map(|r| r.id)).collect::<Result<Vec<_>, _>>()?)
}

fn invitation_line(i: &Invitation) -> String {
    let max = if i.max_redemptions == 0 { "∞".to_owned() } else { i.max_redemptions.to_string() };
    format!(
        "{:<32} {:<16} {:<7} {:<9} {:>3}/{:<3} expires {}",
        i.name,
        i.code,
        format!("{:?}", i.kind).to_lowercase(),
        format!("{:?}", i.status).to_lowercase(),
        i.redemptions,
        max,
        i.expiry_date.map(|d| d.to_string()).unwrap_or_else(|| "never".into())
    )
}

pub async fn invitation(core: &Core, command: InvitationCommand, out: &Output) -> anyhow::Result<u8> {
    use InvitationCommand as I;
    match command {
        I::List { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let list = ops::invitations::list(core, &p).await?;
            out.print_value(&list, |l| l.iter().map(invitation_line).collect::<Vec<_>>().join("\n"))?;
            Ok(0)
        }
        I::Create { portal, name, code, group, max, expires, contact, inviter, role, account } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let inviter = match inviter {
                Some(c) => Some(ops::contacts::find(core, &p, &c).await?.id),
                None => None,
            };
            let draft = InvitationDraft {
                name,
                code,
                kind: if group { InvitationKind::Group } else { InvitationKind::Single },
                max_redemptions: max,
                expiry_date: expires,
                invited_contact_ids: contact_ids(core, &p, &contact).await?,
                inviter_contact_id: inviter,
                assign_to_account: account,
                role_ids: role_ids(core, &p, &role).await?,
            };
            let inv = ops::invitations::create(core, &p, &draft).await?;
            out.print_value(&inv, |i| format!("Created invitation {} with code {}.", i.name, i.code))?;
            Ok(0)
        }
        I::Show { portal, invitation } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let inv = ops::invitations::find(core, &p, &invitation).await?;
            out.print_value(&inv, invitation_line)?;
            Ok(0)
        }
        I::Redeem { portal, code, contact } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let r = ops::invitations::redeem(core, &p, &code, &contact).await?;
            out.print_value(&r, |r| {
                format!(
                    "{} redeemed {} ({} of {}); {} role(s) added.",
                    r.contact.display_name(),
                    r.invitation.name,
                    r.invitation.redemptions,
                    if r.invitation.max_redemptions == 0 {
                        "∞".into()
                    } else {
                        r.invitation.max_redemptions.to_string()
                    },
                    r.roles_added.len()
                )
            })?;
            Ok(0)
        }
        I::Edit {
            portal,
            invitation,
            name,
            code,
            new_code,
            kind,
            max,
            expires,
            no_expiry,
            contact,
            no_contacts,
            inviter,
            no_inviter,
            role,
            no_roles,
            account,
            no_account,
        } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let before = ops::invitations::find(core, &p, &invitation).await?;
            let mut draft = portal_admin::domain::contacts::invitation::draft_of(&before);
            if let Some(name) = name {
                draft.name = name;
            }
            if new_code {
                draft.code = None;
            } else if code.is_some() {
                draft.code = code;
            }
            if let Some(kind) = kind {
                draft.kind = match kind {
                    KindArg::Single => InvitationKind::Single,
                    KindArg::Group => InvitationKind::Group,
                };
            }
            if max.is_some() {
                draft.max_redemptions = max;
            }
            if no_expiry {
                draft.expiry_date = None;
            } else if expires.is_some() {
                draft.expiry_date = expires;
            }
            if no_contacts {
                draft.invited_contact_ids.clear();
            } else if !contact.is_empty() {
                draft.invited_contact_ids = contact_ids(core, &p, &contact).await?;
            }
            if no_inviter {
                draft.inviter_contact_id = None;
            } else if let Some(c) = inviter {
                draft.inviter_contact_id = Some(ops::contacts::find(core, &p, &c).await?.id);
            }
            if no_roles {
                draft.role_ids.clear();
            } else if !role.is_empty() {
                draft.role_ids = role_ids(core, &p, &role).await?;
            }
            if no_account {
                draft.assign_to_account = None;
            } else if account.is_some() {
                draft.assign_to_account = account;
            }
            let inv = ops::invitations::edit(core, &p, &before.id.to_string(), &draft).await?;
            out.print_value(&inv, |i| format!("Saved invitation {} with code {}.", i.name, i.code))?;
            Ok(0)
        }
        I::SetStatus { portal, invitation, status } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let status = match status {
                StatusArg::New => InvitationStatus::New,
                StatusArg::Sent => InvitationStatus::Sent,
                StatusArg::Inactive => InvitationStatus::Inactive,
            };
            let inv = ops::invitations::set_status(core, &p, &invitation, status).await?;
            out.print_value(&inv, invitation_line)?;
            Ok(0)
        }
        I::Revoke { portal, invitation } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let inv = ops::invitations::revoke(core, &p, &invitation).await?;
            out.print_value(&inv, |i| format!("Revoked {}.", i.name))?;
            Ok(0)
        }
    }
}
