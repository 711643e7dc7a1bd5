// API keys: create (the secret shown once, with a copy button) and revoke, through /api/v1/keys.
'use strict';
(() => {
  const { api, problem, message, el } = window.OCP;
  const form = document.getElementById('key-form');
  const messages = document.getElementById('key-messages');
  if (!form) return;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const extensions = form.elements.extensions.value.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    const body = { name: form.elements.name.value.trim(), scope: form.elements.scope.value };
    if (extensions.length > 0) body.extensions = extensions;
    const response = await api('POST', '/api/v1/keys', body);
    if (response.status !== 201) {
      const p = await problem(response);
      message(messages, 'error', p.code, p.message);
      return;
    }
    const key = await response.json();
    const box = document.getElementById('new-key');
    document.getElementById('new-key-value').value = key.key;
    box.hidden = false;
    message(messages, 'information', null, `Key ${key.name} created.`);
    document.querySelector('#keys tbody').prepend(el('tr', { 'data-id': key.id },
      el('td', {}, key.name), el('td', {}, el('code', {}, key.id)), el('td', {}, key.scope),
      el('td', {}, key.extensions.includes('*') ? 'every extension' : key.extensions.join(', ')),
      el('td', {}, key.createdAt), el('td', {}, '—'),
      el('td', {}, el('button', { type: 'button', class: 'revoke danger', 'data-id': key.id, 'data-name': key.name, 'aria-label': `Revoke ${key.name}` }, 'Revoke'))));
    form.reset();
    document.getElementById('new-key-value').focus();
  });

  document.getElementById('copy-key').addEventListener('click', async () => {
    const input = document.getElementById('new-key-value');
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      // Over plain http the clipboard API is not offered: copy the selection instead.
      input.select();
      document.execCommand('copy');
    }
    message(messages, 'information', null, 'Copied.');
  });

  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button.revoke');
    if (!button) return;
    if (!window.confirm(`Revoke the key ${button.dataset.name}? Requests with it are refused from now on.`)) return;
    const response = await api('DELETE', `/api/v1/keys/${encodeURIComponent(button.dataset.id)}`);
    if (response.status !== 204) {
      const p = await problem(response);
      message(messages, 'error', p.code, p.message);
      return;
    }
    const row = button.closest('tr');
    row.classList.add('revoked');
    row.cells[5].textContent = 'revoked now';
    button.remove();
    message(messages, 'information', null, `Key ${button.dataset.name} revoked.`);
  });
})();
