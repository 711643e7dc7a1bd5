// Publish from the browser: hash, resumable upload (PATCH in parts; after a dropped connection the
// server's offset, from HEAD, says where to continue), POST /api/v1/publish, then the operation's page.
'use strict';
(() => {
  const { root, api, problem, message, sleep } = window.OCP;
  const form = document.getElementById('publish-form');
  if (!form) return;
  const { show } = window.OCP.markers;
  const bar = document.getElementById('upload-progress');
  const text = document.getElementById('upload-text');
  const messages = document.getElementById('publish-messages');
  const PART = 1024 * 1024;
  const markers = { Verify: 'pending', Save: 'pending', Upload: 'pending', Publish: 'pending', Deploy: 'pending' };
  const mark = (stage, state) => { markers[stage] = state; show(markers); };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = form.elements.xif.files[0];
    if (!file) return;
    const button = document.getElementById('publish-button');
    button.disabled = true;
    try {
      await publish(file);
    } catch (error) {
      message(messages, 'error', null, `The publish stopped: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  });

  async function publish(file) {
    // The file is already saved: the Save marker is done as the window's is after Save.
    mark('Save', 'succeeded');
    mark('Upload', 'running');
    const hash = await window.OCP.sha256.hashFile(file, (read) => progress(read, file.size, 'Hashing'));
    const created = await api('POST', '/api/v1/uploads', { fileName: file.name, length: file.size, sha256: hash });
    if (created.status !== 201) return refused('Upload', created);
    const upload = await created.json();
    const path = `/api/v1/uploads/${upload.uploadId}`;
    let offset = 0;
    let failures = 0;
    while (offset < file.size) {
      let response;
      try {
        response = await api('PATCH', path, file.slice(offset, offset + PART),
          { 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset) });
      } catch {
        // The connection dropped: ask the server how far it got and continue from there.
        failures++;
        if (failures > 10) throw new Error('the connection to the server was lost too many times');
        text.textContent = `Connection lost at ${offset} bytes; resuming…`;
        form.dataset.resumed = String(Number(form.dataset.resumed ?? 0) + 1);
        await sleep(Math.min(250 * 2 ** failures, 4000));
        offset = await serverOffset(path, offset);
        continue;
      }
      if (response.status === 204 || (response.status === 409 && response.headers.has('Upload-Offset'))) {
        offset = Number(response.headers.get('Upload-Offset'));
        failures = 0;
        progress(offset, file.size, 'Uploading');
        continue;
      }
      return refused('Upload', response);
    }
    mark('Upload', 'succeeded');
    // From here the server verifies what was sent: its verification is the Verify marker.
    mark('Verify', 'running');
    const accepted = await api('POST', '/api/v1/publish', { uploadId: upload.uploadId });
    if (accepted.status !== 202) return refused('Verify', accepted);
    const { operationId } = await accepted.json();
    window.location.assign(`${root}/console/operations/${operationId}?origin=browser`);
  }

  async function serverOffset(path, known) {
    try {
      const head = await api('HEAD', path);
      return head.ok ? Number(head.headers.get('Upload-Offset')) : known;
    } catch {
      return known;
    }
  }

  function progress(done, total, what) {
    const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
    bar.value = percent;
    text.textContent = `${what}: ${percent}% (${done} of ${total} bytes)`;
  }

  async function refused(stage, response) {
    mark(stage, 'failed');
    const p = await problem(response);
    message(messages, 'error', p.code, p.message);
  }
})();
