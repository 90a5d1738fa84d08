// The popup: the user's profile links, whose accounts they are, the audit with its
// progress and summary, "check a photo before posting", and past audits.
// Everything that reaches the backend goes through the service worker (ask()).
import { api, ask, t, activeTab, openTab, extensionUrl } from "./lib/ext.js";
import { localize } from "./lib/i18n.js";
import { photoCheck } from "./lib/photocheck.js";
import { ORIGINS, platformOf } from "./lib/own_profile.js";
import { allowServer } from "./lib/pairing.js";
import { uiLanguage } from "./lib/backend.js";
import { el, gradeBadge, showError, clearError, fileToBase64 } from "./lib/ui.js";
import { aroundSummary, initOthers, renderOthers } from "./around.js";

const POLL_MS = 1000;
const RUNNING = new Set(["queued", "running"]);
let limits = null; // the backend's: links per audit, upload size, stage names (GET /api/v1/limits)

const $ = (id) => document.getElementById(id);
const errorBox = $("error");
let watching = null; // the audit id being polled, so a newer watch stops an older one
let websites = new Set(); // links the user confirmed as websites (not a platform's profile)

async function attempt(work) {
  try {
    return await work();
  } catch (error) {
    showError(errorBox, error);
    if (["unauthorized", "not_paired", "workshop_closed"].includes(error.code)) $("start").disabled = true;
    if (error.code === "workshop_closed") classEnded(); // no progress bar or "you joined" left hanging
    return undefined;
  }
}

// ---- profile links -------------------------------------------------------

function renderProfiles(profiles) {
  const list = $("profiles");
  list.replaceChildren(...profiles.map((url) => el("li", {},
    el("span", { class: "url", title: url }, url),
    websites.has(url) ? el("span", { class: "tag website" }, t("websiteTag")) : "",
    el("button", {
      type: "button", class: "remove",
      "aria-label": t("removeLink", [url]),
      onclick: async () => {
        const left = await attempt(() => ask("removeProfile", { url }));
        if (left) renderProfiles(left);
      },
    }, t("remove")))));
  $("no-profiles").hidden = profiles.length > 0;
}

async function addProfile(url, website = false) {
  const profiles = await attempt(() => ask("addProfile", { url, website }));
  if (profiles) {
    clearError(errorBox);
    if (website) websites.add(url);
    renderProfiles(profiles);
  }
  return profiles;
}

// What was typed, read by the backend: a profile is added; a handle asks which app; a website
// is added only once the user says so. Resolves true when a link was added.
async function addTyped(text) {
  $("pick").hidden = true;
  const found = await attempt(() => ask("readLink", { text }));
  if (!found) return false;
  if (found.kind === "profile") return Boolean(await addProfile(found.url));
  // Once added, the field is cleared only if it still holds what was read: a student who has begun
  // typing the next link meanwhile keeps it.
  const choose = (label, url, website, kind = "choice") => el("button", { type: "button", class: kind,
    onclick: async () => {
      if (await addProfile(url, website)) {
        $("pick").hidden = true;
        if ($("add-url").value === text) $("add-url").value = "";
      }
    } }, label);
  const buttons = found.kind === "website" ? [choose(found.confirm, found.url, true, "primary")]
    : found.choices.map((c) => choose(c.name, c.url, false))
      .concat(found.website ? [choose(found.website_name, found.website, true)] : []);
  $("pick-say").textContent = found.say;
  $("pick-buttons").replaceChildren(...buttons,
    el("button", { type: "button", class: "secondary", onclick: () => { $("pick").hidden = true; } }, found.cancel));
  $("pick").hidden = false;
  return false;
}

async function offerCurrentTab(profiles) {
  const tab = await activeTab().catch(() => null);
  const found = tab && /^https?:/.test(tab.url || "") ? await ask("readLink", { text: tab.url }).catch(() => null) : null;
  if (!found || found.kind !== "profile" || profiles.includes(found.url)) return;
  $("here-text").textContent = t("hereIsProfile", [found.name]);
  $("here").hidden = false;
  $("add-here").onclick = async () => {
    if (await addProfile(found.url)) $("here").hidden = true;
  };
}

// ---- what my followers see ----------------------------------------------

// The tab the popup was opened over; ?tab=<id> names it when the popup is opened as a
// page of its own (tests, as Privacy Badger's popup does).
async function pageTab() {
  const id = Number(new URLSearchParams(location.search).get("tab"));
  return id ? api.tabs.get(id).catch(() => null) : activeTab().catch(() => null);
}

