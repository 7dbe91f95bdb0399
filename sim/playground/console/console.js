// The playground's console: one stream of snapshots from the server, and controls that each run
// a scenario step on the live contact center (POST /api/step), or drive the scenario player.
'use strict';

const $ = (selector) => document.querySelector(selector);
const $$ = (selector) => [...document.querySelectorAll(selector)];
const esc = (value) => String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
let state = null;

function valueClass(value) {
  const v = value === null || value === undefined ? 'null' : String(value).split(' → ')[0];
  if (v === 'Customer') return 'v-customer';
  if (v === 'Agent') return 'v-agent';
  if (v === 'Agent-System-Issue') return 'v-system';
  if (/Transfer|Consult/.test(v)) return 'v-transfer';
  if (v === 'null') return 'v-null';
  return 'v-other';
}
const value = (v) => (v === '-' || v === '' ? esc(v) : `<span class="value ${valueClass(v)}">${esc(v === null || v === undefined ? 'null' : v)}</span>`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function show(text, ok = false) {
  const box = $('#message');
  box.hidden = !text;
  box.textContent = text || '';
  box.className = ok ? 'message ok' : 'message';
}

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = { error: `${response.status} ${response.statusText}` };
  }
  if (!response.ok) throw new Error(data.error || `${response.status}`);
  return data;
}

async function step(body, label) {
  try {
    await post('/api/step', { step: body });
    show(`${label || body.do}: done`, true);
    return true;
  } catch (error) {
    show(`${label || body.do}: ${error.message}`);
    return false;
  }
}

function nextCallId() {
  const ids = new Set((state?.calls ?? []).map((c) => c.id));
  for (let n = 1; ; n++) if (!ids.has(`c${n}`)) return `c${n}`;
}

function fill(select, options) {
  const current = select.value;
  const html = options.map((o) => `<option value="${esc(o)}">${esc(o)}</option>`).join('');
  if (select.dataset.options !== html) {
    select.innerHTML = html;
    select.dataset.options = html;
    if (options.includes(current)) select.value = current;
  }
}

// ── rendering ──────────────────────────────────────────────────────────────────────────────

function renderAgents(s) {
  $('#agents tbody').innerHTML = s.agents
    .map((a) => {
      const status = a.status === 'open' ? 'open' : a.status === 'loading' ? 'loading' : 'none';
      const held = a.held.filter((r) => ['pending', 'accepted', 'wrapping'].includes(r.status)).map((r) => `${esc(r.call)}: ${esc(r.status)}`).join(', ');
      return `<tr data-agent="${esc(a.name)}"><td><b>${esc(a.name)}</b></td><td><span class="status ${status}">${status === 'none' ? 'no tab' : status}</span></td><td>${held || '<span class="muted">—</span>'}</td><td><a href="${esc(a.url)}" target="_blank" rel="noopener">open ${esc(a.name)}'s tab ↗</a></td></tr>`;
    })
    .join('');
  const names = s.agents.map((a) => a.name);
  $$('select.agents').forEach((select) => fill(select, names));
}

function renderSegments(s) {
  const rows = s.segments;
  $('#segments tbody').innerHTML = rows.length
    ? rows
        .map((r) => `<tr><td>${esc(r.scenario)}</td><td>${esc(r.agent)}</td><td>${value(r.expected)}</td><td>${value(r.got)}</td><td>${esc(r.writes)}</td><td class="verdict-${esc(r.verdict)}">${esc(r.verdict)}</td></tr>`)
        .join('')
    : '<tr><td colspan="6" class="muted">No segment yet: a segment is recorded when an agent completes a task.</td></tr>';
}

function party(p) {
  const who = p.type === 'worker' ? `agent ${p.agent}` : p.type === 'external' ? `outside ${p.phoneNumber}` : `customer ${p.phoneNumber ?? ''}`;
  const cls = p.status === 'left' ? 'left' : p.connecting ? 'ringing' : '';
  return `<span class="party ${cls}">${esc(who)}${p.connecting && p.status !== 'left' ? ' (ringing)' : ''}</span>`;
}

