"""dag_specs against the real connectors_index.json and connectors/*/connector.yaml, and trigger_and_wait against a
real HTTP server on 127.0.0.1. Stdlib only; run with `make python-test` (it writes the index first and points
CONNECTORS_INDEX_PATH at it)."""
from __future__ import annotations

import copy
import json
import os
import re
import sys
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "airflow" / "dags"))

import dag_specs as ds  # noqa: E402


def real_index_path() -> Path | None:
    env = os.environ.get(ds.INDEX_PATH_ENV)
    if env:
        return Path(env)  # named explicitly: it must exist (the test fails below if not)
    for candidate in (ROOT / "target" / "connectors_index.json", ROOT / "connectors_index.json"):
        if candidate.is_file():
            return candidate
    return None


def read_connector_yaml(path: Path) -> dict:
    """The flat keys of a connector.yaml (top-level scalars, and each dataset's scalars) without a YAML library:
    enough to check the index and the DAGs against the file itself rather than against the jar's reading of it."""
    top: dict = {}
    datasets: list[dict] = []
    current: dict | None = None
    scalar = re.compile(r"^(?P<indent>\s*)(?P<dash>- )?(?P<key>[a-z_]+):\s*(?P<value>.*?)\s*$")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s+#.*$", "", line) if not line.lstrip().startswith("#") else ""
        m = scalar.match(line)
        if not m:
            continue
        indent, key, value = len(m["indent"]), m["key"], m["value"].strip('"')
        if indent == 0:
            current = None
            if value:
                top[key] = value
        elif m["dash"] and indent == 2:
            current = {key: value}
            datasets.append(current)
        elif current is not None and indent == 4 and value:
            current[key] = value
    top["datasets"] = datasets
    return top


class RealIndexTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        path = real_index_path()
        if path is None:
            raise unittest.SkipTest("no connectors_index.json: run `make python-test` (it writes "
                                    "target/connectors_index.json with the jar)")
        cls.index = ds.load_index(path)
        cls.specs = {s.dag_id: s for s in ds.dag_specs(cls.index, "http://registry:8500/")}
        cls.yaml = {p.parent.name: read_connector_yaml(p) for p in sorted((ROOT / "connectors").glob("*/connector.yaml"))}

    def test_one_dag_per_enabled_dataset_named_after_market_mode_and_dataset(self):
        self.assertEqual(sorted(self.specs), [
            "ingest_caiso_batch_lmp_da_hourly",
            "ingest_caiso_batch_lmp_rt_5min",
            "ingest_ercot_batch_dam_spp",
            "ingest_ercot_batch_dam_spp_mis",
            "ingest_ercot_batch_rt_sced_lmp",
            "ingest_ercot_batch_rt_spp_15min",
            "ingest_isone_batch_lmp_da_csv",
            "ingest_isone_batch_lmp_da_ws",
            "ingest_isone_batch_lmp_rt_5min_ws",
            "ingest_miso_batch_lmp_da_exante",
            "ingest_miso_batch_lmp_da_expost",
            "ingest_miso_batch_lmp_rt_5min",
            "ingest_nyiso_batch_damlbmp_gen",
            "ingest_nyiso_batch_damlbmp_zone",
            "ingest_nyiso_batch_realtime_gen",
            "ingest_nyiso_batch_realtime_zone",
            "ingest_pjm_batch_da_hrl_lmps",
            "ingest_pjm_batch_rt_fivemin_hrl_lmps",
            "ingest_spp_batch_da_lmp_sl",
            "ingest_spp_batch_rtbm_lmp_sl",
        ])

    def test_disabled_dataset_has_no_dag(self):
        index = copy.deepcopy(self.index)
        miso = next(c for c in index["connectors"] if c["name"] == "miso")
        next(d for d in miso["datasets"] if d["id"] == "lmp_rt_5min")["enabled"] = False
        specs = ds.dag_specs(index, "http://r")
        self.assertNotIn("lmp_rt_5min", [s.dataset for s in specs if s.connector == "miso"])
        self.assertIn("lmp_rt_5min", [s.dataset for s in self.specs.values() if s.connector == "miso"])

    def test_every_connector_yaml_is_in_the_index(self):
        self.assertEqual(sorted(c["name"] for c in self.index["connectors"]), sorted(self.yaml))
        for c in self.index["connectors"]:
            self.assertEqual(ds.base_dag_id(c), c["dag_id"], "the jar's ConnectorSpec.dagId() and dag_specs differ")

    def test_names_schedules_retries_and_delays_match_connector_yaml(self):
        checked = 0
        for name, y in self.yaml.items():
            enabled = [d for d in y["datasets"] if d.get("enabled", "true") == "true"]
            if y["enabled"] != "true":
                continue
            for d in enabled:
                dag_id = f"ingest_{y['market'].lower()}_{y['mode']}" + (f"_{d['id']}" if len(enabled) > 1 else "")
                spec = self.specs[dag_id]
                with self.subTest(dag_id=dag_id):
                    self.assertEqual(spec.connector, y["name"])
                    self.assertEqual(spec.dataset, d["id"])
                    self.assertEqual(spec.schedule, d.get("schedule", y["schedule"]))
                    self.assertEqual(spec.retries, int(y["retries"]))
                    self.assertEqual(spec.retry_delay_seconds, int(y["backoff_seconds"]))
                    self.assertEqual(spec.owner, y["owner"])
                    self.assertEqual(spec.output_topic, y["output_topic"])
                    self.assertEqual(len(spec.schedule.split()), 5, "Airflow gets a 5-field cron")
                checked += 1
        self.assertEqual(checked, len(self.specs))

    def test_dataset_schedule_overrides_the_connector_schedule(self):
        self.assertEqual(self.specs["ingest_caiso_batch_lmp_rt_5min"].schedule, "10 * * * *")
        self.assertEqual(self.specs["ingest_caiso_batch_lmp_da_hourly"].schedule, "15 21 * * *")
        self.assertEqual(self.specs["ingest_miso_batch_lmp_da_expost"].retry_delay_seconds, 60)
        self.assertEqual(self.specs["ingest_caiso_batch_lmp_da_hourly"].retry_delay_seconds, 10)

    def test_task_triggers_the_registry_with_templated_operating_days(self):
        spec = self.specs["ingest_miso_batch_lmp_da_expost"]
        self.assertEqual(spec.trigger_url, "http://registry:8500/api/v1/connectors/miso/runs")
        self.assertEqual(spec.trigger_body, {"dataset": "lmp_da_expost", "at": "{{ data_interval_end }}"})
        self.assertEqual(spec.status_url_template, "http://registry:8500/api/v1/runs/{id}")
        self.assertEqual(spec.op_kwargs()["at"], "{{ data_interval_end }}")
        self.assertNotIn("day_from", spec.op_kwargs())
        self.assertIn("miso", spec.tags)
        self.assertIn("lmp_da_expost", spec.tags)

    def test_disabling_a_connector_removes_its_dags(self):
        index = copy.deepcopy(self.index)
        next(c for c in index["connectors"] if c["name"] == "caiso")["enabled"] = False
        ids = [s.dag_id for s in ds.dag_specs(index, "http://registry:8500")]
        self.assertEqual([i for i in ids if i.startswith("ingest_caiso_")], [])
        self.assertEqual(sorted(i for i in ids if i.startswith("ingest_miso_")),
                         ["ingest_miso_batch_lmp_da_exante", "ingest_miso_batch_lmp_da_expost",
                          "ingest_miso_batch_lmp_rt_5min"])
        every = [s.dag_id for s in ds.dag_specs(self.index, "http://registry:8500")]
        self.assertEqual(sorted(set(every) - set(ids)), sorted(i for i in every if i.startswith("ingest_caiso_")))

    def test_disabling_all_but_one_dataset_drops_the_suffix(self):
        index = copy.deepcopy(self.index)
        miso = next(c for c in index["connectors"] if c["name"] == "miso")
        for d in miso["datasets"]:
            d["enabled"] = d["id"] == "lmp_da_expost"
        miso_ids = [s.dag_id for s in ds.dag_specs(index, "http://r") if s.connector == "miso"]
        self.assertEqual(miso_ids, ["ingest_miso_batch"])


def connector(name="spp", market="SPP", mode="batch", enabled=True, datasets=()):
    return {"name": name, "market": market, "mode": mode, "schedule": "0 6 * * *", "enabled": enabled,
            "retries": 3, "backoff_seconds": 30, "owner": "team-x", "output_topic": f"ingestion.{name}.raw.v1",
            "datasets": list(datasets)}


def dataset(id_, enabled=True, schedule=None):
    d = {"id": id_, "market": "RT_5MIN", "enabled": enabled}
    if schedule:
        d["schedule"] = schedule
    return d


