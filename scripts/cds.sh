#!/usr/bin/env bash
# Class-data sharing archive of the jar (JDK 17 dynamic AppCDS): target/ingestion.jsa, from a training run of the
# all-in-one that imports a small CAISO day-ahead document it writes itself. A JVM started with
# -XX:SharedArchiveFile=target/ingestion.jsa maps those classes instead of loading and verifying them: `make run`,
# `make bench` and scripts/cluster.sh pass it when the archive is newer than the jar (a rebuilt jar invalidates it;
# the JVM then says so and runs without it).   Usage: scripts/cds.sh   (make cds)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/ingestion.jar
OUT=target/ingestion.jsa
[ -f "$JAR" ] || make --no-print-directory build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rm -f "$OUT"
java -Xmx512m -XX:ArchiveClassesAtExit="$OUT" -jar "$JAR" run --no-schedules --http-port "$port" \
    --data-dir "$work/data" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/log" >&2; echo "cds: the training run exited" >&2; exit 1; }
    sleep 0.1
done
python3 - "$port" <<'PY'
import datetime, io, json, sys, time, urllib.request, zipfile
port = sys.argv[1]
item = {"LMP": "LMP_PRC", "MCE": "LMP_ENE_PRC", "MCC": "LMP_CONG_PRC", "MCL": "LMP_LOSS_PRC"}
rows = ["INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,"
        "LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP"]
start = datetime.datetime(2024, 1, 8, 8, 0, tzinfo=datetime.timezone.utc)
fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S-00:00")
for n in range(200):
    node = "TRAIN_%03d_GEN-APND" % n
    for he in range(1, 25):
        s = start + datetime.timedelta(hours=he - 1)
        for t, v in (("LMP", 30 + n % 7 + he / 10), ("MCE", 30), ("MCC", n % 7 + he / 10), ("MCL", 0)):
            rows.append(",".join([fmt(s), fmt(s + datetime.timedelta(hours=1)), "2024-01-08", str(he), "0", node, node,
                                  node, "DAM", t, item[t], node, "ALL_APNODES", "0", "%.5f" % v, "1"]))
base = "http://127.0.0.1:%s" % port
for i in range(3):  # a few imports, so what a running import loads is loaded; a zip comment makes each new
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.comment = b"training %d" % i
        z.writestr("20240108_20240108_PRC_LMP_DAM_20240108_00_00_00_v1.csv", "\n".join(rows) + "\n")
    body = buf.getvalue()
    req = urllib.request.Request(base + "/api/v1/connectors/caiso/imports", data=body, method="POST",
                                 headers={"Content-Type": "application/octet-stream"})
    job = json.loads(urllib.request.urlopen(req, timeout=60).read())["id"]
    while True:
        st = json.loads(urllib.request.urlopen(base + "/api/v1/imports/" + job).read())
        if st["status"] != "running":
            break
        time.sleep(0.05)
    if st["status"] != "done":
        sys.exit("cds: the training import ended %s: %s" % (st["status"], st.get("error")))
for path in ("/api/v1/bars?iso=CAISO&market=DA_HOURLY&location=TRAIN_001_GEN-APND&component=lmp&resolution=1d"
             "&from=2024-01-08&to=2024-01-09", "/api/v1/latest?iso=CAISO&market=DA_HOURLY", "/metrics",
             "/api/v1/connectors"):
    urllib.request.urlopen(base + path).read()
PY
kill -TERM "$pid"
wait "$pid" || true
[ -s "$OUT" ] || { tail -20 "$work/log" >&2; echo "cds: no archive written" >&2; exit 1; }
echo "cds: $OUT ($(du -h "$OUT" | cut -f1)) for $JAR"
