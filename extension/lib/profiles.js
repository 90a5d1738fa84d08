// Recognises the profile pages the backend can audit (see docs/platforms.md) so the
// popup can offer "add this page". Pure functions, no extension APIs.

// Paths on a platform that are not a person's profile.
const RESERVED = {
  instagram: new Set(["p", "reel", "reels", "tv", "explore", "stories", "accounts", "direct", "about", "legal", "developer"]),
  x: new Set(["home", "explore", "search", "i", "settings", "notifications", "messages", "login", "signup", "tos", "privacy", "compose", "intent", "share"]),
  facebook: new Set(["login", "watch", "groups", "marketplace", "events", "help", "pages", "gaming", "settings", "privacy", "policies", "share", "sharer.php", "home.php", "login.php"]),
};
const HANDLE = /^[A-Za-z0-9._-]{1,64}$/;
// A link to one post, photo or video (someone's post is not their profile, and may not be yours).
const POST_PATH = /\/(p|reel|reels|tv|status|statuses|video|photo|photos|posts|shorts|watch|story|stories)(\/|$)|\/(photo|permalink|story)\.php/i;

// Each platform: the hosts it lives on, and a function from the path parts (and
// the URL) to the canonical profile URL, or null when the page is not a profile.
const PLATFORMS = [
  {
    name: "instagram",
    hosts: ["instagram.com"],
    profile: ([user]) => user && HANDLE.test(user) && !RESERVED.instagram.has(user.toLowerCase())
      ? `https://www.instagram.com/${user.toLowerCase()}/` : null,
  },
  {
    name: "facebook",
    hosts: ["facebook.com"],
    profile: ([first, second, third], url) => {
      if (first === "profile.php") {
        const id = url.searchParams.get("id");
        return id && /^\d+$/.test(id) ? `https://www.facebook.com/profile.php?id=${id}` : null;
      }
      if (first === "people" && second && third) return `https://www.facebook.com/people/${second}/${third}/`;
      return first && HANDLE.test(first) && !RESERVED.facebook.has(first.toLowerCase())
        ? `https://www.facebook.com/${first}` : null;
    },
  },
  {
    name: "x",
    hosts: ["x.com", "twitter.com"],
    profile: ([user]) => user && /^[A-Za-z0-9_]{1,15}$/.test(user) && !RESERVED.x.has(user.toLowerCase())
      ? `https://x.com/${user}` : null,
  },
  {
    name: "tiktok",
    hosts: ["tiktok.com"],
    profile: ([user]) => user && /^@[A-Za-z0-9._]{1,64}$/.test(user) ? `https://www.tiktok.com/${user}` : null,
  },
  {
    name: "youtube",
    hosts: ["youtube.com"],
    profile: ([first, second]) => {
      if (first && /^@[A-Za-z0-9._-]{1,100}$/.test(first)) return `https://www.youtube.com/${first}`;
      if (first === "channel" && second && /^UC[A-Za-z0-9_-]{22}$/.test(second)) return `https://www.youtube.com/channel/${second}`;
      if ((first === "c" || first === "user") && second && HANDLE.test(second)) return `https://www.youtube.com/${first}/${second}`;
      return null;
    },
  },
  {
    name: "linkedin",
    hosts: ["linkedin.com"],
    profile: ([first, second]) => first === "in" && second && /^[A-Za-z0-9_%-]{2,100}$/.test(second)
      ? `https://www.linkedin.com/in/${second}/` : null,
  },
];

function platformFor(hostname) {
  const host = hostname.toLowerCase();
  return PLATFORMS.find((p) => p.hosts.some((h) => host === h || host.endsWith(`.${h}`))) || null;
}

/** If `address` is a supported profile page, {platform, url} with its canonical URL; else null. */
export function detectProfile(address) {
  let url;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const platform = platformFor(url.hostname);
  if (!platform) return null;
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const canonical = platform.profile(parts, url);
  return canonical ? { platform: platform.name, url: canonical } : null;
}

/** A link the user typed, checked and tidied: a supported profile becomes its canonical
 *  URL; any other http(s) address (a school or test site) is kept without its fragment.
 *  Returns null when it is not a web address, or when it is a page of a supported
 *  platform that is no profile (a single post, the home feed). */
export function cleanProfileLink(text) {
  const trimmed = String(text || "").trim();
  if (!trimmed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let path = "";
  try {
    path = new URL(withScheme).pathname;
  } catch {
    return null;
  }
  if (POST_PATH.test(path) && platformFor(new URL(withScheme).hostname)) return null;
  const known = detectProfile(withScheme);
  if (known) return known.url;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (platformFor(url.hostname)) return null; // a post or another page of a known platform
    if (!url.hostname.includes(".") && url.hostname !== "localhost") return null;
    url.hash = "";
    return url.href;
  } catch {
    return null;
  }
}
