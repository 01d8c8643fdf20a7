/* The classroom slots section of the Studio editor: list, add (or a weekly series), edit, remove. */
(function (root, factory) {
  'use strict';
  var slots = factory();
  if (typeof module === 'object' && module.exports) { module.exports = slots; }
  root.AttendanceStudioSlots = slots;
}(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  var FIELDS = ['title', 'start', 'end', 'duration_hours', 'location', 'online_url', 'capacity',
    'instructors', 'cohort_id', 'repeat_weeks'];
  var ADD_ONLY = ['repeat_weeks'];

  /** The add-slot payload from the form's values: UTC instants, numbers as typed, the browser's zone. */
  function payloadFrom(values, timeZone) {
    var payload = {};
    FIELDS.forEach(function (name) {
      var value = values[name] === undefined ? '' : String(values[name]).trim();
      if (name === 'start' || name === 'end') {
        payload[name] = value ? value + ':00Z' : '';
      } else if (name === 'capacity' || name === 'repeat_weeks') {
        payload[name] = value === '' ? (name === 'repeat_weeks' ? 1 : '') : Number(value);
      } else if (name === 'cohort_id') {
        payload[name] = value === '' ? null : Number(value);
      } else {
        payload[name] = value;
      }
    });
    payload.time_zone = timeZone || 'UTC';
    return payload;
  }

  /** The edit payload: the slot's id and every field but those only a new series has. */
  function updatePayloadFrom(slotId, values) {
    var payload = payloadFrom(values, 'UTC');
    ADD_ONLY.concat(['time_zone']).forEach(function (name) { delete payload[name]; });
    payload.slot_id = slotId;
    return payload;
  }

  /** A slot's values as the form shows them (datetime-local in UTC, instructors by username). */
  function formValues(slot) {
    return {
      title: slot.title, start: String(slot.start).slice(0, 16), end: String(slot.end).slice(0, 16),
      duration_hours: String(Number(slot.duration_hours)), location: slot.location,
      online_url: slot.online_url, capacity: String(slot.capacity),
      instructors: (slot.instructor_usernames || []).join(' '),
      cohort_id: slot.cohort_id === null || slot.cohort_id === undefined ? '' : String(slot.cohort_id)
    };
  }

  function describe(slot, format, gettext) {
    return format(gettext('%(title)s: %(start)s UTC, %(registered)s of %(capacity)s seats'), {
      title: slot.title, start: String(slot.start).slice(0, 16).replace('T', ' '),
      registered: slot.registered, capacity: slot.capacity
    });
  }

  function button(text, label, onClick) {
    var node = document.createElement('button');
    node.type = 'button';
    node.textContent = text;
    node.setAttribute('aria-label', label);
    node.addEventListener('click', onClick);
    return node;
  }

  function init(form, call, server) {
    if (!form) { return null; }
    var gettext = server.gettext();
    var list = form.querySelector('.attendance-slots');
    var empty = form.querySelector('.attendance-slots-empty');
    var errors = form.querySelector('.attendance-slots-errors');
    var status = form.querySelector('.attendance-slots-status');
    var submit = form.querySelector('.attendance-add-slot');
    var cancel = form.querySelector('.attendance-cancel-edit');
    // Element ids carry the block's prefix (two editors on one page never share an id).
    var ids = form.closest('.attendance-studio').getAttribute('data-ids');
    var legend = form.querySelector('#' + ids + '-slot-legend');
    var editing = null;
    var listeners = [];

    function clearErrors() {
      errors.textContent = '';
      status.textContent = '';
      FIELDS.forEach(function (name) {
        form.querySelector('#' + ids + '-slot-' + name + '-error').textContent = '';
        form.elements[name].removeAttribute('aria-invalid');
      });
    }

    function showErrors(body) {
      errors.textContent = body.message || gettext('The slot could not be saved.');
      var first = null;
      Object.keys(body.field_errors || {}).forEach(function (name) {
        var message = form.querySelector('#' + ids + '-slot-' + name + '-error');
        if (!message || !form.elements[name]) { return; }
        form.elements[name].setAttribute('aria-invalid', 'true');
        message.textContent = body.field_errors[name].join(' ');
        first = first || form.elements[name];
      });
      if (first) { first.focus(); }
    }

    function renderCohorts(cohorts) {
      var select = form.elements.cohort_id;
      var chosen = select.value;
      select.textContent = '';
      [{id: '', name: gettext('All learners of the course')}].concat(cohorts).forEach(function (cohort) {
        var option = document.createElement('option');
        option.value = String(cohort.id);
        option.textContent = cohort.name;
        select.appendChild(option);
      });
      select.value = chosen;
      if (select.selectedIndex < 0) { select.value = ''; }
    }

    function setMode(slot) {
      editing = slot ? slot.id : null;
      form.querySelectorAll('.attendance-repeat').forEach(function (node) { node.hidden = Boolean(slot); });
      cancel.hidden = !slot;
      legend.textContent = slot ? server.format(gettext('Edit %(title)s'), {title: slot.title}) : gettext('Add a slot');
      submit.textContent = slot ? gettext('Save the slot') : gettext('Add');
    }

    function startEditing(slot) {
      clearErrors();
      form.reset();
      var values = formValues(slot);
      Object.keys(values).forEach(function (name) { form.elements[name].value = values[name]; });
      setMode(slot);
      legend.focus();
    }

    function render(state) {
      list.textContent = '';
      empty.hidden = state.slots.length > 0;
      renderCohorts(state.cohorts || []);
      state.slots.forEach(function (slot) {
        var item = document.createElement('li');
        item.textContent = describe(slot, server.format, gettext) + ' ';
        item.appendChild(button(gettext('Edit'), server.format(gettext('Edit %(title)s'), {title: slot.title}),
          function () { startEditing(slot); }));
        item.appendChild(button(gettext('Remove'), server.format(gettext('Remove %(title)s'), {title: slot.title}),
          function () {
            call('remove_slot', {slot_id: slot.id}).then(function (answer) {
              if (answer.ok) { clearErrors(); render(answer.body); } else { showErrors(answer.body); }
            });
          }));
        list.appendChild(item);
      });
      listeners.forEach(function (listener) { listener(state); });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearErrors();
      var values = {};
      FIELDS.forEach(function (name) { values[name] = form.elements[name].value; });
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var request = editing === null
        ? call('add_slots', payloadFrom(values, zone))
        : call('update_slot', updatePayloadFrom(editing, values));
      request.then(function (answer) {
        if (!answer.ok) { showErrors(answer.body); return; }
        status.textContent = editing === null ? gettext('Slots added.') : gettext('Slot saved.');
        render(answer.body);
        form.reset();
        setMode(null);
      });
    });

    cancel.addEventListener('click', function () { clearErrors(); form.reset(); setMode(null); legend.focus(); });

    call('load_slots', {}).then(function (answer) {
      if (answer.ok) { form.hidden = false; render(answer.body); }
    });
    // Other sections (the CSV import) show the slots they changed through this list.
    return {render: render, onRender: function (listener) { listeners.push(listener); }};
  }

  return {describe: describe, formValues: formValues, init: init, payloadFrom: payloadFrom,
    updatePayloadFrom: updatePayloadFrom};
}));
