//! SAML 2.0 and WS-Federation metadata documents: the identity provider's entity id, sign-in and
//! sign-out endpoints and its signing certificates with their validity.
//!
//! Elements are matched by namespace URI and local name (real documents mix default namespaces
//! and `ds:`/`md:` prefixes). Only `KeyDescriptor`s for signing (`use="signing"` or no `use`,
//! which means both) count; the document's own `Signature` is not a key descriptor.

use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::key::CertificateFacts;

const MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
const FED: &str = "http://docs.oasis-open.org/wsfed/federation/200706";
const WSA: &str = "http://www.w3.org/2005/08/addressing";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Why a metadata document cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    #[error("the metadata is not well-formed XML: {message} (line {line}, column {column})")]
    Malformed { message: String, line: u32, column: u32 },
    #[error("this XML is not SAML 2.0 / WS-Federation metadata: the root element is {0}, not an md:EntityDescriptor")]
    NotMetadata(String),
    #[error("the metadata has no identity provider role (no IDPSSODescriptor and no WS-Federation SecurityTokenServiceType)")]
    NoIdentityProvider,
    #[error("the metadata has no signing certificate (no KeyDescriptor with use=\"signing\" holding an X509Certificate); the portal could not validate tokens")]
    NoSigningCertificate,
    #[error("a signing certificate in the metadata cannot be read: {0}")]
    BadCertificate(String),
}

/// A signing certificate found in metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MetadataCertificate {
    pub facts: CertificateFacts,
    #[serde(skip)]
    #[specta(skip)]
    pub der: Vec<u8>,
}

/// What the metadata says about the identity provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FederationMetadata {
    pub entity_id: String,
    /// SAML 2.0 single sign-on endpoints (binding, location).
    pub saml_sign_in: Vec<Endpoint>,
    pub saml_sign_out: Vec<Endpoint>,
    /// WS-Federation passive requestor endpoint (where browsers are sent to sign in).
    pub ws_fed_passive_endpoint: Option<String>,
    /// Distinct signing certificates, soonest expiry first.
    pub signing_certificates: Vec<MetadataCertificate>,
    /// When the document says it stops being valid, if it does.
    pub valid_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Endpoint {
    pub binding: String,
    pub location: String,
}

