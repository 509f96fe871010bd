#!/usr/bin/env python3
"""Re-verifies a Latchkey audit export (JSON Lines) without Latchkey: docs/audit.md.

usage: verify_export.py export.jsonl [POSITION:HASH]
Exit 0 when the chain is intact (and ends at POSITION:HASH when given), 1 otherwise.
"""
import datetime, hashlib, json, math, sys
from decimal import Decimal

GENESIS = "0" * 64
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def number(n):
    # Integers, and numbers without a fractional part, as exact decimal integers.
    if isinstance(n, int):
        return str(n)
    d = Decimal(n)
    if d == d.to_integral_value():
        return str(int(d))
    # Otherwise ECMAScript Number::toString of the double (JCS).
    f = float(n)
    if not math.isfinite(f):
        raise ValueError("not finite")
    digits, exp = repr(abs(f)).split("e") if "e" in repr(abs(f)) else (repr(abs(f)), "0")
    d = Decimal(digits).scaleb(int(exp)).normalize()
    sign, ds, e = d.as_tuple()
    s = "".join(map(str, ds))
    k, m = len(s), len(s) + e  # value = 0.s * 10^m
    if 0 < m <= 21:
        body = s[:m] + "." + s[m:] if k > m else s + "0" * (m - k)
    elif -6 < m <= 0:
        body = "0." + "0" * (-m) + s
    else:
        x = m - 1
        body = (s if k == 1 else s[0] + "." + s[1:]) + "e" + ("-" if x < 0 else "+") + str(abs(x))
    return ("-" if f < 0 else "") + body


def canonical(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (int, float, Decimal)):
        return number(v)
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    # Member names sorted by UTF-16 code units, as JCS sorts.
    keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k]) for k in keys) + "}"


def millis(rfc3339):
    t = datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))
    return (t - EPOCH) // datetime.timedelta(milliseconds=1)


def event_hash(e):
    doc = {
        "action": e["action"],
        "actor": {"id": e["actor"]["id"], "type": e["actor"]["type"]},
        "details": e.get("details"),
        "id": e["id"],
        "position": e["position"],
        "prev_hash": e["prev_hash"],
        "request_id": e.get("request_id"),
        "source_address": e.get("source_address"),
        "target": {"id": e["target"]["id"], "type": e["target"]["type"]},
        "time": millis(e["time"]),
        "v": 1,
        "workspace_id": e["workspace_id"],
    }
    return hashlib.sha256(canonical(doc).encode("utf-8")).hexdigest()


def main(path, expected=None):
    position, prev = 0, GENESIS
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            e = json.loads(line, parse_float=Decimal)
            if e["position"] != position + 1 or e["prev_hash"] != prev or event_hash(e) != e["hash"]:
                print(f"broken at position {position + 1} (event {e.get('id')})")
                return 1
            position, prev = e["position"], e["hash"]
    if expected and expected != f"{position}:{prev}":
        print(f"the chain ends at {position}:{prev}, not at {expected}")
        return 1
    print(f"intact: {position} events, head {position}:{prev}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
