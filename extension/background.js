// The service worker (Chrome, Edge) or event page (Firefox): one message
// dispatcher that holds the user's settings and talks to the backend, and the
// "check this photo" context menu. Listeners are registered at the top level so
// that a worker woken by an event finds them.
import { api, loadLocal, saveLocal, removeLocal, t } from "./lib/ext.js";
import * as backend from "./lib/backend.js";
import { readOwnProfile, fetchPhotos } from "./lib/own_profile.js";
import { readOffer } from "./lib/pairing.js";

const MENU_ID = "check-photo";
const CONSENTS = ["self", "guardian"];

function failure(code, message = code, field = null) {
  return Object.assign(new Error(message), { code, field });
}

// The school's server, when its IT team set one by policy (storage.managed_schema); else null.
async function managedBackend() {
  try {
    const { backend: base } = await api.storage.managed.get("backend");
    return base ? backend.normalizeBase(base) : null;
  } catch {
    return null; // no policy, or a browser without managed storage
  }
}

async function settings() {
  const { backend: base, token } = await loadLocal(["backend", "token"]);
  return { base: base || (await managedBackend()) || backend.DEFAULT_BACKEND, token: token || null };
}

// The address and token, or a "not_paired" failure before pairing.
async function session() {
  const { base, token } = await settings();
  if (!token) throw failure("not_paired", "pair the extension with the backend first");
  return { base, token };
}

// A 401 means the stored token is dead: forget it so every page asks to pair again. When the
// teacher closed the class, everything of it is gone on the server too: say so, keep nothing.
async function authorized(call) {
  const { base, token } = await session();
  try {
    return await call(base, token);
  } catch (error) {
    if (error.code === "unauthorized") await removeLocal("token");
    if (error.code === "workshop_closed") {
      await removeLocal(["token", "currentAudit", "reportUrls", "workshop"]);
      await saveLocal({ classEnded: true });
    }
    throw error;
  }
}

function base64ToBlob(base64, type) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: type || "application/octet-stream" });
}

// The backend's limits (links per audit, upload size, stage names, platforms), asked
// once and kept, so the extension never copies a number the backend decides.
async function limits() {
  const { base } = await settings();
  const { limits: kept } = await loadLocal("limits");
  if (kept && kept.base === base) return kept.value;
  const value = await backend.limits(base);
  await saveLocal({ limits: { base, value } });
  return value;
}

function bytesToBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

// The image the user right-clicked, fetched as a logged-out visitor would (no cookies).
async function fetchImage(url) {
  let blob;
  try {
    const response = await fetch(url, { credentials: "omit", signal: AbortSignal.timeout(30000) });
    if (!response.ok) throw new Error(String(response.status));
    blob = await response.blob();
  } catch {
    throw failure("image_unreadable", "the image could not be read from the page");
  }
  if (blob.size > (await limits()).max_upload_bytes) throw failure("file_too_large", "the image is too large");
  return blob;
}

async function readTyped(text) {
  try {
    return await backend.readProfileInput((await settings()).base, text);
  } catch (error) {
    if (error.status === 422) throw failure("typed_input", error.message, "url"); // the backend's words
    throw error;
  }
}

