// "Check this photo before I post it" on its own page: opened by the context menu
// with the image's address after '#', or used with the file picker. The photo goes
// to the backend's /api/v1/analyze and nothing about it is stored.
import { ask, t } from "./lib/ext.js";
import { localize } from "./lib/i18n.js";
import { el, showError, clearError, photoResult, fileToBase64 } from "./lib/ui.js";

const MAX_UPLOAD_BYTES = 15 * 1024 * 1024; // the backend's own limit
const $ = (id) => document.getElementById(id);

async function show(request, preview) {
  clearError($("error"));
  $("photo-result").replaceChildren(el("p", { class: "muted" }, t("photoChecking")));
  // Only a chosen file is previewed: the page's CSP loads no remote images.
  $("preview").hidden = !preview;
  if (preview) $("preview").src = preview;
  try {
    $("photo-result").replaceChildren(...photoResult(await request()));
  } catch (error) {
    $("photo-result").replaceChildren();
    showError($("error"), error);
  }
  document.body.dataset.done = "1";
}

function checkFile(file) {
  if (file.size > MAX_UPLOAD_BYTES) {
    showError($("error"), { code: "file_too_large" });
    return;
  }
  const preview = URL.createObjectURL(file);
  show(async () => ask("analyzeUpload", { data: await fileToBase64(file), type: file.type, name: file.name }), preview);
}

function init() {
  localize();
  $("photo-file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    if (file) checkFile(file);
  });
  const src = decodeURIComponent(location.hash.slice(1));
  // The address came from the context menu; keep it out of the history and the URL bar.
  history.replaceState(null, "", location.pathname);
  if (/^(https?|data):/i.test(src)) show(() => ask("analyzeUrl", { url: src }), null);
  document.body.dataset.ready = "1";
}

init();
