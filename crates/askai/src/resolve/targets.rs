//! A mention under a role's filter → what it names: entities (one, a plural, a room's kind),
//! every entity of a domain, or an ambiguity the caller asks about.

use super::*;

impl Index {
    /// Resolves a mention to entity ids among those `accept` takes (all of them when none is).
    pub fn resolve(&self, m: &Mention, home: &Home, accept: &dyn Fn(&Entity) -> bool) -> Resolved {
        match &m.kind {
            MentionKind::Entities(cands) => {
                let fitting: Vec<(usize, f64)> = cands
                    .iter()
                    .copied()
                    .filter(|(e, _)| accept(&home.entities[*e]))
                    .collect();
                let pool = if fitting.is_empty() {
                    cands.clone()
                } else {
                    fitting
                };
                let top = pool.first().map_or(0.0, |c| c.1);
                // a whole name wins alone; part of a name ("ceiling light") fits every name
                // holding those words, long names as much as short ones
                let window = if top >= 0.94 { 0.01 } else { 0.26 };
                let tied: Vec<String> = pool
                    .iter()
                    .filter(|c| top - c.1 < window)
                    .map(|c| home.entities[c.0].entity_id.clone())
                    .collect();
                match tied.len() {
                    0 => Resolved::Nothing,
                    1 => Resolved::Entities(tied, top),
                    _ if m.plural || m.all => Resolved::Entities(tied, top),
                    _ => Resolved::Ambiguous(tied),
                }
            }
            MentionKind::AreaClass(a, class) => {
                let area = &home.areas[*a];
                let ids: Vec<String> = home
                    .entities
                    .iter()
                    .filter(|e| {
                        e.area_id.as_deref() == Some(area.area_id.as_str()) && class.fits(e)
                    })
                    .map(|e| e.entity_id.clone())
                    .collect();
                // "the bedroom lamps": the lamps of the room, not its ceiling light too
                let specific: Vec<String> = words_of(&m.text)
                    .into_iter()
                    .filter(|w| Class::from_stem(w) == Some(*class))
                    .filter(|w| *w != stem(class.domain()))
                    .collect();
                let named_so: Vec<String> = ids
                    .iter()
                    .filter(|id| {
                        home.entity(id).is_some_and(|e| {
                            std::iter::once(&e.name)
                                .chain(&e.aliases)
                                .any(|n| words_of(n).iter().any(|w| specific.contains(w)))
                        })
                    })
                    .cloned()
                    .collect();
                match ids.len() {
                    0 => Resolved::Nothing,
                    1 => Resolved::Entities(ids, 0.95),
                    _ if (m.plural || m.all)
                        && !specific.is_empty()
                        && !named_so.is_empty()
                        && named_so.len() < ids.len() =>
                    {
                        // one lamp for "the lamps": which of the room's lights are meant?
                        if named_so.len() == 1 {
                            Resolved::Ambiguous(ids)
                        } else {
                            Resolved::Entities(named_so, 0.9)
                        }
                    }
                    _ if m.plural || m.all => {
                        Resolved::Area(area.area_id.clone(), class.domain().to_owned(), ids)
                    }
                    _ => {
                        // "the lamp in the office": the one whose name holds the word said
                        // the kind's own word ("light" of lights) names every one of them
                        let said: Vec<String> = words_of(&m.text)
                            .into_iter()
                            .filter(|w| Class::from_stem(w) == Some(*class))
                            .filter(|w| *w != stem(class.domain()))
                            .collect();
                        let named: Vec<String> = ids
                            .iter()
                            .filter(|id| {
                                home.entity(id).is_some_and(|e| {
                                    std::iter::once(&e.name)
                                        .chain(&e.aliases)
                                        .any(|n| words_of(n).iter().any(|w| said.contains(w)))
                                })
                            })
                            .cloned()
                            .collect();
                        if named.len() == 1 {
                            Resolved::Entities(named, 0.9)
                        } else {
                            Resolved::Ambiguous(ids)
                        }
                    }
                }
            }
            MentionKind::Area(a) => {
                let area = &home.areas[*a];
                let ids: Vec<String> = home
                    .entities
                    .iter()
                    .filter(|e| e.area_id.as_deref() == Some(area.area_id.as_str()) && accept(e))
                    .map(|e| e.entity_id.clone())
                    .collect();
                match ids.len() {
                    0 => Resolved::Nothing,
                    1 => Resolved::Entities(ids, 0.9),
                    _ => Resolved::Ambiguous(ids),
                }
            }
            MentionKind::Class(class) => {
                let mut ids: Vec<String> = home
                    .entities
                    .iter()
                    .filter(|e| class.fits(e) && accept(e))
                    .map(|e| e.entity_id.clone())
                    .collect();
                if ids.is_empty() {
                    // "unlock the door": the word in the name of something the verb acts on
                    let word = stem(&m.text);
                    ids = home
                        .entities
                        .iter()
                        .filter(|e| accept(e) && words_of(&e.name).contains(&word))
                        .map(|e| e.entity_id.clone())
                        .collect();
                }
                match ids.len() {
                    0 => Resolved::Nothing,
                    1 => Resolved::Entities(ids, 0.9),
                    // "all the lights" is every light; "all the blinds" the blinds (not the
                    // garage door, also a cover), so the list
                    _ if m.all && *class == Class::Light => {
                        Resolved::All(class.domain().to_owned())
                    }
                    _ if m.all => Resolved::Entities(ids, 0.9),
                    _ => Resolved::Ambiguous(ids),
                }
            }
            MentionKind::Person(_) => Resolved::Nothing,
        }
    }
}
