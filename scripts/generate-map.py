#!/usr/bin/env python3
"""Writes a supportmap JSON export of a made-up network, for benchmarks and scale tests.

    scripts/generate-map.py SUPPORTERS CHECKINS > map.json
    supportmap --db /tmp/big.db import map.json

Names, numbers and notes are invented; the same arguments always give the same file.
Supporters are "Person 00000", "Person 00001", ... (so a benchmark can name them), spread
evenly over the categories and circles, one in twenty a crisis contact; check-ins are
spread evenly over the ten years before 1 November 2026, each with a random supporter.

scripts/bench.sh builds its three maps with it (and BENCHMARKS.md gives their figures):
    everyday   60 supporters,      5,000 check-ins
    lifetime  150 supporters,  1,000,000 check-ins
    stress 10,000 supporters,  1,000,000 check-ins
"""
import json
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

CATEGORIES = ["family", "friend", "peer", "sponsor", "professional", "community", "spiritual"]
FUNCTIONS = ["emotional", "practical", "advice", "accountability", "encouragement", "belonging"]
VIA = ["call", "text", "in-person", "video", "meeting", "message"]


def main():
    supporters, checkins = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(42)
    ids = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)
    stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    people = []
    for i in range(supporters):
        people.append({
            "id": ids(),
            "name": f"Person {i:05d}",
            "category": CATEGORIES[i % len(CATEGORIES)],
            "circle": ["inner", "middle", "outer"][i % 3],
            "gives": sorted(rng.sample(FUNCTIONS, 2)) + (["crisis"] if i % 20 == 0 else []),
            "phone": f"+44 7700 9{i:05d}",
            "every_days": [None, 7, 14, 30][i % 4],
            "created_at": stamp(now - timedelta(days=3650)),
            "updated_at": stamp(now - timedelta(days=30)),
        })
    out = sys.stdout
    head = {
        "format": "supportmap",
        "format_version": 1,
        "exported_at": stamp(now),
        "supporters": people,
    }
    text = json.dumps(head, indent=1)
    out.write(text[: text.rindex("}")].rstrip() + ',\n "checkins": [')
    span = 3650 * 24 * 3600
    for n in range(checkins):
        who = people[rng.randrange(len(people))] if people else None
        at = now - timedelta(seconds=span * (checkins - n) // max(checkins, 1))
        c = {
            "id": ids(),
            "supporter": who["id"] if who else None,
            "at": stamp(at),
            "via": VIA[n % len(VIA)],
            "initiated_by": "me" if n % 3 else "them",
            "mood": (n % 10) + 1 if n % 2 else None,
            "note": "a short note" if n % 5 == 0 else None,
        }
        out.write(("\n  " if n == 0 else ",\n  ") + json.dumps(c, separators=(",", ":")))
    out.write("\n ]\n}\n")


if __name__ == "__main__":
    main()
