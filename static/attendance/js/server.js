/* The one module that talks to the server for the Attendance block. */
(function (root) {
  'use strict';

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function translator() {
    var catalog = root.AttendanceI18N;
    if (catalog && typeof catalog.gettext === 'function') {
      return catalog.gettext.bind(catalog);
    }
    if (typeof root.gettext === 'function') {
      return root.gettext;
    }
    return function (text) { return text; };
  }

  /**
   * POST a JSON object to a URL. Resolves with {ok, status, body}; never rejects on HTTP errors,
   * so callers show the server's translated message.
   */
  function postJSON(url, payload) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken()},
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return {ok: response.ok, status: response.status, body: body};
      });
    });
  }

  /** Replace %(name)s in a translated string with values[name], and %% with %. */
  function format(text, values) {
    return text.replace(/%%|%\((\w+)\)s/g, function (match, name) {
      if (match === '%%') { return '%'; }
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  root.AttendanceServer = {postJSON: postJSON, gettext: translator, format: format};
}(window));
