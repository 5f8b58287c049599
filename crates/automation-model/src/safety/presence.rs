//! Whether a condition says that someone is home: a person or tracker at `home`, `zone.home`
//! occupied, a zone condition on `zone.home`, or a template testing a person's state.

use super::values::domain_of;
use crate::model::*;

/// Whether a condition says that someone is home (a person or tracker at `home`, `zone.home`
/// occupied, a zone condition on `zone.home`, or a template testing a person's state).
pub(super) fn person_home(condition: &Condition) -> bool {
    condition.enabled != Some(false) && person_home_kind(&condition.kind)
}

pub(super) fn person_home_kind(kind: &ConditionKind) -> bool {
    let presence = |id: &str| {
        matches!(domain_of(id), "person" | "device_tracker" | "group")
            || id.contains("presence")
            || id.contains("occupan")
            || id.contains("someone_home")
            || id.contains("anyone_home")
    };
    match kind {
        ConditionKind::State(s) => {
            s.entity_id.iter().any(|id| presence(id))
                && s.state
                    .iter()
                    .any(|st| matches!(st.as_str(), "home" | "on" | "true"))
        }
        ConditionKind::NumericState(n) => {
            n.entity_id.iter().any(|id| id == "zone.home")
                && matches!(n.above, Some(Threshold::Number(Number(v))) if v >= 0.0)
        }
        ConditionKind::Zone(z) => z.zone.iter().any(|id| id == "zone.home"),
        ConditionKind::Template(t) => {
            let text = t.value_template.replace(' ', "");
            (text.contains("person.") || text.contains("zone.home")) && text.contains("home")
        }
        ConditionKind::And(all) => all.iter().any(person_home),
        ConditionKind::Or(any) => !any.is_empty() && any.iter().all(person_home),
        _ => false,
    }
}
