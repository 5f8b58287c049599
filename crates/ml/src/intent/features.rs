//! What the intent model sees of a word: hashed features of the word, its letters (so word
//! forms and typos share most of them) and its neighbours. Every word gets [`PER_WORD`] slots;
//! slot value 0 is "none" and weighs nothing.

/// Feature slots per word.
pub const PER_WORD: usize = 26;

/// Letter trigrams kept per word (the rest of a long word's are dropped).
const TRIGRAMS: usize = 14;

/// FNV-1a, 64 bit: stable across builds and machines (a model's features must not change).
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

fn shape(w: &str) -> &'static str {
    if w.chars().all(|c| c.is_ascii_digit()) {
        "digits"
    } else if w.chars().any(|c| c.is_ascii_digit()) {
        "mixed"
    } else if w.chars().all(char::is_alphabetic) {
        "word"
    } else {
        "other"
    }
}

/// The feature slots of every word of a sentence, flattened (`words.len() * PER_WORD`), each a
/// bucket in `1..buckets`.
pub fn sentence(words: &[String], buckets: u32) -> Vec<u32> {
    let bucket = |parts: &[&str]| -> u32 { (fnv(parts) % u64::from(buckets - 1)) as u32 + 1 };
    let at = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else {
            words.get(i as usize).map_or("</s>", String::as_str)
        }
    };
    let mut out = Vec::with_capacity(words.len() * PER_WORD);
    for (i, w) in words.iter().enumerate() {
        let i = i as isize;
        let chars: Vec<char> = w.chars().collect();
        let prefix = |n: usize| chars.iter().take(n).collect::<String>();
        let suffix = |n: usize| {
            chars[chars.len().saturating_sub(n)..]
                .iter()
                .collect::<String>()
        };
        let (p3, p4, s3, s4) = (prefix(3), prefix(4), suffix(3), suffix(4));
        let mut slots = vec![
            bucket(&["w", w]),
            bucket(&["p3", &p3]),
            bucket(&["p4", &p4]),
            bucket(&["s3", &s3]),
            bucket(&["s4", &s4]),
            bucket(&["w-1", at(i - 1)]),
            bucket(&["w+1", at(i + 1)]),
            bucket(&["w-2", at(i - 2)]),
            bucket(&["w+2", at(i + 2)]),
            bucket(&["b-", at(i - 1), w]),
            bucket(&["b+", w, at(i + 1)]),
            bucket(&["shape", shape(w)]),
        ];
        let padded: Vec<char> = std::iter::once('^')
            .chain(chars.iter().copied())
            .chain(std::iter::once('$'))
            .collect();
        for g in padded.windows(3).take(TRIGRAMS) {
            let g: String = g.iter().collect();
            slots.push(bucket(&["c3", &g]));
        }
        slots.resize(PER_WORD, 0);
        out.extend(slots);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn every_word_has_its_slots_and_a_typo_shares_most_of_them() {
        let a = sentence(&words("illuminate the lamp"), 1 << 15);
        let b = sentence(&words("iluminate the lamp"), 1 << 15);
        assert_eq!(a.len(), 3 * PER_WORD);
        assert!(a.iter().all(|v| *v < (1 << 15)));
        let first_a: std::collections::HashSet<u32> = a[..PER_WORD].iter().copied().collect();
        let shared = b[..PER_WORD]
            .iter()
            .filter(|v| **v != 0 && first_a.contains(v))
            .count();
        assert!(shared >= 10, "only {shared} shared");
        assert_eq!(sentence(&words("illuminate the lamp"), 1 << 15), a);
    }
}
