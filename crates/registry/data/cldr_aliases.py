#!/usr/bin/env python3
"""Adds CLDR's Chinese territory names to country_aliases.csv.

Reads `main/{zh,zh-Hant,en}/territories.json` of the npm package cldr-localenames-full (CLDR 48:
`npm pack cldr-localenames-full@48.2.0`, then unpack it) and appends, with their source:

- `CLDR 48 zh alt-short` / `alt-variant` / `alt-chagos`: the Simplified Chinese names CLDR marks as
  short or variant forms (象牙海岸, 刚果民主共和国, 香港, ...);
- `CLDR 48 zh-Hant name` / `zh-Hant alt-...`: the Traditional Chinese names (泰國, 英國, ...), which
  files from Hong Kong, Macao and Taiwan partners and Big5 files use.

A name already in countries.csv or already an alias (compared as the registry compares names:
NFKC, lower case) is left out, so the file keeps one row per name; rows already in the file are
kept as they are. Codes not in countries.csv are skipped.

Usage: python3 cldr_aliases.py PATH/TO/package/main
"""

import csv
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent


def key(text):
    return unicodedata.normalize("NFKC", " ".join(text.split())).lower()


def territories(main, locale):
    data = json.loads((main / locale / "territories.json").read_text(encoding="utf-8"))
    return data["main"][locale]["localeDisplayNames"]["territories"]


def main():
    main_dir = Path(sys.argv[1])
    countries = list(csv.DictReader((HERE / "countries.csv").open(encoding="utf-8")))
    codes = {c["iso2"] for c in countries}
    taken = {key(c["iso2"]) for c in countries}
    taken |= {key(c["name_en"]) for c in countries} | {key(c["name_zh"]) for c in countries}
    aliases_path = HERE / "country_aliases.csv"
    lines = aliases_path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        taken.add(key(line.split(",")[0]))
    added = []
    for locale in ("zh", "zh-Hant"):
        for name_key, name in sorted(territories(main_dir, locale).items()):
            code, _, alt = name_key.partition("-alt-")
            if code not in codes or "," in name:
                continue
            if locale == "zh" and not alt:
                continue  # the default names are countries.csv's own
            source = f"CLDR 48 {locale} " + (f"alt-{alt}" if alt else "name")
            if key(name) in taken:
                continue
            taken.add(key(name))
            added.append(f"{name},{code},{source}")
    aliases_path.write_text("\n".join(lines + added) + "\n", encoding="utf-8")
    print(f"{len(added)} aliases added")


if __name__ == "__main__":
    main()
