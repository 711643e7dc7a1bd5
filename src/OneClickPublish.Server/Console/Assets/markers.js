// The five markers of the 1-Click Publish window from an operation's log: the same rules as the
// server's OperationMarkers (Verify, Save, Upload done before the operation, or for a publish from the
// browser Verify being the server's own verification until the files are stored, OCP5140).
'use strict';
(() => {
  const STAGES = ['Verify', 'Save', 'Upload', 'Publish', 'Deploy'];
  const STORED = new Set(['OCP5140', 'OCP5110']);

  function compute(lines, fromBrowser) {
    const m = { Verify: fromBrowser ? 'pending' : 'succeeded', Save: 'succeeded', Upload: 'succeeded', Publish: 'pending', Deploy: 'pending' };
    let stored = false;
    for (const line of lines) {
      if (STORED.has(line.code)) {
        stored = true;
        if (fromBrowser) m.Verify = 'succeeded';
      }
      if (line.kind !== 'stage' || !STAGES.includes(line.stage)) continue;
      const state = { started: 'running', succeeded: 'succeeded', failed: 'failed' }[line.status] ?? 'pending';
      if (fromBrowser && line.stage === 'Publish' && !stored) {
        m.Verify = state;
        if (state === 'succeeded') m.Publish = 'succeeded';
        continue;
      }
      m[line.stage] = state;
    }
    return m;
  }

  // Shows the markers; the last one running is highlighted (and named as the current step).
  function show(markers) {
    const current = [...STAGES].reverse().find((s) => markers[s] === 'running');
    for (const item of document.querySelectorAll('#markers .marker')) {
      const stage = item.dataset.stage;
      item.className = `marker ${markers[stage]}${stage === current ? ' current' : ''}`;
      item.querySelector('.marker-state').textContent = markers[stage];
      if (stage === current) item.setAttribute('aria-current', 'step');
      else item.removeAttribute('aria-current');
    }
  }

  window.OCP.markers = { compute, show, STAGES };
})();
