"""Airflow DAG file: one DAG per enabled dataset of every enabled connector (see dag_specs.py for the rules).

Reads connectors_index.json from $CONNECTORS_INDEX_PATH (default: connectors_index.json at the repository root, as
written by `make connectors-index`) and triggers runs on the registry at $INGESTION_REGISTRY_URL (default
http://localhost:8500). Active unless $INGESTION_DAGS_PER_MARKET is true, in which case the market_*_dag.py files
build the same DAGs instead (Airflow rejects a dag_id defined by two files).
"""
from airflow_factory import register

DAG_IDS = register(globals())
