/* The learner's classroom slots in the Attendance block: times in the viewer's zone, seats left,
 * location, instructors, register / unregister, self check-in and the attendance figures.
 * The server decides everything; this module shows its answers. It talks through AttendanceServer.
 */
(function (root, factory) {
  'use strict';
  var classroom = factory();
  if (typeof module === 'object' && module.exports) { module.exports = classroom; }
  root.AttendanceClassroom = classroom;
}(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  /** "Mon, Dec 7, 2026, 10:00 – 12:00" in the viewer's locale and zone (the end's date if it differs). */
  function slotTimes(slot, locale, timeZone) {
    var start = new Date(slot.start);
    var end = new Date(slot.end);
    var options = {dateStyle: 'medium', timeStyle: 'short'};
    if (timeZone) { options.timeZone = timeZone; }
    var dateOnly = {dateStyle: 'medium'};
    if (timeZone) { dateOnly.timeZone = timeZone; }
    var sameDay = new Intl.DateTimeFormat(locale, dateOnly).format(start) ===
      new Intl.DateTimeFormat(locale, dateOnly).format(end);
    var endOptions = sameDay ? {timeStyle: 'short'} : options;
    if (timeZone) { endOptions.timeZone = timeZone; }
    return new Intl.DateTimeFormat(locale, options).format(start) + ' – ' +
      new Intl.DateTimeFormat(locale, endOptions).format(end);
  }

  /** What the learner can do with a slot now: register, join the waiting list, leave it, or nothing. */
  function actionFor(slot, nowMs) {
    if (slot.my_mark) { return 'none'; }
    var started = Date.parse(slot.start) <= nowMs;
    var ended = Date.parse(slot.end) <= nowMs;
    if (slot.my_registration === 'registered') {
      if (ended) { return 'none'; }
      return started ? 'checkin' : 'unregister';
    }
    if (slot.my_registration === 'waiting') { return started ? 'none' : 'leave'; }
    if (started) { return 'none'; }
    return slot.seats_left > 0 ? 'register' : 'wait';
  }

  /** The check-in code a scanned QR code put in the page address for this slot, or ''. */
  function codeFromQuery(search, slotId) {
    var params = new URLSearchParams(search || '');
    var code = params.get('code') || '';
    return params.get('slot') === String(slotId) && /^\d{6}$/.test(code) ? code : '';
  }

  function seatsText(slot, gettext, format) {
    if (slot.seats_left > 0) {
      return format(gettext('%(seats)s of %(capacity)s seats left'), {seats: slot.seats_left, capacity: slot.capacity});
    }
    return format(gettext('Full, %(waiting)s waiting'), {waiting: slot.waiting});
  }

  function figuresText(figures, gettext, format) {
    if (!figures || figures.percent === null || figures.percent === undefined) {
      return gettext('No slot of yours has been held yet.');
    }
    return format(gettext('Attendance so far: %(percent)s % over %(held)s slots. Best still reachable: %(best)s %.'), {
      percent: figures.percent, held: figures.held_slots, best: figures.best_reachable_percent
    });
  }

  function init(section, args, server) {
    var panel = section.querySelector('.attendance-classroom');
    if (!panel || !args) { return; }
    var gettext = server.gettext();
    var list = panel.querySelector('.attendance-classroom-slots');
    var status = panel.querySelector('.attendance-classroom-status');
    var figures = panel.querySelector('.attendance-classroom-figures');
    var locale = (root().navigator && root().navigator.language) || undefined;
    var labels = {
      register: gettext('Register'), wait: gettext('Join the waiting list'), unregister: gettext('Unregister'),
      leave: gettext('Leave the waiting list'), checkin: gettext('Check in')
    };

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle('attendance-status-error', Boolean(isError));
    }

    function field(container, className, text) {
      var node = root().document.createElement('p');
      node.className = className;
      node.textContent = text;
      container.appendChild(node);
      return node;
    }

    function act(slot, action, code) {
      var url = args.slots_url + slot.id + (action === 'checkin' ? '/checkin/' : '/registration/');
      var method = action === 'unregister' || action === 'leave' ? 'DELETE' : 'POST';
      var payload = action === 'checkin' ? {code: code} : undefined;
      return server.sendJSON(method, url, payload).then(function (answer) {
        if (!answer.ok) { say(answer.body.message || gettext('That did not work. Try again.'), true); return; }
        say(action === 'checkin' ? gettext('You are checked in.') :
          (answer.body.status === 'waiting' ? gettext('You are on the waiting list.') : gettext('Saved.')));
        refresh();
      });
    }

    /** The slot whose control has focus, so a redraw can give focus back to that slot's new control. */
    function focusedSlotId() {
      var active = root().document.activeElement;
      return active && list.contains(active) ? active.getAttribute('data-slot-id') : null;
    }

    function restoreFocus(slotId) {
      if (slotId === null) { return; }
      var control = list.querySelector('button[data-slot-id="' + slotId + '"], input[data-slot-id="' + slotId + '"]');
      // No control left (checked in, say): the slot's title takes focus rather than the page.
      var target = control || list.querySelector('h5[data-slot-id="' + slotId + '"]');
      if (!target) { status.tabIndex = -1; target = status; }
      target.focus();
    }

    function render(slots) {
      var focusSlot = focusedSlotId();
      list.textContent = '';
      if (!slots.length) { field(list, 'attendance-help', gettext('No slot is scheduled yet.')); return; }
      slots.forEach(function (slot) {
        var item = root().document.createElement('li');
        item.className = 'attendance-classroom-slot';
        var title = root().document.createElement('h5');
        title.textContent = slot.title;
        title.id = 'attendance-classroom-slot-' + slot.id;
        title.tabIndex = -1;
        title.setAttribute('data-slot-id', String(slot.id));
        item.appendChild(title);
        field(item, 'attendance-classroom-when', slotTimes(slot, locale));
        if (slot.location) { field(item, 'attendance-classroom-where', slot.location); }
        if (slot.online_url) {
          var link = root().document.createElement('a');
          link.href = slot.online_url;
          link.rel = 'noopener noreferrer';
          link.target = '_blank';
          link.textContent = gettext('Online link (opens a new tab)');
          item.appendChild(link);
        }
        if (slot.instructors.length) {
          field(item, 'attendance-classroom-who', server.format(gettext('With %(names)s'), {
            names: slot.instructors.map(function (person) { return person.name; }).join(', ')
          }));
        }
        field(item, 'attendance-classroom-seats', seatsText(slot, gettext, server.format));
        if (slot.my_mark) {
          field(item, 'attendance-classroom-mark', server.format(gettext('Your attendance: %(status)s'), {
            status: slot.my_mark
          }));
        }
        var action = actionFor(slot, Date.now());
        if (action === 'checkin') {
          var form = root().document.createElement('form');
          var inputId = 'attendance-checkin-' + slot.id;
          var label = root().document.createElement('label');
          label.htmlFor = inputId;
          label.textContent = gettext('Code shown in the room');
          var input = root().document.createElement('input');
          input.id = inputId;
          input.inputMode = 'numeric';
          input.autocomplete = 'off';
          input.maxLength = 6;
          input.value = codeFromQuery(root().location && root().location.search, slot.id);
          input.setAttribute('data-slot-id', String(slot.id));
          var button = root().document.createElement('button');
          button.type = 'submit';
          button.textContent = labels.checkin;
          button.setAttribute('aria-describedby', title.id);
          form.appendChild(label);
          form.appendChild(input);
          form.appendChild(button);
          form.addEventListener('submit', function (event) {
            event.preventDefault();
            act(slot, 'checkin', input.value.trim());
          });
          item.appendChild(form);
        } else if (action !== 'none') {
          var actButton = root().document.createElement('button');
          actButton.type = 'button';
          actButton.textContent = labels[action];
          // Every slot has its own Register button: its title tells them apart to a screen reader.
          actButton.setAttribute('aria-describedby', title.id);
          actButton.setAttribute('data-slot-id', String(slot.id));
          actButton.addEventListener('click', function () { act(slot, action); });
          item.appendChild(actButton);
        }
        list.appendChild(item);
      });
      restoreFocus(focusSlot);
    }

    function refresh() {
      server.sendJSON('GET', args.slots_url).then(function (answer) {
        if (answer.ok) { render(answer.body); } else { say(answer.body.message || '', true); }
      });
      server.sendJSON('GET', args.attendance_url).then(function (answer) {
        if (answer.ok) { figures.textContent = figuresText(answer.body, gettext, server.format); }
      });
    }

    refresh();
  }

  function root() { return typeof window !== 'undefined' ? window : globalThis; }

  return {actionFor: actionFor, codeFromQuery: codeFromQuery, figuresText: figuresText, init: init, seatsText: seatsText, slotTimes: slotTimes};
}));
