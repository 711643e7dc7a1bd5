// A publish, live: lines from the API's event stream as the server writes them, the markers and
// the selected line's details. No reload; the page already holds the lines up to data-after.
'use strict';
(() => {
  const { root, el, helpLink, api } = window.OCP;
  const view = document.getElementById('operation');
  if (!view) return;
  const { compute, show } = window.OCP.markers;
  const id = view.dataset.id;
  const fromBrowser = view.dataset.origin === 'browser';
  let after = Number(view.dataset.after);
  const body = document.getElementById('log-lines');
  const scroller = document.getElementById('log-scroll');
  const lines = [...body.rows].map((row) => ({
    sequence: Number(row.dataset.seq), kind: row.dataset.kind, code: row.dataset.code ?? null,
    stage: row.dataset.stage ?? null, status: row.dataset.status ?? null,
    message: row.dataset.message ?? '', details: row.dataset.details ?? null, location: row.dataset.location ?? null,
  }));
  let selected = null;

  function row(line) {
    const kind = line.kind === 'stage' ? `stage ${line.status}` : line.kind;
    const time = new Date(line.time);
    const tr = el('tr', { class: `line ${kind}`, tabindex: 0, 'data-seq': line.sequence, 'data-kind': line.kind, 'data-stage': line.stage,
      'data-status': line.status, 'data-code': line.code,
      'data-message': line.message, 'data-details': line.details, 'data-location': line.location });
    tr.append(
      el('td', {}, el('time', { datetime: line.time }, time.toISOString().slice(0, 19).replace('T', ' ') + ' UTC')),
      el('td', { class: 'kind' }, line.kind === 'stage' ? line.status : line.kind),
      el('td', {}, line.code ? helpLink(line.code) : null),
      el('td', {}, line.message ?? '', line.location ? ' ' : null, line.location ? el('span', { class: 'location' }, line.location) : null));
    return tr;
  }

  function add(line) {
    if (line.sequence <= after) return;
    after = line.sequence;
    lines.push(line);
    const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 4;
    const tr = row(line);
    body.append(tr);
    if (atBottom) scroller.scrollTop = scroller.scrollHeight;
    if (!selected || selected.dataset.kind !== 'error') select(tr, false);
    show(compute(lines, fromBrowser));
  }

  function select(tr, focus) {
    selected?.classList.remove('selected');
    selected?.setAttribute('aria-selected', 'false');
    selected = tr;
    tr.classList.add('selected');
    tr.setAttribute('aria-selected', 'true');
    if (focus) tr.focus();
    const pane = document.getElementById('details');
    const code = tr.dataset.code;
    pane.replaceChildren(el('h2', { id: 'details-title' }, 'Details'),
      el('p', { id: 'details-message', class: `msg ${tr.dataset.kind}` }, tr.dataset.message ?? ''),
      el('p', { id: 'details-location', class: 'location' }, tr.dataset.location ?? ''),
      el('p', { id: 'details-text' }, tr.dataset.details ?? ''),
      code ? el('p', {}, el('a', { id: 'details-help', href: `${root}/console/help/${encodeURIComponent(code)}` }, `Help: ${code}`)) : null);
  }

  body.addEventListener('click', (event) => {
    const tr = event.target.closest('tr.line');
    if (tr && !event.target.closest('a')) select(tr, false);
  });
  body.addEventListener('keydown', (event) => {
    const tr = event.target.closest('tr.line');
    if (!tr) return;
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(tr, false); }
    if (event.key === 'ArrowDown' && tr.nextElementSibling) { event.preventDefault(); select(tr.nextElementSibling, true); }
    if (event.key === 'ArrowUp' && tr.previousElementSibling) { event.preventDefault(); select(tr.previousElementSibling, true); }
  });

  function state(value) {
    const badge = document.getElementById('operation-state');
    badge.textContent = value;
    badge.className = `state ${value}`;
    view.dataset.state = value;
  }

  const finished = (s) => s === 'succeeded' || s === 'failed';
  show(compute(lines, fromBrowser));
  const firstError = [...body.rows].find((r) => r.dataset.kind === 'error');
  if (firstError) select(firstError, false);
  if (finished(view.dataset.state)) return;

  // The event stream, with the session cookie; a reconnecting EventSource resumes from its Last-Event-ID.
  const events = new EventSource(`${root}/api/v1/operations/${id}/events?after=${after}`);
  events.addEventListener('line', (e) => add(JSON.parse(e.data)));
  events.addEventListener('status', (e) => {
    const status = JSON.parse(e.data);
    state(status.state);
    if (finished(status.state)) {
      events.close();
      const error = [...body.rows].find((r) => r.dataset.kind === 'error');
      if (error) select(error, false);
    }
  });
  events.addEventListener('error', async () => {
    if (events.readyState !== EventSource.CLOSED) return;
    // Refused (the session ended) or the server is gone for good: say so rather than spin.
    const response = await api('GET', `/api/v1/operations/${id}?after=${after}`);
    const note = el('p', { class: 'msg warning', role: 'status' }, response.status === 401
      ? 'The session ended: sign in again to follow this publish.' : 'Live updates stopped; reload the page to continue.');
    view.prepend(note);
  });
})();
