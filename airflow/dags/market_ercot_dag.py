"""Airflow DAG file: only the ERCOT DAGs (ingest_ercot_*), for teams who deploy one file per market.

Same index, registry and rules as dynamic_connectors_loader.py. Active only when $INGESTION_DAGS_PER_MARKET is
true; the loader then builds nothing (Airflow rejects a dag_id defined by two files).
"""
from airflow_factory import register

DAG_IDS = register(globals(), markets=["ercot"])
