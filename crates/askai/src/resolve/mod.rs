//! Names in a request → the home's entities, areas and persons.
//!
//! Every entity is known by its name and aliases (words in any order, plurals folded, one typo
//! per word forgiven), with its area's names and its kind's words ("lamp", "blinds", "scene")
//! allowed beside them. A span of words that covers all of a name is a full match; one that
//! covers part of it ("bedside lamp" of "Bedside Lamp Left") is a partial match, and two equal
//! partial matches are an ambiguity the caller turns into a question. Area + kind ("kitchen
//! lights", "the humidity in the bathroom") and a bare kind ("all the lights") are mentions too.

mod areas;
mod class;
mod targets;

pub use class::Class;

use std::collections::HashMap;

use crate::home::{Entity, Home};
use crate::text::{Token, stem, tokenize};

/// Who or what a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Entity(usize),
    Area(usize),
    Person(usize),
}

#[derive(Debug, Clone)]
struct Name {
    owner: Owner,
    words: Vec<String>,
    /// Words that may stand beside the name without being part of it (area, kind).
    extra: Vec<String>,
}

/// The home's names, ready for matching.
#[derive(Debug, Clone)]
pub struct Index {
    names: Vec<Name>,
    /// Every word of every name, and the names it occurs in.
    postings: HashMap<String, Vec<usize>>,
}

/// What a span of words names.
#[derive(Debug, Clone, PartialEq)]
pub enum MentionKind {
    /// Entities whose names cover the words, best first, with a score (1.0: a whole name).
    Entities(Vec<(usize, f64)>),
    /// "kitchen lights", "the humidity in the bathroom"
    AreaClass(usize, Class),
    Area(usize),
    Person(usize),
    /// "the lights", "all the blinds"
    Class(Class),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The words as written ("bedside lamp").
    pub text: String,
    /// Written as a plural ("lights", "both bedside lamps").
    pub plural: bool,
    /// "all", "every", "both" before it.
    pub all: bool,
    pub kind: MentionKind,
}

/// What a mention resolves to under a role's filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Entities(Vec<String>, f64),
    /// Every entity of a domain ("all the lights").
    All(String),
    /// Every entity of a domain in an area ("the kitchen lights").
    Area(String, String, Vec<String>),
    /// Several fit equally well.
    Ambiguous(Vec<String>),
    Nothing,
}

const STOP: &[&str] = &[
    "the", "a", "an", "my", "our", "your", "all", "both", "every", "each", "of", "in", "on", "at",
    "to", "and", "or", "is", "are", "it", "its", "this", "that", "these", "those", "please",
];

/// A word matches a name word: equal, or one edit apart (two for long words), same first letter.
fn close(query: &str, word: &str) -> Option<bool> {
    if query == word {
        return Some(false);
    }
    if query.len() < 4 || word.len() < 4 || query.as_bytes()[0] != word.as_bytes()[0] {
        return None;
    }
    let limit = if word.len() >= 8 { 2 } else { 1 };
    (strsim::damerau_levenshtein(query, word) <= limit).then_some(true)
}

fn words_of(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|t| t.raw != ",")
        .map(|t| t.stem)
        .collect()
}

fn kind_words(e: &Entity) -> Vec<String> {
    let mut w: Vec<&str> = match e.domain() {
        "light" => vec!["light", "lamp", "lighting"],
        "switch" => vec!["switch", "plug", "socket"],
        "scene" => vec!["scene", "mode"],
        "cover" => vec!["blind", "cover", "shade"],
        "input_boolean" => vec!["mode", "switch"],
        "media_player" => vec!["speaker", "player"],
        "climate" => vec!["thermostat", "heating"],
        "lock" => vec!["lock"],
        "binary_sensor" | "sensor" => vec!["sensor", "contact"],
        _ => vec![],
    };
    if let Some(c) = e.class() {
        w.push(c);
    }
    w.into_iter().map(stem).collect()
}

