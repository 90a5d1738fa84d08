// "Check what my followers see": injected into the user's own profile page only when they
// ask (scripting.executeScript), it proves on the page that the profile is the viewer's
// own, scrolls like the crawler does, and answers with the photos' addresses and kinds.
// Nothing else leaves the page: no cookie, no token, no HTML. Defines one function in the
// extension's isolated world; the service worker calls it with the backend's photo limit.
globalThis.exposureOwnProfile = async function exposureOwnProfile(maxPhotos) {
  const SCROLLS = 20;
  const PAUSE_MS = 700;
  // Paths of Instagram that are not a person's profile (lib/profiles.js has the same list
  // for the popup; a content script cannot import it).
  const RESERVED = new Set(["p", "reel", "reels", "tv", "explore", "stories", "accounts", "direct", "about",
    "legal", "developer", "archive"]);

  const parts = location.pathname.split("/").filter(Boolean);
  const handle = parts.length === 1 && !RESERVED.has(parts[0].toLowerCase()) ? parts[0].toLowerCase() : null;
  if (location.hostname.replace(/^www\./, "") !== "instagram.com" || !handle) {
    return { ok: false, reason: "not_a_profile" };
  }

  // The logged-in user's name, as the page's own state says: `"viewer":{...,"username":...}`
  // in its inline JSON (window._sharedData's config, or the newer data-sjs scripts).
  function viewerName() {
    for (const script of document.querySelectorAll("script:not([src])")) {
      const text = script.textContent;
      for (let at = text.indexOf('"viewer"'); at !== -1; at = text.indexOf('"viewer"', at + 8)) {
        const viewer = objectAt(text, text.indexOf("{", at));
        const name = viewer && (viewer.username || (viewer.user && viewer.user.username));
        if (typeof name === "string" && name) return name.toLowerCase();
      }
    }
    return null;
  }

  // The JSON object starting at `start` (a balanced {...}, strings respected), or null.
  function objectAt(text, start) {
    if (start < 0 || start > text.length) return null;
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length && i < start + 200000; i += 1) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i += 1;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth += 1;
      else if (c === "}" && --depth === 0) {
        try { return JSON.parse(text.slice(start, i + 1)); } catch { return null; }
      }
    }
    return null;
  }

  // Controls Instagram shows only to the profile's owner (by address, so in any language).
  const ownerControls = document.querySelector('main a[href^="/accounts/edit"], header a[href^="/accounts/edit"]');
  const viewer = viewerName();
  if (!ownerControls || !viewer || viewer !== handle) {
    return { ok: false, reason: "not_own_profile", hasOwnerControls: Boolean(ownerControls), signedIn: Boolean(viewer) };
  }

  function largest(img) {
    let best = img.currentSrc || img.src;
    let width = 0;
    for (const candidate of (img.getAttribute("srcset") || "").split(",")) {
      const [url, size] = candidate.trim().split(/\s+/);
      const w = parseInt(size, 10) || 0;
      if (url && w > width) { best = url; width = w; }
    }
    try { return new URL(best, location.href).href; } catch { return null; }
  }

  const found = new Map();
  function collect() {
    const groups = [
      ["profile_photo", "header img"],
      ["post_photo", 'main a[href*="/p/"] img, main a[href*="/reel/"] img'],
      ["story_photo", "main li img"],  // highlight covers
    ];
    for (const [kind, selector] of groups) {
      for (const img of document.querySelectorAll(selector)) {
        const url = largest(img);
        if (url && url.startsWith("https:") && !found.has(url) && found.size < maxPhotos) found.set(url, kind);
      }
    }
  }

  const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  collect();
  for (let round = 0, still = 0; round < SCROLLS && still < 2 && found.size < maxPhotos; round += 1) {
    const before = found.size;
    window.scrollTo(0, document.documentElement.scrollHeight);
    await pause();
    collect();
    still = found.size === before ? still + 1 : 0;
  }
  window.scrollTo(0, 0);
  const isPrivate = /"is_private"\s*:\s*true/.test(
    [...document.querySelectorAll("script:not([src])")].map((s) => s.textContent).join("\n"));
  return {
    ok: true,
    platform: "instagram",
    profile: `https://www.instagram.com/${handle}/`,
    private: isPrivate,
    photos: [...found].map(([url, kind]) => ({ url, kind })),
  };
};