async function offerFollowersCheck() {
  $("export-open").onclick = () => openTab(extensionUrl("export.html"));
  const tab = await pageTab();
  const platform = tab && tab.url ? platformOf(tab.url) : null;
  if (!platform) return;
  $("followers-help").hidden = false;
  $("followers-check").hidden = false;
  $("followers-check").onclick = async () => {
    clearError(errorBox);
    if (!document.querySelector('input[name="consent"]:checked')) {
      showError(errorBox, { code: "bad_consent" });
      return;
    }
    // Host access to the platform is asked for now, in this click, and only for it.
    const granted = await api.permissions.request({ origins: ORIGINS[platform] }).catch(() => false);
    if (!granted) {
      showError(errorBox, { code: "permission_denied" });
      return;
    }
    $("followers-check").disabled = true;
    const audit = await attempt(() => ask("checkOwnProfile", { tabId: tab.id }));
    $("followers-check").disabled = false;
    if (audit) {
      renderProgress({ status: audit.status, progress: { stage: audit.status } });
      watch(audit.id);
    }
  };
}

// ---- pairing by link --------------------------------------------------------

// Opened over a pairing link's page: that page's server, paired on one click. Returns whether
// the popup said something about pairing (an offer, a refusal, or that it is paired there).
async function offerPairing(state) {
  const tab = await pageTab();
  if (!tab) return false;
  let offer;
  try {
    offer = await ask("pairingOffer", { tabId: tab.id });
  } catch (error) {
    showError(errorBox, error); // a page naming another server: refused, and said why
    return true;
  }
  if (!offer) return false;
  if (state.paired && state.backend === offer.backend) {
    $("paired-here").textContent = t("pairedWith", [offer.backend]);
    $("paired-here").hidden = false;
    return true;
  }
  if (state.paired) {
    // A page never repoints a paired extension (its checks would go to that page's server): the
    // student switches on the settings page, on purpose, typing the code there.
    $("paired-here").textContent = t("pairedElsewhere", [state.backend, offer.backend]);
    $("paired-here").hidden = false;
    return true;
  }
  $("offer-server").textContent = offer.backend;
  $("offer").hidden = false;
  $("offer-pair").onclick = async () => {
    clearError(errorBox);
    // Host access for exactly this server, asked first in this click (the browser asks once).
    if (!(await allowServer(offer.backend))) {
      showError(errorBox, { code: "permission_denied" });
      return;
    }
    $("offer-pair").disabled = true;
    const paired = await attempt(() => ask("pair", offer));
    $("offer-pair").disabled = false;
    if (!paired) return;
    $("offer").hidden = true;
    await load(); // paired now: the class, the check and past checks
  };
  return true;
}

// The class ended: everything of it is gone, so nothing may still say "joined" or "paired".
function classEnded() {
  for (const id of ["audit", "class-box", "paired-here", "offer"]) $(id).hidden = true;
  $("start").disabled = true;
}

// The class the student joined, and what the teacher sees of it.
function showClass(state) {
  $("class-box").hidden = !(state.paired && state.workshop);
  if (!$("class-box").hidden) $("class-name").textContent = t("classJoined", [state.workshop.name]);
}

// ---- the audit -----------------------------------------------------------

function fraction(progress) {
  const { profiles_done = 0, profiles_total = 0, photos_found = 0, photos_analyzed = 0 } = progress || {};
  const crawl = profiles_total ? profiles_done / profiles_total : 0;
  const analysis = photos_found ? photos_analyzed / photos_found : 0;
  return Math.round(100 * (crawl + analysis) / 2);
}

function stageText(audit) {
  const stage = (audit.progress && audit.progress.stage) || audit.status;
  const known = limits ? limits.stages.includes(stage) : false;
  return (known && t(`stage_${stage}`)) || t("stage_working");
}

function renderProgress(audit) {
  $("progress-box").hidden = false;
  $("summary").hidden = true;
  $("stage").textContent = stageText(audit);
  $("progress").value = fraction(audit.progress);
  const p = audit.progress || {};
  $("progress-detail").textContent = p.profiles_total ? t("progressDetail", [
    String(p.profiles_done || 0), String(p.profiles_total), String(p.photos_analyzed || 0), String(p.photos_found || 0)]) : "";
  const queue = $("queue");
  queue.hidden = !(audit.status === "queued" && audit.queue_position);
  if (!queue.hidden) queue.textContent = t("queuePosition", [String(audit.queue_position)]);
}

