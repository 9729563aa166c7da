"""make airflow-dags-check: the problems Airflow would only show in its UI are found without Airflow."""
import copy
import os
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "airflow"))
sys.path.insert(0, str(ROOT / "airflow" / "dags"))

import check_dags  # noqa: E402
import dag_specs as ds  # noqa: E402

DAGS = ROOT / "airflow" / "dags"


class CheckDagsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        path = os.environ.get("CONNECTORS_INDEX_PATH")
        if not path or not Path(path).exists():
            raise unittest.SkipTest("CONNECTORS_INDEX_PATH not set: make python-test writes the index first")
        cls.index = ds.load_index(path)

    def test_the_shipped_connectors_give_dags_without_problems(self):
        found, specs = check_dags.problems(self.index, "http://registry:8500", DAGS)
        self.assertEqual(found, [])
        self.assertEqual({s.connector for s in specs}, {c["name"] for c in self.index["connectors"] if c["enabled"]})

    def test_a_bad_cron_a_duplicate_and_a_missing_market_file_are_named(self):
        index = copy.deepcopy(self.index)
        index["connectors"][0]["schedule"] = "0 6 * *"
        for d in index["connectors"][0]["datasets"]:
            d.pop("schedule", None)
        index["connectors"].append(copy.deepcopy(index["connectors"][1]))
        renamed = copy.deepcopy(index["connectors"][1])
        renamed["name"] = "aeso"
        index["connectors"].append(renamed)
        found, _ = check_dags.problems(index, "http://registry:8500", DAGS)
        self.assertTrue(any("is not a 5-field cron" in p for p in found), found)
        self.assertTrue(any("defined twice" in p for p in found), found)
        self.assertIn("connector aeso: no market_aeso_dag.py for the per-market layout", found)


if __name__ == "__main__":
    unittest.main()
