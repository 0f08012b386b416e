//! "Did you mean": the known values closest to one that is not known, for messages.
//!
//! One rule for every lookup that can suggest (countries, statuses, levels, kinds of training):
//! similarity is Damerau–Levenshtein over characters (`strsim`), so a typo in a Chinese name
//! (`土耳奇`) is as close as one in an English name (`Turky`); a value that is part of a known
//! one, or holds one (`刚果` in `刚果（金）`), counts as close too. Only close candidates are
//! offered: a suggestion that is a guess would be worse than none.

/// At most this many suggestions are made.
pub(crate) const MAX_SUGGESTIONS: usize = 3;

/// How similar (0 to 1) a candidate must be to be suggested.
const MIN_SIMILARITY: f64 = 0.6;

/// How much less similar than the best a candidate may be and still be suggested: `Tailand` is
/// Thailand, not also Taiwan.
const MARGIN: f64 = 0.1;

/// The candidates closest to `value`, best first: `(text, target)` pairs, where `target` is what
/// the text names (an ISO code, a vocabulary value). Only the best text of each target is kept.
pub(crate) fn closest<'a>(
    value: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    let value = value.trim().to_lowercase();
    if value.chars().count() < 2 {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str, &str)> = Vec::new();
    for (text, target) in candidates {
        let known = text.to_lowercase();
        let mut score = strsim::normalized_damerau_levenshtein(&value, &known);
        if known.chars().count() >= 2 && (known.contains(&value) || value.contains(&known)) {
            score = score.max(MIN_SIMILARITY);
        }
        if score < MIN_SIMILARITY {
            continue;
        }
        match scored.iter_mut().find(|(_, _, t)| *t == target) {
            Some(best) if best.0 >= score => {}
            Some(best) => *best = (score, text, target),
            None => scored.push((score, text, target)),
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .take_while(|s| s.0 >= best - MARGIN)
        .take(MAX_SUGGESTIONS)
        .map(|(_, text, target)| (text, target))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTRIES: &[(&str, &str)] = &[
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("土耳其", "TR"),
        ("Thailand", "TH"),
        ("Taiwan", "TW"),
        ("刚果（金）", "CD"),
        ("刚果（布）", "CG"),
    ];

    #[test]
    fn a_typo_suggests_the_closest_name_once_per_target() {
        assert_eq!(
            closest("Turky", COUNTRIES.iter().copied()),
            [("Turkey", "TR")]
        );
        assert_eq!(
            closest("土耳奇", COUNTRIES.iter().copied()),
            [("土耳其", "TR")]
        );
        assert_eq!(
            closest("Tailand", COUNTRIES.iter().copied()),
            [("Thailand", "TH")]
        );
    }

    #[test]
    fn part_of_a_name_suggests_every_name_holding_it() {
        assert_eq!(
            closest("刚果", COUNTRIES.iter().copied()),
            [("刚果（布）", "CG"), ("刚果（金）", "CD")]
        );
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert!(closest("Atlantis", COUNTRIES.iter().copied()).is_empty());
    }
}
