// "Check what my followers see": injected into the user's own profile page only when they
// ask (scripting.executeScript), it proves on the page that the profile is the viewer's
// own, scrolls like the crawler does, and answers with the photos' addresses and kinds.
// Nothing else leaves the page: no cookie, no token, no HTML. Defines one function in the
// extension's isolated world; the service worker calls it with the backend's photo limit.
//
// Each platform says three things about its page: whose profile it is (the address), who
// is logged in (the page's own state, never what a post could write), and which controls
// only the owner sees (by address or test id, so in any language). All three must agree.
globalThis.exposureOwnProfile = async function exposureOwnProfile(maxPhotos) {
  const SCROLLS = 20;
  const PAUSE_MS = 700;

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

  const inlineScripts = () => [...document.querySelectorAll("script:not([src])")].map((s) => s.textContent);
  const lower = (name) => (typeof name === "string" && name ? name.toLowerCase() : null);
  const segments = () => location.pathname.split("/").filter(Boolean);

  function largestOf(img) {
    let best = img.currentSrc || img.src;
    let width = 0;
    for (const candidate of (img.getAttribute("srcset") || "").split(",")) {
      const [url, size] = candidate.trim().split(/\s+/);
      const w = parseInt(size, 10) || 0;
      if (url && w > width) { best = url; width = w; }
    }
    return best;
  }

  function tiktokScope() {
    try {
      return JSON.parse(document.getElementById("__UNIVERSAL_DATA_FOR_REHYDRATION__").textContent).__DEFAULT_SCOPE__ || {};
    } catch {
      return {};
    }
  }

  const PLATFORMS = {
    instagram: {
      hosts: ["instagram.com"],
      // Paths that are not a person's profile (the backend reads typed links; its list is in
      // crawler/platforms.py, which a content script cannot ask).
      handle() {
        const reserved = new Set(["p", "reel", "reels", "tv", "explore", "stories", "accounts", "direct", "about",
          "legal", "developer", "archive"]);
        const parts = segments();
        return parts.length === 1 && !reserved.has(parts[0].toLowerCase()) ? parts[0].toLowerCase() : null;
      },
      // `"viewer":{...,"username":...}` in the inline JSON (window._sharedData's config, or data-sjs).
      viewer() {
        for (const text of inlineScripts()) {
          for (let at = text.indexOf('"viewer"'); at !== -1; at = text.indexOf('"viewer"', at + 8)) {
            const viewer = objectAt(text, text.indexOf("{", at));
            const name = viewer && (viewer.username || (viewer.user && viewer.user.username));
            if (lower(name)) return lower(name);
          }
        }
        return null;
      },
      ownerControls: () => document.querySelector('main a[href^="/accounts/edit"], header a[href^="/accounts/edit"]'),
      groups: [
        ["profile_photo", "header img"],
        ["post_photo", 'main a[href*="/p/"] img, main a[href*="/reel/"] img'],
        ["story_photo", "main li img"], // highlight covers
      ],
      larger: (url) => url,
      isPrivate: () => /"is_private"\s*:\s*true/.test(inlineScripts().join("\n")),
      profile: (handle) => `https://www.instagram.com/${handle}/`,
    },
    x: {
      hosts: ["x.com", "twitter.com"],
      handle() {
        const reserved = new Set(["home", "explore", "notifications", "messages", "settings", "i", "search",
          "compose", "tos", "privacy", "login", "logout", "signup", "jobs", "lists", "bookmarks", "communities"]);
        const parts = segments();
        const ok = parts.length && (parts.length === 1 || ["media", "with_replies"].includes(parts[1]));
        return ok && !reserved.has(parts[0].toLowerCase()) ? parts[0].toLowerCase() : null;
      },
      // The side bar's "Profile" link goes to the logged-in account, whatever page is open.
      viewer() {
        const link = document.querySelector('a[data-testid="AppTabBar_Profile_Link"]');
        const path = link ? new URL(link.getAttribute("href"), location.href).pathname.split("/").filter(Boolean) : [];
        return path.length === 1 ? lower(path[0]) : null;
      },
      ownerControls: () => document.querySelector('[data-testid="editProfileButton"], a[href="/settings/profile"]'),
      groups: [
        ["profile_photo", 'a[href$="/photo"] img'],
        ["cover_photo", 'a[href$="/header_photo"] img'],
        // The owner's own posts only: a repost carries a social-context line above it.
        ["post_photo", 'article[data-testid="tweet"]:not(:has([data-testid="socialContext"])) [data-testid="tweetPhoto"] img'],
      ],
      // pbs.twimg.com serves a larger copy of the same picture by its size name.
      larger: (url) => url.replace(/([?&]name=)(thumb|small|medium|240x240|360x360|900x900)\b/, "$1large")
        .replace(/_(normal|bigger|mini|200x200)(\.\w+)$/, "_400x400$2"),
      isPrivate: () => Boolean(document.querySelector('[data-testid="UserName"] [data-testid="icon-lock"]')),
      profile: (handle) => `https://x.com/${handle}`,
    },
    tiktok: {
      hosts: ["tiktok.com"],
      handle() {
        const parts = segments();
        return parts.length === 1 && parts[0].startsWith("@") && parts[0].length > 1 ? parts[0].slice(1).toLowerCase() : null;
      },
      // The logged-in user in the page's rehydration state: webapp.app-context's user.
      viewer() {
        const context = tiktokScope()["webapp.app-context"] || {};
        return lower(context.user && context.user.uniqueId);
      },
      ownerControls: () => document.querySelector('[data-e2e="edit-profile-entrance"]'),
      groups: [
        ["profile_photo", '[data-e2e="user-avatar"] img'],
        ["video_thumbnail", '[data-e2e="user-post-item"] img'],
      ],
      larger: (url) => url,
      // The profile's own flag, not any account's the page mentions.
      isPrivate() {
        const detail = tiktokScope()["webapp.user-detail"] || {};
        const user = (detail.userInfo && detail.userInfo.user) || {};
        return user.privateAccount === true;
      },
      profile: (handle) => `https://www.tiktok.com/@${handle}`,
    },
  };

  const host = location.hostname.replace(/^www\./, "");
  const [name, platform] = Object.entries(PLATFORMS).find(([, p]) => p.hosts.includes(host)) || [];
  const handle = platform && platform.handle();
  if (!handle) return { ok: false, reason: "not_a_profile" };

  const ownerControls = platform.ownerControls();
  const viewer = platform.viewer();
  if (!ownerControls || !viewer || viewer !== handle) {
    return { ok: false, reason: "not_own_profile", hasOwnerControls: Boolean(ownerControls), signedIn: Boolean(viewer) };
  }

  const found = new Map();
  function collect() {
    for (const [kind, selector] of platform.groups) {
      for (const img of document.querySelectorAll(selector)) {
        let url;
        try { url = new URL(platform.larger(largestOf(img)), location.href).href; } catch { continue; }
        if (url.startsWith("https:") && !found.has(url) && found.size < maxPhotos) found.set(url, kind);
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
  return {
    ok: true,
    platform: name,
    profile: platform.profile(handle),
    private: platform.isPrivate(),
    photos: [...found].map(([url, kind]) => ({ url, kind })),
  };
};
