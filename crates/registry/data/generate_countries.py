#!/usr/bin/env python3
"""Generate countries.csv (the preloaded country reference data of Luban Registry).

Output columns: iso2,iso3,name_en,name_zh,region,groups
  one row per officially assigned ISO 3166-1 alpha-2 code (249), sorted by iso2.

Sources (npm packages, pinned; the script uses the Python 3.11 standard library only):
  cldr-localenames-full@48.2.0  CLDR 48 territory names, locales `en` and `zh`
  cldr-core@48.2.0              CLDR 48 supplemental codeMappings (alpha-3 codes)
                                and territoryContainment (UN M49 regions)
  world-countries@5.1.0         (mledoze) the list of officially assigned codes
                                ("status": "officially-assigned"), and a cross-check
                                of the alpha-3 codes

How to run (any folder outside the repository will do for the packages):

  npm install --prefix /tmp/lubandata \
      cldr-localenames-full@48.2.0 cldr-core@48.2.0 world-countries@5.1.0
  python3 generate_countries.py /tmp/lubandata/node_modules > countries.csv

The CSV goes to standard output (UTF-8, no BOM, LF line endings, RFC 4180 quoting
only where needed); a summary (row count, group counts) and any warnings go to
standard error.  The script exits non-zero if a consistency check fails.  A
version other than the pinned one gives a warning, not an error.

Choices:
  * name_en / name_zh are CLDR's default (non-"alt") names for `en` and `zh`
    (zh = Simplified Chinese), e.g. "Côte d’Ivoire", "St. Lucia", "Türkiye",
    except the codes in OFFICIAL_NAMES, which follow the usage of China's
    Ministry of Foreign Affairs.
  * region is the top-level UN M49 region (Africa, Americas, Asia, Europe,
    Oceania) found by walking CLDR's territoryContainment, which follows M49.
    Antarctica (which CLDR puts in its non-M49 "Outlying Oceania", QO) and the
    codes in NO_REGION get an empty region.
  * groups is the ';'-joined, alphabetically sorted list of the tags below.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

PINNED = {
    "cldr-localenames-full": "48.2.0",
    "cldr-core": "48.2.0",
    "world-countries": "5.1.0",
}

TOP_REGIONS = {
    "002": "Africa",
    "019": "Americas",
    "142": "Asia",
    "150": "Europe",
    "009": "Oceania",
}

# M49 files BV and GS under South America, HM under Australia and New Zealand and
# TF under Eastern Africa, so they keep those regions; only Antarctica has none.
NO_REGION = {"AQ"}  # the only code with no UN M49 region

# --- Groups -----------------------------------------------------------------

# SCO, as of 2025 (after the Tianjin summit of 31 Aug - 1 Sep 2025, where the
# former observers and dialogue partners were merged into one category, "SCO
# partners", and Laos was admitted as a partner).  Member states are tagged
# `SCO`, partners `SCO-partner`: a briefing that says "SCO member states"
# (上合组织成员国) must not count a partner.
SCO_MEMBERS = {"CN", "RU", "KZ", "KG", "TJ", "UZ", "IN", "PK", "IR", "BY"}  # BY member since Jul 2024
SCO_PARTNERS = {
    "AF", "MN",  # former observers (Afghanistan, Mongolia)
    "LK", "TR", "KH", "AZ", "NP", "AM",  # former dialogue partners
    "EG", "QA", "SA", "KW", "AE", "MV", "MM", "BH",  # former dialogue partners
    "LA",  # Laos, partner from 2025
}

# BRICS full members as of 2025: the five founders, the four that joined on
# 1 Jan 2024 (EG, ET, IR, AE) and Indonesia (joined 6 Jan 2025).  Saudi Arabia
# was invited but has not formally joined, so it is left out; the "partner
# countries" category (Belarus, Bolivia, Kazakhstan, ...) is not included.
BRICS = {"BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE", "ID"}

# ASEAN members as of late 2025: the ten members plus Timor-Leste, admitted as
# the 11th member at the 47th ASEAN Summit (Kuala Lumpur, 26 Oct 2025).
ASEAN = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}

# African Union member states as of 2025: all 55, i.e. the 54 African UN member
# states plus the Sahrawi Arab Democratic Republic (recorded here under EH,
# Western Sahara).  Members under suspension in 2025 (e.g. Burkina Faso, Gabon,
# Guinea, Mali, Niger, Sudan) are still members and are included.
AU = {
    "DZ", "AO", "BJ", "BW", "BF", "BI", "CV", "CM", "CF", "TD", "KM", "CG", "CD",
    "CI", "DJ", "EG", "GQ", "ER", "SZ", "ET", "GA", "GM", "GH", "GN", "GW", "KE",
    "LS", "LR", "LY", "MG", "MW", "ML", "MR", "MU", "MA", "MZ", "NA", "NE", "NG",
    "RW", "EH", "ST", "SN", "SC", "SL", "SO", "ZA", "SS", "SD", "TZ", "TG", "TN",
    "UG", "ZM", "ZW",
}

# --- Names -------------------------------------------------------------------

# Where the usage of China's Ministry of Foreign Affairs differs from CLDR's
# default names, the Ministry's usage wins (data/README.md gives the source of
# each).  Hong Kong, Macao and Taiwan are regions of China, not countries
# (REGIONS_OF_CHINA in src/reference.rs counts them as regions).
OFFICIAL_NAMES = {
    "HK": ("Hong Kong SAR, China", "中国香港"),  # CLDR: Hong Kong SAR China, 中国香港特别行政区
    "MO": ("Macao SAR, China", "中国澳门"),  # CLDR: Macao SAR China, 中国澳门特别行政区
    "TW": ("Taiwan, China", "中国台湾"),  # CLDR: Taiwan, 台湾
    "PS": ("Palestine", "巴勒斯坦"),  # CLDR: Palestinian Territories, 巴勒斯坦领土
}

GROUPS = {
    "SCO": SCO_MEMBERS,
    "SCO-partner": SCO_PARTNERS,
    "BRICS": BRICS,
    "ASEAN": ASEAN,
    "AU": AU,
}
EXPECTED_GROUP_COUNTS = {"SCO": 10, "SCO-partner": 17, "BRICS": 10, "ASEAN": 11, "AU": 55}

HEADER = ["iso2", "iso3", "name_en", "name_zh", "region", "groups"]

# Expected values, checked on every run.
SPOT_CHECKS = {
    "CN": "中国", "US": "美国", "GB": "英国", "TH": "泰国",
    "KZ": "哈萨克斯坦", "CI": "科特迪瓦", "DJ": "吉布提",
    "TW": "中国台湾", "HK": "中国香港", "MO": "中国澳门", "PS": "巴勒斯坦",
}


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} NODE_MODULES_DIR > countries.csv", file=sys.stderr)
        return 2
    nm = Path(argv[1])
    errors: list[str] = []
    warnings: list[str] = []

    for pkg, want in PINNED.items():
        got = load(nm / pkg / "package.json").get("version")
        if got != want:
            warnings.append(f"{pkg} is {got}, pinned {want}")

    names = {}
    for loc in ("en", "zh"):
        doc = load(nm / "cldr-localenames-full" / "main" / loc / "territories.json")
        names[loc] = doc["main"][loc]["localeDisplayNames"]["territories"]
    code_map = load(nm / "cldr-core" / "supplemental" / "codeMappings.json")
    code_map = code_map["supplemental"]["codeMappings"]
    containment = load(nm / "cldr-core" / "supplemental" / "territoryContainment.json")
    containment = containment["supplemental"]["territoryContainment"]
    world = load(nm / "world-countries" / "countries.json")

    # Parent links of the M49 tree (skip deprecated codes and groupings such as
    # EU, UN, 419).
    parent: dict[str, str] = {}
    for key, val in containment.items():
        if "-status-" in key or val.get("_grouping") == "true":
            continue
        for child in val["_contains"]:
            parent.setdefault(child, key)

    def region_of(code: str) -> str:
        if code in NO_REGION:
            return ""
        node = code
        while node in parent:
            node = parent[node]
            if node == "QO":  # CLDR's "Outlying Oceania", not an M49 region
                return ""
            if node in TOP_REGIONS:
                return TOP_REGIONS[node]
        return ""

    codes = sorted(c["cca2"] for c in world if c.get("status") == "officially-assigned")
    wc_alpha3 = {c["cca2"]: c["cca3"] for c in world}

    for g, members in GROUPS.items():
        for code in sorted(members - set(codes)):
            errors.append(f"group {g}: {code} is not an officially assigned code")

    rows = []
    for code in codes:
        iso3 = code_map.get(code, {}).get("_alpha3", "")
        if iso3 != wc_alpha3.get(code):
            errors.append(f"{code}: alpha-3 CLDR {iso3!r} != world-countries {wc_alpha3.get(code)!r}")
        name_en = names["en"].get(code, "")
        name_zh = names["zh"].get(code, "")
        name_en, name_zh = OFFICIAL_NAMES.get(code, (name_en, name_zh))
        region = region_of(code)
        if not region and code not in NO_REGION:
            errors.append(f"{code}: no M49 region found")
        groups = ";".join(sorted(g for g, members in GROUPS.items() if code in members))
        rows.append([code, iso3, name_en, name_zh, region, groups])

    # --- checks ---
    iso2s = [r[0] for r in rows]
    iso3s = [r[1] for r in rows]
    if len(set(iso2s)) != len(iso2s):
        errors.append("duplicate iso2")
    if len(set(iso3s)) != len(iso3s):
        errors.append("duplicate iso3")
    for r in rows:
        if not (len(r[0]) == 2 and r[0].isascii() and r[0].isalpha() and r[0].isupper()):
            errors.append(f"bad iso2 {r[0]!r}")
        if not (len(r[1]) == 3 and r[1].isascii() and r[1].isalpha() and r[1].isupper()):
            errors.append(f"{r[0]}: bad iso3 {r[1]!r}")
        if not r[2] or not r[3]:
            errors.append(f"{r[0]}: empty name")
        for field in r:
            if field[:1] in ("=", "+", "-", "@"):
                warnings.append(f"{r[0]}: field starts with a formula character: {field!r}")
    by_code = {r[0]: r for r in rows}
    for code, want in SPOT_CHECKS.items():
        got = by_code.get(code, [None] * 4)[3]
        if got != want:
            errors.append(f"{code}: name_zh {got!r}, expected {want!r}")
    counts = {g: sum(1 for r in rows if g in r[5].split(";")) for g in GROUPS}
    for g, want in EXPECTED_GROUP_COUNTS.items():
        if counts[g] != want:
            errors.append(f"group {g}: {counts[g]} rows, expected {want}")

    writer = csv.writer(sys.stdout, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(rows)
    sys.stdout.flush()

    print(f"rows: {len(rows)}", file=sys.stderr)
    for g in GROUPS:
        print(f"{g}: {counts[g]}", file=sys.stderr)
    print("no region: " + " ".join(r[0] for r in rows if not r[4]), file=sys.stderr)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    sys.exit(main(sys.argv))
