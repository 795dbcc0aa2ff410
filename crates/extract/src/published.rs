//! The publication date of an HTML page, from the evidence a publisher leaves. Each source
//! gives at most one date, and the date most sources agree on wins; ties go to the source
//! earlier in this list:
//!
//! 1. a full date in the URL path (`/2019/08/02/`, `-2020-01-27-`, `/20200127/`);
//! 2. a date the markup declares as the publication date, first in document order: JSON-LD
//!    `datePublished`/`dateCreated`, `<meta>` tags such as `article:published_time`,
//!    `DC.date.issued`, `date`, `pubdate`, `parsely-pub-date` (see [`PUBLISHED_META`]), or an
//!    element with `itemprop="datePublished"`;
//! 3. the first `<time datetime>` in the body;
//! 4. the first date written in the visible text after the headline (`<h1>`), read by the
//!    multilingual [`find_date`](crate::dates::find_date);
//! 5. whatever the HTML extractor guessed (passed in by the caller), unless it is the declared
//!    date: the extractor reads the same `<meta>` tags, so agreeing with them is no second vote;
//! 6. the first date written in an element whose class, id or itemprop names a date
//!    (`class="news-date"`, `"text_datum"`, `"post-created"`, `"fecha"`, see [`DATE_CLASS`]),
//!    unless it names a modification (`"updated"`, `"modified"`). Themes put the visible
//!    dateline in such an element on pages without a `<h1>` or with the date far below it.
//!
//! Sources disagree on about one page in eight (a publisher's CMS stamps the modification day
//! into a "published" field, a URL carries the day a draft was filed); agreement between
//! independent sources is the better evidence than any fixed order.
//!
//! Dates are taken as written (the day the publisher meant), never converted between time
//! zones. Modification dates are not publication dates and are ignored.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::dates::parse_date;

/// Meta names (lower case) that declare the publication date.
pub const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article.published",
    "published_time",
    "datepublished",
    "datecreated",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
];

/// How far into the page dates are looked for.
const SCAN_BYTES: usize = 512 * 1024;

/// The part of the page that is searched for dates: its first [`SCAN_BYTES`].
fn scanned(page: &str) -> &str {
    &page[..page.floor_char_boundary(SCAN_BYTES)]
}

/// JSON-LD `"datePublished": "…"` (or `"dateCreated"`). The page regexes use ASCII word
/// boundaries (`(?-u:\b)`): Unicode word boundaries would push the regex engine off its fast
/// path on every non-ASCII page. Each regex starts with a literal, so the engine skips ahead to
/// its candidates instead of running over every tag of the page.
static JSON_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)"(?:datePublished|dateCreated)"\s*:\s*"([^"]{6,40})""#).expect("JSON-LD published regex")
});
/// JSON-LD `"dateModified": "…"`.
static JSON_MODIFIED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)"dateModified"\s*:\s*"([^"]{6,40})""#).expect("JSON-LD modified regex"));
/// A `<meta>` tag.
static META: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<meta(?-u:\b)[^>]*>").expect("meta regex"));
/// The attribute that marks any tag as holding the publication date.
static ITEMPROP_PUBLISHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)(?-u:\b)itemprop\s*=\s*["']datePublished["']"#).expect("itemprop regex"));
/// An attribute of a tag.
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)(property|name|itemprop|http-equiv|content|datetime)\s*=\s*["']([^"']*)["']"#)
        .expect("attr regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<time(?-u:\b)[^>]*(?-u:\b)datetime\s*=\s*["']([^"']+)["']"#).expect("time regex")
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$|[-_.])|[/_-]((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[/_.-]|$)|/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|$)")
        .expect("url date regex")
});

/// The publication date: see the module docs. `url` is the page's address, `guess` the
/// extractor's own date.
pub fn published(page: &str, url: Option<&str>, guess: Option<NaiveDate>) -> Option<NaiveDate> {
    let declared = declared(page);
    let guess = guess.filter(|g| Some(*g) != declared);
    let sources = [url.and_then(url_date), declared, body_time(page), dateline(page), guess, classed(page)];
    let votes = |d: NaiveDate| sources.iter().filter(|s| **s == Some(d)).count();
    // The first source with the most votes: `max_by_key` keeps the last maximum, so go backwards.
    sources.iter().rev().flatten().copied().max_by_key(|d| votes(*d))
}

/// Visible text this long (in characters) after the headline is read for a dateline.
const DATELINE_CHARS: usize = 1500;

/// The first date written in the visible text that follows the page's first `<h1>`.
fn dateline(page: &str) -> Option<NaiveDate> {
    let head = scanned(page);
    let start = head.find("<h1")?;
    // Markup is most of the bytes: look at a generous slice, then keep the visible words.
    let chunk = &head[start..head.floor_char_boundary(start + 40 * DATELINE_CHARS)];
    crate::dates::find_date(&crate::scan::visible_words(chunk, DATELINE_CHARS, usize::MAX), None)
}

