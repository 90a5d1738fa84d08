// The phone start page: a code, the student's profile links or their data export (a ZIP),
// consent, progress and the report, with the same API, token and limits as the extension. The token stays in this page's own
// storage, never in a URL: the tab's sessionStorage (gone when the tab closes, so nothing outlives the
// session on a shared school computer), or localStorage when the student chose "Remember me on this
// device" (their own phone) when joining.
import { $, el, t, api, send, codeFromFragment, showError, clearError, limits } from "./page.js";
import { aroundRequest, forgetAround, initAround, renderAround } from "./around.js";

const KEY = "exposure-check";
const POLL_MS = 1000;
// The stage names the server reports (GET /api/v1/limits), known once the page has asked.
let stages = [];
let watching = null;

// Where the state is: localStorage only when the student chose to be remembered on this device.
function storage() {
  return localStorage.getItem(KEY) !== null ? localStorage : sessionStorage;
}

function load() {
  try {
    return JSON.parse(storage().getItem(KEY)) || {};
  } catch {
    return {};
  }
}

function save(changes) {
  const state = { ...load(), ...changes };
  storage().setItem(KEY, JSON.stringify(state));
  return state;
}

function clearState() {
  localStorage.removeItem(KEY);
  sessionStorage.removeItem(KEY);
}

// ---- which part of the page shows -------------------------------------------

function render() {
  const state = load();
  const paired = Boolean(state.token);
  $("join").hidden = paired;
  $("session").hidden = !paired;
  $("ended").hidden = !state.ended || paired;
  if (!paired) return;
  $("class-name").textContent = state.workshop ? t("joined_class", { name: state.workshop.name }) : t("paired");
  $("teacher-sees").hidden = !state.workshop;
  renderLinks(state.profiles || []);
  for (const radio of document.querySelectorAll('input[name="consent"]')) radio.checked = radio.value === state.consent;
}

function renderLinks(profiles) {
  const websites = new Set(load().websites || []);
  $("links").replaceChildren(...profiles.map((url) => el("li", {},
    el("span", { class: "url" }, url),
    websites.has(url) ? el("span", { class: "tag website" }, t("website_tag")) : "",
    el("button", { type: "button", class: "secondary", "aria-label": `${t("remove")}: ${url}`,
      onclick: () => { save({ profiles: load().profiles.filter((p) => p !== url) }); render(); } }, t("remove")))));
  $("no-links").hidden = profiles.length > 0;
}

// A dead token: the class ended (everything deleted), or the pairing is gone.
function forgetSession(error) {
  clearState();
  forgetAround();
  if (error.code === "workshop_closed") save({ ended: true });
  watching = null;
  $("audit").hidden = true;
  render();
  if (error.code !== "workshop_closed") showError(error);
  else clearError();
}

async function authorized(path, options = {}) {
  try {
    return await api(path, { ...options, token: load().token });
  } catch (error) {
    if (error.status === 401) forgetSession(error);
    throw error;
  }
}

// ---- joining ------------------------------------------------------------------

async function join(event) {
  event.preventDefault();
  clearError();
  const code = $("code").value.trim();
  if (!code) {
    showError({ code: "no_code" });
    $("code").focus();
    return;
  }
  $("join-button").disabled = true;
  try {
    const paired = await api("/api/v1/pair", { method: "POST", json: { code } });
    clearState();
    const kept = $("remember").checked ? localStorage : sessionStorage;
    kept.setItem(KEY, JSON.stringify({ token: paired.token, workshop: paired.workshop, profiles: [] }));
    $("code").value = "";
    render();
    $("add-url").focus();
  } catch (error) {
    showError(error);
    $("code").focus();
  } finally {
    $("join-button").disabled = false;
  }
}

// ---- links and consent ----------------------------------------------------------

// What was typed is read by the server's one rule set (POST /api/v1/profile-input): a profile
// is added, a handle asks which app, and a website is added only once the reader says so.
async function addLink(event) {
  event.preventDefault();
  clearError();
  $("pick").hidden = true;
  const typed = $("add-url").value;
  let found;
  try {
    found = await api("/api/v1/profile-input", { method: "POST", json: { text: typed } });
  } catch (error) {
    showError(error.status === 422 ? { code: "profile_input", said: error.message } : error);
    $("add-url").focus();
    return;
  }
  if (found.kind === "profile") return keepLink(found.url, false);
  const buttons = found.kind === "website"
    ? [choiceButton(found.confirm, () => keepLink(found.url, true), "primary")]
    : found.choices.map((choice) => choiceButton(choice.name, () => keepLink(choice.url, false)))
      .concat(found.website ? [choiceButton(found.website_name, () => keepLink(found.website, true))] : []);
  $("pick-say").textContent = found.say;
  $("pick-buttons").replaceChildren(...buttons, choiceButton(found.cancel, () => { $("pick").hidden = true; }, "secondary"));
  $("pick").hidden = false;
  $("pick-buttons").querySelector("button").focus();
}