// Profiles that were read but are not open (private): what could not be read is in verdict.unread.
function profileProblems(audit, unreadToo = false) {
  const unread = ["not_found", "blocked", "error", "login_wall", "pending"];
  const problems = (audit.profiles || []).filter((p) => p.status && p.status !== "ok"
    && (unreadToo || !unread.includes(p.status)));
  if (!problems.length) return null;
  return el("div", { class: "problems" },
    el("h3", {}, t("profileProblems")),
    el("ul", {}, problems.map((p) => el("li", { "data-status": p.status },
      el("span", { class: "url" }, p.url), " — ", t(`profile_${p.status}`) || p.status))));
}

function renderSummary(audit) {
  $("progress-box").hidden = true;
  const box = $("summary");
  box.hidden = false;
  if (audit.status === "failed") {
    box.replaceChildren(el("p", { class: "failed" }, t("auditFailed")),
      audit.error ? el("p", { class: "muted" }, audit.error) : "", profileProblems(audit, true) || "");
    return;
  }
  // The report's own first screen, worded by the backend in the extension's language.
  const verdict = audit.verdict || { sentence: "", grade: "none" };
  const [first] = audit.first_steps || [];
  // What could not be read leads, per profile, in the backend's words.
  const unread = verdict.unread;
  box.replaceChildren(
    unread ? el("div", { class: "unread", id: "unread", role: "note" }, el("p", {}, el("strong", {}, unread.title)),
      el("ul", {}, unread.items.map((item) => el("li", {}, item.text)))) : "",
    el("p", { class: "grade-line" }, t("overallGrade"), " ", gradeBadge(verdict.grade, verdict.label)),
    el("p", { class: "verdict", id: "verdict" }, verdict.sentence),
    first ? el("div", { class: "first-step", id: "first-step" },
      el("p", {}, el("strong", {}, t("firstStep")), " ", first.title),
      first.photos_affected ? el("p", { class: "muted" }, t("firstStepHides", [String(first.photos_affected)])) : "")
      : "",
    profileProblems(audit) || "",
    aroundSummary(audit),
    el("button", {
      type: "button", class: "primary", id: "open-report",
      onclick: () => attempt(() => ask("openReport", { id: audit.id })),
    }, t("openReport")));
}

async function watch(id) {
  watching = id;
  $("audit").hidden = false;
  while (watching === id) {
    let audit;
    try {
      audit = await ask("getAudit", { id });
    } catch (error) {
      if (error.code === "not_found") { // deleted elsewhere or expired: forget it quietly
        await ask("showAudit", { id: null });
        $("audit").hidden = true;
      } else {
        showError(errorBox, error);
        if (error.code === "workshop_closed") classEnded(); // the class ended: nothing to wait for
      }
      return;
    }
    if (watching !== id) return;
    if (RUNNING.has(audit.status)) {
      renderProgress(audit);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    } else {
      renderSummary(audit);
      loadHistory();
      return;
    }
  }
}

async function startAudit() {
  clearError(errorBox);
  const consent = document.querySelector('input[name="consent"]:checked');
  if (!consent) {
    showError(errorBox, { code: "bad_consent" });
    document.querySelector('input[name="consent"]').focus();
    return;
  }
  $("start").disabled = true;
  const audit = await attempt(() => ask("startAudit"));
  $("start").disabled = false;
  if (audit) {
    renderProgress({ status: audit.status, progress: { stage: audit.status } });
    watch(audit.id);
  }
}

// ---- past audits ---------------------------------------------------------

function historyItem(audit) {
  const when = audit.created_at ? new Date(audit.created_at).toLocaleString(uiLanguage(), { dateStyle: "medium", timeStyle: "short" }) : "";
  // The reader's own clear photos, as the report counts them (not the friend's).
  const high = audit.reader_clear_photos ?? (audit.summary ? audit.summary.high_risk_photos : null);
  return el("li", { "data-id": audit.id },
    el("span", { class: "info" },
      el("span", { class: "when" }, when),
      el("span", { class: "what" }, t(`status_${audit.status}`) || audit.status,
        high === null || high === undefined ? "" : ` · ${t("historyClear", [String(high)])}`)),
    el("span", { class: "actions" },
      el("button", {
        type: "button", class: "secondary show", "aria-label": t("showAuditOf", [when]),
        onclick: async () => { await ask("showAudit", { id: audit.id }); watch(audit.id); },
      }, t("show")),
      el("button", {
        type: "button", class: "secondary delete", "aria-label": t("deleteAuditOf", [when]),
        onclick: (event) => confirmDelete(audit, event.currentTarget.closest("li")),
      }, t("delete"))));
}

