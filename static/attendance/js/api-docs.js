/* Swagger UI of the Attendance & Credits API: the schema URL comes from the page, and "Try it out"
   sends the session's CSRF token as Django expects. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var cookieName = root.getAttribute("data-csrf-cookie") || "csrftoken";

  function csrfToken() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + cookieName + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
    requestInterceptor: function (request) {
      request.headers["X-CSRFToken"] = csrfToken();
      return request;
    },
  });
})();
