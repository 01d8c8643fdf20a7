/* The instructor's classroom page: the rotating check-in code and the live list of check-ins. */
(function (root) {
  'use strict';

  var CODE_FALLBACK_MS = 3000;
  var CHECKINS_EVERY_MS = 5000;

  /** Milliseconds until the code expiring at `expiresAt` (ISO 8601) should be fetched again. */
  function refreshDelay(expiresAt, nowMs) {
    var at = Date.parse(expiresAt);
    if (isNaN(at)) { return CODE_FALLBACK_MS; }
    return Math.min(Math.max(at - nowMs + 200, 500), 15000);
  }

  /** The text of one check-in line: the outcome label and the time (HH:MM:SS UTC). */
  function checkinText(checkin, labels) {
    var label = labels[checkin.outcome] || checkin.outcome;
    var time = typeof checkin.at === 'string' ? checkin.at.slice(11, 19) : '';
    return label + ' · ' + time + ' · ' + (checkin.username || '#' + checkin.user_id);
  }

  function getJSON(url) {
    return fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      });
  }

  function start(section) {
    var codeNode = section.querySelector('[data-code]');
    var qrNode = section.querySelector('[data-qr]');
    var listNode = section.querySelector('[data-checkins]');
    var labels = {
      accepted: section.dataset.acceptedLabel,
      shared_ip: section.dataset.flaggedLabel,
      outside_subnet: section.dataset.outsideLabel
    };

    function showCode() {
      getJSON(section.dataset.codeUrl).then(function (shown) {
        codeNode.textContent = shown.code;
        // The SVG is made by the server (segno) from the check-in address; no learner input in it.
        qrNode.innerHTML = shown.qr_svg;
        root.setTimeout(showCode, refreshDelay(shown.expires_at, Date.now()));
      }).catch(function () {
        codeNode.textContent = section.dataset.errorLabel;
        root.setTimeout(showCode, CODE_FALLBACK_MS);
      });
    }

    function showCheckins() {
      getJSON(section.dataset.checkinsUrl).then(function (checkins) {
        listNode.textContent = '';
        checkins.forEach(function (checkin) {
          var item = root.document.createElement('li');
          item.textContent = checkinText(checkin, labels);
          if (checkin.outcome !== 'accepted') { item.className = 'classroom-flagged'; }
          listNode.appendChild(item);
        });
      }).catch(function () { /* the next round retries */ }).then(function () {
        root.setTimeout(showCheckins, CHECKINS_EVERY_MS);
      });
    }

    showCode();
    showCheckins();
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = {refreshDelay: refreshDelay, checkinText: checkinText};
  } else {
    var section = root.document.querySelector('.classroom-code');
    if (section) { start(section); }
  }
}(typeof window !== 'undefined' ? window : globalThis));
