#!/usr/bin/env python3
"""Regenerates the TRADITIONAL table in crates/facts/src/uncased.rs (module `han`).

The Chinese rules in uncased.rs are written in simplified characters; TRADITIONAL pairs each
simplified character used in those lists with its traditional forms, so that every list also
matches text in traditional characters. This script collects the Han characters of the `han`
module's constants (doc comments aside) and maps them with OpenCC (s2t, s2tw, s2hk), keeping the
one-character conversions that differ.

Re-run (from the repository root) after adding characters to the module's lists:

    pip install opencc-python-reimplemented
    python3 scripts/facts/traditional.py
    cargo fmt -p parallax-facts

OpenCC's conversion tables are Apache-2.0 licensed; the table written is a list of character
pairs.
"""
import os
import re
import sys

from opencc import OpenCC

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PATH = os.path.join(ROOT, "crates", "facts", "src", "uncased.rs")
TABLE = re.compile(r'const TRADITIONAL: &str = "[^"]*";', re.S)


def main():
    source = open(PATH, encoding="utf-8").read()
    start = source.index("mod han {")
    end = source.index("/// Japanese:", start)
    module = source[start:end]
    code = "\n".join(line for line in TABLE.sub("", module).split("\n") if not line.strip().startswith("//"))
    chars = sorted({c for c in code if "\u4e00" <= c <= "\u9fff"})
    pairs = []
    for config in ("s2t", "s2tw", "s2hk"):
        cc = OpenCC(config)
        for c in chars:
            t = cc.convert(c)
            if len(t) == 1 and t != c and (c, t) not in pairs:
                pairs.append((c, t))
    pairs.sort()
    flat = "".join(a + b for a, b in pairs)
    lines = [flat[i:i + 56] for i in range(0, len(flat), 56)]
    literal = 'const TRADITIONAL: &str = "' + "\\\n        ".join(lines) + '";'
    module = TABLE.sub(lambda _: literal, module)
    with open(PATH, "w", encoding="utf-8") as f:
        f.write(source[:start] + module + source[end:])
    print(f"{len(chars)} characters, {len(pairs)} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
