//! Numbers written as digits or words ("fifteen", "twenty five", "half").

use crate::text::Token;

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A number written as one word.
pub fn word_number(word: &str) -> Option<u32> {
    if let Some(i) = UNITS.iter().position(|w| *w == word) {
        return u32::try_from(i).ok();
    }
    if let Some(i) = TENS.iter().position(|w| *w == word) {
        return u32::try_from(20 + 10 * i).ok();
    }
    match word {
        "hundred" => Some(100),
        "dozen" => Some(12),
        _ => None,
    }
}

/// The number starting at `i` and how many tokens it takes ("twenty five" is two).
pub fn number_at(tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let t = tokens.get(i)?;
    let first = t.number()?;
    if TENS.contains(&t.raw.as_str())
        && let Some(next) = tokens.get(i + 1)
        && let Some(unit) = UNITS.iter().position(|w| *w == next.raw)
        && (1..10).contains(&unit)
    {
        return Some((first + unit as f64, 2));
    }
    Some((first, 1))
}
