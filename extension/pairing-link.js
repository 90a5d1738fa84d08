// The extension's script on a pairing link's page (/pair#CODE on the server). It shows the
// page's "Pair my extension" button and, on a click, hands the code to the service worker.
// The server's address is never taken from the page: the worker uses the page's own origin,
// and the user still confirms that address in the extension's own settings page.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;

  function setup() {
    const button = document.getElementById("pair-extension");
    const code = document.body && document.body.dataset.code;
    if (!button || !code) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const answer = await api.runtime.sendMessage({ what: "offerPairing", code });
      const sent = document.getElementById("pair-extension-sent");
      if (answer && answer.ok && sent) sent.hidden = false;
    });
  }

  if (document.body && document.body.dataset.ready) setup();
  else window.addEventListener("load", setup, { once: true });
})();
