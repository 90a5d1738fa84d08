// The backend's HTTP API (docs/design.md, "The HTTP API (v1)"), as used by the service
// worker. Every failure becomes an Error with a `code` the pages can explain:
// "backend_down" when nothing answers, "not_paired" before pairing,
// "unauthorized" when the token is no longer valid, else the server's own code.
export const DEFAULT_BACKEND = "http://127.0.0.1:8765";
const REQUEST_TIMEOUT_MS = 15000;
const UPLOAD_TIMEOUT_MS = 120000;

/** The backend address in a canonical form (scheme://host[:port], no trailing slash),
 *  or throws an Error with code "bad_address". */
export function normalizeBase(address) {
  let url;
  try {
    url = new URL(String(address || "").trim());
  } catch {
    throw failure("bad_address", "not a URL", "backend");
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password) {
    throw failure("bad_address", "use an http:// or https:// address", "backend");
  }
  return url.origin;
}

/** True when `base` is this computer (host access granted at install). */
export function isLocal(base) {
  const host = new URL(base).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

/** The match pattern for asking host access to `base`. */
export function originPattern(base) {
  return `${new URL(base).origin.replace(/:\d+$/, "")}/*`;
}

/** The extension's UI language ("ko", "en-US"…), as the backend should answer in it. */
export function uiLanguage() {
  const i18n = (globalThis.browser || globalThis.chrome)?.i18n;
  // The language of the extension's own messages first: what the browser calls its UI language
  // may be one the extension has no messages in, and the popup would mix two languages.
  return (i18n && i18n.getMessage && i18n.getMessage("messagesLanguage"))
    || (i18n && i18n.getUILanguage && i18n.getUILanguage()) || globalThis.navigator?.language || "en";
}

function failure(code, message, field = null, status = 0) {
  return Object.assign(new Error(message), { code, field, status });
}

/** Call the API: `path` under `base`, JSON in and out; resolves to the parsed body
 *  (null for 204). `token` adds the Authorization header. */
export async function call(base, path, { method = "GET", token, json, form, timeout } = {}) {
  // The extension's own UI language, so the backend answers (reasons, verdict, steps) in it.
  const headers = { Accept: "application/json", "Accept-Language": uiLanguage() };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  let response;
  try {
    response = await fetch(base + path, {
      method, headers, body,
      credentials: "omit",
      cache: "no-store",
      signal: AbortSignal.timeout(timeout || REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw failure("backend_down", String(error && error.message || error));
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    if (response.ok) throw failure("bad_response", "the backend did not answer with JSON");
  }
  if (!response.ok) {
    const err = (data && data.error) || {};
    // Every dead token is "unauthorized", except a class the teacher closed: that one is said plainly.
    const code = response.status === 401 && err.code !== "workshop_closed" ? "unauthorized" : err.code || `http_${response.status}`;
    throw failure(code, err.message || response.statusText, err.field || null, response.status);
  }
  return data;
}

/** GET /api/v1/health (no auth). */
export function health(base) {
  return call(base, "/api/v1/health");
}

/** GET /api/v1/limits (no auth): links per audit, upload size, stage names, platforms. */
export function limits(base) {
  return call(base, "/api/v1/limits");
}

/** POST /api/v1/profile-input (no auth): what the user typed in "add a profile", read by the
 *  backend's one rule set → {kind: "profile" | "website" | "handle", …, words to show}. */
export function readProfileInput(base, text) {
  return call(base, "/api/v1/profile-input", { method: "POST", json: { text: String(text || "") } });
}

/** POST /api/v1/pair → {token, workshop: {name} | null}. */
export function pair(base, code) {
  return call(base, "/api/v1/pair", { method: "POST", json: { code: String(code).trim() } });
}

/** POST /api/v1/audits → {id, status, status_url, report_url}. */
export function startAudit(base, token, profiles, consent, others = []) {
  // Accounts around the reader ("others") go only when they named some.
  const json = others.length ? { profiles, consent, others } : { profiles, consent };
  return call(base, "/api/v1/audits", { method: "POST", token, json });
}

/** GET /api/v1/audits → the list, newest first. */
export async function listAudits(base, token) {
  const data = await call(base, "/api/v1/audits", { token });
  return data.audits || [];
}

/** GET /api/v1/audits/<id>. */
export function getAudit(base, token, id) {
  return call(base, `/api/v1/audits/${encodeURIComponent(id)}`, { token });
}

/** GET /api/v1/verification → {code, how}: the code that marks a profile as the user's own. */
export function verification(base, token) {
  return call(base, "/api/v1/verification", { token });
}

/** GET /api/v1/audits/<id>/contents → {profiles, photos, thumbnails}: what deleting removes. */
export function auditContents(base, token, id) {
  return call(base, `/api/v1/audits/${encodeURIComponent(id)}/contents`, { token });
}

/** DELETE /api/v1/audits/<id>. */
export function deleteAudit(base, token, id) {
  return call(base, `/api/v1/audits/${encodeURIComponent(id)}`, { method: "DELETE", token });
}

/** POST /api/v1/analyze with one image Blob → {width, height, risk, skipped, faces}. */
export function analyze(base, token, blob, filename = "photo") {
  const form = new FormData();
  form.append("image", blob, filename);
  return call(base, "/api/v1/analyze", { method: "POST", token, form, timeout: UPLOAD_TIMEOUT_MS });
}

/** GET /api/v1/own-profile: the limits of "check what my followers see". */
export function ownProfileLimits(base, token) {
  return call(base, "/api/v1/own-profile", { token });
}

/** POST /api/v1/own-profile: the photos of the user's own profile (bytes and kinds only). */
export function sendOwnProfile(base, token, { profile, isPrivate, consent, photos }) {
  const form = new FormData();
  form.append("profile", profile);
  form.append("consent", consent);
  form.append("account_private", isPrivate ? "1" : "0");
  photos.forEach(({ blob, kind }, i) => {
    form.append("photo", blob, `photo-${i}`);
    form.append("kind", kind);
  });
  return call(base, "/api/v1/own-profile", { method: "POST", token, form, timeout: UPLOAD_TIMEOUT_MS });
}
