//! The services check: every action an automation calls is one Home Assistant offers.

use serde_json::Value;

use super::finding::{FieldFinding, Source};
use super::references::References;

/// `get_services` gives `{domain: {service: {...}}}`.
pub(super) fn check_services(refs: &References, services: &Value, out: &mut Vec<FieldFinding>) {
    for (field, name) in &refs.services {
        let known = name
            .split_once('.')
            .and_then(|(domain, service)| services.get(domain)?.get(service))
            .is_some();
        if !known {
            let domain = name.split('.').next().unwrap_or_default();
            let hint = if services.get(domain).is_some() {
                format!("the `{domain}` integration has no such action")
            } else {
                format!("no integration `{domain}` is set up in Home Assistant")
            };
            out.push(FieldFinding::error(
                field.clone(),
                Source::Services,
                format!(
                    "Home Assistant has no action `{name}`: {hint}; check the name in Home \
                     Assistant's developer tools (Actions)"
                ),
            ));
        }
    }
}