/// An element whose class, id or itemprop names a date (lower-case fragments of the value).
static DATE_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<[a-z][a-z0-9]*(?-u:\b)[^>]*(?-u:\b)(?:class|id|itemprop)\s*=\s*["'][^"']*(?:date|datum|fecha|time|zeit|publi|posted|created|erschienen)[^"']*["'][^>]*>"#)
        .expect("date class regex")
});
/// How many date-named elements are read, and how far after each one's tag.
const DATE_CLASS_ELEMENTS: usize = 20;
const DATE_CLASS_BYTES: usize = 600;
/// Visible words after the tag that are read for the date.
const DATE_CLASS_WORDS: usize = 12;

/// The first date written at the start of an element whose class, id or itemprop names a date
/// ([`DATE_CLASS`]), skipping elements that name a modification.
fn classed(page: &str) -> Option<NaiveDate> {
    let head = scanned(page);
    let body = head.find("<body").map_or(head, |i| &head[i..]);
    DATE_CLASS.find_iter(body).take(DATE_CLASS_ELEMENTS).find_map(|m| {
        let tag = m.as_str().to_ascii_lowercase();
        if tag.contains("modif") || tag.contains("updat") {
            return None;
        }
        let after = &body[m.end()..body.floor_char_boundary(m.end() + DATE_CLASS_BYTES)];
        let words = crate::scan::visible_words(after, DATE_CLASS_BYTES, DATE_CLASS_WORDS);
        crate::dates::find_date(words.trim_end(), None)
    })
}

/// Meta names (lower case) that declare the last modification.
pub const MODIFIED_META: &[&str] =
    &["article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified", "modified"];

/// The last-modified date the markup declares (JSON-LD `dateModified`, `<meta>` tags).
pub fn modified(page: &str) -> Option<NaiveDate> {
    first_declared(page, &JSON_MODIFIED, MODIFIED_META, false)
}

/// The first date in document order among: a JSON-LD value `json` finds (its group 1), a
/// `<meta>` tag whose name is one of `names` (see [`tag_date`]) and, with `itemprop`, a tag
/// marked `itemprop="datePublished"`.
fn first_declared(page: &str, json: &Regex, names: &[&str], itemprop: bool) -> Option<NaiveDate> {
    let head = scanned(page);
    let from_json = json.captures_iter(head).find_map(|c| Some((c.get(0)?.start(), parse_date(c.get(1)?.as_str())?)));
    let from_meta = META.find_iter(head).find_map(|m| Some((m.start(), tag_date(m.as_str(), names)?)));
    let from_itemprop = itemprop
        .then(|| {
            ITEMPROP_PUBLISHED.find_iter(head).find_map(|m| {
                // The tag around the attribute: from its `<` (a letter follows) to its `>`.
                let lt = head[..m.start()].rfind(['<', '>']).filter(|&i| head[i..].starts_with('<'))?;
                head.as_bytes().get(lt + 1).filter(|b| b.is_ascii_alphabetic())?;
                let gt = m.end() + head[m.end()..].find('>')?;
                Some((lt, tag_date(&head[lt..=gt], names)?))
            })
        })
        .flatten();
    [from_json, from_meta, from_itemprop].into_iter().flatten().min_by_key(|(at, _)| *at).map(|(_, d)| d)
}

/// The date in a `<meta>` tag whose name is one of `names`, or in another tag (one the regex
/// matched for its `itemprop="datePublished"`).
fn tag_date(tag: &str, names: &[&str]) -> Option<NaiveDate> {
    let mut declares = tag.get(..5).is_some_and(|t| !t.eq_ignore_ascii_case("<meta"));
    let mut value = None;
    for a in ATTR.captures_iter(tag) {
        let (Some(n), Some(v)) = (a.get(1), a.get(2)) else { continue };
        let (name, v) = (n.as_str().to_ascii_lowercase(), v.as_str().trim());
        match name.as_str() {
            "content" | "datetime" => value = value.or(Some(v)),
            _ => declares |= names.contains(&v.to_ascii_lowercase().as_str()),
        }
    }
    if declares { value.and_then(parse_date) } else { None }
}

/// A full date in the path of `url`.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &path[path.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    URL_DATE.captures_iter(path).find_map(|c| {
        let mut groups = c.iter().skip(1).flatten().map(|m| m.as_str().parse::<u32>().ok());
        let (y, m, d) = (groups.next()??, groups.next()??, groups.next()??);
        NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
    })
}

/// The first publication date the markup declares (JSON-LD, `<meta>`, `itemprop`).
pub fn declared(page: &str) -> Option<NaiveDate> {
    first_declared(page, &JSON_PUBLISHED, PUBLISHED_META, true)
}