// An account around the student is one profile or website, read by the same rule set (a handle
// alone names no app, so it is refused in the server's words).
async function readProfile(typed) {
  let found;
  try {
    found = await api("/api/v1/profile-input", { method: "POST", json: { text: typed } });
  } catch (error) {
    throw error.status === 422 ? { code: "profile_input", said: error.message } : error;
  }
  if (found.kind !== "profile" && found.kind !== "website") throw { code: "invalid_url" };
  return found.url;
}

function choiceButton(label, onclick, kind = "choice") {
  return el("button", { type: "button", class: kind, onclick }, label);
}

// As many links as one check takes (the server's number): one more is refused here, in words.
async function keepLink(url, website) {
  const known = load().profiles || [];
  if (!known.includes(url)) {
    try {
      if (known.length >= (await limits()).max_profiles) throw { code: "too_many_profiles" };
    } catch (error) {
      showError(error);
      $("pick").hidden = true;
      $("add-url").focus();
      return;
    }
  }
  const state = load();
  const profiles = state.profiles || [];
  const websites = (state.websites || []).filter((w) => w !== url).concat(website ? [url] : []);
  save({ profiles: profiles.includes(url) ? profiles : [...profiles, url], websites });
  $("pick").hidden = true;
  $("add-url").value = "";
  render();
}

// ---- the check ----------------------------------------------------------------

// An export has no profiles to open: its progress is the photos read out of those found.
function fraction(p = {}, isExport = false) {
  const crawl = p.profiles_total ? p.profiles_done / p.profiles_total : 0;
  const analysis = p.photos_found ? p.photos_analyzed / p.photos_found : 0;
  return Math.round(100 * (isExport ? analysis : (crawl + analysis) / 2));
}

function detail(p, isExport) {
  if (isExport) return p.photos_found ? t("export_reading", { analyzed: p.photos_analyzed || 0, found: p.photos_found }) : "";
  return p.profiles_total ? t("progress_detail", {
    done: p.profiles_done || 0, total: p.profiles_total, analyzed: p.photos_analyzed || 0, found: p.photos_found || 0 }) : "";
}

function renderProgress(audit) {
  const p = audit.progress || {};
  const stage = p.stage || audit.status;
  $("audit").hidden = false;
  delete $("audit").dataset.status;
  $("progress-box").hidden = false;
  $("result").hidden = true;
  $("stage").textContent = t(stages.includes(stage) ? `stage_${stage}` : "stage_working");
  const isExport = Boolean(load().exporting);
  $("progress").value = fraction(p, isExport);
  $("progress-detail").textContent = detail(p, isExport);
  $("queue").hidden = !(audit.status === "queued" && audit.queue_position);
  $("queue").textContent = t("queue", { n: audit.queue_position || 0 });
}

function renderResult(audit) {
  $("audit").hidden = false; // also when the page opens again on a finished check (back from the report)
  $("progress-box").hidden = true;
  $("result").hidden = false;
  $("audit").dataset.status = audit.status;
  // A failed check hides the result's parts rather than replacing them: the next check fills them again.
  const done = audit.status === "done";
  $("failed").hidden = done;
  for (const part of $("result").children) if (part.id !== "failed") part.hidden = !done;
  if (!done) return;
  // The report's own first screen, worded by the server in this page's language (as in the popup).
  const verdict = audit.verdict || {};
  const [first] = audit.first_steps || [];
  // What could not be read leads, per profile, before anything said about photos.
  const unread = verdict.unread;
  $("unread").hidden = !unread;
  $("unread").replaceChildren(...(unread ? [el("p", {}, el("strong", {}, unread.title)),
    el("ul", {}, ...unread.items.map((item) => el("li", {}, item.text)))] : []));
  $("verdict").textContent = verdict.sentence || "";
  $("audience").textContent = verdict.audience || "";
  $("audience").hidden = !verdict.audience;
  $("first-step").hidden = !first;
  if (first) {
    $("first-step-title").textContent = first.title;
    $("first-step-hides").textContent = first.photos_affected ? t("first_step_hides", { n: first.photos_affected }) : "";
  }
  // What followers see (an export) is counted as photos, not public photos, and its share shown.
  const followers = (audit.photos || []).filter((photo) => photo.visibility === "followers").length;
  const seenByFollowers = followers > 0 || (audit.profiles || []).some((p) => String(p.url).startsWith("export:"));
  $("count-photos-label").textContent = t(seenByFollowers ? "count_photos_all" : "count_photos");
  $("count-photos").textContent = t("n_photos_counted", { n: (audit.summary || {}).photos || 0 });
  $("count-followers").textContent = t("n_photos_counted", { n: followers });
  for (const node of document.querySelectorAll(".counts .followers")) node.hidden = !seenByFollowers;
  // Pictures the export lists that could not be read are said, never left out silently.
  const { exporting, unread: unreadPictures } = load();
  $("export-unread").textContent = exporting && unreadPictures ? t("export_unread", { n: unreadPictures }) : "";
  $("export-unread").hidden = !(exporting && unreadPictures);
  $("open-report").href = load().reportUrl || "#";
  showAround(audit);
}

