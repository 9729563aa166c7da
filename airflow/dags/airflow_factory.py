"""Turns dag_specs.DagSpec into Airflow DAGs: one PythonOperator calling dag_specs.trigger_and_wait.

The only module here that imports Airflow, and only when it is installed (the import is guarded so that importing
the DAG files without Airflow does nothing instead of failing). Works with Airflow 2.4+ (``schedule=``) and 3.
"""
from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Iterable, Mapping, MutableMapping

from dag_specs import (DagSpec, RunSkipped, dag_specs, index_path_from_env, load_index, registry_url_from_env,
                       trigger_and_wait)

try:  # Airflow 3
    from airflow.sdk import DAG
    from airflow.providers.standard.operators.python import PythonOperator
except ImportError:
    try:  # Airflow 2
        from airflow import DAG
        from airflow.operators.python import PythonOperator
    except ImportError:
        DAG = None
        PythonOperator = None

try:
    from airflow.exceptions import AirflowSkipException
except ImportError:  # no Airflow (or a stand-in without it): a skip stays RunSkipped
    AirflowSkipException = None

AIRFLOW_AVAILABLE = DAG is not None

# Which DAG files build DAGs: unset/false -> dynamic_connectors_loader.py builds them all; true -> each
# market_<iso>_dag.py builds its market's and the loader none. Both sit in the same folder, and Airflow rejects a
# dag_id defined by two files, so exactly one layout is active.
PER_MARKET_ENV = "INGESTION_DAGS_PER_MARKET"

# First possible logical date; catchup is off, so only the latest interval runs when a DAG appears.
START_DATE = _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc)


def build_dag(spec: DagSpec) -> Any:
    """One DAG with one task, ``trigger_and_wait``, retried as the connector says."""
    if not AIRFLOW_AVAILABLE:
        raise RuntimeError("Airflow is not installed")
    dag = DAG(
        dag_id=spec.dag_id,
        description=spec.description,
        schedule=spec.schedule,
        start_date=START_DATE,
        catchup=False,
        max_active_runs=1,  # the ISOs rate-limit (CAISO OASIS: 429 within ~5 s); one run at a time per dataset
        tags=list(spec.tags),
        default_args={
            "owner": spec.owner,
            "retries": spec.retries,
            "retry_delay": _dt.timedelta(seconds=spec.retry_delay_seconds),
            "retry_exponential_backoff": spec.retry_exponential_backoff,
        },
    )
    PythonOperator(
        task_id="trigger_and_wait",
        python_callable=trigger_or_skip,
        op_kwargs=spec.op_kwargs(),  # templated: {{ ds }} is rendered when the task runs
        execution_timeout=_dt.timedelta(seconds=spec.timeout_seconds + 60),
        dag=dag,
    )
    return dag


def trigger_or_skip(**kwargs: Any) -> dict[str, Any] | None:
    """``trigger_and_wait``, with a firing the registry would not make itself (credentials not set, or an
    alternative to an available dataset) ending the task as skipped rather than failed."""
    try:
        return trigger_and_wait(**kwargs)
    except RunSkipped as e:
        if AirflowSkipException is None:
            raise
        raise AirflowSkipException(str(e)) from e


def specs_from_env(markets: Iterable[str] | None = None) -> list[DagSpec]:
    """The specs of connectors_index.json ($CONNECTORS_INDEX_PATH) for the registry at $INGESTION_REGISTRY_URL."""
    specs = dag_specs(load_index(index_path_from_env()), registry_url_from_env())
    if markets is not None:
        wanted = {m.lower() for m in markets}
        specs = [s for s in specs if s.market in wanted]
    return specs


def per_market(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(PER_MARKET_ENV, "").strip().lower() in ("1", "true", "yes")


def register(namespace: MutableMapping[str, Any], markets: Iterable[str] | None = None) -> list[str]:
    """Builds the DAGs (all, or only those of ``markets``) into ``namespace`` (a DAG file's globals()), where
    Airflow's DagBag finds them. Returns their ids; does nothing without Airflow, and nothing when the other layout
    is active (see PER_MARKET_ENV)."""
    if not AIRFLOW_AVAILABLE or per_market() != (markets is not None):
        return []
    ids = []
    for spec in specs_from_env(markets):
        namespace[spec.dag_id] = build_dag(spec)
        ids.append(spec.dag_id)
    return ids
