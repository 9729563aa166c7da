#!/usr/bin/env python3
"""Kill -9 one role of the local cluster in the middle of an import, restart it, and check nothing was lost.

    make cluster-up
    scripts/cluster-crash.py normalizer [--file DOC] [--connector caiso]   (or: make cluster-crash ROLE=normalizer)

Runs on the cluster `make cluster-up` started (target/cluster/cluster.env), whose ClickHouse is its own: the script
empties the Silver, Gold and audit tables before each of its two imports (Bronze is kept). The same document is
imported twice, each time as a new document (a different zip comment, so its sha256 differs):

  1. a clean run: POST, wait for `done`, fingerprint what was stored;
  2. a crash run: POST, and once ROLE has handled part of it (its stage_records_total{outcome="in"} moved; for the
     registry, the normalizer's), kill -9 ROLE, then `scripts/cluster.sh start ROLE`; wait for `done` (a registry
     takes its unfinished upload up again under the same id), fingerprint again.

It prints how long the restarted role took to be ready and to consume again (its counter moving), and exits non-zero
unless the two fingerprints match (tick and bar values, rolling metrics, curves, anomalies and DLQ rows, without
document ids and write times), `ticks_out` is the same, and the role consumed within --within seconds (default 10).
"""
import argparse
import json
import os
import re
import signal
import struct
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORTS = {"registry": 8500, "normalizer": 8510, "enricher": 8511, "aggregator": 8512, "projector": 8513}
REGISTRY = "http://127.0.0.1:8500"
DEFAULT_FILE = os.path.join(ROOT, "..", "shared", "iso-samples", "caiso",
                            "caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip")
TABLES = {
    "silver_ticks": "iso, market, location, interval_start, ifNull(interval_end, 0), toString(lmp), toString(energy),"
                    " toString(congestion), toString(loss), derived, ifNull(revision, ''), ifNull(hub, ''),"
                    " ifNull(zone, '')",
    "gold_bars": "iso, market, location, component, resolution, bar_start, bar_end, toString(open), toString(high),"
                 " toString(low), toString(close), toString(mean), count, expected, complete",
    "gold_rolling": "iso, market, location, component, window, window_end, count, toString(mean), toString(stddev),"
                    " toString(min), toString(max)",
    "gold_curves": "iso, location, delivery_day, block, toString(price), hours, complete",
    "anomalies": "ifNull(iso, ''), ifNull(location, ''), ifNull(interval_start, 0), type,"
                 " replaceRegexpAll(ifNull(detail, ''), '[0-9a-f]{64}', '')",
    "dlq": "reason, replaceRegexpAll(ifNull(detail, ''), '[0-9a-f]{64}', ''), position, ifNull(location, '')",
}
EMPTIED = ["silver_ticks", "silver_tick_revisions", "gold_bars", "gold_rolling", "gold_curves", "anomalies", "dlq"]


def env():
    path = os.path.join(ROOT, "target", "cluster", "cluster.env")
    if not os.path.exists(path):
        sys.exit("no target/cluster/cluster.env: run `make cluster-up` first")
    with open(path) as f:
        return dict(line.strip().split("=", 1) for line in f if "=" in line)


def http(url, body=None, content_type=None, timeout=60):
    headers = {"Content-Type": content_type} if content_type else {}
    req = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET", headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.read().decode()


def clickhouse(url, sql):
    return http(url.rstrip("/") + "/", sql.encode()).strip()


def with_comment(data, tag):
    """The same zip with another archive comment: other bytes, same entries (a new document to the registry)."""
    i = data.rfind(b"PK\x05\x06")
    if i < 0:
        return data + b"\n"  # not a zip: a trailing newline changes the sha256 and no parser minds
    eocd = bytearray(data[i:i + 22])
    struct.pack_into("<H", eocd, 20, len(tag))
    return data[:i] + bytes(eocd) + tag


def empty(ch):
    for t in EMPTIED:
        clickhouse(ch, "TRUNCATE TABLE IF EXISTS %s" % t)


def fingerprint(ch):
    out = {}
    for table, cols in TABLES.items():
        out[table] = clickhouse(ch, "SELECT count(), sum(cityHash64(%s)) FROM %s FINAL WHERE tenant = 'default'"
                                % (cols, table)).replace("\t", " ")
    return out


