//! References to someone named elsewhere in the request: "her", "his", "he", "she", "him"
//! are the one person the request names ("when Alice leaves, turn off her bedside lamp" is
//! Alice's lamp, "alert Bob if the door opens while he is away" is while Bob is away).

use super::*;

/// "when Alice leaves, turn off her bedside lamp": with one person named, "her"/"his" is
/// that person ("alice bedside lamp" is the name of Alice's lamp). True when a word changed.
pub(super) fn owner_named(
    toks: &mut [Token],
    used: &[bool],
    mentions: &[Mention],
    home: &Home,
) -> bool {
    let mut persons = mentions.iter().filter_map(|m| match m.kind {
        MentionKind::Person(p) => Some(p),
        _ => None,
    });
    let Some(p) = persons.next() else {
        return false;
    };
    if persons.any(|q| q != p) {
        return false;
    }
    let Some(name) = home
        .persons
        .get(p)
        .and_then(|x| tokenize(&x.name).into_iter().next())
    else {
        return false;
    };
    let mut changed = false;
    for (k, t) in toks.iter_mut().enumerate() {
        if !used.get(k).copied().unwrap_or(true)
            && matches!(t.raw.as_str(), "her" | "his" | "he" | "she" | "him")
        {
            *t = name.clone();
            changed = true;
        }
    }
    changed
}