// Each handler takes the message and resolves to plain data for the page.
const handlers = {
  async getState() {
    const stored = await loadLocal(["backend", "token", "profiles", "websites", "others", "consent", "currentAudit",
      "workshop", "classEnded"]);
    const managed = await managedBackend();
    return {
      backend: stored.backend || managed || backend.DEFAULT_BACKEND,
      managedBackend: managed,
      paired: Boolean(stored.token),
      profiles: stored.profiles || [],
      websites: stored.websites || [],
      others: stored.others || [],
      consent: stored.consent || null,
      currentAudit: stored.currentAudit || null,
      workshop: stored.workshop || null,
      classEnded: Boolean(stored.classEnded),
    };
  },

  // The pairing a pairing link's page offers, read from the tab the popup was opened over
  // (lib/pairing.js): {backend, code} or null. Nothing is paired until the user presses Pair.
  async pairingOffer({ tabId }) {
    return readOffer(tabId, await managedBackend());
  },

  async health() {
    return backend.health((await settings()).base);
  },

  async limits() {
    return limits();
  },

  async pair({ backend: address, code }) {
    const base = backend.normalizeBase(address);
    if (!String(code || "").trim()) throw failure("missing_code", "enter the pairing code", "code");
    let paired;
    try {
      paired = await backend.pair(base, code);
    } catch (error) {
      // Any refusal of the code (400, 401, 403, 404) means the same to the user, but a full class
      // and too many tries are said as they are.
      if (error.code === "class_full" || error.code === "rate_limited") throw error;
      if (error.status >= 400 && error.status < 500) throw failure("bad_code", error.message, "code");
      throw error;
    }
    await removeLocal(["currentAudit", "reportUrls", "classEnded", "workshop"]);
    await saveLocal({ backend: base, token: paired.token, ...(paired.workshop ? { workshop: paired.workshop } : {}) });
    return { backend: base, paired: true, workshop: paired.workshop || null };
  },

  async verification() {
    return authorized((base, token) => backend.verification(base, token));
  },

  async unpair() {
    await removeLocal(["token", "currentAudit", "reportUrls", "workshop", "classEnded"]);
    return { paired: false };
  },

  // What the user typed, read by the backend (the one rule set): a profile, a website to be
  // confirmed, or a handle whose app the user picks. A refusal carries the backend's words.
  async readLink({ text }) {
    return readTyped(text);
  },

  // Adds a profile link, or a website the user confirmed (`website`); anything else is refused.
  async addProfile({ url, website = false }) {
    const found = await readTyped(url);
    if (!(found.kind === "profile" || (found.kind === "website" && website))) {
      throw failure("bad_link", "not a profile link", "url");
    }
    const { profiles = [], websites = [] } = await loadLocal(["profiles", "websites"]);
    if (!profiles.includes(found.url)) {
      const max = await limits().then((l) => l.max_profiles, () => Infinity); // offline: the backend says so later
      if (profiles.length >= max) throw failure("too_many", "too many links", "url");
      profiles.push(found.url);
    }
    const kept = websites.filter((w) => w !== found.url).concat(found.kind === "website" ? [found.url] : []);
    await saveLocal({ profiles, websites: kept });
    return profiles;
  },

  async removeProfile({ url }) {
    const { profiles = [], websites = [] } = await loadLocal(["profiles", "websites"]);
    const kept = profiles.filter((p) => p !== url);
    await saveLocal({ profiles: kept, websites: websites.filter((w) => w !== url) });
    return kept;
  },

  // Accounts around me: a school's, a club's or a friend's account, [{url, relation}] (up to 10).
  // The link is read by the backend's rule set, as the reader's own are; the limit is the backend's.
  async addOther({ url, relation }) {
    const found = await readTyped(url);
    if (found.kind !== "profile" && found.kind !== "website") throw failure("bad_link", "not a profile link", "url");
    const { others = [] } = await loadLocal("others");
    const kept = others.filter((o) => o.url !== found.url);
    const max = await limits().then((l) => l.max_others, () => Infinity); // offline: the backend says so later
    if (kept.length >= max) throw failure("too_many", "too many links", "url");
    kept.push({ url: found.url, relation: relation === "school" ? "school" : "friend" });
    await saveLocal({ others: kept });
    return kept;
  },

  async removeOther({ url }) {
    const { others = [] } = await loadLocal("others");
    const kept = others.filter((o) => o.url !== url);
    await saveLocal({ others: kept });
    return kept;
  },

  async setConsent({ consent }) {
    if (!CONSENTS.includes(consent)) throw failure("bad_consent", "choose whose accounts these are", "consent");
    await saveLocal({ consent });
    return consent;
  },

  async startAudit() {
    const { profiles = [], others = [], consent, reportUrls = {} } = await loadLocal(
      ["profiles", "others", "consent", "reportUrls"]);
    if (!profiles.length) throw failure("no_profiles", "add a profile link first", "profiles");
    if (!CONSENTS.includes(consent)) throw failure("bad_consent", "choose whose accounts these are", "consent");
    const audit = await authorized((base, token) => backend.startAudit(base, token, profiles, consent, others));
    reportUrls[audit.id] = audit.report_url;
    await saveLocal({ currentAudit: audit.id, reportUrls });
    return audit;
  },

  // "Check what my followers see": only the photos' bytes reach the backend.
  async checkOwnProfile({ tabId }) {
    const { consent, reportUrls = {} } = await loadLocal(["consent", "reportUrls"]);
    if (!CONSENTS.includes(consent)) throw failure("bad_consent", "choose whose accounts these are", "consent");
    const audit = await authorized(async (base, token) => {
      const allowed = await backend.ownProfileLimits(base, token);
      const page = await readOwnProfile(tabId, allowed.max_photos);
      const photos = await fetchPhotos(page.photos, {
        maxPhotoBytes: allowed.max_photo_bytes, maxBodyBytes: allowed.max_body_bytes,
      });
      return backend.sendOwnProfile(base, token, { profile: page.profile, isPrivate: page.private, consent, photos });
    });
    reportUrls[audit.id] = audit.report_url;
    await saveLocal({ currentAudit: audit.id, reportUrls });
    return audit;
  },

  // An audit started outside the dispatcher (the export page uploads its ZIP itself).
  async rememberAudit({ id, report_url: reportUrl }) {
    const { reportUrls = {} } = await loadLocal("reportUrls");
    reportUrls[id] = reportUrl;
    await saveLocal({ currentAudit: id, reportUrls });
    return id;
  },

  async getAudit({ id }) {
    return authorized((base, token) => backend.getAudit(base, token, id));
  },

  async showAudit({ id }) {
    await saveLocal({ currentAudit: id || null });
    return id || null;
  },

  async listAudits() {
    const audits = await authorized(backend.listAudits);
    const { reportUrls = {} } = await loadLocal("reportUrls");
    return audits.map((audit) => ({ ...audit, has_report: Boolean(audit.report_url || reportUrls[audit.id]) }));
  },

  async auditContents({ id }) {
    return authorized((base, token) => backend.auditContents(base, token, id));
  },

  // Deletes the audit on the server and its saved report link here; with forgetLinks,
  // the saved profile links too. Answers with what went.
  async deleteAudit({ id, forgetLinks = false }) {
    const contents = await authorized((base, token) => backend.auditContents(base, token, id));
    await authorized((base, token) => backend.deleteAudit(base, token, id));
    const { reportUrls = {}, currentAudit } = await loadLocal(["reportUrls", "currentAudit"]);
    delete reportUrls[id];
    await saveLocal({ reportUrls, currentAudit: currentAudit === id ? null : currentAudit || null });
    if (forgetLinks) await removeLocal("profiles");
    return { deleted: id, ...contents, forgotLinks: Boolean(forgetLinks) };
  },

  async openReport({ id }) {
    const { base } = await settings();
    const { reportUrls = {} } = await loadLocal("reportUrls");
    const path = reportUrls[id];
    if (!path) throw failure("no_report", "the report link is not known on this browser");
    const url = new URL(path, base);
    url.searchParams.set("lang", backend.uiLanguage()); // the report opens in the extension's language
    await api.tabs.create({ url: url.href });
    return { opened: id };
  },

  async analyzeUpload({ data, type, name }) {
    const blob = base64ToBlob(data, type);
    return authorized((base, token) => backend.analyze(base, token, blob, name || "photo"));
  },

  // The result and the image itself, so the page can show it with its boxes (its CSP
  // loads no remote image) and make the safer copy from it.
  async analyzeUrl({ url }) {
    const blob = await fetchImage(url);
    const result = await authorized((base, token) => backend.analyze(base, token, blob, "photo"));
    return { ...result, image: { data: bytesToBase64(await blob.arrayBuffer()), type: blob.type } };
  },
};

