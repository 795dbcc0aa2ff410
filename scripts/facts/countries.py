#!/usr/bin/env python3
"""Writes crates/facts/data/countries.tsv (names in many languages) and countries-en.tsv.

countries.tsv holds the names the gazetteer (crates/facts/src/gazetteer.rs) recognises;
countries-en.tsv holds one English display name per code (CLDR's, with the few forms that read
oddly in running text replaced by ENGLISH_DISPLAY), also `CODE<TAB>NAME`.

Each line is `CODE<TAB>NAME`: an ISO 3166-1 alpha-2 code (plus XK, Kosovo) and one name of
that country or territory, deduplicated and sorted. The names come from the Unicode CLDR
territory names shipped in the Python package `babel`, in the locales listed in LOCALES, plus:

- variants derived mechanically from CLDR names: the name without a parenthetical
  ("Myanmar (Burma)" -> "Myanmar"), "&" spelled "and" and "St." spelled "Saint" in English,
  " - " written as a hyphen ("Congo - Kinshasa" -> "Congo-Kinshasa"); a derived variant that
  would name two countries ("刚果" from "刚果（金）" and "刚果（布）") is dropped;
- EXTRA below: a short hand list of common short forms, abbreviations and older names that CLDR
  does not give (US, U.S., UK, UAE, Britain, Holland, РФ, США, 阿联酋, أمريكا ...);
- OFFICIAL below: official long names of some often-named states (中华人民共和国, Islamic
  Republic of Iran ...).

Re-run (from the repository root) after changing LOCALES or EXTRA, or to pick up a newer CLDR:

    pip install babel
    python3 scripts/facts/countries.py

and commit the regenerated TSV (it is read with include_str! by crates/facts/src/gazetteer.rs).

Licence of the data: CLDR is © Unicode, Inc., distributed under the Unicode License v3
(https://www.unicode.org/license.txt), which permits copying, modification and redistribution
provided the copyright and permission notice accompany the data; that notice is reproduced in the
generated file's header comment. The hand list in this script is the project's own (Apache-2.0).
"""
import os
import re
import sys

from babel import Locale, __version__ as babel_version

LOCALES = (
    "en de fr es it pt nl sv da nb fi pl cs sk ru uk bg sr sr_Latn hr ro hu el tr ar fa he ur hi "
    "bn zh zh_Hant ja ko vi id th ms"
).split()

# Codes CLDR lists among its two-letter territories that are not countries or territories of
# ISO 3166-1: groupings (EU, EZ, UN, QO), unknown/pseudo regions, and exceptionally reserved
# codes for parts of other countries (Ascension, Clipperton, Sark, Diego Garcia, Ceuta & Melilla,
# Canary Islands, Tristan da Cunha).
SKIP = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}

