// The ops page: reads the API once, then follows the event-bus bridge (/eventbus/websocket, SockJS's JSON frames over
// a plain WebSocket). Nothing is loaded from anywhere but this process. Data from the API is only ever set as text.
'use strict';

const STAGES = ['connectors', 'normalizer', 'enricher', 'aggregator', 'projector'];
const EVENTS = ['ops.throughput', 'ops.progress', 'ops.anomalies', 'ops.dlq', 'ops.health'];
const MAX_JOBS = 40;
const MAX_ANOMALIES = 30;

const state = {
  token: sessionStorage.getItem('ops.token') || '',
  connectors: new Map(),   // name -> {name, market, enabled, health}
  jobs: new Map(),         // kind/id -> {kind, job}
  throughput: new Map(),   // stage -> {in, out, rejected, in_per_s, …, history: []}
  anomalies: [],
  dlq: new Map(),          // "stage/reason" -> n
  ws: null,
};

const $ = s => document.querySelector(s);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? '' : String(c)));
  return e;
}

function authHeaders() {
  return state.token ? {Authorization: 'Bearer ' + state.token} : {};
}

async function getJson(url) {
  const r = await fetch(url, {headers: authHeaders(), cache: 'no-store'});
  if (!r.ok) throw new Error(url + ': ' + r.status);
  return r.json();
}

function ago(iso) {
  if (!iso) return '—';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 120) return seconds + ' s';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min';
  if (seconds < 172800) return Math.round(seconds / 3600) + ' h';
  return Math.round(seconds / 86400) + ' d';
}

// ---- connectors ---------------------------------------------------------------------------------------------------

function renderConnectors() {
  const body = $('#connectors tbody');
  body.replaceChildren();
  const select = $('#import-connector');
  const chosen = select.value;
  select.replaceChildren();
  for (const c of [...state.connectors.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const h = c.health || {};
    const enabled = h.enabled !== undefined ? h.enabled : c.enabled;
    body.append(el('tr', {'data-connector': c.name, 'data-lag': h.data_lag_seconds},
      el('td', {}, c.name), el('td', {}, c.market || ''),
      el('td', {class: enabled ? 'yes' : 'no'}, enabled ? 'yes' : 'no'),
      el('td', {}, ago(h.last_success)),
      el('td', {class: 'num'}, h.consecutive_failures || 0),
      el('td', {class: 'num'}, duration(h.data_lag_seconds)),
      el('td', {class: 'err'}, h.last_error || ''),
      el('td', {}, el('button', {onclick: () => command(enabled ? 'ops.command.disable' : 'ops.command.enable',
        {connector: c.name})}, enabled ? 'disable' : 'enable'))));
    select.append(el('option', {value: c.name}, c.name));
  }
  if (chosen) select.value = chosen;
}

// ---- throughput ---------------------------------------------------------------------------------------------------

function renderThroughput() {
  const body = $('#throughput tbody');
  body.replaceChildren();
  let moved = false;
  for (const s of STAGES) {
    const t = state.throughput.get(s) || {in: 0, out: 0, rejected: 0, history: []};
    if (t.in > 0) moved = true;
    const hist = t.history || [];
    const max = Math.max(1, ...hist);
    const points = hist.map((v, i) => (i * 2) + ',' + (19 - 18 * v / max)).join(' ');
    const spark = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    spark.setAttribute('class', 'spark');
    spark.setAttribute('viewBox', '0 0 120 20');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', points);
    spark.append(line);
    body.append(el('tr', {'data-stage': s, 'data-in': t.in, 'data-out': t.out, 'data-rejected': t.rejected,
        'data-in-per-s': t.in_per_s || 0},
      el('td', {}, s), el('td', {class: 'num'}, (t.in_per_s || 0).toFixed(1)),
      el('td', {class: 'num'}, (t.out_per_s || 0).toFixed(1)),
      el('td', {class: 'num'}, (t.rejected_per_s || 0).toFixed(1)),
      el('td', {class: 'num'}, t.in.toLocaleString('en-US')), el('td', {}, spark)));
  }
  $('#throughput').dataset.moved = String(moved);
}

function onThroughput(body) {
  for (const [s, v] of Object.entries(body.stages || {})) {
    const prev = state.throughput.get(s) || {history: []};
    const history = (prev.history || []).concat([v.in_per_s || 0]).slice(-60);
    state.throughput.set(s, Object.assign({}, v, {history}));
  }
  renderThroughput();
}

/** Totals from /metrics before the bridge's first tick (and when the bridge is unreachable). */
function seedFromMetrics(text) {
  const totals = new Map();
  const dlq = new Map();
  for (const line of text.split('\n')) {
    let m = /^stage_records_total\{(.*)\} ([0-9.eE+]+)$/.exec(line);
    if (m) {
      const tags = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map(x => [x[1], x[2]]));
      const t = totals.get(tags.stage) || {in: 0, out: 0, rejected: 0};
      t[tags.outcome] = Math.round(Number(m[2]));
      totals.set(tags.stage, t);
      continue;
    }
    m = /^dlq_records_total\{(.*)\} ([0-9.eE+]+)$/.exec(line);
    if (m) {
      const tags = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map(x => [x[1], x[2]]));
      dlq.set(tags.stage + '/' + tags.reason, Math.round(Number(m[2])));
    }
  }
  for (const [s, t] of totals) {
    if (!state.throughput.has(s)) state.throughput.set(s, Object.assign(t, {history: []}));
  }
  if (state.dlq.size === 0) dlq.forEach((n, k) => state.dlq.set(k, n));
  renderThroughput();
  renderDlq();
}

