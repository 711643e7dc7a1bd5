// The console's shared helpers. Every value from the server is put in the page as text
// (textContent, createTextNode), never as HTML: a description holding <script> stays text.
'use strict';
(() => {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? '';
  const root = meta('ocp-root');

  // Calls the API with the session cookie; a request that changes something carries the session's
  // anti-forgery token, without which the server refuses it (OCP5350).
  async function api(method, path, body, headers = {}) {
    const sent = { ...headers };
    if (method !== 'GET' && method !== 'HEAD') sent['X-CSRF-Token'] = meta('ocp-csrf');
    let payload = body;
    if (body !== undefined && !(body instanceof Blob)) {
      sent['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(root + path, { method, headers: sent, body: payload, credentials: 'same-origin', cache: 'no-store' });
  }

  // The code and words of a refusal (problem details), or the status when there is no body.
  async function problem(response) {
    try {
      const p = await response.json();
      return { code: p.code ?? null, message: p.detail ?? p.title ?? `HTTP ${response.status}` };
    } catch {
      return { code: null, message: `The server answered ${response.status}` };
    }
  }

  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  const helpLink = (code) => el('a', { class: 'code', href: `${root}/console/help/${encodeURIComponent(code)}` }, code);

  // A coded message in a container: errors look like errors, with the code linked to its page.
  function message(container, kind, code, text) {
    const p = el('p', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' });
    if (code) p.append(helpLink(code), ' ');
    p.append(document.createTextNode(text));
    container.replaceChildren(p);
    return p;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  window.OCP = { root, api, problem, el, helpLink, message, sleep };
})();
