// "Check what my followers see" in the service worker: runs the content script on the
// user's own profile tab, fetches the photos it lists (cookies omitted: the platform's
// image links are signed and need none) and hands their bytes to the backend.
import { api } from "./ext.js";

// The pages and image hosts each supported platform needs, asked for at the moment of use.
export const ORIGINS = {
  instagram: ["https://www.instagram.com/*", "https://*.cdninstagram.com/*", "https://*.fbcdn.net/*"],
  x: ["https://x.com/*", "https://twitter.com/*", "https://pbs.twimg.com/*"],
  tiktok: ["https://www.tiktok.com/*", "https://*.tiktokcdn.com/*", "https://*.tiktokcdn-us.com/*"],
};
// The page hosts of each (content/own_profile.js checks the same names on the page itself).
const HOSTS = { instagram: ["instagram.com"], x: ["x.com", "twitter.com"], tiktok: ["tiktok.com"] };

/** The platform of a page the check works on, or null. */
export function platformOf(url) {
  try {
    const host = new URL(url).hostname.replace(/^www\./, "");
    return Object.keys(HOSTS).find((name) => HOSTS[name].includes(host)) || null;
  } catch {
    return null;
  }
}

function failure(code, message) {
  return Object.assign(new Error(message), { code });
}

/** What the page shows its owner: {profile, private, photos: [{url, kind}]}, or a failure
 *  "not_own_profile" / "not_a_profile" / "permission_denied". */
export async function readOwnProfile(tabId, maxPhotos) {
  let answer;
  try {
    await api.scripting.executeScript({ target: { tabId }, files: ["content/own_profile.js"] });
    [{ result: answer }] = await api.scripting.executeScript({
      target: { tabId }, func: (max) => globalThis.exposureOwnProfile(max), args: [maxPhotos],
    });
  } catch {
    throw failure("permission_denied", "the extension may not read this page");
  }
  if (!answer || !answer.ok) throw failure((answer && answer.reason) || "not_own_profile", "not your own profile");
  return answer;
}

/** The photos' bytes as [{blob, kind}], skipping any that cannot be fetched or are larger than
 *  the backend takes (`maxPhotoBytes` a photo, `maxBodyBytes` in all: GET /api/v1/own-profile). */
export async function fetchPhotos(photos, { maxPhotoBytes, maxBodyBytes }) {
  const fetched = [];
  let total = 0;
  for (const { url, kind } of photos) {
    try {
      const response = await fetch(url, { credentials: "omit", cache: "force-cache", signal: AbortSignal.timeout(30000) });
      if (!response.ok) continue;
      const blob = await response.blob();
      if (!blob.size || blob.size > maxPhotoBytes || total + blob.size > maxBodyBytes) continue;
      fetched.push({ blob, kind });
      total += blob.size;
    } catch {
      // one unreadable photo does not stop the others
    }
  }
  if (!fetched.length) throw failure("no_photos", "no photo on the page could be read");
  return fetched;
}
