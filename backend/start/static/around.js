// Accounts around me on the phone page: the school's, a club's or friends' accounts the student
// names (up to 10), sent as "others" with the check; then the photos of them found there, each
// with the request to copy and the platform's report form. The words come from the server
// (backend/start/words.py and the API's document, in this page's language); nothing is counted here.
import { $, el, t, showError, clearError, limits } from "./page.js";

const KEY = "exposure-check-around";
// From the phone page (initAround): where its state lives, and the server's reading of a link.
const page = { storage: () => sessionStorage, readProfile: null };

function load() {
  try {
    return JSON.parse(page.storage().getItem(KEY)) || [];
  } catch {
    return [];
  }
}

function store(accounts) {
  page.storage().setItem(KEY, JSON.stringify(accounts));
  renderAccounts();
}

/** What the check sends about the accounts around the student: {} when they named none. */
export function aroundRequest() {
  const accounts = load();
  return accounts.length ? { others: accounts.map(({ url, relation }) => ({ url, relation })) } : {};
}

export function forgetAround() {
  localStorage.removeItem(KEY);
  sessionStorage.removeItem(KEY);
  renderAccounts();
}

function renderAccounts() {
  const accounts = load();
  $("around-links").replaceChildren(...accounts.map(({ url, relation }) => el("li", {},
    el("span", { class: "url" }, url), " ",
    el("span", { class: "relation" }, t(relation === "school" ? "around_school" : "around_friend")),
    el("button", { type: "button", class: "secondary", "aria-label": `${t("remove")}: ${url}`,
      onclick: () => store(load().filter((a) => a.url !== url)) }, t("remove")))));
  $("around-none").hidden = accounts.length > 0;
}

async function addAccount(event) {
  event.preventDefault();
  clearError();
  let url, most;
  try {
    url = await page.readProfile($("around-url").value);
    most = (await limits()).max_others;
  } catch (error) {
    showError(error);
    $("around-url").focus();
    return;
  }
  const accounts = load().filter((a) => a.url !== url);
  if (accounts.length >= most) return showError({ code: "too_many_profiles" });
  store([...accounts, { url, relation: $("around-relation").value }]);
  $("around-url").value = "";
}

/** The photos of the student found in the accounts around them, or why none was looked for. */
export function renderAround(audit, code) {
  const around = audit.status === "done" ? audit.around : null;
  $("around-result").hidden = !around;
  if (!around) return;
  $("around-count").textContent = around.compared ? around.found : around.why;
  $("around-how").hidden = around.compared;
  $("around-how").textContent = around.compared ? "" : `${around.how} ${code ? t("around_your_code", { code }) : ""}`;
  $("around-caution").hidden = !around.compared || !around.photos.length;
  $("around-caution").textContent = [around.caution, around.basis].filter(Boolean).join(" ");
  $("around-photos").replaceChildren(...around.photos.map(photoItem));
}

function photoItem(photo) {
  const text = el("textarea", { readonly: "", rows: "7", id: `around-request-${photo.id}`,
    "aria-label": t(photo.request.relation === "school" ? "around_request_school" : "around_request_friend") });
  text.value = photo.request.text;
  const copied = el("span", { class: "help copied", role: "status" });
  const copy = el("button", { type: "button", class: "primary copy", onclick: async () => {
    try {
      await navigator.clipboard.writeText(photo.request.text);
      copied.textContent = t("around_copied");
    } catch {
      text.select(); // no clipboard: the text is selected for the student to copy
      copied.textContent = t("around_select");
    }
  } }, t("around_copy"));
  const reasons = photo.faces.flatMap((face) => face.reasons || []);
  return el("li", { class: `around-photo risk-${photo.risk}`, "data-around-photo": photo.id },
    photo.thumbnail ? el("img", { src: photo.thumbnail, alt: photo.risk_word, width: "160" }) : "",
    el("p", {}, el("strong", {}, photo.risk_word), reasons.length ? ` — ${reasons.join(" · ")}` : ""),
    el("p", { class: "help" }, t(photo.request.relation === "school" ? "around_request_school" : "around_request_friend")),
    text, el("p", {}, copy, " ", copied),
    el("p", {}, el("a", { href: photo.report_form.url, rel: "noopener noreferrer", target: "_blank" },
      photo.report_form.label)));
}

/** storage(): where the phone page keeps its state; readProfile(typed): the profile's link, as the
 *  server's rule set reads it, or a rejection to show. */
export function initAround({ storage, readProfile }) {
  Object.assign(page, { storage, readProfile });
  $("around-form").addEventListener("submit", addAccount);
  renderAccounts();
}