class SuffixAndFilterRulesTest(unittest.TestCase):
    def test_single_enabled_dataset_gets_the_bare_id(self):
        index = {"connectors": [connector(datasets=[dataset("rt"), dataset("da", enabled=False)])]}
        [spec] = ds.dag_specs(index, "http://r")
        self.assertEqual((spec.dag_id, spec.dataset), ("ingest_spp_batch", "rt"))

    def test_several_enabled_datasets_get_a_suffix_each(self):
        index = {"connectors": [connector(mode="hybrid", datasets=[dataset("rt", schedule="*/5 * * * *"),
                                                                   dataset("da")])]}
        specs = ds.dag_specs(index, "http://r")
        self.assertEqual([(s.dag_id, s.schedule) for s in specs],
                         [("ingest_spp_hybrid_rt", "*/5 * * * *"), ("ingest_spp_hybrid_da", "0 6 * * *")])
        self.assertEqual(specs[0].retries, 3)
        self.assertEqual(specs[0].retry_delay_seconds, 30)
        self.assertEqual(specs[0].owner, "team-x")

    def test_dataset_without_enabled_key_is_enabled(self):
        d = dataset("rt")
        del d["enabled"]
        self.assertEqual(len(ds.dag_specs({"connectors": [connector(datasets=[d])]}, "http://r")), 1)

    def test_disabled_connector_or_no_enabled_dataset_gives_nothing(self):
        index = {"connectors": [connector(enabled=False, datasets=[dataset("rt")]),
                                connector(name="pjm", market="PJM", datasets=[dataset("rt", enabled=False)])]}
        self.assertEqual(ds.dag_specs(index, "http://r"), [])

    def test_load_index_names_the_file_when_it_is_not_an_index(self):
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            bad = Path(tmp) / "idx.json"
            bad.write_text('{"specs": []}', encoding="utf-8")
            with self.assertRaisesRegex(ValueError, "idx.json"):
                ds.load_index(bad)

    def test_env_defaults(self):
        self.assertEqual(ds.index_path_from_env({}), ROOT / "connectors_index.json")
        self.assertEqual(ds.index_path_from_env({"CONNECTORS_INDEX_PATH": "/x/i.json"}), Path("/x/i.json"))
        self.assertEqual(ds.registry_url_from_env({}), "http://localhost:8500")
        self.assertEqual(ds.registry_url_from_env({"INGESTION_REGISTRY_URL": "http://reg:9/"}), "http://reg:9")


class FakeRegistry:
    """A real HTTP server on 127.0.0.1 that answers like the registry: 202 {"id"} to the POST, then the run's
    statuses in order (the last one repeats), and records every request."""

    def __init__(self, statuses, error=None, post_status=202, post_body=None):
        self.requests: list[tuple[str, str, dict, bytes]] = []
        self.statuses = list(statuses)
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                registry.requests.append(("POST", self.path, dict(self.headers), body))
                self._send(post_status, post_body if post_body is not None else {"id": "r1"})

            def do_GET(self):
                registry.requests.append(("GET", self.path, dict(self.headers), b""))
                if self.path != "/api/v1/runs/r1":
                    self._send(404, {"error": "no such run"})
                    return
                status = registry.statuses.pop(0) if len(registry.statuses) > 1 else registry.statuses[0]
                if isinstance(status, int):
                    self._send(status, {"error": "busy"})
                    return
                doc = {"id": "r1", "status": status}
                if status == "failed":
                    doc["error"] = error
                self._send(200, doc)

            def _send(self, code, doc):
                raw = json.dumps(doc).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


