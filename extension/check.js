// "Check this photo before I post it" on its own page: opened by the context menu
// with the image's address after '#', or used with the file picker. The photo goes
// to the backend's /api/v1/analyze and nothing about it is stored. Both paths show
// the photo with its faces boxed and numbered, advice, and the safer copy.
import { ask, t } from "./lib/ext.js";
import { localize } from "./lib/i18n.js";
import { photoCheck } from "./lib/photocheck.js";
import { el, showError, clearError, fileToBase64 } from "./lib/ui.js";

const $ = (id) => document.getElementById(id);

function base64ToBlob(base64, type) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: type || "application/octet-stream" });
}

// `request` resolves to the analysis, with the image itself when it came from a page.
async function show(request, blob) {
  clearError($("error"));
  $("photo-result").replaceChildren(el("p", { class: "muted" }, t("photoChecking")));
  try {
    const { image, ...result } = await request();
    const photo = blob || (image ? base64ToBlob(image.data, image.type) : null);
    $("photo-result").replaceChildren(...photoCheck(result, photo));
  } catch (error) {
    $("photo-result").replaceChildren();
    showError($("error"), error);
  }
  document.body.dataset.done = "1";
}

async function checkFile(file) {
  const { max_upload_bytes: max } = await ask("limits").catch(() => ({}));
  if (max && file.size > max) {
    showError($("error"), { code: "file_too_large" });
    return;
  }
  show(async () => ask("analyzeUpload", { data: await fileToBase64(file), type: file.type, name: file.name }), file);
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
