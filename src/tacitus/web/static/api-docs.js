// The interactive API reference at /api/docs, from Swagger UI files this server
// serves itself (no CDN, and no inline script: the page runs under the app's CSP).
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  if (typeof window.SwaggerUIBundle !== "function") return;  // the page keeps its link to /openapi.json
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
