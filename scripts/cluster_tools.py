"""What the local-cluster scripts share: its environment, its HTTP endpoints, posting and following an import.

Imported by scripts/cluster-crash.py and scripts/cluster-bench.py (not run on its own).
"""
import json
import os
import re
import struct
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORTS = {"registry": 8500, "normalizer": 8510, "enricher": 8511, "aggregator": 8512, "projector": 8513}
REGISTRY = "http://127.0.0.1:8500"
PROJECTOR = "http://127.0.0.1:8513"
DEFAULT_FILE = os.path.join(ROOT, "..", "shared", "iso-samples", "caiso",
                            "caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip")
CLUSTER_SH = os.path.join(ROOT, "scripts", "cluster.sh")
# what the scripts empty before an import they compare or count (Bronze is kept)
EMPTIED = ["silver_ticks", "silver_tick_revisions", "gold_bars", "gold_rolling", "gold_curves", "anomalies", "dlq"]


def env():
    path = os.path.join(ROOT, "target", "cluster", "cluster.env")
    if not os.path.exists(path):
        sys.exit("no target/cluster/cluster.env: run `make cluster-up` first")
    with open(path) as f:
        return dict(line.strip().split("=", 1) for line in f if "=" in line)


def token():
    """The cluster's API token: AUTH_TOKEN from the environment, else from target/cluster/cluster.env."""
    t = os.environ.get("AUTH_TOKEN")
    path = os.path.join(ROOT, "target", "cluster", "cluster.env")
    if not t and os.path.exists(path):
        t = env().get("AUTH_TOKEN")
    return t


def http(url, body=None, content_type=None, timeout=60):
    headers = {"Content-Type": content_type} if content_type else {}
    if url.startswith("http://127.0.0.1:85") and token():  # the roles' API, not ClickHouse
        headers["Authorization"] = "Bearer " + token()
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


def empty(ch):
    for t in EMPTIED:
        clickhouse(ch, "TRUNCATE TABLE IF EXISTS %s" % t)


def read_document(path):
    """The document a script imports; exits with a message naming it when it is not there."""
    if not os.path.exists(path):
        sys.exit("skipped: no %s (the real CAISO day-ahead file of ../shared/iso-samples; pass --file)" % path)
    with open(path, "rb") as f:
        return f.read()
