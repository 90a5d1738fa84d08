// Small DOM helpers shared by the popup, the options page and the photo check page.
import { t, api } from "./ext.js";
import { uiLanguage } from "./backend.js";

/** Create an element with attributes and children (strings become text, never HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Localized words for a risk grade: high, medium, low or none. */
export function gradeLabel(risk) {
  return t(`grade_${risk}`) || risk;
}

/** A badge showing a grade, coloured and worded (colour is never the only cue). */
export function gradeBadge(risk, label = null) {
  return el("span", { class: `badge grade-${risk}` }, label || gradeLabel(risk));
}

/** The user-facing explanation of a failure, by its code. Returns {text, action}
 *  where action is "settings" when the fix is on the options page. */
export function explain(error) {
  const code = error && error.code;
  switch (code) {
    case "backend_down": return { text: t("errBackendDown"), action: "settings" };
    case "workshop_closed": return { text: t("errWorkshopClosed") };
    case "class_full": return { text: t("errClassFull") };
    case "rate_limited": return { text: t("errRateLimited") };
    case "not_paired": return { text: t("errNotPaired"), action: "settings" };
    case "unauthorized": return { text: t("errUnauthorized"), action: "settings" };
    case "bad_address": return { text: t("errBadAddress") };
    case "bad_code": case "missing_code": return { text: t("errBadCode") };
    case "image_unreadable": return { text: t("errImageUnreadable") };
    case "bad_link": return { text: t("errBadLink") };
    case "typed_input": return { text: error.message }; // worded by the backend in the reader's language
    case "no_profiles": return { text: t("errNoProfiles") };
    case "bad_consent": return { text: t("errConsent") };
    case "too_many": return { text: t("errTooMany") };
    case "permission_denied": return { text: t("errPermission") };
    case "foreign_offer": return { text: t("errForeignOffer") };
    case "managed_elsewhere": return { text: t("errManagedElsewhere") };
    case "not_own_profile": return { text: t("errNotOwnProfile") };
    case "not_a_profile": return { text: t("errNotAProfile") };
    case "no_photos": return { text: t("errNoPhotos") };
    case "not_a_zip": case "not_an_export": case "missing_export": return { text: t("errNotAnExport") };
    case "no_photos_in_export": return { text: t("errExportNoPhotos") };
    case "unknown_layout": // the backend's detail (how many pictures) is English: shown to English readers only
      return { text: t("errExportNewLayout"), hint: api.i18n.getUILanguage().startsWith("en") ? error.message : null };
    case "export_too_large": return { text: t("errExportTooLarge") };
    case "too_many_uploads": return { text: t("errTooManyUploads") };
    case "storage_full": return { text: t("errStorageFull") };
    case "busy": return { text: t("errBusy") };
    case "not_with_fleet": return { text: t("errNotWithFleet") };
    case "zip_bomb": case "unsafe_path": case "symlink": case "nested_archive": case "too_many_entries":
    case "encrypted": case "private_file": case "damaged": case "index_too_large":
      // The backend's detail is English: shown to English readers only.
      return { text: t("errExportUnsafe"), hint: uiLanguage().startsWith("en") ? error.message : null };
    case "file_too_large": case "body_too_large": return { text: t("errFileTooLarge") };
    case "unreadable_image": case "missing_image": return { text: t("errNotAPhoto") };
    default: return { text: t("errOther", [error && error.message ? error.message : String(code)]) };
  }
}

/** Fill `box` with the explanation of `error`, with a button to the settings when that
 *  helps (unless `onSettingsPage`, where the fix is already in view). */
export function showError(box, error, { onSettingsPage = false } = {}) {
  const { text, hint, action } = explain(error);
  box.replaceChildren(el("p", {}, text));
  if (hint) box.append(el("pre", { class: "hint" }, hint));
  if (action === "settings" && !onSettingsPage) {
    box.append(el("button", { type: "button", class: "secondary", onclick: () => api.runtime.openOptionsPage() }, t("openSettings")));
  }
  box.hidden = false;
  box.dataset.code = (error && error.code) || "";
}

/** Clear an error box. */
export function clearError(box) {
  box.replaceChildren();
  box.hidden = true;
  delete box.dataset.code;
}

/** Read a File as base64 (without the data: prefix), for sending to the service worker. */
export function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