/// The first `<time datetime>` after `<body`.
fn body_time(page: &str) -> Option<NaiveDate> {
    let head = scanned(page);
    let body = head.find("<body").map_or(head, |i| &head[i..]);
    TIME.captures_iter(body).find_map(|c| parse_date(c.get(1)?.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(url_date("https://lemire.me/blog/2019/08/02/json-parsing/"), day(2019, 8, 2));
        assert_eq!(url_date("https://edition.cnn.com/2021/03/08/uk/meghan"), day(2021, 3, 8));
        assert_eq!(url_date("https://example.com/news/story-2020-01-27-bridge.html"), day(2020, 1, 27));
        assert_eq!(url_date("https://example.com/20200127/bridge"), day(2020, 1, 27));
        // A month alone, an archive timestamp, a query string or an impossible date: no date.
        assert_eq!(url_date("https://www.theplanetarypress.com/2020/01/forests/"), None);
        assert_eq!(url_date("https://web.archive.org/web/20160218174457/http://a.example/x"), None);
        assert_eq!(url_date("https://a.example/x?d=2020-01-27"), None);
        assert_eq!(url_date("https://a.example/2020/02/31/x"), None);
        assert_eq!(url_date("https://a.example/2019/12/09"), day(2019, 12, 9));
    }

    #[test]
    fn declared_dates_as_written() {
        let p = r#"<head><meta content="2023-11-01T23:30:00-05:00" property="article:published_time"></head>"#;
        assert_eq!(declared(p), day(2023, 11, 1));
        let j = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2019-12-10T06:00:00+01:00"}</script>"#;
        assert_eq!(declared(j), day(2019, 12, 10));
        assert_eq!(declared(r#"<meta name="DC.date.issued" content="2020-01-27">"#), day(2020, 1, 27));
        assert_eq!(
            declared(r#"<span itemprop="datePublished" content="2020-01-27">27. Januar</span>"#),
            day(2020, 1, 27)
        );
        assert_eq!(declared(r#"<meta name="description" content="2020-01-01 was a year">"#), None);
        assert_eq!(declared(r#"<meta property="article:modified_time" content="2020-01-01">"#), None);
    }

    #[test]
    fn dates_in_date_named_elements() {
        let page = r#"<body><div class="nav">Home</div><p class="text_datum"><span>31. Oktober 2023.</span> Dragqueens</p></body>"#;
        assert_eq!(classed(page), day(2023, 10, 31));
        let updated =
            r#"<body><span class="date-updated">2 May 2022</span><span class="post-date">1 May 2022</span></body>"#;
        assert_eq!(classed(updated), day(2022, 5, 1));
        assert_eq!(classed(r#"<body><div class="newsitem-time">no date here</div></body>"#), None);
        assert_eq!(classed(r#"<body><div class="teaser">1 May 2022</div></body>"#), None);
    }

    #[test]
    fn modified_dates() {
        assert_eq!(
            modified(r#"<meta property="article:modified_time" content="2020-01-02T10:00:00Z">"#),
            day(2020, 1, 2)
        );
        assert_eq!(modified(r#"{"dateModified": "2021-05-06"}"#), day(2021, 5, 6));
        assert_eq!(modified(r#"<meta property="article:published_time" content="2020-01-01">"#), None);
    }

    #[test]
    fn order_of_evidence() {
        let page = r#"<head><meta name="date" content="2020-02-01"></head><body><time datetime="2020-03-01">1 March</time></body>"#;
        let guess = day(2020, 4, 1);
        // One vote each: the first source wins the tie.
        assert_eq!(published(page, Some("https://a.example/2020/01/15/x"), guess), day(2020, 1, 15));
        assert_eq!(published(page, Some("https://a.example/x"), guess), day(2020, 2, 1));
        assert_eq!(published("<body><time datetime='2020-03-01'>x</time></body>", None, guess), day(2020, 3, 1));
        assert_eq!(published("<body>nothing</body>", None, guess), guess);
        // The extractor's guess agreeing with the declared date is no second vote: the dateline wins the tie.
        let copied =
            r#"<head><meta name="date" content="2020-02-01"></head><body><h1>Bridge</h1><p>3 February 2020</p></body>"#;
        assert_eq!(published(copied, None, day(2020, 2, 1)), day(2020, 2, 1));
        let both = r#"<head><meta name="date" content="2020-02-01"></head><body><h1>Bridge</h1><p>3 February 2020</p><time datetime="2020-02-03">x</time></body>"#;
        assert_eq!(published(both, None, day(2020, 2, 1)), day(2020, 2, 3));
        // Two sources agree against the URL.
        let agree =
            r#"<head><meta name="date" content="2020-02-01"></head><body><h1>Bridge</h1><p>1 February 2020</p></body>"#;
        assert_eq!(published(agree, Some("https://a.example/2020/01/15/x"), guess), day(2020, 2, 1));
    }
}
