"""Checks the DAGs Airflow would build from a connectors index, without Airflow or Docker (make airflow-dags-check).

Loads connectors_index.json ($CONNECTORS_INDEX_PATH), builds every DagSpec the loader would, and fails (exit 1) on a
problem Airflow would only show in its UI: a duplicate dag_id, a schedule that is not a 5-field cron, a trigger URL
that does not point at the registry's runs endpoint, a per-market DAG file missing for a connector. Prints one line per
DAG otherwise.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "dags"))

import dag_specs as ds  # noqa: E402


def problems(index: dict, registry_url: str, dag_dir: Path) -> tuple[list[str], list[ds.DagSpec]]:
    specs = ds.dag_specs(index, registry_url)
    out: list[str] = []
    seen: set[str] = set()
    for s in specs:
        if s.dag_id in seen:
            out.append(f"{s.dag_id}: defined twice")
        seen.add(s.dag_id)
        if len(s.schedule.split()) != 5:
            out.append(f"{s.dag_id}: schedule {s.schedule!r} is not a 5-field cron")
        if not s.trigger_url.startswith(registry_url.rstrip("/") + "/api/v1/connectors/"):
            out.append(f"{s.dag_id}: trigger {s.trigger_url} is not the registry's runs endpoint")
    for c in index.get("connectors", []):
        if c.get("enabled") and not (dag_dir / f"market_{c['name']}_dag.py").exists():
            out.append(f"connector {c['name']}: no market_{c['name']}_dag.py for the per-market layout")
    return out, specs


def main() -> int:
    index = ds.load_index(ds.index_path_from_env())
    found, specs = problems(index, ds.registry_url_from_env(), HERE / "dags")
    for s in specs:
        print(f"{s.dag_id:48} {s.schedule:20} {s.trigger_url}")
    for p in found:
        print(f"problem: {p}", file=sys.stderr)
    print(f"{len(specs)} DAGs from {len(index.get('connectors', []))} connectors, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
