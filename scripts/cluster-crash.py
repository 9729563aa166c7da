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
import os
import signal
import subprocess
import sys
import time

from cluster_tools import (ROOT, PORTS, DEFAULT_FILE, CLUSTER_SH, env, clickhouse, with_comment, post, wait_done,
                           consumed, empty, read_document)

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


def fingerprint(ch):
    out = {}
    for table, cols in TABLES.items():
        out[table] = clickhouse(ch, "SELECT count(), sum(cityHash64(%s)) FROM %s FINAL WHERE tenant = 'default'"
                                % (cols, table)).replace("\t", " ")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("role", choices=sorted(PORTS))
    ap.add_argument("--file", default=DEFAULT_FILE, help="document to import (default: the real CAISO day)")
    ap.add_argument("--connector", default="caiso")
    ap.add_argument("--within", type=float, default=10.0, help="seconds the restarted role may take to consume")
    ap.add_argument("--after", type=int, default=2000, help="records the role handles before it is killed")
    args = ap.parse_args()
    data = read_document(args.file)
    ch = env()["CLICKHOUSE_URL"]
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
    subprocess.run([CLUSTER_SH, "start", args.role], check=True)
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
