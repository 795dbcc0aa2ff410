//! Limits that keep a hostile or broken page cheap to extract, applied before HTML parsing.
//!
//! The HTML parser (html5ever, under `trafilatura` and Readability) follows the WHATWG
//! algorithm, which has costly worst cases that no real page needs, and `trafilatura` adds some:
//!
//! - **Depth.** Most tags make the parser scan the stack of open elements, so a page nested N
//!   levels deep costs O(N²): 100,000 nested `<div>`s (1 MB) took 30 s, and 2 million stray end
//!   tags under 250 open elements 16 to 31 s. `trafilatura` stops its tree walks at depth 500,
//!   so text nested deeper was lost anyway.
//! - **Formatting elements.** Unclosed `<b>`, `<i>`, `<font>`… with distinct attributes pile up
//!   in the "list of active formatting elements", and every later paragraph re-creates all of
//!   them: a 50 KB page of 1,000 such tags and 5,000 paragraphs became 5 million elements and
//!   used over 19 GB.
//! - **Attributes.** Each attribute of a tag is compared with the ones before it: one tag with
//!   100,000 attributes took 16 s.
//! - **Size.** Parsing and extraction take about 1.4 KB and 10 µs per element: a 16 MB page of
//!   two million tiny paragraphs took 27 s and 2.7 GB. `trafilatura` copies the content of each
//!   tag it strips (`<span>`, `<font>`, `<tbody>`, custom elements…), so the same page inside
//!   four nested `<font>`s took 54 s and 9 GB.
//!
//! [`guard`] runs a linear scan that models the parser's stack of open elements and list of
//! formatting elements (tag by tag, with the implied closings of `<p>`, `<li>` and table parts,
//! the adoption agency, foreign content and raw text elements approximated). A page within
//! every limit is returned unchanged and borrowed: so are all 1,171 pages of the evaluation
//! sets (at most 49 levels deep, 10,200 nodes, 64 attributes on a tag, 18,500 stripped-tag
//! copies), and the scan costs about 0.1 ms per 100 KB, under 1% of extraction. Otherwise the
//! page is rewritten so that its text is kept and the parser's work is bounded: start tags
//! beyond [`MAX_DEPTH`] are dropped (their text stays at that depth), formatting tags other
//! than `<a>` are dropped when the formatting limits are passed, end tags the parser would
//! ignore are dropped when there are very many, nested stripped tags and tables are flattened,
//! attributes beyond [`MAX_ATTRIBUTES`] are cut off, and the page is cut before its node number
//! [`MAX_NODES`] + 1.
//!
//! Pages longer than [`MAX_PAGE_BYTES`] are cut to that length at a tag boundary before
//! decoding and again after it ([`cap_bytes`], [`guard`]): the article sits in the first part
//! of every real page.

use std::borrow::Cow;
use std::sync::LazyLock;

// Under `cargo fuzz` (`cfg(fuzzing)`) every limit is tiny, so that the small inputs a fuzzer
// makes pass them all the time and the rewriting paths are fuzzed too.

/// Longest page (in bytes, before and after decoding) that is extracted; the rest is cut off
/// at a tag boundary. Ingest refuses larger documents already (16 MiB); this bounds direct
/// callers of the extractor.
pub const MAX_PAGE_BYTES: usize = if cfg!(fuzzing) { 8192 } else { 16 << 20 };

/// Most nodes (elements and comments) passed to the parser; the page is cut before the node
/// beyond. Real pages have a few thousand.
pub const MAX_NODES: usize = if cfg!(fuzzing) { 64 } else { 100_000 };

/// Deepest element nesting passed to the parser; start tags beyond it are dropped. Real news
/// pages stay below about 100 levels; `trafilatura` ignores content below depth 500.
pub const MAX_DEPTH: usize = if cfg!(fuzzing) { 12 } else { 256 };

/// Most formatting elements (`<b>`, `<font>`, …) open at once before formatting tags are
/// dropped from the page.
pub const MAX_ACTIVE_FORMATTING: usize = if cfg!(fuzzing) { 6 } else { 64 };

/// Most formatting elements the parser may re-create for later text ("reconstruction") before
/// formatting tags are dropped from the page.
pub const MAX_RECONSTRUCTED: usize = if cfg!(fuzzing) { 30 } else { 20_000 };

/// Most element copies `trafilatura` makes when it removes the tags it strips (`<span>`,
/// `<font>`, `<tbody>`, custom elements…) from around their content: the sum, over such
/// elements, of the elements inside them. Real pages need up to a few tens of thousands; past
/// this, those tags are kept only outside each other and nested tables are flattened.
pub const MAX_STRIP_COPIES: u64 = if cfg!(fuzzing) { 100 } else { 500_000 };

/// Most open elements the parser may scan for end tags in all (Σ over end tags of the depth
/// there; real pages need up to about 125,000): past this, end tags the parser would ignore
/// are dropped and the others looked for among the top [`WALK_LIMIT`] open elements.
const MAX_END_TAG_WORK: u64 = if cfg!(fuzzing) { 500 } else { 20_000_000 };

/// How far down the open elements the rewrite looks for the element an end tag closes.
const WALK_LIMIT: usize = if cfg!(fuzzing) { 6 } else { 64 };

/// Most attributes kept on one tag (the parser compares each with those before it).
pub const MAX_ATTRIBUTES: usize = if cfg!(fuzzing) { 4 } else { 128 };

/// `bytes` cut to at most [`MAX_PAGE_BYTES`], at the last `<` before the limit when there is
/// one in the final quarter of the kept part.
pub fn cap_bytes(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= MAX_PAGE_BYTES {
        return bytes;
    }
    let head = &bytes[..MAX_PAGE_BYTES];
    match head.iter().rposition(|&b| b == b'<') {
        Some(lt) if lt >= MAX_PAGE_BYTES / 4 * 3 => &bytes[..lt],
        _ => head,
    }
}

/// The page with the limits of this module applied: borrowed unchanged when it is within all
/// of them (the normal case), rewritten otherwise.
pub fn guard(page: &str) -> Cow<'_, str> {
    let page = match cap_bytes(page.as_bytes()).len() {
        n if n == page.len() => page,
        n => &page[..page.floor_char_boundary(n)],
    };
    if Scan::new(page, Mode::Check).run().is_ok() {
        return Cow::Borrowed(page);
    }
    let mut opts = Rewrite::default();
    loop {
        match Scan::new(page, Mode::Rewrite(opts)).run() {
            Ok(out) => return Cow::Owned(out),
            // Each is reported only while its remedy is off, so this ends.
            Err(Redo::Formatting) => opts.strip_formatting = true,
            Err(Redo::Strippable) => opts.flatten_strippable = true,
        }
    }
}