function renderCalls(s) {
  fill($('#oncall [name=call]'), s.calls.map((c) => c.id));
  fill($('#foreign [name=call]'), s.calls.map((c) => c.id));
  $('#calls').innerHTML = s.calls.length
    ? s.calls
        .slice()
        .reverse()
        .map((c) => {
          const hub = c.attributes?.conversations?.hang_up_by;
          const transfer = c.transfer ? ` · ${esc(c.transfer.mode)} transfer ${esc(c.transfer.from)} → ${esc(c.transfer.to)}` : '';
          const reservations = c.reservations.map((r) => `${esc(r.agent)} <span class="muted">${esc(r.status)}</span>`).join(', ');
          return `<div class="call" data-call="${esc(c.id)}"><h3>${esc(c.id)}<span class="mono">${esc(c.taskSid)} v${esc(c.version)}</span> ${c.ended ? '<span class="muted">ended</span>' : ''}${transfer}</h3>
            <div>${c.parties.map(party).join('')}</div>
            <div>reservations: ${reservations || '—'} · hang_up_by ${value(hub === undefined ? null : hub)}</div>
            <pre class="attributes">${esc(JSON.stringify(c.attributes, null, 1))}</pre></div>`;
        })
        .join('')
    : '<div class="muted">No call yet: ring an agent, dial out, or play a scenario.</div>';
}

function renderRecords(s) {
  $('#records').innerHTML = s.agents
    .map((a) => {
      const records = a.records.length
        ? `<table><thead><tr><th>reservation</th><th>call</th><th>hang_up_by</th><th>evidence</th><th>write</th></tr></thead><tbody>${a.records
            .map((r) => {
              const decision = r.decision ? value(r.decision.value) : '<span class="muted">undecided</span>';
              const write = r.write ? `${esc(r.write.status)}${r.write.attempts ? `, ${r.write.attempts} attempt${r.write.attempts > 1 ? 's' : ''}` : ''}` : '';
              return `<tr><td class="mono">…${esc(r.reservationSid.slice(-6))}</td><td>${esc(r.status)}</td><td>${decision}</td><td>${esc(r.decision?.evidence ?? '')}</td><td>${write}</td></tr>`;
            })
            .join('')}</tbody></table>`
        : `<div class="muted">${a.status === 'open' ? 'no record' : 'tab not open'}</div>`;
      const actions = a.actions.length
        ? `<div class="actions">${a.actions
            .slice()
            .reverse()
            .map((x) => `<div><span class="t">${seconds(x.t)}</span>${esc(x.type.replace(/^hangUpBy\//, ''))}${x.payload?.value ? ` ${value(x.payload.value)}` : ''}</div>`)
            .join('')}</div>`
        : '';
      return `<div class="agent-state" data-agent="${esc(a.name)}"><h3>${esc(a.name)}</h3>${records}${actions}</div>`;
    })
    .join('');
}

function renderPlayer(s) {
  const p = s.player;
  $('#player-name').textContent = p.name ? `${p.file ? `${p.file}: ` : ''}${p.name}` : 'No scenario loaded. Loading one starts it on a fresh contact center (open tabs reload).';
  $('#steps').innerHTML = p.steps
    .map((st, i) => {
      const cls = i < p.next ? 'done' : i === p.next ? (p.error ? 'failed' : 'next') : '';
      const { do: name, ...rest } = st;
      return `<li class="${cls}"><b>${esc(name)}</b> ${esc(Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' '))}</li>`;
    })
    .join('');
  $('#step').disabled = !p.name || p.playing || p.next >= p.steps.length;
  $('#play').disabled = !p.name || p.playing || p.next >= p.steps.length;
  $('#waiting').textContent = p.waitingUntil ? `waiting… ${Math.max(0, (p.waitingUntil - Date.now()) / 1000).toFixed(0)} s left` : p.playing ? 'playing…' : p.name && p.next >= p.steps.length ? 'done' : '';
  if (p.error && p.error !== renderPlayer.lastError) show(p.error);
  renderPlayer.lastError = p.error;
}

function renderLog(s) {
  const lines = [...s.errors.map((e) => ({ at: null, level: 'error', text: `reached Flex's action pipeline: ${e}` })), ...s.log];
  $('#log').innerHTML = lines
    .slice(-60)
    .reverse()
    .map((l) => `<div class="${esc(l.level)}">${l.at === null ? '' : `${seconds(l.at)} `}${esc(l.text)}</div>`)
    .join('');
}

function render(s) {
  state = s;
  $('#clock').textContent = seconds(s.now);
  renderAgents(s);
  renderSegments(s);
  renderCalls(s);
  renderRecords(s);
  renderPlayer(s);
  renderLog(s);
}

// ── controls ───────────────────────────────────────────────────────────────────────────────

const form = (id) => Object.fromEntries(new FormData($(id)).entries());

$('#inbound').addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = form('#inbound');
  const call = f.call || nextCallId();
  if (await step({ do: 'incomingCall', call, from: f.from }, `inbound call ${call}`)) await step({ do: 'offer', call, agent: f.agent }, `${call} offered to ${f.agent}`);
});

$('#outbound').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = form('#outbound');
  const call = f.call || nextCallId();
  step({ do: 'outboundCall', call, agent: f.agent, to: f.to }, `${f.agent} dials ${f.to} (${call})`);
});

