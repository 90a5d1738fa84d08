// The pairing link's page (/pair#CODE): shows the server and the code, offers the phone path
// with the code, and leaves the button for the extension to its own script on this page
// (extension/pairing-link.js), which shows it only where the extension is installed.
import { $, t, codeFromFragment } from "./page.js";

const code = codeFromFragment();
if (code) {
  $("pair-code").textContent = code;
  // The code travels on in the fragment again: same page origin, never sent to the server.
  $("pair-phone").href = `/${location.search}#${encodeURIComponent(code)}`;
  document.body.dataset.code = code; // read by the extension's script on this page
} else {
  $("error").textContent = t("pair_no_code");
  $("error").hidden = false;
  $("offer").hidden = true;
  $("extension-box").hidden = true; // the phone page still takes a typed code
}
document.body.dataset.ready = "1";
