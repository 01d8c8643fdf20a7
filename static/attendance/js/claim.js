/* The "Your credits" panel of the Attendance block: the Claim credits button and the figures beside it.
 *
 * The panel shows the server's claim status. It is refreshed by the claim reply and, so that it never
 * disagrees with the meter, by every beat or answer reply that carries a `claim` (DESIGN section 6,
 * "the block tells one truth"). Under node (tests/js) this is a CommonJS module.
 */
(function (root, factory) {
  'use strict';
  var api = factory(root);
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.AttendanceClaim = api;
  }
}(typeof window !== 'undefined' ? window : this, function (root) {
  'use strict';

  function unitsText(units, gettext, format) {
    return units.map(function (unit) {
      return format(gettext('%(acronym)s: %(earned)s earned, %(claimed)s claimed'), {
        acronym: unit.acronym, earned: unit.earned, claimed: unit.claimed || '0'
      });
    });
  }

  /** The panel inside `container`, drawn from claim statuses; only real changes touch the DOM. */
  function ClaimPanel(container, gettext, format) {
    this.container = container;
    this.gettext = gettext;
    this.format = format;
    this.button = container.querySelector('.attendance-claim-button');
    this.list = container.querySelector('.attendance-claim-units');
    this.reason = container.querySelector('.attendance-claim-reason');
    this.result = container.querySelector('.attendance-claim-result');
    this.key = null;
  }

  ClaimPanel.prototype.show = function (status) {
    if (!status) { return; }
    var lines = unitsText(status.units || [], this.gettext, this.format);
    var key = JSON.stringify([lines, status.reason || '', Boolean(status.show_button)]);
    if (key === this.key) { return; }
    this.key = key;
    var list = this.list;
    list.textContent = '';
    lines.forEach(function (text) {
      var item = list.ownerDocument.createElement('li');
      item.textContent = text;
      list.appendChild(item);
    });
    this.reason.textContent = status.reason || '';
    if (this.button) { this.button.hidden = !status.show_button || !(status.units || []).length; }
  };

  /** Wire the button inside `section`; `claim` is the status the block rendered with. Returns the panel. */
  function init(section, claim) {
    var container = section.querySelector('.attendance-claim');
    if (!container || !claim) { return null; }
    var server = root.AttendanceServer;
    var gettext = server.gettext();
    var panel = new ClaimPanel(container, gettext, server.format);
    var button = panel.button;
    var result = panel.result;
    if (!button) { return panel; }
    var busy = false;
    button.addEventListener('click', function () {
      // A double click makes one request (and the server one claim). aria-disabled, not disabled:
      // a disabled button drops keyboard focus to the page, and the learner loses their place.
      if (busy) { return; }
      busy = true;
      button.setAttribute('aria-disabled', 'true');
      result.textContent = gettext('Claiming…');
      server.postJSON(claim.claim_url, {}).then(function (answer) {
        busy = false;
        button.removeAttribute('aria-disabled');
        if (!answer.ok) {
          result.textContent = answer.body.message || gettext('The claim could not be made.');
          return;
        }
        panel.show(answer.body);
        var now = answer.body.claimed_now || [];
        result.textContent = now.length
          ? server.format(gettext('Claimed: %(units)s.'), {
            units: now.map(function (unit) { return unit.units + ' ' + unit.acronym; }).join(', ')
          })
          : gettext('Nothing new to claim: you have claimed everything earned so far.');
        if (button.hidden) {  // nothing left to claim: the result, not the page, keeps keyboard focus
          result.tabIndex = -1;
          result.focus();
        }
      });
    });
    return panel;
  }

  return {ClaimPanel: ClaimPanel, init: init, unitsText: unitsText};
}));
