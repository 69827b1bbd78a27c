/* CAMI Portal: hands the vendored ReDoc bundle what the page's strict CSP needs, read from the
   page's meta elements: the nonce for the <style> elements ReDoc creates, and the URL of its
   search worker, a static file rather than a blob: (see static/vendor/redoc/README.md).
   Load before the bundle. */
(function () {
  "use strict";
  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element && element.content ? element.content : undefined;
  }
  globalThis.redocCspNonce = meta("csp-nonce");
  globalThis.redocSearchWorkerUrl = meta("redoc-search-worker");
})();
