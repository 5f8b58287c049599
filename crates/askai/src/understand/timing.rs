//! Waits that are really how long a state holds: "lock the front door 15 minutes after it is
//! unlocked" undoes the trigger's own state after a wait, which is the state held for that
//! long (`for:`), so a door locked again meanwhile does not start a late lock. And "I want the
//! pump to run for 18 hours, then switch off" names no event: a limit on how long it runs,
//! so the trigger is the pump on for 18 hours and the step turns it off.

use super::*;

/// The service that undoes an entity being in `state` (`lock.lock` for `unlocked`).
fn undo(entity: &str, state: &str) -> Option<String> {
    let domain = entity.split('.').next().unwrap_or_default();
    let service = match (domain, state) {
        ("lock", "unlocked") => "lock",
        ("lock", "locked") => "unlock",
        ("cover", "open") => "close_cover",
        ("cover", "closed") => "open_cover",
        ("media_player", "playing") => return None,
        (
            "light" | "switch" | "fan" | "input_boolean" | "media_player" | "climate"
            | "humidifier" | "siren",
            "on",
        ) => "turn_off",
        (
            "light" | "switch" | "fan" | "input_boolean" | "media_player" | "climate"
            | "humidifier" | "siren",
            "off",
        ) => "turn_on",
        _ => return None,
    };
    Some(format!("{domain}.{service}"))
}

fn calls_on(step: &StepPart, entity: &str) -> Option<String> {
    match step {
        StepPart::Call {
            service,
            target: TargetPart::Entities(ids),
            ..
        } if ids.len() == 1 && ids[0] == entity => Some(service.clone()),
        _ => None,
    }
}

impl Reader<'_> {
    /// A wait, then the undo of the one trigger's own state: the state held that long.
    pub(super) fn undo_after_wait(&self, parts: &mut Parts) {
        if parts.triggers.len() != 1 || !parts.branches.is_empty() {
            return;
        }
        let [StepPart::Delay(d), call] = parts.steps.as_slice() else {
            return;
        };
        let TriggerPart::State {
            entity,
            to,
            for_: None,
        } = &parts.triggers[0]
        else {
            return;
        };
        if calls_on(call, entity).is_none() || calls_on(call, entity) != undo(entity, to) {
            return;
        }
        let (d, call) = (*d, call.clone());
        if let Some(TriggerPart::State { for_, .. }) = parts.triggers.first_mut() {
            *for_ = Some(d);
        }
        parts.steps = vec![call];
    }

    /// "I want the pump to run for 18 hours, and then switch off" with no event said: the
    /// thing on for that long is the trigger, turning it off the step.
    pub(super) fn run_time_limit(&mut self, parts: &mut Parts) {
        if !parts.triggers.is_empty() || !parts.branches.is_empty() {
            return;
        }
        let when = self.slots.iter().any(|s| {
            matches!(
                s.kind,
                SlotKind::At(_)
                    | SlotKind::SunAt(..)
                    | SlotKind::Every(..)
                    | SlotKind::VagueTime(_)
                    | SlotKind::After(_)
                    | SlotKind::SunAfter(_)
                    | SlotKind::Dark
            )
        });
        // a rule about its running ("to run", "should run"), not an order ("run the pump")
        let rule = (1..self.toks.len()).any(|k| {
            matches!(self.word(k), "run" | "stay" | "be")
                && matches!(
                    self.word(k - 1),
                    "to" | "should" | "must" | "may" | "can" | "only" | "shall"
                )
        });
        let hold = self.slots.iter().find_map(|s| match s.kind {
            SlotKind::For(d) => Some((d, s.start, s.end)),
            _ => None,
        });
        let (false, true, Some((d, start, end))) = (when, rule, hold) else {
            return;
        };
        let on_off = match parts.steps.as_slice() {
            [on, StepPart::Delay(x), off] if *x == d => Some((on, off)),
            [on, off] => Some((on, off)),
            _ => None,
        };
        let Some((on, off)) = on_off else { return };
        let (
            StepPart::Call {
                target: TargetPart::Entities(ids),
                ..
            },
            StepPart::Call { .. },
        ) = (on, off)
        else {
            return;
        };
        let [entity] = ids.as_slice() else { return };
        let entity = entity.clone();
        let (Some(on_service), Some(off_service)) = (calls_on(on, &entity), calls_on(off, &entity))
        else {
            return;
        };
        if undo(&entity, "off") != Some(on_service) || undo(&entity, "on") != Some(off_service) {
            return;
        }
        let off = off.clone();
        for k in start..end {
            self.taken[k] = true;
        }
        parts.triggers.push(TriggerPart::State {
            entity,
            to: "on".to_owned(),
            for_: Some(d),
        });
        parts.steps = vec![off];
    }
}
