#!/usr/bin/env python3
"""Builds config/demo-gazetteer.csv.gz, the demo city's gazetteer, from Boston's 2015 311 records.

Usage: scripts/demo-data/extract_gazetteer.py [BOSTON_CSV_GZ] [OUT_CSV_GZ]
  default input:  ../shared/data/boston/boston311_2015_by_type_121k.csv.gz (see its MANIFEST.md)
  default output: config/demo-gazetteer.csv.gz

Reproducible: the same input gives the same bytes (sorted rows, gzip without a timestamp).
What it keeps (docs/gazetteer.md, "The demo city's gazetteer"):
  * addresses: Property_Type "Address", LOCATION_STREET_NAME "145-151 Ipswich St" split into
    number and street, at the position most records at that address give;
  * intersections: "INTERSECTION Francis St & Vining St";
  * postcode (LOCATION_ZIPCODE, zero-padded) and area (neighborhood).
Records at 42.3594,-71.0587 are dropped: that is where Boston's system puts cases it could not
geocode (17,070 records), not where they are.
"""
import collections
import csv
import gzip
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    ROOT, "..", "..", "shared", "data", "boston", "boston311_2015_by_type_121k.csv.gz")
if not os.path.exists(SRC):
    SRC = "/work/shared/data/boston/boston311_2015_by_type_121k.csv.gz"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "config", "demo-gazetteer.csv.gz")
UNGEOCODED = ("42.3594", "-71.0587")


def zipcode(z):
    z = z.strip()
    if not z:
        return ""
    try:
        return "%05d" % int(float(z))
    except ValueError:
        return ""


def main():
    positions = collections.defaultdict(collections.Counter)
    facts = {}
    with gzip.open(SRC, "rt", encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            lat, lon = row["LATITUDE"].strip(), row["LONGITUDE"].strip()
            if (lat, lon) == UNGEOCODED or not lat or not lon:
                continue
            name = " ".join(row["LOCATION_STREET_NAME"].split())
            kind = row["Property_Type"]
            if kind == "Address":
                number, _, street = name.partition(" ")
                # Number 0 is Boston's "number unknown".
                if not number[:1].isdigit() or number.lstrip("0")[:1] in ("", "-") or not street:
                    continue
                key = ("address", number, street, "")
            elif kind == "Intersection" and name.startswith("INTERSECTION "):
                a, sep, b = name[len("INTERSECTION "):].partition(" & ")
                if not sep or not a.strip() or not b.strip():
                    continue
                key = ("intersection", "", a.strip(), b.strip())
            else:
                continue
            positions[key][(lat, lon)] += 1
            facts.setdefault(key, (zipcode(row["LOCATION_ZIPCODE"]), row["neighborhood"].strip()))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["kind", "number", "street", "cross_street", "postcode", "area", "lat", "lon"])
    for key in sorted(positions):
        (lat, lon), _ = sorted(positions[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        postcode, area = facts[key]
        w.writerow([key[0], key[1], key[2], key[3], postcode, area, lat, lon])
    data = out.getvalue().encode("utf-8")
    with open(OUT, "wb") as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0))
    print("%s: %d places, %d bytes (%d uncompressed)" % (OUT, len(positions), os.path.getsize(OUT),
                                                         len(data)))


if __name__ == "__main__":
    main()
