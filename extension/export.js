// "Upload your data export" on its own page: the platform's ZIP goes straight from this
// page to the backend's POST /api/v1/exports. It is the one request that does not pass
// through the service worker: a ZIP of gigabytes cannot travel in a message, and only
// this page holds the File. Then the audit's progress: photos read out of those found.
import { ask, loadLocal, t } from "./lib/ext.js";
import { DEFAULT_BACKEND } from "./lib/backend.js";
import { localize } from "./lib/i18n.js";
import { showError, clearError } from "./lib/ui.js";

const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);

// The ZIP as the request body, with upload progress (fetch has none). Resolves to the
// backend's JSON answer; rejects with an Error carrying the backend's error `code`.
function send(base, token, consent, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `${base}/api/v1/exports?consent=${encodeURIComponent(consent)}`);
    request.setRequestHeader("Authorization", `Bearer ${token}`);
    request.setRequestHeader("Content-Type", "application/zip");
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      let body = null;
      try { body = JSON.parse(request.responseText); } catch { /* not JSON: a proxy's page */ }
      if (request.status === 202 && body) resolve(body);
      else {
        const error = (body && body.error) || {};
        const code = request.status === 401 ? "unauthorized" : error.code || `http_${request.status}`;
        reject(Object.assign(new Error(error.message || request.statusText), { code }));
      }
    };
    request.onerror = () => reject(Object.assign(new Error("no answer"), { code: "backend_down" }));
    request.send(file);
  });
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
