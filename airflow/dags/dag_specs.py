"""What the Airflow DAGs of carbon-ingestion are, as plain data, and how one task triggers a run.

Stdlib only and no Airflow import, so it is unit-tested without Airflow (airflow/tests). The thin DAG files next to
it (dynamic_connectors_loader.py, market_*_dag.py) turn each DagSpec into an airflow DAG via airflow_factory.py.

Input: connectors_index.json, written by ``java -jar target/ingestion.jar connectors-index --out FILE`` from every
connectors/*/connector.yaml (``make connectors-index``). One DagSpec per enabled dataset of an enabled connector:

* dag_id ``ingest_<market>_<mode>`` (market lower-cased), plus ``_<dataset id>`` when the connector has more than
  one enabled dataset;
* schedule: the dataset's cron if it has one, else the connector's (5-field, UTC);
* retries / retry delay: the connector's ``retries`` / ``backoff_seconds`` (first delay; doubled per attempt, as the
  jar's own fetch runner does).

The task calls :func:`trigger_and_wait`: ``POST {registry}/api/v1/connectors/{name}/runs`` with
``{"dataset", "from", "to"}`` (operating days, ``to`` exclusive), then polls ``GET {registry}/api/v1/runs/{id}``
until ``succeeded`` (returns the run) or ``failed`` (raises :class:`RunFailed` carrying the run's ``error``).
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

DEFAULT_REGISTRY_URL = "http://localhost:8500"
INDEX_PATH_ENV = "CONNECTORS_INDEX_PATH"
REGISTRY_URL_ENV = "INGESTION_REGISTRY_URL"

# Airflow renders these when the task runs. Scheduled DAGs send the firing time and let the registry work out the
# windows exactly as its own scheduler does (the next operating day for day-ahead data plus the look-back, the
# intervals just ended for real-time data): `ds` means different days in Airflow 2 and 3, and the dataset's offset
# and look-back are the registry's business. data_interval_end is the firing time under both versions' timetables.
RUN_AT_TEMPLATE = "{{ data_interval_end }}"
# For explicit backfills: `to` is the day after `from` whatever the schedule (next_ds would equal ds for an hourly DAG
# and is gone in Airflow 3).
DAY_FROM_TEMPLATE = "{{ ds }}"
DAY_TO_TEMPLATE = "{{ macros.ds_add(ds, 1) }}"

# HTTP statuses worth polling again: the registry restarting or shedding load, not a wrong request.
_TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})


def repo_root() -> Path:
    """The repository root: this file is <root>/airflow/dags/dag_specs.py."""
    return Path(__file__).resolve().parents[2]


def index_path_from_env(environ: Mapping[str, str] = os.environ) -> Path:
    """``$CONNECTORS_INDEX_PATH``, else ``connectors_index.json`` at the repository root (``make connectors-index``)."""
    value = environ.get(INDEX_PATH_ENV, "").strip()
    return Path(value) if value else repo_root() / "connectors_index.json"


def registry_url_from_env(environ: Mapping[str, str] = os.environ) -> str:
    """``$INGESTION_REGISTRY_URL``, else ``http://localhost:8500`` (the jar's default port), without a trailing /."""
    return (environ.get(REGISTRY_URL_ENV, "").strip() or DEFAULT_REGISTRY_URL).rstrip("/")


@dataclass(frozen=True)
class DagSpec:
    """One DAG: one dataset of one connector, triggered over the registry's HTTP API."""

    dag_id: str
    connector: str
    dataset: str
    market: str  # lower-cased ISO, e.g. "miso"
    mode: str
    schedule: str  # 5-field cron, UTC
    retries: int
    retry_delay_seconds: int
    owner: str
    tags: tuple[str, ...]
    output_topic: str
    registry_url: str
    description: str = ""
    retry_exponential_backoff: bool = True
    run_at: str = RUN_AT_TEMPLATE
    poll_seconds: int = 5
    timeout_seconds: int = 3600

    @property
    def trigger_url(self) -> str:
        return runs_url(self.registry_url, self.connector)

    @property
    def trigger_body(self) -> dict[str, str]:
        """The POST body, with the Airflow template of the firing time."""
        return {"dataset": self.dataset, "at": self.run_at}

    @property
    def status_url_template(self) -> str:
        return self.registry_url + "/api/v1/runs/{id}"

    def op_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`trigger_and_wait` for this DAG's task (PythonOperator templates them)."""
        return {
            "registry_url": self.registry_url,
            "connector": self.connector,
            "dataset": self.dataset,
            "at": self.run_at,
            "poll_seconds": self.poll_seconds,
            "timeout_seconds": self.timeout_seconds,
        }