// ---- jobs ---------------------------------------------------------------------------------------------------------

function jobStart(kind, j) {
  return j.started_at || j.queued_at || j.submitted_at || '';
}

function progressOf(kind, j) {
  const s = j.status;
  if (s === 'failed' || s === 'cancelled') return {pct: 100, cls: 'failed'};
  if (s === 'done' || s === 'succeeded') return {pct: 100, cls: 'done'};
  if (kind === 'reprocess' && j.documents_total > 0) return {pct: Math.round(100 * j.documents_done / j.documents_total), cls: ''};
  if (s === 'queued') return {pct: 0, cls: ''};
  return {pct: 50, cls: 'indeterminate'};
}

function jobWhat(kind, j) {
  if (kind === 'import') return j.connector + ' · ' + j.file;
  if (kind === 'run') return j.connector + ' · ' + j.dataset + ' · ' + j.from + ' → ' + j.to;
  const r = j.request || {};
  return (r.isos ? r.isos.join(',') : 'all ISOs') + ' · ' + r.from + ' → ' + r.to;
}

function jobCounts(kind, j) {
  if (kind === 'import') return (j.ticks_out || 0) + ' ticks, ' + (j.rejected || 0) + ' rejected';
  if (kind === 'run') return (j.documents || 0) + ' docs, ' + (j.records || 0) + ' records';
  return (j.documents_done || 0) + '/' + (j.documents_total || 0) + ' docs, ' + (j.records || 0) + ' records';
}

function renderJobs() {
  const body = $('#jobs tbody');
  body.replaceChildren();
  const all = [...state.jobs.values()].sort((a, b) => jobStart(b.kind, b.job).localeCompare(jobStart(a.kind, a.job)));
  for (const {kind, job} of all.slice(0, MAX_JOBS)) {
    const p = progressOf(kind, job);
    const bar = el('div', {class: 'progress ' + p.cls, title: p.pct + '%'}, el('div', {style: 'width:' + p.pct + '%'}));
    body.append(el('tr', {'data-kind': kind, 'data-id': job.id, 'data-status': job.status},
      el('td', {}, kind), el('td', {}, jobWhat(kind, job)),
      el('td', {class: 'status status-' + job.status, title: job.error || ''}, job.status),
      el('td', {}, bar), el('td', {}, jobCounts(kind, job)), el('td', {}, ago(jobStart(kind, job)))));
  }
}

function putJob(kind, job) {
  state.jobs.set(kind + '/' + job.id, {kind, job});
}

// ---- anomalies and DLQ --------------------------------------------------------------------------------------------

function renderAnomalies() {
  const list = $('#anomalies');
  list.replaceChildren();
  for (const a of state.anomalies.slice(0, MAX_ANOMALIES)) {
    list.append(el('li', {'data-type': a.type}, el('span', {class: 'type'}, a.type),
      [a.iso, a.dataset, a.location].filter(Boolean).join(' · ') + ' ', el('span', {class: 'when'}, ago(a.at)),
      el('div', {class: 'hint'}, a.detail || '')));
  }
}

function renderDlq() {
  const body = $('#dlq tbody');
  body.replaceChildren();
  for (const [k, n] of [...state.dlq.entries()].sort((a, b) => b[1] - a[1])) {
    body.append(el('tr', {'data-reason': k, 'data-count': n}, el('td', {}, k), el('td', {class: 'num'}, n)));
  }
}

// ---- the bridge ---------------------------------------------------------------------------------------------------

const handlers = {
  'ops.throughput': onThroughput,
  'ops.progress': b => { putJob(b.kind, b.job); renderJobs(); },
  'ops.anomalies': b => { state.anomalies = (b.anomalies || []).concat(state.anomalies).slice(0, 200); renderAnomalies(); },
  'ops.dlq': b => { state.dlq = new Map(Object.entries(b.by_reason || {})); renderDlq(); },
  'ops.health': b => {
    const c = state.connectors.get(b.connector) || {name: b.connector};
    c.health = b.health;
    state.connectors.set(b.connector, c);
    renderConnectors();
  },
};
const replies = new Map();