impl Index {
    pub fn new(home: &Home) -> Self {
        let mut names = Vec::new();
        let area_words: Vec<Vec<String>> = home
            .areas
            .iter()
            .map(|a| {
                let mut w = words_of(&a.name);
                for al in &a.aliases {
                    w.extend(words_of(al));
                }
                w
            })
            .collect();
        for (i, a) in home.areas.iter().enumerate() {
            for n in std::iter::once(&a.name).chain(&a.aliases) {
                names.push(Name {
                    owner: Owner::Area(i),
                    words: words_of(n),
                    extra: Vec::new(),
                });
            }
        }
        for (i, e) in home.entities.iter().enumerate() {
            if matches!(e.domain(), "zone" | "sun") {
                continue;
            }
            let mut extra = kind_words(e);
            if let Some(ai) = e
                .area_id
                .as_deref()
                .and_then(|a| home.areas.iter().position(|x| x.area_id == a))
            {
                extra.extend(area_words[ai].iter().cloned());
            }
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                names.push(Name {
                    owner: Owner::Entity(i),
                    words: words_of(n),
                    extra: extra.clone(),
                });
            }
        }
        for (i, p) in home.persons.iter().enumerate() {
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                names.push(Name {
                    owner: Owner::Person(i),
                    words: words_of(n),
                    extra: Vec::new(),
                });
            }
        }
        // names written as one word ("livingroom", "kidsroom")
        let joined: Vec<Name> = names
            .iter()
            .filter(|n| n.words.len() >= 2)
            .map(|n| Name {
                owner: n.owner,
                words: vec![n.words.concat()],
                extra: n.extra.clone(),
            })
            .collect();
        names.extend(joined);
        let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, n) in names.iter().enumerate() {
            for w in n.words.iter().chain(&n.extra) {
                let list = postings.entry(w.clone()).or_default();
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
        Self { names, postings }
    }

    /// The known words a query word may be (itself, or a near spelling).
    fn readings(&self, word: &str) -> Vec<(String, bool)> {
        if self.postings.contains_key(word) || Class::from_stem(word).is_some() {
            return vec![(word.to_owned(), false)];
        }
        if crate::grammar::is_grammar_word(word) {
            return Vec::new();
        }
        self.postings
            .keys()
            .filter_map(|k| close(word, k).map(|_| (k.clone(), true)))
            .collect()
    }

    /// Whether the words cover a name: (name words matched, typos) or None.
    fn cover(&self, name: &Name, span: &[Vec<(String, bool)>]) -> Option<(usize, usize)> {
        let mut used = vec![false; name.words.len()];
        let mut matched = 0;
        let mut typos = 0;
        for readings in span {
            let mut ok = false;
            for (w, typo) in readings {
                if let Some(p) = name
                    .words
                    .iter()
                    .enumerate()
                    .position(|(k, nw)| !used[k] && nw == w)
                {
                    used[p] = true;
                    matched += 1;
                    typos += usize::from(*typo);
                    ok = true;
                    break;
                }
                if name.extra.contains(w) {
                    typos += usize::from(*typo);
                    ok = true;
                    break;
                }
            }
            if !ok {
                return None;
            }
        }
        (matched > 0).then_some((matched, typos))
    }

    fn interpret(&self, span: &[Vec<(String, bool)>], home: &Home) -> Option<MentionKind> {
        // words read only through a typo need an exact word beside them, or length
        let exact = span.iter().any(|r| r.iter().any(|(_, typo)| !typo));
        if !exact && span.iter().flatten().any(|(w, _)| w.len() < 6) {
            return None;
        }
        // candidate names: those holding the first word
        let mut entity_best: HashMap<usize, f64> = HashMap::new();
        let mut area_full = None;
        let mut person_full = None;
        let mut seen = Vec::new();
        for (w, _) in span.iter().flatten() {
            for &k in self.postings.get(w).into_iter().flatten() {
                if seen.contains(&k) {
                    continue;
                }
                seen.push(k);
                let name = &self.names[k];
                let Some((matched, typos)) = self.cover(name, span) else {
                    continue;
                };
                let full = matched == name.words.len();
                let score = matched as f64 / name.words.len() as f64 - 0.05 * typos as f64;
                match name.owner {
                    Owner::Entity(e) => {
                        let best = entity_best.entry(e).or_insert(0.0);
                        if score > *best {
                            *best = score;
                        }
                    }
                    Owner::Area(a) if full && matched == span.len() => area_full = Some(a),
                    Owner::Person(p) if full && matched == span.len() => person_full = Some(p),
                    _ => {}
                }
            }
        }
        let mut ents: Vec<(usize, f64)> = entity_best.into_iter().collect();
        ents.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let top = ents.first().map_or(0.0, |e| e.1);
        if top >= 0.94 {
            return Some(MentionKind::Entities(ents));
        }
        if let Some(p) = person_full {
            return Some(MentionKind::Person(p));
        }
        if let Some(a) = area_full {
            return Some(MentionKind::Area(a));
        }
        // a grammar word alone ("left", "open") is a name only when it is the whole name
        if span.len() == 1
            && span[0]
                .iter()
                .all(|(w, _)| crate::grammar::is_grammar_word(w) && Class::from_stem(w).is_none())
        {
            return None;
        }
        if let Some(kind) = self.area_class(span) {
            return Some(kind);
        }
        let class = if span.len() == 1 {
            span[0].iter().find_map(|(w, _)| Class::from_stem(w))
        } else {
            None
        };
        let unique_top = ents.len() == 1 || (ents.len() > 1 && ents[0].1 - ents[1].1 > 0.01);
        // "the plug" where one switch is named "TV Plug" and five more are plugs too: the
        // word names the kind, not that one (a partial name of one of several of the kind)
        let kind_word_of_many = class.is_some_and(|c| {
            ents.len() == 1
                && c.fits(&home.entities[ents[0].0])
                && home.entities.iter().filter(|e| c.fits(e)).count() > 1
        });
        if let Some(c) = class
            && !(unique_top && !ents.is_empty() && !c.fits(&home.entities[ents[0].0]))
            && (!(unique_top && ents.len() == 1) || kind_word_of_many)
        {
            return Some(MentionKind::Class(c));
        }
        if !ents.is_empty() {
            return Some(MentionKind::Entities(ents));
        }
        None
    }

    /// The mentions in the free words of a request, longest first, left to right.
    pub fn mentions(&self, toks: &[Token], used: &[bool], home: &Home) -> Vec<Mention> {
        let readings: Vec<Vec<(String, bool)>> = toks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if used[i] || !t.is_word() || STOP.contains(&t.raw.as_str()) {
                    Vec::new()
                } else {
                    self.readings(&t.stem)
                }
            })
            .collect();
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let next = toks.get(i + 1).map_or("", |t| t.raw.as_str());
            let ordered = crate::grammar::verb(&toks[i].raw).is_some()
                && matches!(
                    next,
                    "the"
                        | "a"
                        | "all"
                        | "both"
                        | "my"
                        | "our"
                        | "on"
                        | "off"
                        | "it"
                        | "them"
                        | "up"
                        | "down"
                );
            // "… then lock door": an order's verb right after "then" (or opening the request)
            // is never the first word of a name ("Door Lock" read in any order)
            let prev = if i > 0 { toks[i - 1].raw.as_str() } else { "" };
            let opens_order = crate::grammar::verb(&toks[i].raw).is_some()
                && (i == 0 || matches!(prev, "then" | ","));
            if readings[i].is_empty() || ordered || opens_order {
                i += 1;
                continue;
            }
            let mut run = i;
            while run < toks.len() && !readings[run].is_empty() && run - i < 6 {
                run += 1;
            }
            let mut found = None;
            for end in (i + 1..=run).rev() {
                if let Some(kind) = self.interpret(&readings[i..end], home) {
                    found = Some((end, kind));
                    break;
                }
            }
            let Some((end, kind)) = found else {
                i += 1;
                continue;
            };
            let last = &toks[end - 1];
            let lead = |k: usize| toks.get(k).map_or("", |t| t.raw.as_str());
            let all = (i >= 1
                && matches!(lead(i - 1), "all" | "both" | "every" | "any" | "either"))
                || (i >= 2 && lead(i - 1) == "the" && matches!(lead(i - 2), "all" | "both"));
            let plural = last.raw != last.stem && last.raw.ends_with('s') || all;
            let kind = if last.raw != last.stem && last.raw.ends_with('s') {
                self.room_plural(kind, &readings[i..end], &last.raw, home)
            } else {
                kind
            };
            let text = toks[i..end]
                .iter()
                .map(|t| t.raw.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Mention {
                start: i,
                end,
                text,
                plural,
                all,
                kind,
            });
            i = end;
        }
        areas::combine_with_areas(&mut out, toks, home);
        out
    }
}
