//! Line shapes shared by the plain-text and HTML paths: prose, menus, boilerplate and
//! calls to action ("Read more: …", "Lesen Sie auch", "Advertisement") in the languages
//! Parallax covers. Nothing here knows a site; the rules read the shape of one line.

/// A line with at least this many words that ends like a sentence is prose.
const PROSE_MIN_WORDS: usize = 8;
/// A line this long is prose even without closing punctuation.
const PROSE_LONG_WORDS: usize = 16;
/// A call to action is a short line: a lead-in and at most a headline.
const CALL_TO_ACTION_MAX_WORDS: usize = 25;

pub(crate) fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

pub(crate) fn ends_like_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '…', '"', '”', '»', '」', '」', '。', '！', '？', ')', '’', '؟', '۔'])
}

/// Word count, counting CJK characters as roughly half a word each (no spaces between words).
pub(crate) fn weighted_words(line: &str) -> usize {
    let cjk =
        line.chars().filter(|c| ('\u{3040}'..='\u{9FFF}').contains(c) || ('\u{AC00}'..='\u{D7AF}').contains(c)).count();
    words(line) + cjk / 2
}

/// A sentence-like line of several words, or a long line, that is not a menu.
pub(crate) fn is_prose(line: &str) -> bool {
    let w = weighted_words(line);
    (w >= PROSE_MIN_WORDS && ends_like_sentence(line) || w >= PROSE_LONG_WORDS) && !is_menu(line)
}

/// Navigation, share bars and breadcrumbs: items joined by `|`, `•`, `·`, `>` or runs of spaces.
pub(crate) fn is_menu(line: &str) -> bool {
    let seps = line.matches(" | ").count()
        + line.matches(" • ").count()
        + line.matches(" · ").count()
        + line.matches(" > ").count();
    seps >= 1 && weighted_words(line) <= 3 * (seps + 1) || line.matches("  ").count() >= 2
}

/// Bullets (related-article lists), copyright and other boilerplate lines.
pub(crate) fn is_boilerplate(line: &str) -> bool {
    line.starts_with(['-', '•', '–', '*', '►', '»', '©']) || line.to_lowercase().starts_with("copyright")
}

/// Labels that are chrome when they are the whole line: ads, comment and share widgets,
/// lists of other articles, newsletter boxes.
const LABELS: &[&str] = &[
    // ads
    "advertisement",
    "advertising",
    "sponsored",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "pubblicità",
    "publicidade",
    "advertentie",
    "annons",
    "annonce",
    "annonse",
    "reklama",
    "reklam",
    "реклама",
    "إعلان",
    "广告",
    "広告",
    "광고",
    "quảng cáo",
    "iklan",
    "mainos",
    // comments, sharing, printing
    "comments",
    "leave a comment",
    "leave a reply",
    "share",
    "share this",
    "share this article",
    "share this story",
    "print",
    "permalink",
    "kommentare",
    "kommentieren",
    "kommentar schreiben",
    "kommentare schreiben",
    "teilen",
    "artikel teilen",
    "teilen sie dies mit",
    "drucken",
    "commentaires",
    "partager",
    "imprimer",
    "permalien",
    "comentarios",
    "compartir",
    "commenti",
    "condividi",
    "comentários",
    "compartilhe",
    "partilhar",
    "reacties",
    "delen",
    "kommentarer",
    "dela",
    "komentarze",
    "udostępnij",
    "комментарии",
    "поделиться",
    "yorumlar",
    "paylaş",
    // lists of other pages
    "tags",
    "categories",
    "related posts",
    "related articles",
    "popular posts",
    "popular articles",
    "most read",
    "most popular",
    "latest news",
    "latest articles",
    "more stories",
    "more news",
    "you may also like",
    "you might also like",
    "recommended for you",
    "schlagworte",
    "kategorien",
    "weitere artikel",
    "neueste artikel",
    "ähnliche artikel",
    "meistgelesen",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "articles similaires",
    "les plus lus",
    "sur le même sujet",
    "vous aimerez aussi",
    "noticias relacionadas",
    "lo más leído",
    "más leídas",
    "etiquetas",
    "articoli correlati",
    "i più letti",
    "notícias relacionadas",
    "mais lidas",
    "você também pode gostar",
    "gerelateerde artikelen",
    "meest gelezen",
    "relaterade artiklar",
    "mest läst",
    "mest lästa",
    "populära inlägg",
    "najczęściej czytane",
    "podobne artykuły",
    "похожие статьи",
    "самое читаемое",
    "популярное",
    "ilgili haberler",
    "en çok okunanlar",
    // newsletters
    "newsletter",
    "subscribe",
    "sign up",
    "follow us",
    "newsletter abonnieren",
    "abonniere unseren newsletter",
    "abonnez-vous",
    "suscríbete",
    "iscriviti",
    "assine",
];