fn is(node: &roxmltree::Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

/// Parses a metadata document (`EntityDescriptor`, or the first one of an `EntitiesDescriptor`).
pub fn parse_metadata(xml: &str) -> Result<FederationMetadata, MetadataError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| {
        let (line, column) = match e {
            // The parser has no position for a truncated document: it ends at the last character.
            roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
                let line = xml.lines().count().max(1) as u32;
                let column = xml.lines().last().map_or(0, |l| l.chars().count()) as u32 + 1;
                (line, column)
            }
            _ => (e.pos().row, e.pos().col),
        };
        let message = e.to_string().split(" at ").next().unwrap_or_default().to_owned();
        MetadataError::Malformed { message, line, column }
    })?;
    let root = doc.root_element();
    let entity = if is(&root, MD, "EntityDescriptor") {
        root
    } else if is(&root, MD, "EntitiesDescriptor") {
        root.descendants()
            .find(|n| is(n, MD, "EntityDescriptor"))
            .ok_or_else(|| MetadataError::NotMetadata("an empty md:EntitiesDescriptor".into()))?
    } else {
        let name = match root.tag_name().namespace() {
            Some(ns) => format!("{{{ns}}}{}", root.tag_name().name()),
            None => root.tag_name().name().to_owned(),
        };
        return Err(MetadataError::NotMetadata(name));
    };
    let entity_id = entity.attribute("entityID").unwrap_or_default().trim().to_owned();

    let idp = entity.children().find(|n| is(n, MD, "IDPSSODescriptor"));
    let sts = entity.children().find(|n| {
        is(n, MD, "RoleDescriptor")
            && n.attribute((XSI, "type"))
                .is_some_and(|t| t.ends_with(":SecurityTokenServiceType") || t == "SecurityTokenServiceType")
    });
    if idp.is_none() && sts.is_none() {
        return Err(MetadataError::NoIdentityProvider);
    }
    let endpoints = |role: Option<roxmltree::Node>, name: &str| -> Vec<Endpoint> {
        role.map(|r| {
            r.children()
                .filter(|n| is(n, MD, name))
                .map(|n| Endpoint {
                    binding: n.attribute("Binding").unwrap_or_default().to_owned(),
                    location: n.attribute("Location").unwrap_or_default().trim().to_owned(),
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let ws_fed_passive_endpoint = sts.and_then(|r| {
        r.children()
            .find(|n| is(n, FED, "PassiveRequestorEndpoint"))
            .and_then(|e| e.descendants().find(|n| is(n, WSA, "Address")))
            .and_then(|a| a.text())
            .map(|t| t.trim().to_owned())
    });

    let mut certificates: Vec<MetadataCertificate> = Vec::new();
    for role in [idp, sts].into_iter().flatten() {
        for kd in role.children().filter(|n| is(n, MD, "KeyDescriptor")) {
            if kd.attribute("use").is_some_and(|u| u != "signing") {
                continue;
            }
            for cert in kd.descendants().filter(|n| is(n, DS, "X509Certificate")) {
                let text: String = cert.text().unwrap_or_default().chars().filter(|c| !c.is_whitespace()).collect();
                let der = base64::engine::general_purpose::STANDARD
                    .decode(text.as_bytes())
                    .map_err(|e| MetadataError::BadCertificate(format!("not base64 ({e})")))?;
                let facts = crate::keys::facts(&der).map_err(|e| MetadataError::BadCertificate(e.to_string()))?;
                if !certificates.iter().any(|c| c.facts.thumbprint == facts.thumbprint) {
                    certificates.push(MetadataCertificate { facts, der });
                }
            }
        }
    }
    if certificates.is_empty() {
        return Err(MetadataError::NoSigningCertificate);
    }
    certificates.sort_by_key(|c| c.facts.not_after);
    let valid_until = entity
        .attribute("validUntil")
        .or_else(|| root.attribute("validUntil"))
        .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
        .map(|d| d.with_timezone(&Utc));
    Ok(FederationMetadata {
        entity_id,
        saml_sign_in: endpoints(idp, "SingleSignOnService"),
        saml_sign_out: endpoints(idp, "SingleLogoutService"),
        ws_fed_passive_endpoint,
        signing_certificates: certificates,
        valid_until,
    })
}

/// A provider's signing certificate as the workspace tracks it (for the expiry watch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ProviderCertificate {
    pub id: i64,
    pub portal_id: String,
    /// The provider it belongs to (`SAML2/ADFS`).
    pub provider_key: String,
    pub entity_id: String,
    pub thumbprint: String,
    pub subject: String,
    pub issuer: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub added_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_metadata_document_without_an_identity_provider_role_is_refused() {
        let xml = r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><SPSSODescriptor/></EntityDescriptor>"#;
        assert_eq!(parse_metadata(xml), Err(MetadataError::NoIdentityProvider));
    }

    #[test]
    fn other_xml_is_named_in_the_error() {
        let err = parse_metadata("<html><body/></html>").unwrap_err();
        assert_eq!(
            err.to_string(),
            "this XML is not SAML 2.0 / WS-Federation metadata: the root element is html, not an md:EntityDescriptor"
        );
    }

    #[test]
    fn malformed_xml_reports_line_and_column() {
        let err =
            parse_metadata("<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\">\n  <IDPSSODescriptor>\n")
                .unwrap_err();
        assert!(
            matches!(err, MetadataError::Malformed { line: 2, .. }),
            "a truncated document fails at its end: {err:?}"
        );
        let err = parse_metadata("<a>\n<b></c>\n</a>").unwrap_err();
        assert!(matches!(err, MetadataError::Malformed { line: 2, .. }), "{err:?}");
    }

    #[test]
    fn a_certificate_that_is_not_base64_is_reported() {
        let xml = r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><IDPSSODescriptor><KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>@@@</X509Certificate></X509Data></KeyInfo></KeyDescriptor></IDPSSODescriptor></EntityDescriptor>"#;
        assert!(matches!(parse_metadata(xml), Err(MetadataError::BadCertificate(_))));
    }
}
