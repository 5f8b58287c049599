//! From a verb and its targets to service calls: one call per domain, the service a verb
//! names on that domain and its data, and which verbs a domain cannot do at all.

use serde_json::{Map, Value, json};

use super::*;

impl Reader<'_> {
    pub(super) fn calls(
        &self,
        verb: Verb,
        targets: &[TargetPart],
        data: &Map<String, Value>,
        percent: Option<f64>,
        degrees: Option<f64>,
        volume: bool,
    ) -> Vec<StepPart> {
        let mut out: Vec<StepPart> = Vec::new();
        for t in targets {
            // one call per domain
            let groups: Vec<(String, TargetPart)> = match t {
                TargetPart::Entities(ids) => {
                    let mut g: Vec<(String, Vec<String>)> = Vec::new();
                    for id in ids {
                        let d = id.split('.').next().unwrap_or_default().to_owned();
                        match g.iter_mut().find(|(x, _)| *x == d) {
                            Some((_, v)) => v.push(id.clone()),
                            None => g.push((d, vec![id.clone()])),
                        }
                    }
                    g.into_iter()
                        .map(|(d, v)| (d, TargetPart::Entities(v)))
                        .collect()
                }
                TargetPart::Area(a, _) => vec![(self.area_domain(a), t.clone())],
                TargetPart::All(d) => vec![(d.clone(), t.clone())],
                TargetPart::None => Vec::new(),
            };
            for (domain, target) in groups {
                let Some((service, d)) = service_for(verb, &domain, data, percent, degrees, volume)
                else {
                    continue;
                };
                let service = format!("{domain}.{service}");
                // merge with a call of the same service and data
                if let Some(StepPart::Call {
                    service: s,
                    target: TargetPart::Entities(ids),
                    data: dd,
                }) = out.last_mut()
                    && *s == service
                    && *dd == d
                    && let TargetPart::Entities(more) = &target
                {
                    ids.extend(more.iter().cloned());
                    continue;
                }
                out.push(StepPart::Call {
                    service,
                    target,
                    data: d,
                });
            }
        }
        out
    }

    /// How many calls the targets need at least (one per domain, merged ones aside).
    pub(super) fn call_groups(&self, targets: &[TargetPart]) -> usize {
        let mut domains: Vec<String> = Vec::new();
        for t in targets {
            let ds: Vec<String> = match t {
                TargetPart::Entities(ids) => ids
                    .iter()
                    .map(|id| id.split('.').next().unwrap_or_default().to_owned())
                    .collect(),
                TargetPart::Area(a, _) => vec![self.area_domain(a)],
                TargetPart::All(d) => vec![d.clone()],
                TargetPart::None => Vec::new(),
            };
            for d in ds {
                if !domains.contains(&d) {
                    domains.push(d);
                }
            }
        }
        domains.len()
    }

    pub(super) fn area_domain(&self, _area: &str) -> String {
        "light".to_owned()
    }
}

/// The service for a verb on a domain, and its data.
pub(super) fn service_for(
    verb: Verb,
    domain: &str,
    data: &Map<String, Value>,
    percent: Option<f64>,
    degrees: Option<f64>,
    volume: bool,
) -> Option<(&'static str, Map<String, Value>)> {
    if !verb_fits(verb, domain) {
        return None;
    }
    let mut d = Map::new();
    let num = |n: f64| {
        if n.fract() == 0.0 {
            json!(n as i64)
        } else {
            json!(n)
        }
    };
    let s = match (domain, verb) {
        ("scene", _) => "turn_on",
        ("light", Verb::Off) => "turn_off",
        ("light", Verb::Toggle) => "toggle",
        ("light", Verb::Open | Verb::Close) if percent.is_none() => return None,
        ("light", _) => {
            d.extend(data.clone());
            if let Some(p) = percent {
                d.insert("brightness_pct".into(), num(p));
            }
            "turn_on"
        }
        ("climate", Verb::Off) => "turn_off",
        ("climate", Verb::On) if degrees.is_none() => "turn_on",
        ("climate", Verb::Open | Verb::Close) if degrees.is_none() => return None,
        ("climate", _) => {
            d.insert("temperature".into(), num(degrees?));
            "set_temperature"
        }
        ("cover", Verb::Open | Verb::On) if percent.is_none() => "open_cover",
        // "lower the blinds to 40%": a position, whichever way it moves them
        ("cover", Verb::Close | Verb::Off) if percent.is_none() => "close_cover",
        ("cover", Verb::Stop) => "stop_cover",
        ("cover", Verb::Toggle) => "toggle",
        ("cover", _) => {
            d.insert("position".into(), num(percent?));
            "set_cover_position"
        }
        ("lock", Verb::Unlock | Verb::Open) => "unlock",
        ("lock", _) => "lock",
        ("media_player", Verb::Pause) => "media_pause",
        ("vacuum", Verb::Pause) => "pause",
        ("vacuum", Verb::Stop) => "stop",
        ("vacuum", Verb::On | Verb::Activate) => "start",
        ("fan", Verb::Set | Verb::On) if percent.is_some() => {
            d.insert("percentage".into(), num(percent?));
            "set_percentage"
        }
        ("media_player", Verb::Play) => "media_play",
        ("media_player", Verb::Stop) => "media_stop",
        ("media_player", Verb::Next) => "media_next_track",
        ("media_player", Verb::Mute) => {
            d.insert("is_volume_muted".into(), json!(true));
            "volume_mute"
        }
        ("media_player", Verb::Set | Verb::Open | Verb::Close) if volume || percent.is_some() => {
            d.insert("volume_level".into(), json!(percent? / 100.0));
            "volume_set"
        }
        ("media_player", Verb::Open | Verb::Close) => return None,
        ("media_player", Verb::Off) => "turn_off",
        ("media_player", Verb::Toggle) => "toggle",
        ("media_player", _) => "turn_on",
        (_, Verb::Off | Verb::Stop) => "turn_off",
        (_, Verb::Toggle) => "toggle",
        (_, _) => "turn_on",
    };
    Some((s, d))
}

/// Whether a verb can act on a domain at all ("pause" a light cannot): a verb that does not
/// fit makes no call, and the action asks instead of turning the thing on.
fn verb_fits(verb: Verb, domain: &str) -> bool {
    use Verb::*;
    match domain {
        "scene" | "script" => matches!(verb, On | Set | Activate),
        // "turn up the lights to 80%", "lower the thermostat to 18": a level, checked below
        "light" => matches!(verb, On | Off | Toggle | Set | Activate | Open | Close),
        "climate" => matches!(verb, On | Off | Toggle | Set | Activate | Open | Close),
        "cover" | "valve" => matches!(verb, On | Off | Open | Close | Stop | Toggle | Set),
        "lock" => matches!(verb, Lock | Unlock | Open | Close),
        // "turn up the volume": Open/Close only with a volume, checked below
        "media_player" => !matches!(verb, Lock | Unlock | Activate),
        "vacuum" => matches!(verb, On | Off | Activate | Pause | Stop),
        "fan" => matches!(verb, On | Off | Toggle | Set | Activate | Stop),
        _ => matches!(verb, On | Off | Toggle | Activate | Stop | Set),
    }
}
