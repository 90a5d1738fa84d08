// "Upload your data export" on its own page: the platform's ZIP goes straight from this
// page to the backend (/api/v1/exports, in parts). These are the only requests that do not
// pass through the service worker: a ZIP of gigabytes cannot travel in a message, and only
// this page holds the File. Then the audit's progress: photos read out of those found.
import { ask, loadLocal, t } from "./lib/ext.js";
import { DEFAULT_BACKEND } from "./lib/backend.js";
import { localize } from "./lib/i18n.js";
import { showError, clearError } from "./lib/ui.js";

const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);

// One request of the upload: `body` (or nothing) to `path`; resolves to the JSON answer,
// rejects with an Error carrying the backend's error `code`. XMLHttpRequest for its
// upload progress, which fetch lacks.
function request(base, token, method, path, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, base + path);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    if (onProgress) xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded);
    xhr.onload = () => {
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch { /* not JSON: a proxy's page */ }
      if (xhr.status >= 200 && xhr.status < 300 && answer) resolve(answer);
      else {
        const error = (answer && answer.error) || {};
        const code = xhr.status === 401 ? "unauthorized" : error.code || `http_${xhr.status}`;
        reject(Object.assign(new Error(error.message || xhr.statusText), { code }));
      }
    };
    xhr.onerror = () => reject(Object.assign(new Error("no answer"), { code: "backend_down" }));
    xhr.send(body);
  });
}

// The ZIP in parts of the size the backend names (each one request under its body cap),
// then "finish": the backend checks it and queues its audit.
async function send(base, token, consent, file, onProgress) {
  const started = await request(base, token, "POST", `/api/v1/exports?consent=${encodeURIComponent(consent)}`);
  if (file.size > started.max_bytes) throw Object.assign(new Error("too large"), { code: "export_too_large" });
  for (let offset = 0; offset < file.size; offset += started.part_bytes) {
    const part = file.slice(offset, offset + started.part_bytes);
    await request(base, token, "PUT", `${started.part_url}?offset=${offset}`, part,
      (loaded) => onProgress((offset + loaded) / file.size));
  }
  return request(base, token, "POST", started.finish_url);
}

function showStage(text, fraction) {
  $("progress-box").hidden = false;
  $("stage").textContent = text;
  $("progress").value = Math.round(100 * fraction);
}

async function follow(id) {
  for (;;) {
    const audit = await ask("getAudit", { id });
    const p = audit.progress || {};
    if (audit.status === "done" || audit.status === "failed") return audit;
    showStage(t("exportReading", [String(p.photos_analyzed || 0), String(p.photos_found || 0)]),
      p.photos_found ? (p.photos_analyzed || 0) / p.photos_found : 0);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function upload(file) {
  clearError($("error"));
  $("summary").hidden = true;
  const consent = document.querySelector('input[name="consent"]:checked');
  if (!consent) {
    showError($("error"), { code: "bad_consent" });
    return;
  }
  const { backend: base, token } = await loadLocal(["backend", "token"]);
  if (!token) {
    showError($("error"), { code: "not_paired" });
    return;
  }
  try {
    const created = await send(base || DEFAULT_BACKEND, token, consent.value, file,
      (fraction) => showStage(t("exportUploading", [String(Math.round(100 * fraction))]), fraction));
    await ask("rememberAudit", { id: created.id, report_url: created.report_url });
    const audit = await follow(created.id);
    const s = audit.summary || {};
    const followers = (audit.photos || []).filter((photo) => photo.visibility === "followers").length;
    $("progress-box").hidden = true;
    $("summary-text").textContent = audit.status === "done"
      ? t("exportDone", [String(s.photos || 0), String(s.high_risk_photos || 0), String(followers)])
      : t("auditFailed");
    // Pictures the export lists that could not be read are said, never left out silently.
    $("unread").textContent = created.photos_unread ? t("exportUnread", [String(created.photos_unread)]) : "";
    $("unread").hidden = !(audit.status === "done" && created.photos_unread);
    $("summary").hidden = false;
    $("open-report").onclick = () => ask("openReport", { id: created.id }).catch((error) => showError($("error"), error));
  } catch (error) {
    $("progress-box").hidden = true;
    showError($("error"), error);
  } finally {
    document.body.dataset.done = "1";
  }
}

async function init() {
  localize();
  const { consent } = await loadLocal("consent");
  if (consent) document.querySelector(`input[name="consent"][value="${consent}"]`).checked = true;
  $("export-file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    event.target.value = "";
    if (file) upload(file);
  });
  document.body.dataset.ready = "1";
}

init();
