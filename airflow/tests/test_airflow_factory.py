"""airflow_factory's wiring of a DagSpec into DAG/PythonOperator arguments, with stand-ins for the two Airflow
classes it uses (Airflow is not installable here). What Airflow itself does with them is not tested."""
from __future__ import annotations

import importlib
import json
import sys
import tempfile
import types
import unittest
from datetime import timedelta
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "airflow" / "dags"))

import dag_specs as ds  # noqa: E402


class FakeDag:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.tasks = []


class FakePythonOperator:
    def __init__(self, dag, **kwargs):
        self.kwargs = kwargs
        dag.tasks.append(self)


class FakeSkip(Exception):
    pass


def import_factory_with_fake_airflow():
    airflow = types.ModuleType("airflow")
    airflow.DAG = FakeDag
    operators = types.ModuleType("airflow.operators")
    python = types.ModuleType("airflow.operators.python")
    python.PythonOperator = FakePythonOperator
    exceptions = types.ModuleType("airflow.exceptions")
    exceptions.AirflowSkipException = FakeSkip
    fakes = {"airflow": airflow, "airflow.operators": operators, "airflow.operators.python": python,
             "airflow.exceptions": exceptions}
    with mock.patch.dict(sys.modules, fakes):
        sys.modules.pop("airflow_factory", None)
        try:
            return importlib.import_module("airflow_factory")
        finally:
            sys.modules.pop("airflow_factory", None)


INDEX = {"connectors": [
    {"name": "miso", "market": "MISO", "mode": "batch", "schedule": "30 19 * * *", "enabled": True, "retries": 5,
     "backoff_seconds": 60, "owner": "ingestion-team", "output_topic": "ingestion.miso.raw.v1",
     "datasets": [{"id": "lmp_da_expost", "enabled": True}, {"id": "lmp_rt_5min", "enabled": False}]},
    {"name": "caiso", "market": "CAISO", "mode": "batch", "schedule": "15 21 * * *", "enabled": True, "retries": 2,
     "backoff_seconds": 10, "owner": "ingestion-team", "output_topic": "ingestion.caiso.raw.v1",
     "datasets": [{"id": "lmp_da_hourly", "enabled": True}]},
]}


class AirflowFactoryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.factory = import_factory_with_fake_airflow()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.index_path = Path(cls.tmp.name) / "connectors_index.json"
        cls.index_path.write_text(json.dumps(INDEX), encoding="utf-8")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def env(self, **extra):
        return mock.patch.dict("os.environ", {"CONNECTORS_INDEX_PATH": str(self.index_path),
                                              "INGESTION_REGISTRY_URL": "http://reg:8500", **extra})

    def test_dag_carries_schedule_retries_and_a_templated_trigger_task(self):
        [spec, _] = ds.dag_specs(INDEX, "http://reg:8500")
        dag = self.factory.build_dag(spec)
        self.assertEqual(dag.kwargs["dag_id"], "ingest_miso_batch")
        self.assertEqual(dag.kwargs["schedule"], "30 19 * * *")
        self.assertFalse(dag.kwargs["catchup"])
        self.assertEqual(dag.kwargs["default_args"]["retries"], 5)
        self.assertEqual(dag.kwargs["default_args"]["retry_delay"], timedelta(seconds=60))
        self.assertEqual(dag.kwargs["default_args"]["owner"], "ingestion-team")
        [task] = dag.tasks
        self.assertIs(task.kwargs["python_callable"], self.factory.trigger_or_skip)
        self.assertEqual(task.kwargs["op_kwargs"]["at"], "{{ data_interval_end }}")
        self.assertEqual(task.kwargs["op_kwargs"]["connector"], "miso")
        self.assertEqual(task.kwargs["op_kwargs"]["registry_url"], "http://reg:8500")

    def test_a_skipped_firing_ends_the_task_skipped(self):
        def skipped(**kwargs):
            raise ds.RunSkipped("ercot/dam_spp @ 2026-12-07T20:00:00Z skipped: needs credentials")
        with mock.patch.object(self.factory, "trigger_and_wait", skipped):
            with self.assertRaisesRegex(FakeSkip, "needs credentials"):
                self.factory.trigger_or_skip(registry_url="http://reg", connector="ercot", dataset="dam_spp",
                                             at="2026-12-07T20:00:00Z")
        with mock.patch.object(self.factory, "trigger_and_wait", lambda **kw: {"status": "succeeded"}):
            self.assertEqual(self.factory.trigger_or_skip(at="x"), {"status": "succeeded"})

    def test_loader_layout_registers_every_dag_and_market_files_none(self):
        with self.env():
            loader_ns, market_ns = {}, {}
            self.assertEqual(self.factory.register(loader_ns), ["ingest_miso_batch", "ingest_caiso_batch"])
            self.assertEqual(self.factory.register(market_ns, markets=["miso"]), [])
        self.assertEqual(sorted(loader_ns), ["ingest_caiso_batch", "ingest_miso_batch"])
        self.assertEqual(market_ns, {})

    def test_per_market_layout_registers_only_that_market_and_loader_none(self):
        with self.env(INGESTION_DAGS_PER_MARKET="true"):
            self.assertEqual(self.factory.register({}), [])
            ns = {}
            self.assertEqual(self.factory.register(ns, markets=["miso"]), ["ingest_miso_batch"])
        self.assertEqual(list(ns), ["ingest_miso_batch"])


if __name__ == "__main__":
    unittest.main()
