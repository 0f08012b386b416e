#!/usr/bin/env python3
"""Makes assets/fonts/NotoSansSC-Regular-GB2312.ttf, the font the charts are drawn with.

The source is the static Noto Sans SC Regular TTF from the npm package
@expo-google-fonts/noto-sans-sc 0.4.3 (SIL Open Font License 1.1; see OFL.txt). The subset keeps:

- every character of GB2312 (6,763 hanzi in levels 1 and 2, plus its punctuation, full-width forms,
  kana, Greek and Cyrillic), enumerated by decoding every GB2312 byte pair with Python's codec;
- printable ASCII, Latin-1 Supplement and Latin Extended-A (Côte d’Ivoire, Setúbal, Türkiye);
- general punctuation (– — ‘ ’ “ ” …), CJK symbols and punctuation, half- and full-width forms.

Names with characters outside GB2312 (rare hanzi in some institution names) would draw as empty
boxes in PNG charts; SVG and HTML output names the font family with system fallbacks, so browsers
still draw them.

Reproduce (fonttools 4.68.0 from PyPI):

    cd /tmp && npm pack @expo-google-fonts/noto-sans-sc@0.4.3
    tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz package/400Regular/NotoSansSC_400Regular.ttf
    pip install fonttools==4.68.0
    python3 assets/fonts/make_subset.py /tmp/package/400Regular/NotoSansSC_400Regular.ttf \
        assets/fonts/NotoSansSC-Regular-GB2312.ttf
"""

import sys

from fontTools import subset


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main(source, target):
    chars = gb2312_chars()
    ranges = [(0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x203A),
              (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    for lo, hi in ranges:
        chars.update(chr(c) for c in range(lo, hi + 1))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in sorted(chars)])
    subsetter.subset(font)
    subset.save_font(font, target, options)
    print(f"{target}: {len(chars)} characters requested")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
