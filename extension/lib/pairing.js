// Pairing by link with any server, on the student's own computer or the school's, without
// host access asked at install. The pairing link's page (/pair#CODE on the server) names its
// server and the code in <meta name="exposure-check-pairing">. The extension reads it only when
// the student opens the extension over that tab (the click on its icon grants activeTab, for
// that tab alone); the student then presses "Pair with this server", a click that asks host
// access for exactly that server and pairs.
import { api } from "./ext.js";
import { normalizeBase, isLocal, originPattern } from "./backend.js";

const PAIR_PATH = "/pair";
const MAX_CODE = 64;

function failure(code, message) {
  return Object.assign(new Error(message), { code });
}

// Runs in the page (scripting.executeScript): plain data only, nothing of the page's own scripts.
function readMeta() {
  const meta = document.querySelector('meta[name="exposure-check-pairing"]');
  return meta ? { server: meta.dataset.server || "", code: meta.dataset.code || "", origin: location.origin } : null;
}

function sameServer(a, b) {
  try {
    return normalizeBase(a) === normalizeBase(b);
  } catch {
    return false;
  }
}

/** The pairing offered by the page in tab `tabId`: {backend, code}, or null when the tab is not a
 *  pairing link's page or may not be read (the extension was not opened over it). Throws
 *  "foreign_offer" when the page names a server other than its own origin (only a server's own
 *  page hands over its code), "managed_elsewhere" when the school set another server. */
export async function readOffer(tabId, managedBackend = null) {
  const tab = await api.tabs.get(tabId).catch(() => null);
  // Without activeTab (or host access) the tab's address is not even visible: nothing to offer.
  if (!tab || !tab.url) return null;
  const page = new URL(tab.url);
  if (!["http:", "https:"].includes(page.protocol) || page.pathname !== PAIR_PATH) return null;
  let found = null;
  try {
    [{ result: found = null } = {}] = await api.scripting.executeScript({ target: { tabId }, func: readMeta });
  } catch {
    return null; // no access to this tab after all (another click elsewhere moved on)
  }
  const code = String((found && found.code) || "").trim();
  if (!code || code.length > MAX_CODE) return null; // a link without a code: the page itself says so
  if (!sameServer(found.server, page.origin) || found.origin !== page.origin) {
    throw failure("foreign_offer", "the page names a server other than its own origin");
  }
  if (managedBackend && !sameServer(managedBackend, page.origin)) {
    throw failure("managed_elsewhere", "the school set another server");
  }
  return { backend: page.origin, code };
}

/** Ask host access to `base` (none needed for this computer). Must be the first thing a click
 *  does, while the browser still counts it as the user's gesture; resolves to true or false. */
export async function allowServer(base) {
  if (isLocal(base)) return true;
  return api.permissions.request({ origins: [originPattern(base)] }).catch(() => false);
}
