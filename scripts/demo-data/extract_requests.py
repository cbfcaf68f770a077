#!/usr/bin/env python3
"""Builds config/demo-requests.csv.gz: the requests `civic311 init --demo` replays into Demo City.

Usage: scripts/demo-data/extract_requests.py [BOSTON_CSV_GZ] [OUT_CSV_GZ] [COUNT]
  default input:  ../shared/data/boston/boston311_2015_by_type_121k.csv.gz (see its MANIFEST.md)
  default output: config/demo-requests.csv.gz; default COUNT 3000

Reproducible (fixed seed, sorted rows, gzip without a timestamp). It keeps the records of the
last 90 days of 2015 whose case type maps to a Demo City service (MAPPING below), drops those
Boston could not geocode (42.3594,-71.0587), samples COUNT of them evenly, and writes per record:
  service       Demo City service code
  opened        seconds since the newest record's opening (<= 0); the replay adds "now"
  closed        seconds likewise, or empty while open
  outcome       fixed | duplicate | no_further_action | referred | not_responsible | open
  lat, lon, address, channel (api|web|app|phone|internal), photo (1: the resident sent one)
"""
import csv
import datetime
import gzip
import io
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/boston/boston311_2015_by_type_121k.csv.gz"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "config", "demo-requests.csv.gz")
COUNT = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
UNGEOCODED = ("42.3594", "-71.0587")

MAPPING = {
    "Street Light Outages": "STREETLIGHT", "General Lighting Request": "STREETLIGHT",
    "Street Light Knock Downs": "STREETLIGHT",
    "Pothole Repair (Internal)": "POTHOLE", "Roadway Repair": "POTHOLE", "BWSC Pothole": "POTHOLE",
    "Schedule a Bulk Item Pickup SS": "BULK-PICKUP",
    "CE Collection": "MISSED-TRASH", "Improper Storage of Trash (Barrels)": "MISSED-TRASH",
    "Request for Recycling Cart": "MISSED-RECYCLING", "Recycling Cart Return": "MISSED-RECYCLING",
    "Sign Repair": "SIGN-REPAIR", "Missing Sign": "SIGN-REPAIR",
    "Graffiti Removal": "GRAFFITI", "PWD Graffiti": "GRAFFITI",
    "Sidewalk Repair (Make Safe)": "SIDEWALK", "Sidewalk Repair": "SIDEWALK",
    "Sidewalk Repair (Internal)": "SIDEWALK",
    "Tree Maintenance Requests": "TREE-PRUNING", "Tree Emergencies": "TREE-DOWN",
    "Empty Litter Basket": "LITTER-BASKET", "Litter Basket Maintenance": "LITTER-BASKET",
    "Abandoned Vehicles": "ABANDONED-VEHICLE",
    "Animal Generic Request": "ANIMAL", "Animal Found": "ANIMAL", "Animal Lost": "ANIMAL",
    "Animal Noise Disturbances": "DOG",
    "Traffic Signal Inspection": "TRAFFIC-SIGNAL", "Traffic Signal Repair": "TRAFFIC-SIGNAL",
    "Pick up Dead Animal": "DEAD-ANIMAL",
    "Rodent Activity": "RODENTS", "Mice Infestation - Residential": "RODENTS",
    "Ground Maintenance": "PARK-MAINTENANCE", "Park Improvement Requests": "PARK-MAINTENANCE",
    "Parks General Request": "PARK-MAINTENANCE",
    "Misc. Snow Complaint": "SNOW-STREET", "Snow Removal": "SNOW-STREET",
    "Request for Snow Plowing (Emergency Responder)": "SNOW-STREET",
    "Unshoveled Sidewalk": "SNOW-SIDEWALK",
    "Needle Pickup": "ILLEGAL-DUMPING", "Trash on Vacant Lot": "ILLEGAL-DUMPING",
    "Illegal Dumping": "ILLEGAL-DUMPING",
    "Work Hours-Loud Noise Complaints": "NOISE", "Undefined Noise Disturbance": "NOISE",
    "Automotive Noise Disturbance": "NOISE", "Public Events Noise Disturbances": "NOISE",
    "Catchbasin": "CATCH-BASIN", "Fire Hydrant": "HYDRANT", "Watermain Break": "WATER-LEAK",
    "Downed Wire": "POWER-LINE",
    "General Comments For a Program or Policy": "INFO",
}
CHANNELS = {"Constituent Call": "phone", "Citizens Connect App": "app", "Self Service": "web",
            "Employee Generated": "internal", "City Worker App": "internal", "Twitter": "web",
            "Maximo Integration": "api"}


def when(s):
    return datetime.datetime.strptime(s.strip(), "%m/%d/%Y %I:%M:%S %p") if s.strip() else None


def outcome(reason):
    r = reason.lower()
    if "duplicate" in r:
        return "duplicate"
    if "refer to other agency" in r or "roa:" in r or "external" in r:
        return "referred"
    if "invalid" in r or "no violation" in r or "nobase" in r or "no basis" in r:
        return "no_further_action"
    if "noted" in r:
        return "no_further_action"
    if "not city" in r or "private property" in r:
        return "not_responsible"
    return "fixed"


def main():
    rows = []
    with gzip.open(SRC, "rt", encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            service = MAPPING.get(row["TYPE"])
            lat, lon = row["LATITUDE"].strip(), row["LONGITUDE"].strip()
            if service is None or (lat, lon) == UNGEOCODED:
                continue
            opened = when(row["OPEN_DT"])
            if opened is None or opened < datetime.datetime(2015, 10, 2):
                continue
            closed = when(row["CLOSED_DT"]) if row["CASE_STATUS"] == "Closed" else None
            if closed is not None and closed < opened:
                closed = opened
            rows.append((opened, closed, service, row, lat, lon))
    rows.sort(key=lambda r: (r[0], r[3]["CASE_ENQUIRY_ID"]))
    random.seed(311)
    sample = sorted(random.sample(range(len(rows)), min(COUNT, len(rows))))
    newest = max(rows[i][0] for i in sample)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["service", "opened", "closed", "outcome", "lat", "lon", "address", "channel",
                "photo"])
    for i in sample:
        opened, closed, service, row, lat, lon = rows[i]
        address = " ".join(row["LOCATION_STREET_NAME"].split())
        if address.startswith("INTERSECTION "):
            address = address[len("INTERSECTION "):]
        w.writerow([
            service,
            int((opened - newest).total_seconds()),
            "" if closed is None else int((closed - newest).total_seconds()),
            "open" if closed is None else outcome(row["CLOSURE_REASON"]),
            lat, lon, address,
            CHANNELS.get(row["Source"], "phone"),
            1 if row["SubmittedPhoto"].strip() else 0,
        ])
    data = out.getvalue().encode("utf-8")
    with open(OUT, "wb") as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0))
    print("%s: %d of %d records, %d bytes" % (OUT, len(sample), len(rows), os.path.getsize(OUT)))


if __name__ == "__main__":
    main()
