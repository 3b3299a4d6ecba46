//! Generating a portal's authentication key: RSA-2048 and a self-signed SHA-256 certificate
//! (CN = portal id, client-authentication usage) valid for the portal's key lifetime.

use chrono::{DateTime, Duration, Timelike, Utc};
use rcgen::{
    CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, KeyPair, KeyUsagePurpose, RsaKeySize,
    SerialNumber, PKCS_RSA_SHA256,
};

use super::{read::facts, KeyError, KeyMaterial};
use crate::domain::portal::PortalId;

/// A new key pair and certificate valid from `now` (to the second) for `lifetime_days`.
pub fn generate(portal: PortalId, lifetime_days: u32, now: DateTime<Utc>) -> Result<KeyMaterial, KeyError> {
    let gen_err = |e: rcgen::Error| KeyError::Generate(e.to_string());
    let key = KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, RsaKeySize::_2048).map_err(gen_err)?;

    // X.509 validity has one-second precision.
    let not_before = now.with_nanosecond(0).unwrap_or(now);
    let not_after = not_before + Duration::days(lifetime_days.into());

    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(gen_err)?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, portal.to_string());
    params.distinguished_name = dn;
    params.not_before = to_offset(not_before)?;
    params.not_after = to_offset(not_after)?;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let serial: [u8; 16] = *uuid::Uuid::new_v4().as_bytes();
    let mut serial = serial.to_vec();
    serial[0] &= 0x7f; // a positive INTEGER
    params.serial_number = Some(SerialNumber::from_slice(&serial));

    let certificate = params.self_signed(&key).map_err(gen_err)?;
    let der = certificate.der().to_vec();
    Ok(KeyMaterial { facts: facts(&der)?, certificate_der: der, private_key_pem: Some(key.serialize_pem()) })
}

fn to_offset(at: DateTime<Utc>) -> Result<time::OffsetDateTime, KeyError> {
    time::OffsetDateTime::from_unix_timestamp(at.timestamp()).map_err(|e| KeyError::Generate(e.to_string()))
}
