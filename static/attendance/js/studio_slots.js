/* The classroom slots section of the Studio editor: list, add (or a weekly series), remove. */
(function (root, factory) {
  'use strict';
  var slots = factory();
  if (typeof module === 'object' && module.exports) { module.exports = slots; }
  root.AttendanceStudioSlots = slots;
}(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  var FIELDS = ['title', 'start', 'end', 'duration_hours', 'location', 'online_url', 'capacity', 'repeat_weeks'];

  /** The add-slot payload from the form's values: UTC instants, numbers as typed, the browser's zone. */
  function payloadFrom(values, timeZone) {
    var payload = {};
    FIELDS.forEach(function (name) {
      var value = values[name] === undefined ? '' : String(values[name]).trim();
      if (name === 'start' || name === 'end') {
        payload[name] = value ? value + ':00Z' : '';
      } else if (name === 'capacity' || name === 'repeat_weeks') {
        payload[name] = value === '' ? (name === 'repeat_weeks' ? 1 : '') : Number(value);
      } else {
        payload[name] = value;
      }
    });
    payload.time_zone = timeZone || 'UTC';
    return payload;
  }

  function describe(slot, format, gettext) {
    return format(gettext('%(title)s: %(start)s UTC, %(registered)s of %(capacity)s seats'), {
      title: slot.title, start: String(slot.start).slice(0, 16).replace('T', ' '),
      registered: slot.registered, capacity: slot.capacity
    });
  }

  function init(form, call, server) {
    if (!form) { return; }
    var gettext = server.gettext();
    var list = form.querySelector('.attendance-slots');
    var empty = form.querySelector('.attendance-slots-empty');
    var errors = form.querySelector('.attendance-slots-errors');
    // Element ids carry the block's prefix (two editors on one page never share an id).
    var ids = form.closest('.attendance-studio').getAttribute('data-ids');

    function clearErrors() {
      errors.textContent = '';
      FIELDS.forEach(function (name) {
        form.querySelector('#' + ids + '-slot-' + name + '-error').textContent = '';
        form.elements[name].removeAttribute('aria-invalid');
      });
    }

    function showErrors(body) {
      errors.textContent = body.message || gettext('The slot could not be saved.');
      Object.keys(body.field_errors || {}).forEach(function (name) {
        var message = form.querySelector('#' + ids + '-slot-' + name + '-error');
        if (!message || !form.elements[name]) { return; }
        form.elements[name].setAttribute('aria-invalid', 'true');
        message.textContent = body.field_errors[name].join(' ');
      });
    }

    function render(state) {
      list.textContent = '';
      empty.hidden = state.slots.length > 0;
      state.slots.forEach(function (slot) {
        var item = document.createElement('li');
        item.textContent = describe(slot, server.format, gettext) + ' ';
        var remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = gettext('Remove');
        remove.setAttribute('aria-label', server.format(gettext('Remove %(title)s'), {title: slot.title}));
        remove.addEventListener('click', function () {
          call('remove_slot', {slot_id: slot.id}).then(function (answer) {
            if (answer.ok) { clearErrors(); render(answer.body); } else { showErrors(answer.body); }
          });
        });
        item.appendChild(remove);
        list.appendChild(item);
      });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearErrors();
      var values = {};
      FIELDS.forEach(function (name) { values[name] = form.elements[name].value; });
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      call('add_slots', payloadFrom(values, zone)).then(function (answer) {
        if (answer.ok) { render(answer.body); form.reset(); } else { showErrors(answer.body); }
      });
    });

    call('load_slots', {}).then(function (answer) {
      if (answer.ok) { form.hidden = false; render(answer.body); }
    });
  }

  return {describe: describe, init: init, payloadFrom: payloadFrom};
}));
