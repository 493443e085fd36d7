//! "Did you mean" hints: the known name closest to one that was not found.

/// The candidate most like `name`, if one is close enough to be a likely
/// typo: equal but for letter case, or within an edit distance of a third of
/// the name's length (at least 1). Ties go to the alphabetically first
/// candidate, so the hint is deterministic.
///
/// ```
/// let known = ["InputUser", "InputPeer", "User"];
/// assert_eq!(typelang_parser::suggest::closest("inputuser", known), Some("InputUser"));
/// assert_eq!(typelang_parser::suggest::closest("InputUsr", known), Some("InputUser"));
/// assert_eq!(typelang_parser::suggest::closest("Message", known), None);
/// ```
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = (len / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        // The edit distance is at least the difference in length (and names
        // equal but for case have the same length): skip the work.
        if candidate == name || candidate.chars().count().abs_diff(len) > limit {
            continue;
        }
        let distance = if candidate.eq_ignore_ascii_case(name) {
            0
        } else {
            strsim::levenshtein(name, candidate)
        };
        if distance > limit {
            continue;
        }
        let better = match best {
            None => true,
            Some((d, c)) => (distance, candidate) < (d, c),
        };
        if better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn case_beats_edits_and_ties_are_alphabetical() {
        assert_eq!(closest("USER", ["Usr", "User"]), Some("User"));
        assert_eq!(closest("ab", ["ac", "aa"]), Some("aa"));
        assert_eq!(closest("x", ["x"]), None);
        assert_eq!(closest("abcdefgh", ["zzzzzzzz"]), None);
    }
}
