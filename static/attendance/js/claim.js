/* The Claim credits button of the Attendance block: one POST, the server's answer announced. */
(function (root) {
  'use strict';

  function unitsText(units, gettext, format) {
    return units.map(function (unit) {
      return format(gettext('%(acronym)s: %(earned)s earned, %(claimed)s claimed'), {
        acronym: unit.acronym, earned: unit.earned, claimed: unit.claimed || '0'
      });
    });
  }

  /** Wire the button inside `section`; `claim` is the status the block rendered with. */
  function init(section, claim) {
    var container = section.querySelector('.attendance-claim');
    if (!container || !claim) { return; }
    var server = root.AttendanceServer;
    var gettext = server.gettext();
    var button = container.querySelector('.attendance-claim-button');
    var result = container.querySelector('.attendance-claim-result');
    var reason = container.querySelector('.attendance-claim-reason');
    var list = container.querySelector('.attendance-claim-units');

    function show(status) {
      list.textContent = '';
      unitsText(status.units || [], gettext, server.format).forEach(function (text) {
        var item = document.createElement('li');
        item.textContent = text;
        list.appendChild(item);
      });
      reason.textContent = status.reason || '';
    }

    if (!button) { return; }
    button.addEventListener('click', function () {
      button.disabled = true;  // a double click makes one request (and the server one claim)
      result.textContent = gettext('Claiming…');
      server.postJSON(claim.claim_url, {}).then(function (answer) {
        button.disabled = false;
        if (!answer.ok) {
          result.textContent = answer.body.message || gettext('The claim could not be made.');
          return;
        }
        show(answer.body);
        var now = answer.body.claimed_now || [];
        result.textContent = now.length
          ? server.format(gettext('Claimed: %(units)s.'), {
            units: now.map(function (unit) { return unit.units + ' ' + unit.acronym; }).join(', ')
          })
          : gettext('Nothing new to claim: you have claimed everything earned so far.');
      });
    });
  }

  root.AttendanceClaim = {init: init, unitsText: unitsText};
}(window));