def load_index(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Reads connectors_index.json; ValueError naming the file if it is not ``{"connectors": [...]}``."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8") as f:
            index = json.load(f)
    except json.JSONDecodeError as e:
        raise ValueError(f"{p}: not JSON: {e}") from e
    if not isinstance(index, dict) or not isinstance(index.get("connectors"), list):
        raise ValueError(f'{p}: expected {{"connectors": [...]}} as written by `ingestion connectors-index`')
    return index


def base_dag_id(connector: Mapping[str, Any]) -> str:
    """``ingest_<market>_<mode>``: the same rule as ConnectorSpec.dagId() in the jar."""
    return f"ingest_{str(connector['market']).lower()}_{connector['mode']}"


def enabled_datasets(connector: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [d for d in connector.get("datasets", []) if d.get("enabled", True)]


def dag_specs(index: Mapping[str, Any], registry_url: str) -> list[DagSpec]:
    """One DagSpec per enabled dataset of every enabled connector, in index order (sorted by connector name)."""
    registry_url = registry_url.rstrip("/")
    specs: list[DagSpec] = []
    for c in index["connectors"]:
        if not c.get("enabled", False):
            continue
        datasets = enabled_datasets(c)
        base = base_dag_id(c)
        market = str(c["market"]).lower()
        for d in datasets:
            dag_id = base if len(datasets) == 1 else f"{base}_{d['id']}"
            specs.append(DagSpec(
                dag_id=dag_id,
                connector=c["name"],
                dataset=d["id"],
                market=market,
                mode=c["mode"],
                schedule=d.get("schedule") or c["schedule"],
                retries=int(c["retries"]),
                retry_delay_seconds=int(c["backoff_seconds"]),
                owner=c.get("owner") or "ingestion",
                tags=_unique(("ingestion", market, c["mode"], d["id"])),
                output_topic=c.get("output_topic", ""),
                registry_url=registry_url,
                description=f"{c['name']}/{d['id']} ({d.get('market', '?')}) via the registry into "
                            f"{c.get('output_topic', '?')}",
            ))
    return specs


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# ------------------------------------------------------------------ trigger and wait

class RunFailed(RuntimeError):
    """The registry refused the run or reported it ``failed``; the message carries the registry's error."""


_UNREAD = object()


class RunSkipped(Exception):
    """The registry would not fire this dataset now (its credentials are not set, or it stands in for a dataset
    that is available): the task is skipped, not failed."""



def runs_url(registry_url: str, connector: str) -> str:
    return f"{registry_url.rstrip('/')}/api/v1/connectors/{urllib.parse.quote(connector, safe='')}/runs"


def trigger_and_wait(registry_url: str, connector: str, dataset: str, day_from: str | None = None,
                     day_to: str | None = None, poll_seconds: float = 5, timeout_seconds: float = 3600,
                     opener: Callable[..., Any] = urllib.request.urlopen, at: str | None = None) -> dict[str, Any]:
    """Starts a run of ``connector``/``dataset`` and waits for its end: over operating days ``[day_from, day_to)``,
    or, with ``at`` (an ISO-8601 instant: a scheduled DAG's firing time), over the windows the registry's own
    scheduler would fetch for a firing at that instant.

    Returns the final run document (``status`` == ``succeeded``). Raises ValueError for days that are not
    ``YYYY-MM-DD`` with ``day_from < day_to`` (e.g. an unrendered template), RunFailed if the registry refuses the
    run (any HTTP error on the POST: a retry by Airflow starts a fresh run) or reports it ``failed``, RunSkipped for a
    firing (``at``) the registry answers with 409 ``"skip": true`` (a dataset its own scheduler would not fire now:
    credentials not set, or an alternative to an available dataset), TimeoutError
    after ``timeout_seconds``. While polling, 429/5xx and connection errors are retried until the timeout (the
    registry may restart); any other HTTP error ends the wait.
    """
    if at is not None:
        if "{" in at or not at.strip():
            raise ValueError(f"at {at!r} is not an instant (an unrendered template?)")
        what = f"{connector}/{dataset} @ {at}"
        payload = {"dataset": dataset, "at": at}
    else:
        start, end = _day(day_from, "day_from"), _day(day_to, "day_to")
        if start >= end:
            raise ValueError(f"day_from {day_from} must be before day_to {day_to} (to is exclusive)")
        what = f"{connector}/{dataset} [{day_from}, {day_to})"
        payload = {"dataset": dataset, "from": day_from, "to": day_to}
    deadline = time.monotonic() + timeout_seconds
    base = registry_url.rstrip("/")

    body = json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(runs_url(base, connector), data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        created = _read_json(opener(request, timeout=30))
    except urllib.error.HTTPError as e:
        doc = _error_doc(e)
        if at is not None and e.code == 409 and isinstance(doc, dict) and doc.get("skip") is True:
            raise RunSkipped(f"{what} skipped: {doc.get('error') or 'not scheduled'}") from e
        raise RunFailed(f"registry refused run of {what}: HTTP {e.code}: {_error_text(e, doc)}") from e
    run_id = created.get("id") if isinstance(created, dict) else None
    if not run_id:
        raise RunFailed(f"registry accepted run of {what} but answered no id: {created!r}")

    status_url = f"{base}/api/v1/runs/{urllib.parse.quote(str(run_id), safe='')}"
    while True:
        run = _poll(opener, status_url, what)
        status = run.get("status") if run else None
        if status == "succeeded":
            return run
        if status == "failed":
            raise RunFailed(f"run {run_id} of {what} failed: {run.get('error') or 'no error given'}")
        if time.monotonic() + poll_seconds > deadline:
            raise TimeoutError(f"run {run_id} of {what} not finished after {timeout_seconds} s "
                               f"(last status: {status or 'unknown'})")
        time.sleep(poll_seconds)


def _poll(opener: Callable[..., Any], url: str, what: str) -> dict[str, Any] | None:
    """The run document, or None when the registry could not answer this time."""
    request = urllib.request.Request(url, method="GET", headers={"Accept": "application/json"})
    try:
        run = _read_json(opener(request, timeout=30))
    except urllib.error.HTTPError as e:
        if e.code in _TRANSIENT_STATUSES:
            return None
        raise RunFailed(f"polling {url} for {what}: HTTP {e.code}: {_error_text(e)}") from e
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None
    if not isinstance(run, dict):
        raise RunFailed(f"polling {url} for {what}: expected a JSON object, got {run!r}")
    return run


def _read_json(response: Any) -> Any:
    with response:
        raw = response.read()
    return json.loads(raw.decode("utf-8")) if raw else {}


def _error_doc(e: urllib.error.HTTPError) -> Any:
    """The error answer's body, read once: its JSON, else its text (None when it cannot be read)."""
    try:
        raw = e.read().decode("utf-8", "replace")
    except Exception:  # the body is only decoration for the message
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _error_text(e: urllib.error.HTTPError, doc: Any = _UNREAD) -> str:
    if doc is _UNREAD:
        doc = _error_doc(e)
    if isinstance(doc, dict) and doc.get("error"):
        return str(doc["error"])
    if doc is None:
        return e.reason if isinstance(e.reason, str) else ""
    return (doc if isinstance(doc, str) else json.dumps(doc)).strip()[:500]


def _day(value: str, name: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an operating day YYYY-MM-DD, got {value!r}") from None
