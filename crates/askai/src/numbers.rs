//! Numbers written as digits or words ("fifteen", "twenty five", "half").

pub(crate) const UNITS: [&str; 20] = [
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
pub(crate) const TENS: [&str; 8] = [
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