/// Why a scan stopped: in check mode, any limit; in rewrite mode, a limit whose remedy needs
/// another pass from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Redo {
    Formatting,
    Strippable,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Rewrite {
    /// Drop formatting tags other than `<a>` ([`MAX_ACTIVE_FORMATTING`],
    /// [`MAX_RECONSTRUCTED`]).
    strip_formatting: bool,
    /// Drop tags `trafilatura` strips when inside another one, and tables inside them
    /// ([`MAX_STRIP_COPIES`]).
    flatten_strippable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    Rewrite(Rewrite),
}

// Tag flags.
/// No content, never on the stack (`<br>`, `<img>`).
const VOID: u16 = 1;
/// Content is text up to the matching end tag (`<script>`, `<style>`, `<title>`).
const RAW: u16 = 1 << 1;
/// The WHATWG "special" category: stops the search of a stray end tag.
const SPECIAL: u16 = 1 << 2;
/// Bounds "has an element in scope".
const SCOPE: u16 = 1 << 3;
/// A formatting element (`<b>`, `<a>`, `<font>`…).
const FORMATTING: u16 = 1 << 4;
/// Its start tag closes an open `<p>`.
const CLOSES_P: u16 = 1 << 5;
/// Puts a marker on the formatting list (`<td>`, `<caption>`, `<object>`…).
const MARKER: u16 = 1 << 6;
/// Leaves foreign (SVG, MathML) content.
const BREAKOUT: u16 = 1 << 7;
/// Inside SVG or MathML, its content is HTML again (`<foreignObject>`, `<mi>`…).
const INTEGRATION: u16 = 1 << 8;
/// `<h1>`…`<h6>`.
const HEADING: u16 = 1 << 9;
/// `<html>`, `<head>`, `<body>`: merged by the parser, not counted.
const TRANSPARENT: u16 = 1 << 10;
/// Removed by `trafilatura` keeping its content, which it copies: nested N deep around
/// content of C elements, that costs N × C.
const STRIP: u16 = 1 << 11;
/// Not a known HTML element (custom elements).
const UNKNOWN: u16 = 1 << 12;

// Tags that have rules of their own; everything else is `K_OTHER`.
const K_OTHER: u8 = 0;
const K_P: u8 = 1;
const K_LI: u8 = 2;
const K_DDT: u8 = 3;
const K_A: u8 = 4;
const K_NOBR: u8 = 5;
const K_BUTTON: u8 = 6;
const K_FORM: u8 = 7;
const K_TABLE: u8 = 8;
const K_SECTION: u8 = 9;
const K_TR: u8 = 10;
const K_CELL: u8 = 11;
const K_CAPTION: u8 = 12;
const K_COLGROUP: u8 = 13;
const K_OPTION: u8 = 14;
const K_OPTGROUP: u8 = 15;
const K_SELECT: u8 = 16;
const K_TEMPLATE: u8 = 17;
const K_FOREIGN_ROOT: u8 = 18;
const K_LIST: u8 = 19;
const K_PLAINTEXT: u8 = 20;
const K_BR: u8 = 21;
const KINDS: usize = 22;

const BLOCK: u16 = SPECIAL | CLOSES_P;