// The accounts around the student: without proof of their face, their code is what to put in a bio.
async function showAround(audit) {
  let code = "";
  if (audit.around && !audit.around.compared) code = (await authorized("/api/v1/verification").catch(() => ({}))).code;
  renderAround(audit, code);
}

async function watch(id) {
  watching = id;
  stages = await limits().then((served) => served.stages, () => stages); // before the first stage is said
  while (watching === id) {
    let audit;
    try {
      audit = await authorized(`/api/v1/audits/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error.status !== 401) {
        if (error.code === "not_found") { save({ currentAudit: null }); $("audit").hidden = true; } else showError(error);
      }
      return;
    }
    if (watching !== id) return;
    if (audit.status === "queued" || audit.status === "running") {
      renderProgress(audit);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    } else {
      renderResult(audit);
      return;
    }
  }
}

async function start() {
  clearError();
  const state = load();
  const consent = document.querySelector('input[name="consent"]:checked');
  if (!(state.profiles || []).length) return showError({ code: "invalid_profiles" });
  if (!consent) return showError({ code: "invalid_consent" });
  $("start").disabled = true;
  try {
    const audit = await authorized("/api/v1/audits", { method: "POST",
      json: { profiles: state.profiles, consent: consent.value, ...aroundRequest() } });
    save({ currentAudit: audit.id, reportUrl: audit.report_url, exporting: false });
    renderProgress({ status: "queued", queue_position: audit.queue_position, progress: { stage: "queued" } });
    watch(audit.id);
  } catch (error) {
    if (error.status !== 401) showError(error);
  } finally {
    $("start").disabled = false;
  }
}

// The export: the ZIP in parts of the size the server names (each one request under its body
// cap, as the extension sends it), then "finish": the server checks it and queues its audit.
async function sendExport(file) {
  clearError();
  const consent = document.querySelector('input[name="consent"]:checked');
  if (!consent) return showError({ code: "invalid_consent" });
  watching = null;
  $("export-file").disabled = true;
  showSending(0);
  try {
    const started = await authorized(`/api/v1/exports?consent=${encodeURIComponent(consent.value)}`, { method: "POST" });
    if (file.size > started.max_bytes) throw { code: "export_too_large" };
    for (let offset = 0; offset < file.size; offset += started.part_bytes) {
      await authorizedSend(`${started.part_url}?offset=${offset}`, file.slice(offset, offset + started.part_bytes),
        (loaded) => showSending((offset + loaded) / file.size));
    }
    const audit = await authorized(started.finish_url, { method: "POST" });
    save({ currentAudit: audit.id, reportUrl: audit.report_url, exporting: true, unread: audit.photos_unread || 0 });
    renderProgress({ status: "queued", queue_position: audit.queue_position,
      progress: { stage: "queued", photos_found: audit.photos_found, photos_analyzed: 0 } });
    watch(audit.id);
  } catch (error) {
    $("audit").hidden = true;
    if (error.status !== 401) showError(error);
  } finally {
    $("export-file").disabled = false;
  }
}

function showSending(share) {
  $("audit").hidden = false;
  delete $("audit").dataset.status;
  $("progress-box").hidden = false;
  $("result").hidden = true;
  $("queue").hidden = true;
  $("stage").textContent = t("export_uploading", { percent: Math.round(100 * share) });
  $("progress").value = Math.round(100 * share);
  $("progress-detail").textContent = "";
}

async function authorizedSend(path, body, onProgress) {
  try {
    return await send(path, { token: load().token, body, onProgress });
  } catch (error) {
    if (error.status === 401) forgetSession(error);
    throw error;
  }
}

function forget() {
  watching = null;
  clearState();
  forgetAround();
  $("audit").hidden = true;
  clearError();
  render();
}

// ---- start ---------------------------------------------------------------------

function init() {
  const code = codeFromFragment();
  $("join-form").addEventListener("submit", join);
  $("add-form").addEventListener("submit", addLink);
  $("start").addEventListener("click", start);
  initAround({ storage, readProfile });
  $("forget").addEventListener("click", forget);
  $("export-file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    event.target.value = "";
    if (file) sendExport(file);
  });
  for (const radio of document.querySelectorAll('input[name="consent"]')) {
    radio.addEventListener("change", () => save({ consent: radio.value }));
  }
  if (code) $("code").value = code;
  limits().then((served) => { stages = served.stages; }).catch(() => {}); // unknown stages read "working"
  render();
  const state = load();
  if (state.token && state.currentAudit) watch(state.currentAudit);
  else if (state.token) authorized("/api/v1/audits").catch(() => {}); // a class closed meanwhile shows at once
  document.body.dataset.ready = "1";
}

init();
