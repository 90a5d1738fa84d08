// Thin wrappers over the extension APIs, the same in Chrome, Edge and Firefox.
// Firefox offers promise-based `browser`; Chrome's MV3 `chrome` returns promises too.
export const api = globalThis.browser ?? globalThis.chrome;

/** Read keys from extension storage; returns an object with the stored values. */
export function loadLocal(keys) {
  return api.storage.local.get(keys);
}

/** Write an object of key/value pairs to extension storage. */
export function saveLocal(items) {
  return api.storage.local.set(items);
}

/** Remove keys from extension storage. */
export function removeLocal(keys) {
  return api.storage.local.remove(keys);
}

/** Send one message to the service worker's dispatcher and unwrap its answer.
 *  Resolves to the data; rejects with an Error carrying `code` (and `field`). */
export async function ask(what, details = {}) {
  const answer = await api.runtime.sendMessage({ what, ...details });
  if (!answer) throw Object.assign(new Error("no answer"), { code: "internal" });
  if (answer.ok) return answer.data;
  const { code, message, field, status } = answer.error;
  throw Object.assign(new Error(message || code), { code, field, status });
}

/** The localized string for `key`, with optional substitutions ("" when unknown). */
export function t(key, substitutions) {
  return api.i18n.getMessage(key, substitutions);
}

/** The active tab of the current window (its URL is readable thanks to activeTab). */
export async function activeTab() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab || null;
}

/** Open a URL in a new tab. */
export function openTab(url) {
  return api.tabs.create({ url });
}

/** Absolute URL of a page inside the extension. */
export function extensionUrl(path) {
  return api.runtime.getURL(path);
}
