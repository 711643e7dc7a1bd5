// One extension: rollback with a confirmation, through POST /api/v1/extensions/{name}/rollback.
'use strict';
(() => {
  const { api, problem, message, el } = window.OCP;
  const dialog = document.getElementById('rollback-dialog');
  const status = document.getElementById('rollback-status');
  if (!dialog) return;
  const name = dialog.dataset.extension;
  let version = null;

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button.rollback');
    if (!button) return;
    version = button.dataset.version;
    document.getElementById('rollback-version').textContent = version;
    dialog.showModal();
  });

  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'confirm' || !version) return;
    const target = version;
    message(status, 'information running', null, `Rolling back ${name} to ${target}…`);
    const response = await api('POST', `/api/v1/extensions/${encodeURIComponent(name)}/rollback`, { version: target });
    if (!response.ok) {
      const p = await problem(response);
      message(status, 'error', p.code, p.message);
      return;
    }
    const info = await response.json();
    showActive(info.activeVersion);
    await refreshHistory();
    message(status, 'information', null, `${name} ${info.activeVersion} is active.`);
  });

  function showActive(active) {
    document.getElementById('active-version').textContent = active;
    for (const row of document.querySelectorAll('#versions tbody tr')) {
      const isActive = row.dataset.version === active;
      row.classList.toggle('active', isActive);
      row.querySelector('.badge')?.remove();
      row.querySelector('button.rollback')?.remove();
      if (isActive) {
        row.cells[0].append(' ', el('span', { class: 'badge' }, 'active'));
      } else {
        row.querySelector('td.actions').append(el('button', { type: 'button', class: 'rollback', 'data-version': row.dataset.version, 'aria-label': `Roll back to ${row.dataset.version}` }, 'Roll back'));
      }
    }
  }

  async function refreshHistory() {
    const response = await api('GET', `/api/v1/extensions/${encodeURIComponent(name)}/history`);
    if (!response.ok) return;
    const history = await response.json();
    const body = document.querySelector('#history tbody');
    body.replaceChildren(...history.reverse().map((h) => el('tr', {},
      el('td', {}, el('time', { datetime: h.time }, h.time.replace('T', ' ').replace(/\..*$/, '').replace('Z', '') + ' UTC')),
      el('td', {}, h.action), el('td', {}, h.version), el('td', {}, h.previousVersion ?? '—'), el('td', {}, h.by))));
  }
})();