// Deleting asks first, saying exactly what will go; then says what went.
async function confirmDelete(audit, item) {
  const contents = await attempt(() => ask("auditContents", { id: audit.id }));
  if (!contents || item.querySelector(".confirm")) return;
  const forget = el("input", { type: "checkbox", id: `forget-${audit.id}` });
  const panel = el("div", { class: "confirm", role: "alertdialog", "aria-live": "assertive" },
    el("p", {}, t("deleteConfirm", [String(contents.thumbnails), String(contents.photos)])),
    el("label", {}, forget, " ", t("deleteForgetLinks")),
    el("p", { class: "row" },
      el("button", {
        type: "button", class: "primary confirm-delete",
        onclick: async () => {
          const done = await attempt(() => ask("deleteAudit", { id: audit.id, forgetLinks: forget.checked }));
          if (!done) return;
          if (watching === audit.id) { watching = null; $("audit").hidden = true; }
          const said = [t("deleted", [String(done.thumbnails), String(done.photos)])];
          if (done.forgotLinks) {
            said.push(t("deletedLinksToo"));
            renderProfiles([]);
          }
          $("history-notice").replaceChildren(el("p", {}, said.join(" ")));
          $("history-notice").hidden = false;
          loadHistory();
        },
      }, t("deleteYes")),
      el("button", { type: "button", class: "secondary", onclick: () => panel.remove() }, t("deleteNo"))));
  item.append(panel);
  panel.querySelector(".confirm-delete").focus();
}

async function loadHistory() {
  const audits = await attempt(() => ask("listAudits"));
  if (!audits) return;
  $("history").replaceChildren(...audits.map(historyItem));
  $("no-history").hidden = audits.length > 0;
}

// ---- check a photo before posting ----------------------------------------

async function checkPhoto(file) {
  const out = $("photo-result");
  clearError(errorBox);
  if (limits && file.size > limits.max_upload_bytes) {
    showError(errorBox, { code: "file_too_large" });
    return;
  }
  out.replaceChildren(el("p", { class: "muted" }, t("photoChecking")));
  const data = await fileToBase64(file);
  const result = await attempt(() => ask("analyzeUpload", { data, type: file.type, name: file.name }));
  out.replaceChildren(...(result ? photoCheck(result, file) : []));
}

// ---- start ---------------------------------------------------------------

async function init() {
  localize();
  $("settings").addEventListener("click", () => api.runtime.openOptionsPage());
  $("add-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("add-url");
    const typed = input.value;
    // Clear the field only if the user has not started typing the next link meanwhile.
    if ((await addTyped(typed)) && input.value === typed) input.value = "";
  });
  for (const radio of document.querySelectorAll('input[name="consent"]')) {
    radio.addEventListener("change", () => attempt(() => ask("setConsent", { consent: radio.value })));
  }
  $("start").addEventListener("click", startAudit);
  initOthers(errorBox);
  if (extensionUrl("").startsWith("moz-extension:")) {
    // Firefox closes a popup when a file dialog opens, so the picker lives on its own page there.
    $("photo-file").addEventListener("click", (event) => {
      event.preventDefault();
      openTab(extensionUrl("check.html"));
    });
  }
  $("photo-file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    if (file) checkPhoto(file);
    event.target.value = "";
  });

  try {
    await load();
  } finally {
    document.body.dataset.ready = "1"; // lets tests wait for the first render
  }
}

async function load() {
  const state = await ask("getState");
  websites = new Set(state.websites || []);
  renderProfiles(state.profiles);
  renderOthers(state.others);
  if (state.consent) document.querySelector(`input[name="consent"][value="${state.consent}"]`).checked = true;
  offerCurrentTab(state.profiles);
  offerFollowersCheck();
  showClass(state);
  const aboutPairing = await offerPairing(state);
  if (!state.paired) {
    // After the teacher closed the class: say it ended and everything was deleted, not "pair again".
    if (!aboutPairing) showError(errorBox, { code: state.classEnded ? "workshop_closed" : "not_paired" });
    $("start").disabled = true;
    return;
  }
  $("start").disabled = false;
  if ((await attempt(() => ask("health"))) === undefined) return;
  limits = await attempt(() => ask("limits")) || null;
  if (state.currentAudit) watch(state.currentAudit);
  await loadHistory();
}

init();
