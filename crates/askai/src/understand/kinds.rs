//! Lists of kinds of things: "all lights and switches", "all lights, switches and media
//! players", "every light and fan": each kind's every entity (`entity_id: all` of its
//! domain). "everything" / "all devices" name no kind, so they are asked about.

use super::*;

/// "all lights, switches and media players": the words it spans and the domains it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KindList {
    pub start: usize,
    pub end: usize,
    pub domains: Vec<&'static str>,
}

/// Whether a word names a kind of thing ("switches", "fans").
pub(super) fn is_kind_word(word: &str) -> bool {
    kind_at(&[word, "players"], 0).is_some()
}

/// The domain a kind word (or two) at `i` names, and how many words it takes.
fn kind_at(words: &[&str], i: usize) -> Option<(&'static str, usize)> {
    let w = *words.get(i)?;
    let next = words.get(i + 1).copied().unwrap_or("");
    Some(match w {
        "lights" | "lamps" | "light" | "lamp" | "lighting" | "bulbs" => ("light", 1),
        "switches" | "plugs" | "sockets" | "outlets" | "switch" | "plug" => ("switch", 1),
        "media" if matches!(next, "players" | "player" | "devices") => ("media_player", 2),
        "speakers" | "tvs" | "televisions" | "players" => ("media_player", 1),
        "fans" | "fan" => ("fan", 1),
        "blinds" | "covers" | "shades" | "curtains" | "shutters" => ("cover", 1),
        "locks" => ("lock", 1),
        "thermostats" => ("climate", 1),
        _ => return None,
    })
}

/// Every list of two or more kinds after "all"/"every" in the free words of a request, and
/// one kind that names of the home do not read as a kind (switches, fans, media players).
pub(super) fn kind_lists(toks: &[Token], used: &[bool]) -> Vec<KindList> {
    let words: Vec<&str> = toks.iter().map(|t| t.raw.as_str()).collect();
    let free = |k: usize| k < words.len() && !used[k];
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !(free(i) && matches!(words[i], "all" | "every")) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut domains: Vec<&'static str> = Vec::new();
        let mut end = j;
        loop {
            while free(j)
                && matches!(
                    words[j],
                    "the" | "of" | "my" | "our" | "all" | "," | "and" | "or" | "&"
                )
            {
                j += 1;
            }
            let Some((d, len)) = kind_at(&words, j).filter(|&(_, len)| (j..j + len).all(free))
            else {
                break;
            };
            if !domains.contains(&d) {
                domains.push(d);
            }
            j += len;
            end = j;
        }
        // one kind the names do not read as a kind ("all switches", "every media player")
        let lone = matches!(
            domains.as_slice(),
            ["switch" | "fan" | "media_player" | "climate"]
        );
        if domains.len() >= 2 || lone {
            out.push(KindList {
                start: i,
                end,
                domains,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

impl Reader<'_> {
    /// The kinds list inside a clause, if any.
    pub(super) fn kind_list_in(&self, c: &Clause) -> Option<KindList> {
        self.kind_lists
            .iter()
            .find(|l| l.start >= c.start && l.end <= c.end)
            .cloned()
    }

    /// One `entity_id: all` target per kind of the list that the verb acts on; a kind the
    /// home has none of (or the verb cannot act on) is asked about.
    pub(super) fn kind_targets(
        &mut self,
        list: &KindList,
        accept: &dyn Fn(&Entity) -> bool,
    ) -> Option<Vec<TargetPart>> {
        let mut out = Vec::new();
        for d in &list.domains {
            let any = self
                .home
                .entities
                .iter()
                .any(|e| e.domain() == *d && accept(e));
            if !any {
                let kind = crate::describe::kind_plural(d);
                self.ask(
                    QuestionKind::UnknownDevice,
                    &kind,
                    &format!("This home has no {kind} this can act on. Should I leave them out?"),
                    vec![Choice {
                        value: format!("without the {kind}"),
                        label: "Leave them out".into(),
                    }],
                );
                return None;
            }
            out.push(TargetPart::All((*d).to_owned()));
        }
        Some(out)
    }

    /// "turn off everything", "all devices": which kinds? True when it asked.
    pub(super) fn ask_everything(&mut self, c: &Clause) -> bool {
        let free: Vec<usize> = (c.start..c.end).filter(|&k| self.is_free(k)).collect();
        let everything = free.iter().any(|&k| {
            matches!(self.word(k), "everything" | "anything")
                || (matches!(self.word(k), "devices" | "device" | "things" | "appliances")
                    && k > 0
                    && matches!(self.word(k - 1), "all" | "every" | "the"))
        });
        if !everything {
            return false;
        }
        let options = [
            "all lights",
            "all lights and switches",
            "all lights, switches and media players",
        ]
        .into_iter()
        .map(|v| Choice {
            value: v.to_owned(),
            label: v.to_owned(),
        })
        .collect();
        self.ask(
            QuestionKind::Action,
            "everything",
            "Which kinds of things should \"everything\" be: all lights, all lights and switches, or all lights, switches and media players?",
            options,
        );
        true
    }

    /// Whether the request's event is the whole house emptying ("everyone leaves", "nobody
    /// is home") and it names no room.
    pub(super) fn house_empties(&self) -> bool {
        let words: Vec<&str> = self.toks.iter().map(|t| t.raw.as_str()).collect();
        let everyone = words
            .iter()
            .any(|w| matches!(*w, "everyone" | "everybody" | "nobody" | "noone"))
            || words.windows(2).any(|w| {
                matches!(
                    w,
                    ["no", "one"] | ["all", "people"] | ["all", "of"] | ["we", "all"]
                )
            });
        let away = grammar::presence(&words) == Some("not_home");
        let room = self
            .mentions
            .iter()
            .any(|m| matches!(m.kind, MentionKind::Area(_) | MentionKind::AreaClass(..)));
        everyone && away && !room
    }
}
