//! Key renewal ("Update key"): a persisted job that generates the new key, registers it, restarts
//! the portal once, verifies the portal connects with it, then retires the old key.
//!
//! The old key stays active until the new one is verified, so no failure leaves the portal
//! without a working key. A failed step keeps the job at that step; [`retry`] resumes there and
//! every step is idempotent. Jobs left running by a crash are resumed by [`resume_interrupted`].

use crate::connector::PortalConnector;
use crate::domain::key::{KeySource, KeyStatus};
use crate::domain::renewal::{RenewalJob, RenewalState, RenewalStep};
use crate::domain::PortalId;
use crate::error::{Error, Result};
use crate::ops::{key, portal, Core};

/// Starts renewing the portal's key; returns the new job (drive it with [`drive`]). A portal
/// with an unfinished renewal gets that one back instead of a second job.
pub async fn start(core: &Core, portal: PortalId) -> Result<RenewalJob> {
    let p = portal::get(core, portal).await?;
    if let Some(open) = core.store().open_renewal(p.id).await? {
        return Ok(open);
    }
    let active = core.store().active_key(p.id).await?.ok_or_else(|| Error::NoKey(p.name.clone()))?;
    core.store().create_renewal(p.id, Some(active.id), core.clock().now()).await
}

/// Runs the job's remaining steps, reporting each change to `progress`. Returns the job as it
/// ended (succeeded, or failed at a step with its error); errors of the workspace itself (not of
/// a step) are returned as `Err`.
pub async fn drive(
    core: &Core,
    job_id: i64,
    connector: &dyn PortalConnector,
    progress: &(dyn Fn(&RenewalJob) + Send + Sync),
) -> Result<RenewalJob> {
    let mut job = get(core, job_id).await?;
    if job.state != RenewalState::Running {
        return Ok(job);
    }
    let portal = portal::get(core, job.portal_id).await?;
    progress(&job);
    while let Some(step) = job.step {
        match run_step(core, &portal, &mut job, step, connector).await {
            Ok(()) => {
                if step == RenewalStep::Retire {
                    core.store().finish_renewal(&job, core.actor(), core.clock().now()).await?;
                    core.announce().await;
                    job = get(core, job_id).await?;
                    progress(&job);
                    return Ok(job);
                }
                job.step = step.next();
                save(core, &mut job).await?;
            }
            Err(e) => {
                job.state = RenewalState::Failed;
                job.error = Some(e);
                save(core, &mut job).await?;
                progress(&job);
                return Ok(job);
            }
        }
        progress(&job);
    }
    Ok(job)
}

/// One step; `Err` carries the message shown next to the failed step.
async fn run_step(
    core: &Core,
    portal: &crate::domain::Portal,
    job: &mut RenewalJob,
    step: RenewalStep,
    connector: &dyn PortalConnector,
) -> std::result::Result<(), String> {
    match step {
        RenewalStep::Generate => {
            if job.new_key_id.is_none() {
                let material = key::generate_material(portal.id, portal.key_lifetime_days, core.clock().now())
                    .await
                    .map_err(|e| e.to_string())?;
                let new_key = key::store_material(core, portal, material, KeySource::Renewed, KeyStatus::Pending)
                    .await
                    .map_err(|e| e.to_string())?;
                job.new_key_id = Some(new_key.id);
                // Saved at once: a crash now must not generate a second key.
                save(core, job).await.map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        RenewalStep::Register => {
            let (thumbprint, der) = new_key(core, job).await?;
            connector
                .register_key(portal, &thumbprint, &der)
                .await
                .map_err(|e| format!("registering the new certificate failed: {e}"))
        }
        RenewalStep::Restart => {
            if !job.restarted {
                connector.restart(portal).await.map_err(|e| format!("restarting the portal failed: {e}"))?;
                job.restarted = true;
                save(core, job).await.map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        RenewalStep::Verify => {
            let (thumbprint, _) = new_key(core, job).await?;
            connector
                .verify(portal, &thumbprint)
                .await
                .map_err(|e| format!("the portal does not connect with the new key yet: {e}"))
        }
        RenewalStep::Retire => {
            if let Some(old) = job.old_key_id {
                let old = core
                    .store()
                    .keys_of_portal(portal.id)
                    .await
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .find(|k| k.id == old);
                if let Some(old) = old {
                    connector
                        .remove_key(portal, &old.certificate.thumbprint)
                        .await
                        .map_err(|e| format!("removing the old certificate failed: {e}"))?;
                }
            }
            Ok(())
        }
    }
}

async fn new_key(core: &Core, job: &RenewalJob) -> std::result::Result<(String, Vec<u8>), String> {
    let id = job.new_key_id.ok_or("the new key is missing; retry to generate it")?;
    let key = core
        .store()
        .keys_of_portal(job.portal_id)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|k| k.id == id)
        .ok_or("the new key was removed; start a new renewal")?;
    let der = core.store().key_certificate(id).await.map_err(|e| e.to_string())?;
    Ok((key.certificate.thumbprint, der))
}

/// Resumes a failed job at the step that failed.
pub async fn retry(
    core: &Core,
    job_id: i64,
    connector: &dyn PortalConnector,
    progress: &(dyn Fn(&RenewalJob) + Send + Sync),
) -> Result<RenewalJob> {
    let mut job = get(core, job_id).await?;
    if job.state == RenewalState::Failed {
        job.state = RenewalState::Running;
        job.error = None;
        job.attempts += 1;
        save(core, &mut job).await?;
    }
    drive(core, job_id, connector, progress).await
}

/// Drives every job a previous process left running (after a crash or a kill).
pub async fn resume_interrupted(
    core: &Core,
    connector: &dyn PortalConnector,
    progress: &(dyn Fn(&RenewalJob) + Send + Sync),
) -> Result<Vec<RenewalJob>> {
    let mut finished = Vec::new();
    for job in core.store().running_renewals().await? {
        finished.push(drive(core, job.id, connector, progress).await?);
    }
    Ok(finished)
}

/// Saves the job's progress, stamped now.
async fn save(core: &Core, job: &mut RenewalJob) -> Result<()> {
    job.updated_at = core.clock().now();
    core.store().save_renewal(job).await
}

pub async fn get(core: &Core, job_id: i64) -> Result<RenewalJob> {
    core.store().renewal(job_id).await?.ok_or_else(|| Error::RenewalNotFound(job_id))
}

/// The portal's renewals, newest first.
pub async fn list(core: &Core, portal: PortalId) -> Result<Vec<RenewalJob>> {
    core.store().renewals_of_portal(portal).await
}
