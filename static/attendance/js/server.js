/* The one module that talks to the server for the Attendance block. */
(function (root) {
  'use strict';

  // The platform's CSRF_COOKIE_NAME, handed over in the block's init args (see configure).
  var csrfCookieName = '';

  /** Take settings the server passed in a block's init args: {csrf_cookie_name: ...}. */
  function configure(args) {
    if (args && typeof args.csrf_cookie_name === 'string' && args.csrf_cookie_name) {
      csrfCookieName = args.csrf_cookie_name;
    }
  }

  /** A block's arguments: the escaped JSON element the block appends (ADR 0011), else the runtime's. */
  function blockArgs(element, args) {
    var embedded = element.querySelector('script.attendance-init-args');
    return embedded ? JSON.parse(embedded.textContent) : args;
  }

  /** The value of the CSRF cookie, or '' (the server then refuses the POST with a clear 403). */
  function csrfToken(cookies) {
    var jar = typeof cookies === 'string' ? cookies : root.document.cookie;
    if (!csrfCookieName || !jar) { return ''; }
    var pairs = jar.split(';');
    for (var i = 0; i < pairs.length; i += 1) {
      var pair = pairs[i].replace(/^\s+/, '');
      var equals = pair.indexOf('=');
      if (equals > 0 && pair.slice(0, equals) === csrfCookieName) {
        return decodeURIComponent(pair.slice(equals + 1));
      }
    }
    return '';
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

  /**
   * Send a JSON request (GET without a body) to a URL. Resolves like postJSON with {ok, status, body};
   * a 204 resolves with an empty body.
   */
  function sendJSON(method, url, payload) {
    var options = {
      method: method,
      credentials: 'same-origin',
      headers: {Accept: 'application/json', 'X-CSRFToken': csrfToken()}
    };
    if (payload !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(payload);
    }
    return fetch(url, options).then(function (response) {
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

  var server = {
    blockArgs: blockArgs, configure: configure, csrfToken: csrfToken, postJSON: postJSON, sendJSON: sendJSON,
    gettext: translator, format: format
  };
  root.AttendanceServer = server;
  if (typeof module === 'object' && module.exports) { module.exports = server; }
}(typeof window !== 'undefined' ? window : globalThis));