/// Lead-ins of links to other pages; chrome when followed by nothing, a separator or a headline.
const LEAD_INS: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read next",
    "see also",
    "related articles",
    "related stories",
    "related",
    "recommended",
    "continue reading",
    "more on this",
    "also on",
    "you may also like",
    "you might also like",
    "more from",
    "lesen sie auch",
    "lesen sie mehr",
    "auch lesen",
    "mehr zum thema",
    "mehr dazu",
    "weiterlesen",
    "weitere beiträge",
    "weitere artikel",
    "zurück zur",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "entdecke weitere",
    "videos zum thema",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "lire la suite",
    "voir aussi",
    "à voir aussi",
    "leer más",
    "lee también",
    "lea también",
    "ver también",
    "te puede interesar",
    "también te puede interesar",
    "leggi anche",
    "leggi tutto",
    "potrebbe interessarti",
    "leia também",
    "leia mais",
    "veja também",
    "saiba mais",
    "lees ook",
    "lees meer",
    "lees verder",
    "läs också",
    "läs även",
    "läs mer",
    "læs også",
    "læs mere",
    "les også",
    "les mer",
    "lue myös",
    "czytaj też",
    "czytaj także",
    "czytaj więcej",
    "zobacz też",
    "zobacz także",
    "čtěte také",
    "přečtěte si také",
    "читайте также",
    "читать далее",
    "смотрите также",
    "читайте також",
    "devamını oku",
    "ilginizi çekebilir",
    "ayrıca okuyun",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "相关阅读",
    "延伸阅读",
    "阅读更多",
    "関連記事",
    "관련기사",
    "xem thêm",
    "đọc thêm",
    "baca juga",
];

/// A short line that sends the reader elsewhere or labels an ad: "Read more: …", "LESEN SIE
/// AUCH", "Advertisement", "Czytaj też: …". A lead-in followed by a sentence of its own ("Read
/// more about the vote in our report.") is prose, not a call to action.
pub(crate) fn is_call_to_action(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || weighted_words(line) > CALL_TO_ACTION_MAX_WORDS {
        return false;
    }
    let lower = line.to_lowercase();
    let bare = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
    if LABELS.contains(&bare) {
        return true;
    }
    LEAD_INS.iter().any(|lead| {
        let Some(rest) = lower.strip_prefix(lead) else { return false };
        let rest = rest.trim_start();
        rest.is_empty()
            || rest.starts_with([':', '»', '>', '|', '–', '—', '-', '›', '：', '.', '…'])
            || (lower.len() > lead.len()
                && lower[lead.len()..].starts_with(char::is_whitespace)
                && !ends_like_sentence(rest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action_in_several_languages() {
        for l in [
            "Read more: Alibaba poised to launch record-breaking listing",
            "READ MORE",
            "Advertisement",
            "Anzeige",
            "Lesen Sie auch: Wie die Bahn sparen will",
            "Auch lesen: Diese 3 Sternzeichen verschenken ihr Herz",
            "À lire aussi » Le gouvernement recule",
            "Leggi anche - Il governo cade",
            "Czytaj też: Sejm przyjął ustawę",
            "Читайте также: Выборы в Москве",
            "Läs också: Regeringen faller",
            "Also on rt.com Journalists threatened with sedition arrests",
            "Das könnte Sie auch interessieren!",
            "Kommentare schreiben",
            "Related Posts",
            "LEAVE A REPLY",
        ] {
            assert!(is_call_to_action(l), "{l}");
        }
        for l in [
            "Read more about the vote in our report on Monday.",
            "Advertisement revenue rose by 12 percent in the third quarter, the company said.",
            "Related companies were fined too.",
            "The minister said the plan would be read more widely next year than before.",
        ] {
            assert!(!is_call_to_action(l), "{l}");
        }
    }

    #[test]
    fn prose_and_menus() {
        assert!(is_prose("The harbour bridge in the town reopened to traffic on Monday."));
        assert!(!is_prose("Home | News | Sport | Weather"));
        assert!(is_menu("Home | News | Sport"));
        assert_eq!(weighted_words("市长林志远说"), 4);
    }
}
