// The options page: the backend's address and the pairing code it printed; the
// token it answers with stays in extension storage (through the service worker).
import { ask, t } from "./lib/ext.js";
import { localize } from "./lib/i18n.js";
import { normalizeBase } from "./lib/backend.js";
import { allowServer } from "./lib/pairing.js";
import { showError, clearError } from "./lib/ui.js";

const $ = (id) => document.getElementById(id);
const errorBox = $("error");
const ON_SETTINGS = { onSettingsPage: true };

function showStatus(state) {
  $("status").textContent = state.paired ? t("pairedWith", [state.backend]) : t("notPairedYet");
  $("status").dataset.paired = state.paired ? "1" : "0";
  $("unpair").hidden = !state.paired;
  // The class the student joined, and what the teacher sees of it.
  $("class-box").hidden = !(state.paired && state.workshop);
  if (state.workshop) $("class-name").textContent = t("classJoined", [state.workshop.name]);
  $("ended").hidden = state.paired || !state.classEnded;
  showVerification(state.paired);
}

// The ownership code: put in a bio, it marks that profile "verified yours" in the report.
async function showVerification(paired) {
  $("verify").hidden = true;
  if (!paired) return;
  try {
    $("verify-code").textContent = (await ask("verification")).code;
    $("verify").hidden = false;
  } catch {
    // An old backend without the code, or no connection: the section stays hidden.
  }
}

async function pair(event) {
  event.preventDefault();
  let base;
  try {
    base = normalizeBase($("backend").value);
  } catch (error) {
    clearError(errorBox);
    showError(errorBox, error, ON_SETTINGS);
    $("backend").focus();
    return;
  }
  clearError(errorBox);
  try {
    // Host access beyond this computer is optional: asked only now, for this server alone.
    if (!(await allowServer(base))) throw Object.assign(new Error("denied"), { code: "permission_denied" });
    await ask("pair", { backend: base, code: $("code").value });
    $("code").value = "";
    const state = await ask("getState");
    $("backend").value = state.backend;
    showStatus(state);
  } catch (error) {
    showError(errorBox, error, ON_SETTINGS);
    if (error.field === "code") $("code").focus();
  }
}

async function testConnection() {
  clearError(errorBox);
  try {
    const health = await ask("health");
    $("status").textContent = t("healthOk", [health.version || "?",
      health.browser_ready ? t("yes") : t("no"), health.models_ready ? t("yes") : t("no")]);
  } catch (error) {
    showError(errorBox, error, ON_SETTINGS);
  }
}

async function unpair() {
  clearError(errorBox);
  showStatus(await ask("unpair").then(() => ask("getState")));
}

async function init() {
  localize();
  $("pair-form").addEventListener("submit", pair);
  $("test").addEventListener("click", testConnection);
  $("unpair").addEventListener("click", unpair);
  const state = await ask("getState");
  $("backend").value = state.backend;
  // A server set by the school's IT team (managed storage) is not typed by students.
  $("backend").readOnly = Boolean(state.managedBackend);
  $("backend-managed").hidden = !state.managedBackend;
  showStatus(state);
  document.body.dataset.ready = "1";
}

init();
