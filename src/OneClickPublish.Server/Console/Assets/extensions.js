// The extensions page: the filter narrows the list as you type (the form still works without script).
'use strict';
(() => {
  const input = document.querySelector('input[data-filter="extensions"]');
  const table = document.getElementById('extensions');
  const count = document.getElementById('extensions-count');
  if (!input || !table) return;
  const rows = [...table.tBodies[0].rows];
  const total = count?.textContent.match(/of (\d+)/)?.[1] ?? String(rows.length);
  input.addEventListener('input', () => {
    const text = input.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const match = row.dataset.name.includes(text);
      row.hidden = !match;
      if (match) shown++;
    }
    if (count) count.textContent = `${shown} of ${total} extension(s)`;
  });
})();