# Common names CLDR lacks: short forms, abbreviations, older or colloquial names. Names of three
# letters or fewer only match when written in capitals (see gazetteer.rs), so "US" is safe.
EXTRA = {
    "US": [
        "US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the United States",
        "Vereinigte Staaten von Amerika", "Amerika", "États-Unis d’Amérique", "EUA", "EE. UU.",
        "EE.UU.", "EEUU", "Estados Unidos de América", "Stati Uniti d’America", "VS", "SUA",
        "ABD", "США", "САЩ", "САД", "Америка", "Соединённые Штаты", "Соединённые Штаты Америки",
        "Соединенные Штаты Америки", "Сполучені Штати Америки", "ΗΠΑ", "ארה\"ב", "ארה״ב",
        "أمريكا", "أميركا", "الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية",
        "آمریکا", "امریکا", "ایالات متحده آمریکا", "امریکہ", "अमेरिका", "美国", "美國", "米国",
        "アメリカ", "Mỹ", "Amerika Serikat", "Amerika Syarikat",
    ],
    "GB": [
        "UK", "U.K.", "Britain", "Great Britain", "Grande-Bretagne", "Großbritannien",
        "Gran Bretaña", "Gran Bretagna", "Grã-Bretanha", "Groot-Brittannië", "Storbritannia",
        "Wielka Brytania", "Velká Británie", "Marea Britanie", "Nagy-Britannia",
        "Μεγάλη Βρετανία", "Βρετανία", "İngiltere", "Британия", "Британія", "Великобританія",
        "بريطانيا", "انگلیس", "ब्रिटेन", "英國", "英国", "Inggris",
    ],
    "AE": ["UAE", "U.A.E.", "VAE", "EAU", "BAE", "ZEA", "SAE", "ОАЭ", "ОАЕ", "الإمارات", "امارات",
           "阿联酋", "阿聯酋", "Emirates", "Emirati Arabi", "Emiratos"],
    "NL": ["Holland", "the Netherlands", "Голландия", "Голландія", "هولندا"],
    "RU": ["РФ", "Russian Federation", "Российская Федерация", "Російська Федерація", "Росія",
           "Россия", "俄国", "俄國", "روسيا", "روسیه"],
    "CN": ["PRC", "КНР", "中国大陆", "People’s Republic of China", "الصين"],
    "TW": ["台湾", "臺灣", "台灣"],
    "HK": ["Hong Kong", "Hongkong", "Гонконг", "香港", "هونغ كونغ"],
    "MO": ["Macau", "Macao", "澳门", "澳門"],
    "KP": ["DPRK", "КНДР", "Северная Корея", "北韩", "كوريا الشمالية"],
    "KR": ["Южная Корея", "南韩"],
    "SA": ["Saudi", "السعودية", "沙特", "عربستان"],
    "CZ": ["Czech Republic", "Чехия"],
    "CI": ["Ivory Coast"],
    "SZ": ["Swaziland"],
    "MM": ["Burma"],
    "MK": ["Macedonia"],
    "TL": ["East Timor"],
    "CD": ["DRC", "DR Congo", "Democratic Republic of the Congo", "Democratic Republic of Congo",
           "ДР Конго", "刚果民主共和国", "جمهورية الكونغو الديمقراطية"],
    "CG": ["Republic of the Congo", "Republic of Congo"],
    "PS": ["Palestine", "Palästina", "Палестина", "فلسطين", "巴勒斯坦"],
    "VA": ["Vatican", "Holy See"],
    "TR": ["Turkey", "Türkei", "Turquie", "Турция"],
    "BY": ["Weißrussland", "Белоруссия", "Biélorussie"],
    "SY": ["Syrien", "سورية"],
    "CV": ["Cape Verde"],
    "FM": ["Federated States of Micronesia"],
    "VN": ["Viet Nam"],
    "LA": ["Lao PDR"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "IR": ["Persia", "ایران"],
    "IL": ["إسرائيل", "اسرائيل"],
}

# Official long names of some often-named states, in a few scripts.
OFFICIAL = {
    "CN": ["People’s Republic of China", "中华人民共和国", "中華人民共和國", "Китайская Народная Республика",
           "جمهورية الصين الشعبية"],
    "TW": ["Republic of China", "中华民国", "中華民國"],
    "US": ["美利坚合众国", "美利堅合眾國"],
    "RU": ["俄罗斯联邦", "俄羅斯聯邦", "روسيا الاتحادية"],
    "KR": ["Republic of Korea", "大韩民国", "大韓民國", "Республика Корея"],
    "KP": ["Democratic People’s Republic of Korea", "朝鲜民主主义人民共和国", "朝鮮民主主義人民共和國",
           "Корейская Народно-Демократическая Республика"],
    "IR": ["Islamic Republic of Iran", "伊朗伊斯兰共和国", "الجمهورية الإسلامية الإيرانية",
           "جمهوری اسلامی ایران", "Исламская Республика Иран"],
    "SA": ["Kingdom of Saudi Arabia", "沙特阿拉伯王国", "Королевство Саудовская Аравия"],
    "DE": ["Federal Republic of Germany", "Bundesrepublik Deutschland", "德意志联邦共和国"],
    "FR": ["French Republic", "République française", "法兰西共和国"],
    "GB": ["United Kingdom of Great Britain and Northern Ireland", "大不列颠及北爱尔兰联合王国"],
    "IN": ["Republic of India", "印度共和国"],
    "JP": ["日本国"],
    "VN": ["Socialist Republic of Vietnam", "越南社会主义共和国", "越南社會主義共和國"],
}


# English display names where CLDR's reads oddly in a sentence.
ENGLISH_DISPLAY = {
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "MM": "Myanmar",
    "HK": "Hong Kong",
    "MO": "Macao",
    "PS": "Palestine",
}


def variants(name, locale):
    """Mechanical variants of a CLDR name (see the docstring)."""
    out = set()
    outer = re.sub(r"\s*[（(][^）)]*[）)]\s*", " ", name).strip()
    if outer and outer != name:
        out.add(outer)
    for n in {name} | out:
        if " - " in n or " – " in n:
            out.add(re.sub(r"\s+[-–]\s+", "-", n))
        if locale == "en":
            if " & " in n:
                out.add(n.replace(" & ", " and "))
            if n.startswith("St. "):
                out.add("Saint " + n[4:])
                out.add("St " + n[4:])
    out.discard(name)
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "crates", "facts", "data", "countries.tsv")
    codes = sorted(
        c for c in Locale("en").territories
        if len(c) == 2 and c.isalpha() and c.isupper() and c not in SKIP
    )
    pairs = set()
    derived = {}
    for loc in LOCALES:
        names = Locale.parse(loc).territories
        for code in codes:
            name = names.get(code)
            if not name:
                continue
            pairs.add((code, name))
            for v in variants(name, loc):
                derived.setdefault(v, set()).add(code)
    for code, names in list(EXTRA.items()) + list(OFFICIAL.items()):
        assert code in codes, code
        for name in names:
            pairs.add((code, name))
    owners = {}
    for code, name in pairs:
        owners.setdefault(name, set()).add(code)
    for name, cs in derived.items():
        if len(cs) == 1 and owners.get(name, cs) == cs:
            pairs.add((next(iter(cs)), name))
    clash = sorted((n, sorted(c)) for n, c in owners.items() if len(c) > 1)
    for n, c in clash:
        print(f"ambiguous (the gazetteer ignores it): {n} {c}", file=sys.stderr)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            f"# Country names from Unicode CLDR (via babel {babel_version}) plus a hand list; written by\n"
            "# scripts/facts/countries.py. CLDR data: Copyright © 1991-2025 Unicode, Inc., Unicode\n"
            "# License v3, https://www.unicode.org/license.txt\n"
        )
        for code, name in sorted(pairs):
            assert "\t" not in name and "\n" not in name
            f.write(f"{code}\t{name}\n")
    print(f"wrote {path}: {len(pairs)} names of {len(codes)} territories", file=sys.stderr)
    english = Locale("en").territories
    path = os.path.join(os.path.dirname(path), "countries-en.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            "# English country names from Unicode CLDR (via babel), a few replaced; written by\n"
            "# scripts/facts/countries.py. CLDR data: Copyright © 1991-2025 Unicode, Inc., Unicode\n"
            "# License v3, https://www.unicode.org/license.txt\n"
        )
        for code in codes:
            f.write(f"{code}\t{ENGLISH_DISPLAY.get(code, english[code])}\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
