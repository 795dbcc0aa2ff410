//! "Original source" credits: lines such as `Source: https://…`, `Källa: …`, `Quelle: …`,
//! `Nguồn: …` that name where a re-published or translated article came from.

use std::sync::LazyLock;

use regex::Regex;

/// Credit labels in the languages we ingest, lower-case, without the colon.
const LABELS: &[&str] = &[
    "source",
    "sources",
    "original source",
    "originally published",
    "originally published at",
    "read the original",
    "quelle",
    "källa",
    "kilde",
    "lähde",
    "fuente",
    "fonte",
    "source originale",
    "bron",
    "źródło",
    "zdroj",
    "forrás",
    "sursa",
    "sursă",
    "πηγή",
    "источник",
    "джерело",
    "kaynak",
    "nguồn",
    "sumber",
    "出典",
    "来源",
    "來源",
    "출처",
    "المصدر",
    "منبع",
    "מקור",
    "स्रोत",
];

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let labels = LABELS.iter().map(|l| regex::escape(l)).collect::<Vec<_>>().join("|");
    Regex::new(&format!(r"(?i)^\s*(?:\(|\[)?\s*(?:{labels})\s*[:：]\s*(.+?)\s*(?:\)|\])?\s*$")).expect("credit regex")
});

static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"https?://[^\s<>()\[\]]+").expect("url regex"));

/// The value of a credit line (what follows the label), if `line` is one.
fn credit_value(line: &str) -> Option<&str> {
    if line.split_whitespace().count() > 16 {
        return None;
    }
    CREDIT.captures(line).and_then(|c| c.get(1)).map(|m| m.as_str())
}

/// The URL of the first credit line in `text` that names one.
pub fn find_original(text: &str) -> Option<String> {
    text.lines()
        .filter_map(credit_value)
        .find_map(|v| URL.find(v))
        .map(|m| m.as_str().trim_end_matches(['.', ',']).to_string())
}

/// `text` without its credit lines.
pub fn strip_credit_lines(text: &str) -> String {
    if !text.lines().any(|l| credit_value(l).is_some()) {
        return text.to_string();
    }
    let kept: Vec<&str> = text.split("\n\n").filter(|p| credit_value(p.trim()).is_none()).collect();
    kept.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_credits_in_many_languages() {
        for line in [
            "Källa: https://congluan.vn/iran-bac-tin-10331986.html",
            "Source: https://example.com/a.",
            "(Quelle: https://example.com/a)",
            "Nguồn: https://example.com/a",
            "المصدر: https://example.com/a",
        ] {
            let text = format!("Some paragraph here.\n\n{line}\n\nMore.");
            let got = find_original(&text);
            assert!(got.as_deref().is_some_and(|u| u.starts_with("https://")), "{line}: {got:?}");
            assert!(!strip_credit_lines(&text).contains(line));
        }
        assert_eq!(
            find_original("Källa: https://congluan.vn/iran-bac-tin-se-dam-phan-voi-my-10331986.html").as_deref(),
            Some("https://congluan.vn/iran-bac-tin-se-dam-phan-voi-my-10331986.html")
        );
    }

    #[test]
    fn ordinary_sentences_are_not_credits() {
        let t = "The source of the fire was unknown: officials said they would look into https://example.com soon, and then a great many other words followed.";
        assert_eq!(find_original(t), None);
        assert_eq!(strip_credit_lines(t), t);
    }
}
