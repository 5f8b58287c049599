//! Area under the ROC curve (the Mann–Whitney statistic, ties counted half).

/// AUC of `scores` against `labels`; `None` without both a positive and a negative.
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let mut items: Vec<(f64, bool)> = scores.iter().copied().zip(labels.iter().copied()).collect();
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = items.iter().filter(|(_, l)| *l).count();
    let negatives = items.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    // average ranks (1-based) over ties
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j + 1 < items.len() && items[j + 1].0 == items[i].0 {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += rank * items[i..=j].iter().filter(|(_, l)| *l).count() as f64;
        i = j + 1;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

#[cfg(test)]
mod tests {
    use super::auc;

    #[test]
    fn perfect_random_and_inverted() {
        assert_eq!(
            auc(&[0.1, 0.2, 0.8, 0.9], &[false, false, true, true]),
            Some(1.0)
        );
        assert_eq!(
            auc(&[0.9, 0.8, 0.2, 0.1], &[false, false, true, true]),
            Some(0.0)
        );
        assert_eq!(
            auc(&[0.5, 0.5, 0.5, 0.5], &[false, true, false, true]),
            Some(0.5)
        );
        assert_eq!(auc(&[0.5, 0.6], &[true, true]), None);
    }
}
