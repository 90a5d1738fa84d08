// What the phone page and the pairing link's page share: their strings (rendered by the
// server in the page's language), errors in words that name a person to ask, and the API
// on this same server.
const STRINGS = JSON.parse(document.getElementById("strings").textContent);
const CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{3,30}$/;

/** The string `key`, with {name} placeholders filled from `values`. */
export function t(key, values = {}) {
  return (STRINGS[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export const $ = (id) => document.getElementById(id);

/** A code from the URL fragment (#K7QD-M2XA), or "" when it holds none. The fragment is
 *  then dropped from the address bar, so the code stays out of the history. */
export function codeFromFragment() {
  let code = "";
  try {
    code = decodeURIComponent(location.hash.slice(1)).trim();
  } catch {
    code = "";
  }
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  return CODE.test(code) ? code.toUpperCase() : "";
}

const ERRORS = {
  invalid_code: "err_invalid_code", class_full: "err_class_full", rate_limited: "err_rate_limited",
  unauthorized: "err_unauthorized", invalid_url: "err_bad_link", blocked_url: "err_bad_link",
  invalid_profiles: "err_no_links", too_many_profiles: "err_too_many", invalid_consent: "err_consent",
  offline: "err_offline", workshop_closed: "ended", no_code: "err_no_code",
  // The data export (the same codes the extension explains, backend/export/archive.py).
  not_a_zip: "err_not_an_export", not_an_export: "err_not_an_export", missing_export: "err_not_an_export",
  no_photos_in_export: "err_export_no_photos", unknown_layout: "err_export_new_layout", export_too_large: "err_export_too_large",
  zip_bomb: "err_export_unsafe", unsafe_path: "err_export_unsafe", symlink: "err_export_unsafe",
  nested_archive: "err_export_unsafe", too_many_entries: "err_export_unsafe", encrypted: "err_export_unsafe",
  private_file: "err_export_unsafe", damaged: "err_export_unsafe", index_too_large: "err_export_unsafe",
  too_many_uploads: "err_too_many_uploads", not_with_fleet: "err_not_with_fleet", storage_full: "err_storage_full",
};

/** The words for an API error `{code, message}`. */
export function explain(error) {
  if (error && error.said) return error.said; // already in the reader's words, from the server
  const key = ERRORS[error && error.code];
  return key ? t(key) : t("err_other", { detail: (error && (error.message || error.code)) || "?" });
}

export function showError(error) {
  const box = $("error");
  box.textContent = explain(error);
  box.dataset.code = (error && error.code) || "";
  box.hidden = false;
}

export function clearError() {
  const box = $("error");
  box.textContent = "";
  box.hidden = true;
  delete box.dataset.code;
}

/** One call to this server's API; resolves to the JSON body, rejects with {code, message, status}. */
export async function api(path, { method = "GET", token, json } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": document.documentElement.lang };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: json === undefined ? undefined : JSON.stringify(json),
      credentials: "omit", cache: "no-store",
    });
  } catch {
    throw { code: "offline", message: "", status: 0 };
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw { code: error.code || `http_${response.status}`, message: error.message || "", status: response.status };
  }
  return body;
}

let served = null;

/** GET /api/v1/limits, asked once a page load: the stage names an audit reports, how many links
 *  one check takes, how many accounts around the student. The server's numbers, never a copy. */
export function limits() {
  served ??= api("/api/v1/limits").catch((error) => {
    served = null;
    throw error;
  });
  return served;
}

/** Send `body` (a Blob) to this server's API with upload progress (which fetch lacks):
 *  onProgress(bytes sent). Resolves and rejects as api() does. */
export function send(path, { method = "PUT", token, body, onProgress } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", document.documentElement.lang);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    if (onProgress) xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded);
    xhr.onload = () => {
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch { /* not JSON: a proxy's page */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(answer);
      const error = (answer && answer.error) || {};
      reject({ code: error.code || `http_${xhr.status}`, message: error.message || "", status: xhr.status });
    };
    xhr.onerror = () => reject({ code: "offline", message: "", status: 0 });
    xhr.send(body === undefined ? null : body);
  });
}

/** A new element: attributes (on* names are listeners) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}