$$('#oncall [data-step], #outside [data-step]').forEach((button) =>
  button.addEventListener('click', () => {
    const call = $('#oncall [name=call]').value;
    if (!call) return show('No call: start one first.');
    const body = { do: button.dataset.step, call };
    if (body.do === 'offer') body.agent = $('#outside [name=agent]').value;
    step(body, `${button.textContent.trim()} (${call})`);
  }),
);

$('#fault').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = form('#fault');
  const body = { do: 'fault', kind: f.kind, times: Number(f.times) };
  if (f.kind === '429') body.retryAfterMs = Number(f.retryAfterMs);
  step(body, `fault ${f.kind} ×${f.times}`);
});

$('#foreign').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = form('#foreign');
  if (!f.call) return show('No call: start one first.');
  if (!f.key) return show('Type the key to write.');
  step({ do: 'foreignWrite', call: f.call, attributes: { [f.key]: f.value } }, `foreign write of ${f.key} on ${f.call}`);
});

$('#load').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('#files').value;
  if (!file) return show('Pick a scenario file first, or upload one.');
  try {
    const loaded = await post('/api/scenario', { file });
    show(`Loaded ${file} (${loaded.steps} steps) on a fresh contact center.`, true);
  } catch (error) {
    show(error.message);
  }
});

$('#upload').addEventListener('change', async () => {
  const file = $('#upload').files[0];
  if (!file) return;
  try {
    const loaded = await post('/api/scenario', { text: await file.text(), name: file.name });
    show(`Loaded ${file.name} (${loaded.steps} steps) on a fresh contact center.`, true);
  } catch (error) {
    show(error.message);
  }
  $('#upload').value = '';
});

$('#step').addEventListener('click', async () => {
  try {
    await post('/api/player/step');
    show('');
  } catch (error) {
    show(error.message);
  }
});
$('#play').addEventListener('click', () => post('/api/player/play').then(() => show(''), (error) => show(error.message)));
$('#reset').addEventListener('click', () => post('/api/reset').then(() => show('A fresh contact center: open tabs reload.', true), (error) => show(error.message)));

// ── the stream ─────────────────────────────────────────────────────────────────────────────

function connect() {
  const source = new EventSource('/api/state/events');
  source.addEventListener('snapshot', (event) => render(JSON.parse(event.data)));
  source.onopen = () => {
    $('#connection').textContent = 'live';
    $('#connection').className = 'pill on';
  };
  source.onerror = () => {
    $('#connection').textContent = 'disconnected';
    $('#connection').className = 'pill off';
  };
}

fetch('/api/scenarios')
  .then((r) => r.json())
  .then(({ files }) => {
    $('#files').innerHTML += files.map((f) => `<option value="${esc(f)}">${esc(f)}</option>`).join('');
  })
  .catch(() => show('Could not list the scenario files.'));
connect();
setInterval(() => state && renderPlayer(state), 1000);