class TriggerAndWaitTest(unittest.TestCase):
    def test_posts_the_run_then_polls_until_succeeded(self):
        with FakeRegistry(["running", "running", "succeeded"]) as reg:
            run = ds.trigger_and_wait(reg.url + "/", "caiso", "lmp_da_hourly", "2024-03-09", "2024-03-10",
                                      poll_seconds=0.01, timeout_seconds=10)
        self.assertEqual(run, {"id": "r1", "status": "succeeded"})
        method, path, headers, body = reg.requests[0]
        self.assertEqual((method, path), ("POST", "/api/v1/connectors/caiso/runs"))
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(json.loads(body), {"dataset": "lmp_da_hourly", "from": "2024-03-09", "to": "2024-03-10"})
        self.assertEqual([(m, p) for m, p, _, _ in reg.requests[1:]], [("GET", "/api/v1/runs/r1")] * 3)

    def test_scheduled_firing_is_sent_as_at_for_the_registry_to_window(self):
        with FakeRegistry(["succeeded"]) as reg:
            ds.trigger_and_wait(reg.url, "miso", "lmp_da_expost", at="2026-11-27T19:30:00+00:00",
                                poll_seconds=0.01, timeout_seconds=10)
        self.assertEqual(json.loads(reg.requests[0][3]), {"dataset": "lmp_da_expost", "at": "2026-11-27T19:30:00+00:00"})
        with self.assertRaisesRegex(ValueError, "unrendered"):
            ds.trigger_and_wait(reg.url, "miso", "lmp_da_expost", at="{{ data_interval_end }}")

    def test_failed_run_raises_with_the_registry_error(self):
        err = "CAISO ERR_CODE 1004: No data"
        with FakeRegistry(["running", "failed"], error=err) as reg:
            with self.assertRaises(ds.RunFailed) as caught:
                ds.trigger_and_wait(reg.url, "caiso", "lmp_rt_5min", "2024-03-09", "2024-03-10",
                                    poll_seconds=0.01, timeout_seconds=10)
        self.assertIn(err, str(caught.exception))
        self.assertIn("r1", str(caught.exception))
        self.assertEqual(len([r for r in reg.requests if r[0] == "GET"]), 2)

    def test_transient_poll_errors_are_polled_through(self):
        with FakeRegistry([503, "running", 429, "succeeded"]) as reg:
            run = ds.trigger_and_wait(reg.url, "miso", "lmp_da_expost", "2024-03-09", "2024-03-10",
                                      poll_seconds=0.01, timeout_seconds=10)
        self.assertEqual(run["status"], "succeeded")
        self.assertEqual(len([r for r in reg.requests if r[0] == "GET"]), 4)

    def test_refused_trigger_raises_with_the_registry_error(self):
        with FakeRegistry(["running"], post_status=404, post_body={"error": "unknown dataset 'x'"}) as reg:
            with self.assertRaisesRegex(ds.RunFailed, r"HTTP 404: unknown dataset 'x'"):
                ds.trigger_and_wait(reg.url, "miso", "x", "2024-03-09", "2024-03-10", poll_seconds=0.01)
        self.assertEqual([r[0] for r in reg.requests], ["POST"])

    def test_a_firing_the_registry_would_not_make_is_skipped_not_failed(self):
        why = "dataset dam_spp needs credentials: set ERCOT_API_KEY, ERCOT_USERNAME, ERCOT_PASSWORD (ercot_token)"
        with FakeRegistry(["running"], post_status=409, post_body={"error": why, "skip": True}) as reg:
            with self.assertRaises(ds.RunSkipped) as caught:
                ds.trigger_and_wait(reg.url, "ercot", "dam_spp", at="2026-12-07T20:00:00+00:00", poll_seconds=0.01)
            self.assertIn(why, str(caught.exception))
            # an explicit backfill of the same dataset is the user's mistake: it fails with the reason
            with self.assertRaisesRegex(ds.RunFailed, "HTTP 409: dataset dam_spp needs credentials"):
                ds.trigger_and_wait(reg.url, "ercot", "dam_spp", "2024-03-09", "2024-03-10", poll_seconds=0.01)
        with FakeRegistry(["running"], post_status=409, post_body={"error": "connector 'ercot' is disabled"}) as reg:
            with self.assertRaisesRegex(ds.RunFailed, "disabled"):
                ds.trigger_and_wait(reg.url, "ercot", "dam_spp", at="2026-12-07T20:00:00+00:00", poll_seconds=0.01)

    def test_gives_up_after_the_timeout(self):
        with FakeRegistry(["running"]) as reg:
            with self.assertRaisesRegex(TimeoutError, "last status: running"):
                ds.trigger_and_wait(reg.url, "miso", "lmp_da_expost", "2024-03-09", "2024-03-10",
                                    poll_seconds=0.05, timeout_seconds=0.2)

    def test_unrendered_or_reversed_days_are_refused_before_any_request(self):
        def opener(*args, **kwargs):
            raise AssertionError("no request expected")
        with self.assertRaisesRegex(ValueError, "YYYY-MM-DD"):
            ds.trigger_and_wait("http://r", "miso", "lmp_da_expost", "{{ ds }}", "2024-03-10", opener=opener)
        with self.assertRaisesRegex(ValueError, "before"):
            ds.trigger_and_wait("http://r", "miso", "lmp_da_expost", "2024-03-10", "2024-03-10", opener=opener)


if __name__ == "__main__":
    unittest.main()