def consumed(role):
    """stage_records_total{stage=role, outcome=in} as the role's /metrics says, or None while it does not answer."""
    try:
        text = http("http://127.0.0.1:%d/metrics" % PORTS[role], timeout=2)
    except Exception:
        return None
    total = 0.0
    for m in re.finditer(r'^stage_records_total\{([^}]*)\} ([0-9.eE+]+)$', text, re.M):
        if 'stage="%s"' % role in m.group(1) and 'outcome="in"' in m.group(1):
            total += float(m.group(2))
    return total


def post(connector, body):
    return json.loads(http("%s/api/v1/connectors/%s/imports" % (REGISTRY, connector), body,
                           "application/octet-stream"))["id"]


def wait_done(job, timeout):
    end = time.time() + timeout
    while time.time() < end:
        try:
            st = json.loads(http("%s/api/v1/imports/%s" % (REGISTRY, job)))
        except Exception:  # the registry restarting
            time.sleep(0.2)
            continue
        if st["status"] != "running":
            return st
        time.sleep(0.1)
    sys.exit("import %s still running after %d s" % (job, timeout))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("role", choices=sorted(PORTS))
    ap.add_argument("--file", default=DEFAULT_FILE, help="document to import (default: the real CAISO day)")
    ap.add_argument("--connector", default="caiso")
    ap.add_argument("--within", type=float, default=10.0, help="seconds the restarted role may take to consume")
    ap.add_argument("--after", type=int, default=2000, help="records the role handles before it is killed")
    args = ap.parse_args()
    if not os.path.exists(args.file):
        sys.exit("no %s (pass --file)" % args.file)
    ch = env()["CLICKHOUSE_URL"]
    data = open(args.file, "rb").read()
    pid_file = os.path.join(ROOT, "target", "cluster", args.role + ".pid")

    empty(ch)
    clean = wait_done(post(args.connector, with_comment(data, b"clean-%d" % time.time())), 300)
    if clean["status"] != "done":
        sys.exit("the clean import did not finish: %s" % clean)
    expected = fingerprint(ch)
    print("clean run: done, ticks_out %s; stored %s" % (clean["ticks_out"], expected), flush=True)

    empty(ch)
    watched = "normalizer" if args.role == "registry" else args.role  # the registry publishes: watch who consumes
    before = consumed(watched) or 0
    job = post(args.connector, with_comment(data, b"crash-%d" % time.time()))
    end = time.time() + 120
    while (consumed(watched) or 0) < before + args.after:
        if time.time() > end:
            sys.exit("%s never handled %d records of the import" % (args.role, args.after))
        time.sleep(0.02)
    handled = (consumed(watched) or 0) - before
    pid = int(open(pid_file).read().strip())
    os.kill(pid, signal.SIGKILL)
    killed_at = time.time()
    print("killed %s (pid %d) after %s handled %d records of the import" % (args.role, pid, watched, handled),
          flush=True)
    while True:  # the port is free once the process is gone
        try:
            os.kill(pid, 0)
            time.sleep(0.05)
        except ProcessLookupError:
            break
    started = time.time()
    subprocess.run([os.path.join(ROOT, "scripts", "cluster.sh"), "start", args.role], check=True)
    ready_after = time.time() - started
    while args.role != "registry" and not consumed(args.role):
        if time.time() - started > 120:
            sys.exit("%s consumed nothing within 120 s of its restart" % args.role)
        time.sleep(0.05)
    consuming_after = time.time() - started
    crash = wait_done(job, 300)
    got = fingerprint(ch)
    print("restarted %s: ready %.1f s and consuming %.1f s after `cluster.sh start`; import %s %.1f s after the kill,"
          " ticks_out %s" % (args.role, ready_after, consuming_after, crash["status"], time.time() - killed_at,
                             crash["ticks_out"]), flush=True)
    problems = []
    if crash["status"] != "done" or crash["ticks_out"] != clean["ticks_out"]:
        problems.append("import: %s ticks_out %s, clean run %s" % (crash["status"], crash["ticks_out"],
                                                                   clean["ticks_out"]))
    for table in TABLES:
        if got[table] != expected[table]:
            problems.append("%s: %s, clean run %s" % (table, got[table], expected[table]))
    if consuming_after > args.within:
        problems.append("consuming again took %.1f s (more than %.0f s)" % (consuming_after, args.within))
    if problems:
        print("FAIL\n  " + "\n  ".join(problems), flush=True)
        sys.exit(1)
    print("OK: what was stored is what the clean run stored", flush=True)


if __name__ == "__main__":
    main()
