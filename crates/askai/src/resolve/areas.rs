//! Rooms inside mentions: area words and a kind word ("kitchen lights"), a room in the plural
//! whose one entity's name it also covers ("hallway lights"), and a kind followed by its room
//! ("the lights in the office").

use super::*;

impl Index {
    /// Area words and one kind word ("kitchen lights", "lights kitchen").
    pub(super) fn area_class(&self, span: &[Vec<(String, bool)>]) -> Option<MentionKind> {
        if span.len() < 2 {
            return None;
        }
        for (pos, readings) in [(span.len() - 1, &span[span.len() - 1]), (0, &span[0])] {
            let Some(class) = readings.iter().find_map(|(w, _)| Class::from_stem(w)) else {
                continue;
            };
            let rest: Vec<Vec<(String, bool)>> = span
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != pos)
                .map(|(_, r)| r.clone())
                .collect();
            if let Some(MentionKind::Area(a)) = self.area_only(&rest) {
                return Some(MentionKind::AreaClass(a, class));
            }
        }
        None
    }

    /// "hallway lights" where the hallway has several lights and one is named "Hallway
    /// Light": the plural is the room's lights, not the one whose name it covers. A name that is
    /// itself plural ("Garden Lights") keeps its entity.
    pub(super) fn room_plural(
        &self,
        kind: MentionKind,
        span: &[Vec<(String, bool)>],
        said: &str,
        home: &Home,
    ) -> MentionKind {
        let MentionKind::Entities(cands) = &kind else {
            return kind;
        };
        let Some(&(top, score)) = cands.first() else {
            return kind;
        };
        let Some(e) = home.entities.get(top) else {
            return kind;
        };
        let named_plural = std::iter::once(&e.name)
            .chain(&e.aliases)
            .any(|n| n.to_lowercase().split_whitespace().last() == Some(said));
        if score < 0.94 || named_plural {
            return kind;
        }
        match self.area_class(span) {
            Some(MentionKind::AreaClass(a, class)) => {
                let area = &home.areas[a].area_id;
                let many = home
                    .entities
                    .iter()
                    .filter(|x| x.area_id.as_deref() == Some(area.as_str()) && class.fits(x))
                    .count()
                    > 1;
                if many {
                    MentionKind::AreaClass(a, class)
                } else {
                    kind
                }
            }
            _ => kind,
        }
    }

    pub(super) fn area_only(&self, span: &[Vec<(String, bool)>]) -> Option<MentionKind> {
        for n in &self.names {
            if let Owner::Area(a) = n.owner
                && let Some((m, _)) = self.cover(n, span)
                && m == n.words.len()
                && m == span.len()
            {
                return Some(MentionKind::Area(a));
            }
        }
        None
    }
}

/// "the lights in the office", "the humidity in the bathroom": a kind, then an area.
pub(super) fn combine_with_areas(out: &mut Vec<Mention>, toks: &[Token], home: &Home) {
    let mut k = 0;
    while k + 1 < out.len() {
        let (a, b) = (&out[k], &out[k + 1]);
        let between: Vec<&str> = toks[a.end..b.start]
            .iter()
            .map(|t| t.raw.as_str())
            .collect();
        let linked = matches!(
            between.as_slice(),
            ["in"] | ["in", "the"] | ["of", "the"] | ["on", "the"] | ["in", "my"] | ["in", "our"]
        );
        // "the fan in the bathroom": the candidates in that area
        if let (MentionKind::Entities(cands), MentionKind::Area(area), true) =
            (&a.kind, &b.kind, linked)
            && let Some(area_id) = home.areas.get(*area).map(|x| x.area_id.as_str())
        {
            let inside: Vec<(usize, f64)> = cands
                .iter()
                .copied()
                .filter(|(e, _)| home.entities[*e].area_id.as_deref() == Some(area_id))
                .collect();
            if !inside.is_empty() {
                let merged = Mention {
                    start: a.start,
                    end: b.end,
                    text: format!("{} in {}", a.text, b.text),
                    plural: a.plural,
                    all: a.all,
                    kind: MentionKind::Entities(inside),
                };
                out[k] = merged;
                out.remove(k + 1);
                k += 1;
                continue;
            }
        }
        if let (MentionKind::Class(c), MentionKind::Area(area), true) = (&a.kind, &b.kind, linked) {
            let merged = Mention {
                start: a.start,
                end: b.end,
                text: format!("{} in {}", a.text, b.text),
                plural: a.plural,
                all: a.all,
                kind: MentionKind::AreaClass(*area, *c),
            };
            out[k] = merged;
            out.remove(k + 1);
        }
        k += 1;
    }
}