/// The elements with rules of their own: names, kind, flags. Other names are [`UNKNOWN`].
const TAGS: &[(&[&str], u8, u16)] = &[
    (&["html"], K_OTHER, TRANSPARENT | SPECIAL | SCOPE),
    (&["head", "body"], K_OTHER, TRANSPARENT | SPECIAL | BREAKOUT),
    (&["p"], K_P, BLOCK | BREAKOUT),
    (&["li"], K_LI, BLOCK | BREAKOUT),
    (&["dd", "dt"], K_DDT, BLOCK | BREAKOUT),
    (&["a"], K_A, FORMATTING),
    (&["nobr"], K_NOBR, FORMATTING | BREAKOUT),
    (&["big", "font", "small"], K_OTHER, FORMATTING | BREAKOUT | STRIP),
    (&["b", "code", "em", "i", "s", "strike", "strong", "tt", "u"], K_OTHER, FORMATTING | BREAKOUT),
    (&["button"], K_BUTTON, SPECIAL),
    (&["form"], K_FORM, BLOCK),
    (&["table"], K_TABLE, BLOCK | SCOPE | BREAKOUT),
    (&["tbody", "thead", "tfoot"], K_SECTION, SPECIAL | STRIP),
    (&["tr"], K_TR, SPECIAL),
    (&["td", "th"], K_CELL, SPECIAL | SCOPE | MARKER),
    (&["caption"], K_CAPTION, SPECIAL | SCOPE | MARKER),
    (&["colgroup"], K_COLGROUP, SPECIAL),
    (&["col"], K_OTHER, SPECIAL | VOID),
    (&["option"], K_OPTION, 0),
    (&["optgroup"], K_OPTGROUP, 0),
    (&["select"], K_SELECT, SPECIAL),
    (&["template"], K_TEMPLATE, SPECIAL | SCOPE | MARKER | STRIP),
    (&["applet", "object", "marquee"], K_OTHER, SPECIAL | SCOPE | MARKER),
    (&["svg", "math"], K_FOREIGN_ROOT, 0),
    (&["ol", "ul"], K_LIST, BLOCK | BREAKOUT),
    (&["div", "blockquote", "center", "dl", "menu", "pre", "listing"], K_OTHER, BLOCK | BREAKOUT),
    (&["address", "hgroup"], K_OTHER, BLOCK | STRIP),
    (
        &[
            "article",
            "aside",
            "details",
            "dialog",
            "dir",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "header",
            "main",
            "nav",
            "search",
            "section",
            "summary",
        ],
        K_OTHER,
        BLOCK,
    ),
    (&["h1", "h2", "h3", "h4", "h5", "h6"], K_OTHER, BLOCK | HEADING | BREAKOUT),
    (&["hr"], K_OTHER, BLOCK | VOID | BREAKOUT),
    (&["br"], K_BR, SPECIAL | VOID | BREAKOUT),
    (&["img", "embed", "meta"], K_OTHER, SPECIAL | VOID | BREAKOUT),
    (
        &["area", "base", "basefont", "bgsound", "input", "keygen", "link", "param", "source", "track", "wbr", "frame"],
        K_OTHER,
        SPECIAL | VOID,
    ),
    (&["image"], K_OTHER, VOID),
    (&["xmp"], K_OTHER, SPECIAL | RAW | CLOSES_P),
    (&["title"], K_OTHER, SPECIAL | RAW | INTEGRATION),
    (&["script", "style", "textarea", "iframe", "noembed", "noframes", "noscript"], K_OTHER, SPECIAL | RAW),
    (&["plaintext"], K_PLAINTEXT, BLOCK),
    (&["frameset"], K_OTHER, SPECIAL),
    (&["foreignobject", "desc", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"], K_OTHER, INTEGRATION),
    (&["span", "ruby"], K_OTHER, BREAKOUT | STRIP),
    (&["sub", "sup", "var"], K_OTHER, BREAKOUT),
    (&["abbr", "acronym", "bdi", "bdo", "cite", "data", "dfn", "ins", "mark"], K_OTHER, STRIP),
    (
        &[
            "del", "q", "label", "kbd", "samp", "time", "picture", "video", "audio", "canvas", "map", "output",
            "progress", "meter", "datalist", "legend", "slot", "rb", "rp", "rt", "rtc",
        ],
        K_OTHER,
        0,
    ),
];

/// Slots of [`TAG_TABLE`] (a power of two, several times the number of names).
const TABLE_SLOTS: usize = 1024;

/// [`TAGS`] by [`name_key`]: an open-addressing hash table (key 0 marks a free slot).
static TAG_TABLE: LazyLock<Vec<(u64, u8, u16)>> = LazyLock::new(|| {
    let mut t = vec![(0u64, K_OTHER, UNKNOWN); TABLE_SLOTS];
    for &(names, kind, flags) in TAGS {
        for n in names {
            let key = name_key(n.as_bytes());
            let mut i = slot(key);
            while t[i].0 != 0 {
                i = (i + 1) % TABLE_SLOTS;
            }
            t[i] = (key, kind, flags);
        }
    }
    t
});

fn slot(key: u64) -> usize {
    (key >> 40) as usize % TABLE_SLOTS
}

/// Kind and flags of the tag whose name has `key`.
fn classify(key: u64) -> (u8, u16) {
    let t = &*TAG_TABLE;
    let mut i = slot(key);
    loop {
        let (k, kind, flags) = t[i];
        if k == key {
            return (kind, flags);
        }
        if k == 0 {
            return (K_OTHER, UNKNOWN);
        }
        i = (i + 1) % TABLE_SLOTS;
    }
}

/// FNV-1a of a tag name, ASCII case folded: how end tags find their elements.
const fn name_key(name: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut i = 0;
    while i < name.len() {
        h = (h ^ name[i].to_ascii_lowercase() as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

const FNV_PRIME: u64 = 0x0100_0000_01b3;

const KEY_ADDRESS: u64 = name_key(b"address");
const KEY_DIV: u64 = name_key(b"div");
const KEY_P: u64 = name_key(b"p");

/// An element on the modelled stack of open elements.
#[derive(Debug, Clone, Copy)]
struct El {
    key: u64,
    kind: u8,
    flags: u16,
    foreign: bool,
    /// Its entry on the formatting list (a serial number), or 0.
    fmt: u32,
    /// Elements pushed before it.
    born: u32,
}

/// An entry of the modelled list of active formatting elements; `serial == 0` is a marker.
#[derive(Debug, Clone, Copy)]
struct Fmt {
    key: u64,
    attrs: u64,
    kind: u8,
    flags: u16,
    serial: u32,
    open: bool,
}

/// A start or end tag as found in the page.
struct Tag {
    /// Byte range of the whole tag.
    start: usize,
    end: usize,
    key: u64,
    kind: u8,
    flags: u16,
    /// Hash of the attribute text (formatting elements compare their attributes).
    attrs_hash: u64,
    self_closing: bool,
    /// Where the first attribute beyond [`MAX_ATTRIBUTES`] starts, if any.
    cut: Option<usize>,
}

struct Scan<'a> {
    page: &'a str,
    mode: Mode,
    stack: Vec<El>,
    /// Open elements per kind, so the common "is there a `<p>` open?" costs nothing.
    open: [u32; KINDS],
    fmt: Vec<Fmt>,
    /// Non-marker entries of `fmt`.
    fmt_elements: usize,
    serial: u32,
    reconstructed: usize,
    /// Nodes (elements, comments) created so far.
    elements: u32,
    /// [`STRIP`] elements on the stack.
    strip_depth: usize,
    /// Σ over closed [`STRIP`] elements of the elements inside them.
    strip_copies: u64,
    out: String,
    /// Bytes of `page` before this are in `out` (or were dropped).
    copied: usize,
    /// Why the scan must stop.
    redo: Option<Redo>,
    /// The rest of the page is dropped (past [`MAX_NODES`]).
    done: bool,
    /// Tables whose tags are being dropped (flattening): their rows and cells are dropped too.
    dropped_tables: usize,
    /// Σ over end tags of the open elements then.
    end_tag_work: u64,
}

impl<'a> Scan<'a> {
    fn new(page: &'a str, mode: Mode) -> Self {
        Scan {
            page,
            mode,
            stack: Vec::new(),
            open: [0; KINDS],
            fmt: Vec::new(),
            fmt_elements: 0,
            serial: 0,
            reconstructed: 0,
            elements: 0,
            strip_depth: 0,
            strip_copies: 0,
            out: String::new(),
            copied: 0,
            redo: None,
            done: false,
            dropped_tables: 0,
            end_tag_work: 0,
        }
    }

    fn rewriting(&self) -> bool {
        matches!(self.mode, Mode::Rewrite(_))
    }

    fn stripping(&self) -> bool {
        matches!(self.mode, Mode::Rewrite(Rewrite { strip_formatting: true, .. }))
    }

    fn flattening(&self) -> bool {
        matches!(self.mode, Mode::Rewrite(Rewrite { flatten_strippable: true, .. }))
    }

    /// Scans the page: `Ok` with the rewritten page (empty in check mode) when no limit
    /// stopped the scan.
    fn run(mut self) -> Result<String, Redo> {
        let b = self.page.as_bytes();
        if self.rewriting() {
            self.out.reserve(b.len());
        }
        let mut i = 0;
        while i < b.len() && self.redo.is_none() && !self.done {
            let Some(lt) = find_byte(self.page, i, b'<') else {
                self.text();
                break;
            };
            if lt > i {
                self.text();
            }
            let page = self.page;
            let bogus = || find_byte(page, lt + 2, b'>').map_or(b.len(), |g| g + 1);
            i = match b.get(lt + 1) {
                Some(b'!') if self.leaf(lt) => skip_markup_declaration(self.page, lt, self.in_foreign()),
                Some(b'?') if self.leaf(lt) => bogus(),
                Some(b'/') => match b.get(lt + 2) {
                    Some(c) if c.is_ascii_alphabetic() => match read_tag(self.page, lt, lt + 2) {
                        Some(tag) => {
                            let end = tag.end;
                            self.end_tag(&tag);
                            end
                        }
                        None => b.len(),
                    },
                    Some(b'>') => lt + 3,
                    _ if self.leaf(lt) => bogus(),
                    _ => b.len(),
                },
                Some(c) if c.is_ascii_alphabetic() => match read_tag(self.page, lt, lt + 1) {
                    Some(tag) => self.start_tag(&tag),
                    None => b.len(),
                },
                Some(b'!' | b'?') => b.len(),
                _ => lt + 1,
            };
        }
        if self.redo.is_none() {
            // Elements still open at the end contain all elements after them.
            let open_strip_copies: u64 = self
                .stack
                .iter()
                .filter(|e| e.flags & (STRIP | UNKNOWN) != 0)
                .map(|e| u64::from(self.elements - e.born - 1))
                .sum();
            if self.strip_copies + open_strip_copies > MAX_STRIP_COPIES {
                self.exceed(Redo::Strippable);
            }
        }
        if let Some(redo) = self.redo {
            return Err(redo);
        }
        if self.rewriting() && !self.done {
            self.out.push_str(&self.page[self.copied..]);
        }
        Ok(self.out)
    }

    /// Whether another node fits under [`MAX_NODES`]; if not, the page is cut at `at` (the
    /// start of the node's markup).
    fn room(&mut self, at: usize) -> bool {
        if (self.elements as usize) < MAX_NODES {
            return true;
        }
        if self.rewriting() {
            self.out.push_str(&self.page[self.copied..at]);
            self.copied = self.page.len();
            self.done = true;
        } else {
            self.redo = Some(Redo::Formatting);
        }
        false
    }

    /// Counts a node that is not pushed on the stack (a void element, a comment).
    fn leaf(&mut self, at: usize) -> bool {
        let room = self.room(at);
        self.elements += u32::from(room);
        room
    }

    /// Leaves a tag out of the rewritten page.
    fn drop_tag(&mut self, tag: &Tag) {
        if self.rewriting() {
            self.out.push_str(&self.page[self.copied..tag.start]);
            self.copied = tag.end;
        }
    }

    /// Reports a passed limit: stops a check, or a rewrite that does not apply its remedy yet.
    fn exceed(&mut self, why: Redo) {
        let remedied = match why {
            Redo::Formatting => self.stripping(),
            Redo::Strippable => self.flattening(),
        };
        if !remedied {
            self.redo = Some(why);
        }
    }

    /// Whether a tag that `trafilatura` strips must be dropped (when flattening).
    fn flatten(&self, flags: u16) -> bool {
        flags & (STRIP | UNKNOWN) != 0 && self.strip_depth > 0 && self.flattening()
    }

    fn in_foreign(&self) -> bool {
        self.stack.last().is_some_and(|e| e.foreign && e.flags & INTEGRATION == 0)
    }

    fn text(&mut self) {
        if !self.in_foreign() {
            self.reconstruct();
        }
    }

    /// Handles a start tag; returns where scanning continues.
    fn start_tag(&mut self, tag: &Tag) -> usize {
        let copied = self.copied;
        let next = self.start_tag_model(tag);
        self.cut_attributes(tag, copied);
        next
    }

    /// Handles an end tag. The parser scans open elements for most of them, so their work is
    /// counted ([`MAX_END_TAG_WORK`]); when rewriting, an end tag the model finds ignored is
    /// dropped.
    fn end_tag(&mut self, tag: &Tag) {
        self.end_tag_work += self.stack.len() as u64;
        if self.end_tag_work > MAX_END_TAG_WORK && self.mode == Mode::Check {
            self.redo = Some(Redo::Formatting);
        }
        let copied = self.copied;
        let effect = self.end_tag_model(tag);
        if !effect && self.rewriting() && self.copied == copied {
            self.drop_tag(tag);
        }
        self.cut_attributes(tag, copied);
    }

    /// Cuts the attributes beyond [`MAX_ATTRIBUTES`] off a tag that was kept (`copied` is the
    /// copy position before the tag was handled; a dropped tag moved it).
    fn cut_attributes(&mut self, tag: &Tag, copied: usize) {
        let Some(cut) = tag.cut else { return };
        if !self.rewriting() {
            self.redo = Some(Redo::Formatting);
        } else if self.copied == copied {
            self.out.push_str(&self.page[self.copied..cut]);
            self.out.push('>');
            self.copied = tag.end;
        }
    }

    fn start_tag_model(&mut self, tag: &Tag) -> usize {
        if tag.flags & TRANSPARENT != 0 {
            return tag.end;
        }
        if !self.room(tag.start) {
            return self.page.len();
        }
        if self.in_foreign() {
            if tag.flags & BREAKOUT == 0 {
                if tag.self_closing {
                    self.elements += 1;
                } else {
                    self.push_checked(tag, true);
                }
                return tag.end;
            }
            while self.in_foreign() {
                self.pop();
            }
        }
        if tag.flags & FORMATTING != 0 && tag.kind != K_A && self.stripping() {
            self.drop_tag(tag);
            return tag.end;
        }
        if self.flattening() && is_table_part(tag.kind) {
            if tag.kind == K_TABLE && (self.strip_depth > 0 || self.dropped_tables > 0) {
                // A table inside a stripped element (its implied <tbody> would be another):
                // its text joins the enclosing element.
                self.dropped_tables += 1;
            }
            if self.dropped_tables > 0 {
                self.drop_tag(tag);
                return tag.end;
            }
        }
        if tag.flags & CLOSES_P != 0 {
            self.close_p();
        }
        match tag.kind {
            K_LI | K_DDT => {
                // Close an open item of the same kind unless a special element intervenes.
                for i in (0..self.stack.len()).rev() {
                    let e = self.stack[i];
                    if e.kind == tag.kind {
                        self.pop_to(i);
                        break;
                    }
                    if e.flags & SPECIAL != 0 && ![KEY_ADDRESS, KEY_DIV, KEY_P].contains(&e.key) {
                        break;
                    }
                }
            }
            K_A => {
                // An open <a> is closed first, and taken off the list and the stack if the
                // closing left it there.
                if let Some(i) = self.fmt_after_marker(tag.key) {
                    let serial = self.fmt[i].serial;
                    self.end_formatting(tag.key);
                    if let Some(i) = self.fmt.iter().rposition(|f| f.serial == serial) {
                        self.remove_fmt(i);
                    }
                    if let Some(i) = self.stack.iter().rposition(|e| e.fmt == serial) {
                        self.remove(i);
                    }
                }
            }
            K_NOBR if self.open[K_NOBR as usize] > 0 => {
                self.end_formatting(tag.key);
            }
            K_BUTTON => {
                if let Some(i) = self.in_scope(|e| e.kind == K_BUTTON, 0) {
                    self.pop_to(i);
                }
            }
            K_FORM if self.open[K_FORM as usize] > 0 && self.open[K_TEMPLATE as usize] == 0 => {
                return tag.end; // ignored by the parser
            }
            K_OPTION | K_OPTGROUP if self.stack.last().is_some_and(|e| e.kind == K_OPTION) => {
                self.pop();
            }
            K_SELECT => {
                if let Some(i) = self.in_scope(|e| e.kind == K_SELECT, 0) {
                    self.pop_to(i);
                    return tag.end; // a select in a select closes it
                }
            }
            K_TABLE if self.open[K_TABLE as usize] > 0 => {
                // A table directly inside a table (not in a cell) closes the outer one.
                for i in (0..self.stack.len()).rev() {
                    match self.stack[i].kind {
                        K_TABLE => {
                            self.pop_to(i);
                            break;
                        }
                        K_CELL | K_CAPTION | K_TEMPLATE => break,
                        _ => {}
                    }
                }
            }
            K_SECTION | K_TR | K_CELL | K_CAPTION | K_COLGROUP if !self.table_context(tag.kind) => {
                return tag.end; // ignored outside tables
            }
            _ => {}
        }
        if tag.flags & HEADING != 0 && self.stack.last().is_some_and(|e| e.flags & HEADING != 0) {
            self.pop();
        }
        // The parser re-opens active formatting elements before inline content.
        let inline = tag.flags & SPECIAL == 0
            || (tag.flags & MARKER != 0 && tag.kind == K_OTHER)
            || (tag.flags & VOID != 0 && tag.flags & CLOSES_P == 0)
            || tag.kind == K_SELECT;
        if inline {
            self.reconstruct();
        }
        if tag.kind == K_PLAINTEXT {
            self.elements += 1;
            return self.page.len(); // the rest of the page is text
        }
        if tag.flags & VOID != 0 || (tag.kind == K_FOREIGN_ROOT && tag.self_closing) {
            self.elements += 1;
            return tag.end;
        }
        if tag.flags & RAW != 0 {
            self.elements += 1;
            return raw_text_end(self.page, tag.end, &self.page[tag.start + 1..]);
        }
        if tag.flags & FORMATTING != 0 {
            self.push_formatting(tag);
        } else {
            self.push_checked(tag, tag.kind == K_FOREIGN_ROOT);
        }
        tag.end
    }

    /// Models an end tag; `false` when the parser ignores it.
    fn end_tag_model(&mut self, tag: &Tag) -> bool {
        if tag.kind == K_BR {
            self.leaf(tag.start); // `</br>` is a `<br>`
        }
        if tag.flags & TRANSPARENT != 0 || tag.kind == K_BR {
            return true;
        }
        if self.stack.last().is_some_and(|e| e.foreign) {
            for i in (0..self.stack.len()).rev().take(self.walk_limit()) {
                let e = self.stack[i];
                if !e.foreign {
                    break;
                }
                if e.key == tag.key {
                    self.pop_to(i);
                    return true;
                }
            }
        }
        if self.dropped_tables > 0 && is_table_part(tag.kind) {
            self.dropped_tables -= usize::from(tag.kind == K_TABLE);
            self.drop_tag(tag);
            return true;
        }
        if tag.flags & FORMATTING != 0 {
            if tag.kind != K_A && self.stripping() {
                self.drop_tag(tag);
                return true;
            }
            return self.end_formatting(tag.key);
        }
        let found = match tag.kind {
            K_P => {
                if !self.close_p() {
                    self.leaf(tag.start); // a stray `</p>` is an empty paragraph
                }
                return true;
            }
            K_LI if self.open[K_LI as usize] > 0 => self.in_scope(|e| e.kind == K_LI, K_LIST),
            K_FORM if self.open[K_FORM as usize] > 0 => {
                let Some(i) = self.in_scope(|e| e.kind == K_FORM, 0) else { return false };
                self.remove(i);
                return true;
            }
            K_TABLE | K_SECTION | K_TR | K_CELL | K_CAPTION | K_COLGROUP if self.open[K_TABLE as usize] > 0 => {
                let mut found = None;
                for i in (0..self.stack.len()).rev().take(self.walk_limit()) {
                    let e = self.stack[i];
                    if e.key == tag.key {
                        found = Some(i);
                        break;
                    }
                    if e.kind == K_TABLE || e.kind == K_TEMPLATE {
                        break;
                    }
                }
                found
            }
            K_LI | K_FORM | K_TABLE | K_SECTION | K_TR | K_CELL | K_CAPTION | K_COLGROUP => None,
            _ if tag.flags & HEADING != 0 => self.in_scope(|e| e.flags & HEADING != 0, 0),
            _ if tag.flags & SPECIAL != 0 => self.in_scope(|e| e.key == tag.key, 0),
            _ => return self.end_other(tag.key),
        };
        let Some(i) = found else { return false };
        self.pop_to(i);
        true
    }

    /// How many open elements a search from the top examines: all of them in check mode; in
    /// rewrite mode a bounded number, the tag being treated as unmatched (and dropped) beyond.
    fn walk_limit(&self) -> usize {
        if self.rewriting() { WALK_LIMIT } else { usize::MAX }
    }

    /// "Any other end tag": closes the nearest element of that name unless a special element
    /// comes first; `false` if it closes nothing.
    fn end_other(&mut self, key: u64) -> bool {
        for i in (0..self.stack.len()).rev().take(self.walk_limit()) {
            let e = self.stack[i];
            if e.key == key {
                self.pop_to(i);
                return true;
            }
            if e.flags & SPECIAL != 0 {
                return false;
            }
        }
        false
    }

    /// The end tag of a formatting element (the adoption agency algorithm, approximated: when
    /// a special element sits inside the formatting element, the parser moves elements around
    /// but the depth stays the same, so the model changes nothing); `false` if it is ignored.
    fn end_formatting(&mut self, key: u64) -> bool {
        let Some(li) = self.fmt_after_marker(key) else {
            return self.end_other(key);
        };
        let entry = self.fmt[li];
        if !entry.open {
            self.remove_fmt(li);
            return true;
        }
        let mut special_inside = false;
        for i in (0..self.stack.len()).rev().take(self.walk_limit()) {
            let e = self.stack[i];
            if e.fmt == entry.serial {
                if !special_inside {
                    self.remove_fmt(li);
                    self.pop_to(i);
                }
                return true;
            }
            if e.flags & SCOPE != 0 {
                return false; // not in scope: ignored
            }
            special_inside |= e.flags & SPECIAL != 0;
        }
        if self.rewriting() {
            return false;
        }
        self.remove_fmt(li);
        true
    }

    /// Index of the last formatting entry named `key` after the last marker.
    fn fmt_after_marker(&self, key: u64) -> Option<usize> {
        for i in (0..self.fmt.len()).rev() {
            let f = self.fmt[i];
            if f.serial == 0 {
                return None;
            }
            if f.key == key {
                return Some(i);
            }
        }
        None
    }

    fn remove_fmt(&mut self, i: usize) {
        if self.fmt.remove(i).serial != 0 {
            self.fmt_elements -= 1;
        }
    }

    fn push_formatting(&mut self, tag: &Tag) {
        // Noah's Ark: at most three identical entries after the last marker.
        let mut same = 0;
        let mut first = None;
        for i in (0..self.fmt.len()).rev() {
            let f = self.fmt[i];
            if f.serial == 0 {
                break;
            }
            if f.key == tag.key && f.attrs == tag.attrs_hash {
                same += 1;
                first = Some(i);
            }
        }
        if same >= 3
            && let Some(i) = first
        {
            self.remove_fmt(i);
        }
        if (self.rewriting() && self.stack.len() >= MAX_DEPTH) || self.flatten(tag.flags) {
            self.drop_tag(tag);
            return;
        }
        self.serial += 1;
        let serial = self.serial;
        self.fmt.push(Fmt {
            key: tag.key,
            attrs: tag.attrs_hash,
            kind: tag.kind,
            flags: tag.flags,
            serial,
            open: true,
        });
        self.fmt_elements += 1;
        if self.fmt_elements > MAX_ACTIVE_FORMATTING {
            self.exceed(Redo::Formatting);
        }
        self.push(El { key: tag.key, kind: tag.kind, flags: tag.flags, foreign: false, fmt: serial, born: 0 });
    }

    /// Re-opens the formatting elements that were closed implicitly but are still active,
    /// as the parser does before text and inline elements.
    fn reconstruct(&mut self) {
        let n = self.fmt.len();
        if n == 0 || self.fmt[n - 1].serial == 0 || self.fmt[n - 1].open {
            return;
        }
        let mut first = n - 1;
        while first > 0 && self.fmt[first - 1].serial != 0 && !self.fmt[first - 1].open {
            first -= 1;
        }
        for i in first..n {
            self.serial += 1;
            let f = &mut self.fmt[i];
            f.serial = self.serial;
            f.open = true;
            let el = El { key: f.key, kind: f.kind, flags: f.flags, foreign: false, fmt: self.serial, born: 0 };
            self.push(el);
        }
        self.reconstructed += n - first;
        if self.reconstructed > MAX_RECONSTRUCTED {
            self.exceed(Redo::Formatting);
        }
    }

    /// Closes the structure a table part needs above it (implied `<tbody>`, `<tr>`) and
    /// closes open cells and rows; `false` when the tag is ignored (no table open).
    fn table_context(&mut self, kind: u8) -> bool {
        if self.open[K_TABLE as usize] == 0 {
            return self.open[K_TEMPLATE as usize] > 0;
        }
        let Some(t) = self.stack.iter().rposition(|e| e.kind == K_TABLE || e.kind == K_TEMPLATE) else {
            return false;
        };
        if self.stack[t].kind == K_TEMPLATE {
            return true;
        }
        let kind_at = |s: &Self, i: usize| s.stack.get(i).map(|e| e.kind);
        match kind {
            K_CELL => {
                if kind_at(self, t + 1) == Some(K_SECTION) && kind_at(self, t + 2) == Some(K_TR) {
                    self.pop_to(t + 3);
                } else if kind_at(self, t + 1) == Some(K_SECTION) {
                    self.pop_to(t + 2);
                    self.push_implied(b"tr", K_TR);
                } else {
                    self.pop_to(t + 1);
                    self.push_implied(b"tbody", K_SECTION);
                    self.push_implied(b"tr", K_TR);
                }
            }
            K_TR => {
                if kind_at(self, t + 1) == Some(K_SECTION) {
                    self.pop_to(t + 2);
                } else {
                    self.pop_to(t + 1);
                    self.push_implied(b"tbody", K_SECTION);
                }
            }
            _ => self.pop_to(t + 1),
        }
        true
    }

    fn push_implied(&mut self, name: &[u8], kind: u8) {
        self.push(El {
            key: name_key(name),
            kind,
            flags: if kind == K_SECTION { SPECIAL | STRIP } else { SPECIAL },
            foreign: false,
            fmt: 0,
            born: 0,
        });
    }

    /// Pushes the element of a start tag, or (rewriting) drops the tag when the stack is at
    /// [`MAX_DEPTH`].
    fn push_checked(&mut self, tag: &Tag, foreign: bool) {
        if (self.rewriting() && self.stack.len() >= MAX_DEPTH) || (!foreign && self.flatten(tag.flags)) {
            self.drop_tag(tag);
            return;
        }
        if foreign {
            // SVG and MathML elements follow none of the HTML rules but the integration points.
            self.push(El { key: tag.key, kind: K_OTHER, flags: tag.flags & INTEGRATION, foreign, fmt: 0, born: 0 });
            return;
        }
        if tag.flags & MARKER != 0 {
            self.fmt.push(Fmt { key: 0, attrs: 0, kind: K_OTHER, flags: 0, serial: 0, open: false });
        }
        self.push(El { key: tag.key, kind: tag.kind, flags: tag.flags, foreign, fmt: 0, born: 0 });
    }

    fn push(&mut self, mut el: El) {
        self.open[el.kind as usize] += 1;
        el.born = self.elements;
        self.elements += 1;
        if el.flags & (STRIP | UNKNOWN) != 0 {
            self.strip_depth += 1;
        }
        self.stack.push(el);
        if self.stack.len() > MAX_DEPTH && self.mode == Mode::Check {
            self.redo = Some(Redo::Formatting);
        }
    }

    fn pop(&mut self) {
        if let Some(e) = self.stack.pop() {
            self.closed(e);
        }
    }

    /// Pops elements until the stack has `len` of them.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            self.pop();
        }
    }

    /// Takes one element out of the middle of the stack (`</form>`).
    fn remove(&mut self, i: usize) {
        let e = self.stack.remove(i);
        self.closed(e);
    }

    fn closed(&mut self, e: El) {
        self.open[e.kind as usize] -= 1;
        if e.flags & (STRIP | UNKNOWN) != 0 {
            self.strip_depth -= 1;
            self.strip_copies += u64::from(self.elements - e.born - 1);
            if self.strip_copies > MAX_STRIP_COPIES {
                self.exceed(Redo::Strippable);
            }
        }
        if e.fmt != 0
            && let Some(f) = self.fmt.iter_mut().rev().find(|f| f.serial == e.fmt)
        {
            f.open = false;
        }
        if e.flags & MARKER != 0 {
            // Clear the formatting list up to the last marker.
            while let Some(f) = self.fmt.pop() {
                if f.serial == 0 {
                    break;
                }
                self.fmt_elements -= 1;
            }
        }
    }

    /// Closes the open `<p>` in button scope; `false` if there is none.
    fn close_p(&mut self) -> bool {
        if self.open[K_P as usize] == 0 {
            return false;
        }
        let Some(i) = self.in_scope(|e| e.kind == K_P, K_BUTTON) else { return false };
        self.pop_to(i);
        true
    }

    /// Index of the nearest open element matching `pred` before a scope boundary (the default
    /// scope, plus elements of kind `extra` when not `K_OTHER`).
    fn in_scope(&self, pred: impl Fn(&El) -> bool, extra: u8) -> Option<usize> {
        for i in (0..self.stack.len()).rev().take(self.walk_limit()) {
            let e = &self.stack[i];
            if pred(e) {
                return Some(i);
            }
            if e.flags & SCOPE != 0
                || (extra != K_OTHER && e.kind == extra)
                || (e.foreign && e.flags & INTEGRATION != 0)
            {
                return None;
            }
        }
        None
    }
}

fn is_table_part(kind: u8) -> bool {
    matches!(kind, K_TABLE | K_SECTION | K_TR | K_CELL | K_CAPTION | K_COLGROUP)
}

/// Position of the byte `needle` at or after `from`.
fn find_byte(page: &str, from: usize, needle: u8) -> Option<usize> {
    memchr::memchr(needle, page.as_bytes().get(from..)?).map(|p| p + from)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

// Byte classes inside tags.
const C_OTHER: u8 = 0;
const C_SPACE: u8 = 1;
const C_SLASH: u8 = 2;
const C_GT: u8 = 3;
const C_EQ: u8 = 4;
const C_QUOTE: u8 = 5;

static BYTE_CLASS: [u8; 256] = {
    let mut t = [C_OTHER; 256];
    t[b' ' as usize] = C_SPACE;
    t[b'\t' as usize] = C_SPACE;
    t[b'\n' as usize] = C_SPACE;
    t[b'\r' as usize] = C_SPACE;
    t[0x0c] = C_SPACE;
    t[b'/' as usize] = C_SLASH;
    t[b'>' as usize] = C_GT;
    t[b'=' as usize] = C_EQ;
    t[b'"' as usize] = C_QUOTE;
    t[b'\'' as usize] = C_QUOTE;
    t
};

/// Reads the tag starting at `lt` whose name starts at `name_start` (as the HTML tokenizer
/// does, attribute by attribute); `None` when the page ends inside it (the parser drops such
/// a tag).
fn read_tag(page: &str, lt: usize, name_start: usize) -> Option<Tag> {
    let b = page.as_bytes();
    let class = |k: usize| b.get(k).map(|&c| BYTE_CLASS[usize::from(c)]);
    let mut k = name_start;
    let mut key = name_key(b"");
    while let Some(C_OTHER | C_EQ | C_QUOTE) = class(k) {
        key = (key ^ u64::from(b[k].to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
        k += 1;
    }
    let (kind, flags) = classify(key);
    let attrs_start = k;
    let mut attrs = 0usize;
    let mut cut = None;
    let mut self_closing = false;
    // Before an attribute name (true) or after one (false, where `=` starts a value).
    let mut before_name = true;
    loop {
        match class(k)? {
            C_SPACE => k += 1,
            C_SLASH => {
                self_closing = class(k + 1) == Some(C_GT);
                before_name = true;
                k += 1;
            }
            C_GT => break,
            C_EQ if !before_name => {
                // An attribute value.
                k += 1;
                while class(k)? == C_SPACE {
                    k += 1;
                }
                match class(k)? {
                    C_QUOTE => k = find_byte(page, k + 1, b[k])? + 1,
                    C_GT => break,
                    _ => {
                        while !matches!(class(k)?, C_SPACE | C_GT) {
                            k += 1;
                        }
                    }
                }
                before_name = true;
            }
            _ => {
                // An attribute name (a leading `=` or quote belongs to it).
                attrs += 1;
                if attrs == MAX_ATTRIBUTES + 1 {
                    cut = Some(k);
                }
                k += 1;
                while let Some(C_OTHER | C_QUOTE) = class(k) {
                    k += 1;
                }
                before_name = false;
            }
        }
    }
    let attrs_hash = if flags & FORMATTING != 0 { name_key(&b[attrs_start..k]) } else { 0 };
    Some(Tag { start: lt, end: k + 1, key, kind, flags, attrs_hash, self_closing, cut })
}

/// Where scanning continues after `<!`: past a comment, CDATA section (in foreign content) or
/// doctype.
fn skip_markup_declaration(page: &str, lt: usize, foreign: bool) -> usize {
    let b = page.as_bytes();
    let rest = &page[lt..];
    if rest.starts_with("<!--") {
        if rest.starts_with("<!-->") {
            return lt + 5;
        }
        if rest.starts_with("<!--->") {
            return lt + 6;
        }
        return memchr::memmem::find(&b[lt + 4..], b"-->").map_or(b.len(), |p| lt + 4 + p + 3);
    }
    if foreign && rest.starts_with("<![CDATA[") {
        return memchr::memmem::find(&b[lt..], b"]]>").map_or(b.len(), |p| lt + p + 3);
    }
    find_byte(page, lt + 2, b'>').map_or(b.len(), |g| g + 1)
}

/// End of the raw text element whose start tag ends at `from` (`tag` is the page from the
/// tag name on): past its end tag, or the end of the page.
fn raw_text_end(page: &str, from: usize, tag: &str) -> usize {
    let b = page.as_bytes();
    let name_len = tag.bytes().take_while(|&c| !is_space(c) && c != b'/' && c != b'>').count();
    let name = &tag.as_bytes()[..name_len];
    let mut i = from;
    while let Some(p) = find_byte(page, i, b'<') {
        let n = p + 2 + name_len;
        if b.get(p + 1) == Some(&b'/')
            && b.get(p + 2..n).is_some_and(|s| s.eq_ignore_ascii_case(name))
            && b.get(n).is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return read_tag(page, p, p + 2).map_or(b.len(), |t| t.end);
        }
        i = p + 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DefaultExtractor, Extractor};
    use parallax_model::{DocFormat, Hints, RawDoc};
    use std::time::{Duration, Instant};

    const TEXT: &str =
        "The council voted on Monday to rebuild the old harbour bridge, which collapsed in the storm last winter. ";

    fn html_doc(body: impl Into<Vec<u8>>) -> RawDoc {
        RawDoc {
            origin: "t.html".into(),
            key: "k".into(),
            format: DocFormat::Html,
            body: body.into(),
            charset: None,
            hints: Hints::default(),
        }
    }

    /// Extracts on a thread with a 2 MiB stack (the size of ordinary worker threads), within
    /// `limit`.
    fn extract_small_stack(doc: RawDoc, limit: Duration) -> Result<parallax_model::Article, String> {
        let t = Instant::now();
        let r = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || DefaultExtractor.extract(&doc).map_err(|e| e.to_string()))
            .expect("spawn")
            .join()
            .expect("no panic");
        assert!(t.elapsed() < limit, "took {:?}", t.elapsed());
        r
    }

    fn nested(open: &str, close: &str, n: usize) -> String {
        format!("<html><body>{}<p>{}</p>{}</body></html>", open.repeat(n), TEXT.repeat(3), close.repeat(n))
    }

    #[test]
    fn normal_pages_are_borrowed_unchanged() {
        let pages = [
            "<!doctype html><html><head><title>A <b> title</title><script>if (a<b) document.write('<div>')</script></head><body><div><p>One<p>Two<ul><li>a<li>b</ul></div></body></html>".to_string(),
            // Unclosed paragraphs, list items and table cells close each other.
            format!("<body>{}", "<p>para <b>bold</b> text".repeat(2000)),
            format!("<ul>{}</ul>", "<li>item".repeat(2000)),
            format!("<table>{}</table>", "<tr><td>cell<td>cell".repeat(2000)),
            format!("<dl>{}</dl>", "<dt>term<dd>definition".repeat(2000)),
            // Many identical unclosed formatting tags (the parser keeps three).
            format!("<body>{}", "<p><font face=arial>text".repeat(2000)),
            format!("<svg>{}</svg>", "<g><path d='M0 0'/></g>".repeat(2000)),
            format!("<body>{}", "<a href=x>link</a> <img src=y>".repeat(2000)),
            format!("<div>{}</div>", "<!-- <div> --><div>x</div>".repeat(2000)),
            format!("<body>{}<p>after", "<div>".repeat(MAX_DEPTH - 1)),
        ];
        for p in &pages {
            assert!(matches!(guard(p), Cow::Borrowed(g) if std::ptr::eq(g, p.as_str())), "{}", &p[..80]);
        }
    }

    #[test]
    fn deep_nesting_keeps_its_text_fast() {
        for (open, close) in [("<div>", "</div>"), ("<span>", "</span>"), ("<b>", "</b>"), ("<table><tr><td>", "")] {
            let page = nested(open, close, 100_000);
            let t = Instant::now();
            let g = guard(&page);
            assert!(t.elapsed() < Duration::from_millis(500), "{open}: guard took {:?}", t.elapsed());
            assert!(matches!(g, Cow::Owned(_)), "{open}");
            let a = extract_small_stack(html_doc(page), Duration::from_secs(5)).expect(open);
            assert!(a.text.contains("harbour bridge"), "{open}: {}", a.text);
        }
    }

    #[test]
    fn nesting_the_parser_does_not_close_is_counted() {
        // A stray end tag that meets a special element is ignored by the parser, `</form>`
        // leaves its children open, a table inside a table cell nests.
        for (open, n) in [("<span><div></span>", 20_000), ("<form><div></form>", 20_000), ("<a><div></a>", 20_000)] {
            let page = nested(open, "", n);
            let g = guard(&page);
            let kept = g.matches("<div>").count();
            assert!(kept <= MAX_DEPTH, "{open}: {kept} divs kept");
            extract_small_stack(html_doc(page), Duration::from_secs(5)).expect(open);
        }
    }

    #[test]
    fn end_tag_floods_are_dropped() {
        // Each stray end tag makes the parser scan the open elements: 2 million of them under
        // 250 open elements took 16 to 31 s.
        for flood in ["</x>", "</div>"] {
            let page = format!("<body>{}<p>{TEXT}</p>{}", "<span>".repeat(250), flood.repeat(2_000_000));
            let g = guard(&page);
            assert!(g.len() < 10_000, "{flood}: {}", g.len());
            let a = extract_small_stack(html_doc(page), Duration::from_secs(10)).expect(flood);
            assert!(a.text.contains("harbour bridge"));
        }
    }

    #[test]
    fn formatting_bombs_are_defused() {
        // 1,000 distinct unclosed <b>s re-created in each of 5,000 paragraphs: 5 million
        // elements and over 19 GB without the guard.
        let bombs = [
            format!(
                "<body><p>{}</p>{}<p>{}</p>",
                (0..1000).map(|i| format!("<b id={i}>")).collect::<String>(),
                "<p>x</p>".repeat(5000),
                TEXT
            ),
            // 20,000 distinct <b>s open at once: 12 s.
            format!("<body>{}<p>{}</p>", (0..20_000).map(|i| format!("<b id={i}>")).collect::<String>(), TEXT),
        ];
        for page in bombs {
            let g = guard(&page);
            assert!(!g.contains("<b "), "formatting tags dropped");
            let a = extract_small_stack(html_doc(page), Duration::from_secs(5)).expect("article");
            assert!(a.text.contains("harbour bridge"), "{}", a.text);
        }
    }

    #[test]
    fn attribute_bombs_are_cut() {
        let attrs: String = (0..100_000).map(|i| format!(" a{i}")).collect();
        let page = format!("<body><div{attrs}><p>{TEXT}</p></div>");
        let g = guard(&page);
        assert!(g.len() < 10_000, "{}", g.len());
        assert!(g.contains(&format!(" a{} >", MAX_ATTRIBUTES - 1)) && !g.contains(&format!(" a{}", MAX_ATTRIBUTES)));
        let a = extract_small_stack(html_doc(page), Duration::from_secs(5)).expect("article");
        assert!(a.text.contains("harbour bridge"));
    }

    #[test]
    fn huge_pages_are_cut_at_a_tag() {
        let para = format!("<p>{}</p>\n", TEXT.repeat(20));
        let page = format!("<html><body>{}</body></html>", para.repeat(MAX_PAGE_BYTES / para.len() + 1000));
        let g = guard(&page);
        assert!(g.len() <= MAX_PAGE_BYTES && g.len() > MAX_PAGE_BYTES - para.len(), "{}", g.len());
        assert!(g.ends_with("</p>\n"), "{}", &g[g.len() - 20..]);
        let bytes = vec![b'x'; MAX_PAGE_BYTES + 10];
        assert_eq!(cap_bytes(&bytes).len(), MAX_PAGE_BYTES);
        // A cut never splits a character.
        let wide = "é".repeat(MAX_PAGE_BYTES / 2 + 1);
        assert!(guard(&wide).len() <= MAX_PAGE_BYTES);
    }

    #[test]
    fn pages_with_too_many_nodes_are_cut() {
        let page = format!("<body><p>{TEXT}</p>{}<p>the end</p>", "<p>x</p><!---->".repeat(MAX_NODES));
        let g = guard(&page);
        let nodes = g.matches("<p>").count() + g.matches("<!---->").count();
        assert!(nodes <= MAX_NODES && nodes > MAX_NODES - 10, "{nodes}");
        assert!(!g.contains("the end"));
        let a = extract_small_stack(html_doc(page), Duration::from_secs(10)).expect("article");
        assert!(a.text.contains("harbour bridge"));
    }

    #[test]
    fn stripped_tags_nested_around_much_content_are_flattened() {
        // `trafilatura` copies everything inside each stripped element: 64 nested <span>s or
        // 40 nested tables (each with its <tbody>) around 20,000 paragraphs.
        let content = format!("<p>{TEXT}</p>{}", "<p>one more paragraph</p>".repeat(20_000));
        for (open, close, n) in
            [("<span>", "</span>", 64), ("<x-box>", "</x-box>", 64), ("<table><tr><td>", "</td></tr></table>", 40)]
        {
            let page = format!("<body>{}{content}{}", open.repeat(n), close.repeat(n));
            let g = guard(&page);
            assert_eq!(g.matches(open).count(), 1, "{open}");
            assert!(g.contains("<p>one more paragraph</p>"));
            let a = extract_small_stack(html_doc(page), Duration::from_secs(10)).expect(open);
            assert!(a.text.contains("harbour bridge"), "{open}");
        }
    }

    #[test]
    fn binary_and_broken_input_does_not_panic() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut noise = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        };
        let binary: Vec<u8> = (0..200_000).map(|_| noise()).collect();
        let tags: Vec<u8> = (0..200_000).map(|_| b"<>/=\"' abdiv!-\0\xff"[usize::from(noise()) % 16]).collect();
        for body in [binary, tags, b"<".to_vec(), b"</".to_vec(), b"<a b='".to_vec(), b"<script>".to_vec()] {
            let _ = guard(&String::from_utf8_lossy(&body));
            let _ = extract_small_stack(html_doc(body), Duration::from_secs(10));
        }
    }
}