// Handlers that read, change and write storage run one at a time, so two quick
// clicks ("add", "add") cannot overwrite each other's change.
const WRITERS = new Set(["pair", "unpair", "addProfile", "removeProfile", "addOther", "removeOther", "setConsent", "startAudit", "deleteAudit", "showAudit",
  "checkOwnProfile", "rememberAudit"]);
let writing = Promise.resolve();

function serially(work) {
  const run = writing.then(work, work);
  writing = run.catch(() => {});
  return run;
}

/** Run the handler for `message.what`; always resolves to {ok, data} or {ok: false, error}. */
async function dispatch(message) {
  const what = message && message.what;
  const handler = Object.hasOwn(handlers, what) ? handlers[what] : null;
  if (!handler) return { ok: false, error: { code: "unknown_message", message: String(what) } };
  try {
    const data = WRITERS.has(what) ? await serially(() => handler(message)) : await handler(message);
    return { ok: true, data };
  } catch (error) {
    const { code = "internal", field = null, status = 0 } = error;
    return { ok: false, error: { code, message: error.message, field, status } };
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id) return false; // web pages cannot reach here; other extensions neither
  // Only the extension's own pages: no script of it in a web page may ask anything.
  if (sender.url && !sender.url.startsWith(api.runtime.getURL(""))) return false;
  dispatch(message).then(sendResponse);
  return true;
});

api.runtime.onInstalled.addListener(() => {
  api.contextMenus.removeAll().then(() => api.contextMenus.create({
    id: MENU_ID,
    title: t("menuCheckPhoto"),
    contexts: ["image"],
  }));
});

api.contextMenus.onClicked.addListener((info) => {
  if (info.menuItemId !== MENU_ID || !info.srcUrl) return;
  api.tabs.create({ url: api.runtime.getURL(`check.html#${encodeURIComponent(info.srcUrl)}`) });
});
