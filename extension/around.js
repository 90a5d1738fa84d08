// Accounts around me in the popup: the school's, a club's or friends' accounts (kept by the
// background as "others"), and after a check the photos of the reader found there, each with
// the request to copy. Every word about the photos comes from the backend's answer (its
// document, in the extension's language); the popup only lays it out.
import { ask, t } from "./lib/ext.js";
import { el, showError, clearError } from "./lib/ui.js";

const $ = (id) => document.getElementById(id);

export function renderOthers(others = []) {
  $("others").replaceChildren(...others.map(({ url, relation }) => el("li", {},
    el("span", { class: "url" }, url), " ",
    el("span", { class: "muted" }, t(relation === "school" ? "aroundSchool" : "aroundFriend")),
    el("button", { type: "button", class: "link", "aria-label": `${t("remove")}: ${url}`,
      onclick: async () => renderOthers(await ask("removeOther", { url })) }, t("remove")))));
  $("no-others").hidden = others.length > 0;
}

export function initOthers(errorBox) {
  $("others-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(errorBox);
    try {
      renderOthers(await ask("addOther", { url: $("others-url").value, relation: $("others-relation").value }));
      $("others-url").value = "";
    } catch (error) {
      showError(errorBox, error);
    }
  });
}

/** The part of the summary about the accounts around the reader; "" when the check named none. */
export function aroundSummary(audit) {
  const around = audit.around;
  if (!around) return "";
  if (!around.compared) {
    return el("div", { class: "around", id: "around-summary" },
      el("h3", {}, t("aroundResultTitle")), el("p", {}, around.why), el("p", { class: "muted" }, around.how));
  }
  return el("div", { class: "around", id: "around-summary" },
    el("h3", {}, t("aroundResultTitle")), el("p", {}, around.found),
    around.photos.length ? el("p", { class: "muted" }, around.caution) : "",
    el("ul", { class: "around-photos" }, around.photos.map(photoItem)));
}

function photoItem(photo) {
  const copied = el("span", { class: "muted copied", role: "status" });
  return el("li", { "data-around-photo": photo.id },
    photo.thumbnail ? el("img", { src: photo.thumbnail, alt: photo.risk_word, width: "120" }) : "",
    el("p", {}, el("strong", {}, photo.risk_word)),
    el("button", { type: "button", class: "copy", onclick: async () => {
      await navigator.clipboard.writeText(photo.request.text);
      copied.textContent = t("aroundCopied");
    } }, t(photo.request.relation === "school" ? "aroundCopySchool" : "aroundCopyFriend")), " ", copied,
    el("p", {}, el("a", { href: photo.report_form.url, target: "_blank", rel: "noopener noreferrer" },
      photo.report_form.label)));
}
