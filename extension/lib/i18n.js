// Fills the page's text from _locales: data-i18n sets textContent, data-i18n-attr
// sets attributes ("placeholder:key,aria-label:key").
import { t } from "./ext.js";
import { uiLanguage } from "./backend.js";

/** Localize every marked element under `root` and set the document language. */
export function localize(root = document) {
  document.documentElement.lang = uiLanguage(); // the language of the words below
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(",")) {
      const [attr, key] = pair.split(":");
      el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}