function bridgeState(s, text) {
  const p = $('#bridge');
  p.dataset.state = s;
  p.textContent = 'bridge: ' + (text || s);
}

function frame(type, address, extra) {
  const f = Object.assign({type, address}, extra || {});
  if (state.token) f.headers = {authorization: 'Bearer ' + state.token};
  return JSON.stringify(f);
}

function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/eventbus/websocket');
  state.ws = ws;
  let pinger = null;
  ws.onopen = () => {
    bridgeState('open');
    EVENTS.forEach(a => ws.send(frame('register', a)));
    pinger = setInterval(() => ws.send(JSON.stringify({type: 'ping'})), 5000);
  };
  ws.onmessage = e => {
    const m = JSON.parse(e.data);
    if (m.type === 'rec' && handlers[m.address]) handlers[m.address](m.body);
    else if (m.type === 'rec' && replies.has(m.address)) { replies.get(m.address)(m.body); replies.delete(m.address); }
    else if (m.type === 'err') bridgeState('refused', 'refused (' + m.body + ')');
  };
  ws.onclose = () => {
    clearInterval(pinger);
    if (state.ws === ws) { bridgeState('closed', 'reconnecting'); setTimeout(connect, 2000); }
  };
}

function command(address, body) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return;
  const reply = 'r' + Math.random().toString(36).slice(2, 12);
  replies.set(reply, r => {
    $('#import-status').textContent = address + ': ' + r.status + (r.body && r.body.error ? ' — ' + r.body.error : '');
    refreshConnectors();
  });
  state.ws.send(frame('send', address, {body, replyAddress: reply}));
}

// ---- drop-a-file import -------------------------------------------------------------------------------------------

async function importFile(file) {
  const connector = $('#import-connector').value;
  const status = $('#import-status');
  if (!connector) { status.textContent = 'no connector to import with'; return; }
  status.textContent = 'uploading ' + file.name + ' to ' + connector + '…';
  const r = await fetch('/api/v1/connectors/' + encodeURIComponent(connector) + '/imports', {
    method: 'POST', body: file,
    headers: Object.assign({'Content-Type': 'application/octet-stream', 'X-File-Name': file.name}, authHeaders())});
  const answer = await r.json().catch(() => ({}));
  if (r.status !== 202) { status.textContent = 'refused: ' + r.status + ' ' + (answer.error || ''); return; }
  status.textContent = file.name + ': import ' + answer.id;
  for (;;) {
    const j = await getJson('/api/v1/imports/' + answer.id);
    putJob('import', j);
    renderJobs();
    if (j.status !== 'running') { status.textContent = file.name + ': ' + j.status + (j.error ? ' — ' + j.error : ''); break; }
    await new Promise(ok => setTimeout(ok, 500));
  }
}

function wireImport() {
  const drop = $('#drop');
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    [...e.dataTransfer.files].forEach(importFile);
  });
  $('#import-file').addEventListener('change', e => [...e.target.files].forEach(importFile));
}

// ---- start --------------------------------------------------------------------------------------------------------

async function refreshConnectors() {
  try {
    const r = await getJson('/api/v1/connectors');
    for (const c of r.connectors) state.connectors.set(c.name, {name: c.name, market: c.market, enabled: c.enabled,
      health: Object.assign({}, c.health, {enabled: c.enabled})});
    renderConnectors();
  } catch (e) { /* not on this process, or no token yet */ }
}

async function load() {
  const reads = [
    refreshConnectors(),
    getJson('/api/v1/imports').then(r => r.imports.forEach(j => putJob('import', j))),
    getJson('/api/v1/runs').then(r => r.runs.forEach(j => putJob('run', j))),
    getJson('/reprocess').then(r => r.jobs.forEach(j => putJob('reprocess', j))),
    getJson('/api/v1/anomalies').then(r => {
      state.anomalies = r.anomalies.sort((a, b) => (b.at || '').localeCompare(a.at || '')).slice(0, 200);
    }),
    fetch('/metrics', {headers: authHeaders()}).then(r => r.ok ? r.text() : '').then(seedFromMetrics),
  ];
  await Promise.allSettled(reads);
  renderJobs();
  renderAnomalies();
  renderThroughput();
}

document.addEventListener('DOMContentLoaded', () => {
  const token = $('#token');
  token.value = state.token;
  token.addEventListener('change', () => {
    state.token = token.value.trim().replace(/^Bearer\s+/i, '');
    sessionStorage.setItem('ops.token', state.token);
    const old = state.ws;
    state.ws = null;
    if (old) old.close();
    load();
    connect();
  });
  wireImport();
  renderThroughput();
  load();
  connect();
});
