//! Spelling variants (表記ゆれ): groups of equivalent spellings, read from
//! `content/search/variants.toml`:
//!
//! ```toml
//! [[variants]]
//! words = ["子ども", "子供", "こども"]   # the first is the canonical spelling
//! ```
//!
//! Before tokenizing, every occurrence of a spelling (normalized like the text: NFKC, kana
//! folded, lower case) is replaced by its group's canonical spelling, at index and at query
//! time alike, scanning left to right and taking the longest spelling that matches at each
//! place. The browser client gets the same table in `search/index.js`.

use std::collections::HashMap;

use serde::Deserialize;

use super::SearchError;
use super::tokenize::normalize;

/// Groups of equivalent spellings; the first word of a group is canonical.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Variants {
    /// Normalized groups, canonical first, without duplicates.
    groups: Vec<Vec<String>>,
    /// First character → (spelling, canonical), longest spelling (in characters) first.
    by_first: HashMap<char, Vec<(String, String)>>,
    /// Which characters of the Basic Multilingual Plane start a spelling, one bit each:
    /// [`Variants::apply`] looks most characters up here instead of in `by_first`.
    first_bits: Vec<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VariantsFile {
    #[serde(default)]
    variants: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    words: Vec<String>,
}

impl Variants {
    /// Parses `variants.toml`. Errors: bad TOML, a group with fewer than two words, an empty
    /// word, a word that is in two groups (after normalization).
    pub fn parse_toml(text: &str) -> Result<Variants, SearchError> {
        let file: VariantsFile =
            toml::from_str(text).map_err(|e| SearchError::Variants(e.to_string()))?;
        Variants::from_groups(file.variants.into_iter().map(|g| g.words))
    }

    /// Builds the table from groups of words (canonical first).
    pub fn from_groups<I, G, S>(groups: I) -> Result<Variants, SearchError>
    where
        I: IntoIterator<Item = G>,
        G: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = Variants::default();
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (n, words) in groups.into_iter().enumerate() {
            let raw: Vec<String> = words.into_iter().map(|w| w.as_ref().to_string()).collect();
            if raw.len() < 2 {
                return Err(SearchError::Variants(format!(
                    "group {} ({}) needs at least two words",
                    n + 1,
                    raw.join(", ")
                )));
            }
            let mut group: Vec<String> = Vec::new();
            for word in &raw {
                let norm = normalize(word.trim());
                if norm.is_empty() {
                    return Err(SearchError::Variants(format!(
                        "group {}: an empty word",
                        n + 1
                    )));
                }
                if group.contains(&norm) {
                    continue;
                }
                if let Some(other) = owner.get(&norm) {
                    return Err(SearchError::Variants(format!(
                        "「{word}」 is in group {} and group {}",
                        other + 1,
                        n + 1
                    )));
                }
                owner.insert(norm.clone(), n);
                group.push(norm);
            }
            out.groups.push(group);
        }
        for group in &out.groups {
            for word in group {
                if let Some(first) = word.chars().next() {
                    out.by_first
                        .entry(first)
                        .or_default()
                        .push((word.clone(), group[0].clone()));
                }
            }
        }
        for list in out.by_first.values_mut() {
            list.sort_by(|a, b| {
                (b.0.chars().count().cmp(&a.0.chars().count())).then_with(|| a.0.cmp(&b.0))
            });
        }
        out.first_bits = vec![0; 0x10000 / 64];
        for &c in out.by_first.keys() {
            if let Some(bits) = out.first_bits.get_mut(c as usize / 64) {
                *bits |= 1 << (c as usize % 64);
            }
        }
        Ok(out)
    }

    /// The normalized groups, canonical first (exported to the browser).
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Replaces each spelling in a *normalized* text by its canonical spelling.
    pub fn apply(&self, normalized: &str) -> String {
        let mut out = String::with_capacity(normalized.len());
        // `normalized[..copied]` is in `out`, as it is or replaced
        let mut copied = 0;
        for (i, c) in normalized.char_indices() {
            if i < copied || !self.may_start(c) {
                continue;
            }
            let hit = self.by_first.get(&c).and_then(|list| {
                list.iter()
                    .find(|(w, _)| normalized[i..].starts_with(w.as_str()))
            });
            if let Some((w, canonical)) = hit {
                out.push_str(&normalized[copied..i]);
                out.push_str(canonical);
                copied = i + w.len();
            }
        }
        out.push_str(&normalized[copied..]);
        out
    }

    /// Might a spelling start with `c`?
    fn may_start(&self, c: char) -> bool {
        match self.first_bits.get(c as usize / 64) {
            Some(bits) => bits & (1 << (c as usize % 64)) != 0,
            None => !self.by_first.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
[[variants]]
words = ["子ども", "子供", "こども"]

[[variants]]
words = ["障がい", "障害", "障碍"]
"#;

    #[test]
    fn parses_and_replaces_with_the_canonical_spelling() {
        let v = Variants::parse_toml(TOML).expect("valid");
        assert_eq!(v.groups().len(), 2);
        assert_eq!(v.apply("子供食堂"), "子ども食堂");
        assert_eq!(v.apply("こども食堂と障害者"), "子ども食堂と障がい者");
        assert_eq!(v.apply("子ども"), "子ども", "the canonical spelling stays");
    }

    #[test]
    fn spellings_are_normalized_like_the_text() {
        let v = Variants::from_groups([["サロン", "ｻﾛﾝ", "集いの場"]]).expect("valid");
        // サロン and ｻﾛﾝ both normalize to さろん: one spelling
        assert_eq!(
            v.groups(),
            [vec!["さろん".to_string(), "集いの場".to_string()]]
        );
        assert_eq!(v.apply(&normalize("集いの場")), "さろん");
    }

    #[test]
    fn longest_spelling_wins() {
        let v =
            Variants::from_groups([vec!["ども", "ドモ2"], vec!["子ども", "子供"]]).expect("valid");
        assert_eq!(v.apply("子供"), "子ども");
        assert_eq!(v.apply("子ども"), "子ども");
        assert_eq!(v.apply("ども"), "ども");
    }

    #[test]
    fn spellings_side_by_side_and_outside_the_basic_plane() {
        let v =
            Variants::from_groups([vec!["子ども", "子供"], vec!["よしだ", "𠮷田"]]).expect("valid");
        assert_eq!(v.apply("子供子供"), "子ども子ども");
        assert_eq!(v.apply("𠮷田さんと子供"), "よしださんと子ども");
        assert_eq!(v.apply("𠮷𠮷田"), "𠮷よしだ");
        assert_eq!(v.apply("子"), "子", "a first character alone");
        assert_eq!(Variants::default().apply("子供"), "子供");
    }

    #[test]
    fn rejects_bad_files() {
        assert!(Variants::parse_toml("[[variants]]\nwords = [\"一つ\"]").is_err());
        assert!(Variants::parse_toml("[[variants]]\nwords = [\"a\", \"\"]").is_err());
        assert!(Variants::parse_toml("[[variants]]\nword = [\"a\", \"b\"]").is_err());
        let twice = "[[variants]]\nwords = [\"a\", \"b\"]\n[[variants]]\nwords = [\"c\", \"B\"]";
        assert!(Variants::parse_toml(twice).is_err());
        assert!(Variants::parse_toml("").expect("empty is fine").is_empty());
    }
}
