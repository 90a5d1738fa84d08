// The pairing link's page (/pair#CODE): shows the server and the code, offers the phone path
// with the code, and puts the code beside the server's address in the page's <meta>, where the
// extension reads both when the student opens it over this page (extension/lib/pairing.js).
import { $, t, codeFromFragment } from "./page.js";

const code = codeFromFragment();
if (code) {
  $("pair-code").textContent = code;
  // The code travels on in the fragment again: same page origin, never sent to the server.
  $("pair-phone").href = `/${location.search}#${encodeURIComponent(code)}`;
  document.querySelector('meta[name="exposure-check-pairing"]').dataset.code = code;
} else {
  $("error").textContent = t("pair_no_code");
  $("error").hidden = false;
  $("offer").hidden = true;
  $("extension-box").hidden = true; // the phone page still takes a typed code
}
document.body.dataset.ready = "1";
