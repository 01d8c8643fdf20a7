/* The Studio editor's classroom settings: registration, marking, check-in and low-attendance warnings. */
(function (root, factory) {
  'use strict';
  var settings = factory();
  if (typeof module === 'object' && module.exports) { module.exports = settings; }
  root.AttendanceStudioSettings = settings;
}(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  var WHOLE = ['registration_closes_minutes', 'present_within_minutes', 'automark_after_minutes',
    'warn_after_slots', 'warn_at_most'];
  var FIELDS = WHOLE.concat(['automark_status', 'checkin_one_per_ip', 'checkin_subnets', 'warn_below_percent']);

  /** The settings payload: whole numbers as numbers (text the server refuses stays text), the
   *  warning threshold as typed or null for off, the switch as a boolean. */
  function settingsPayload(values) {
    var payload = {};
    WHOLE.forEach(function (name) {
      var value = String(values[name] === undefined ? '' : values[name]).trim();
      payload[name] = /^\d+$/.test(value) ? Number(value) : value;
    });
    var threshold = String(values.warn_below_percent === undefined ? '' : values.warn_below_percent).trim();
    payload.warn_below_percent = threshold === '' ? null : threshold;
    payload.automark_status = values.automark_status;
    payload.checkin_one_per_ip = Boolean(values.checkin_one_per_ip);
    payload.checkin_subnets = String(values.checkin_subnets || '').trim();
    return payload;
  }

  function init(form, call, server, publish) {
    if (!form) { return null; }
    var gettext = server.gettext();
    var ids = form.closest('.attendance-studio').getAttribute('data-ids');
    var errors = form.querySelector('.attendance-classroom-settings-errors');
    var status = form.querySelector('.attendance-classroom-settings-status');

    function clear() {
      errors.textContent = '';
      status.textContent = '';
      FIELDS.forEach(function (name) {
        form.elements[name].removeAttribute('aria-invalid');
        form.querySelector('#' + ids + '-setting-' + name + '-error').textContent = '';
      });
    }

    var filled = false;

    /** The status choices follow the set; the values are filled once and after a save, so that
     *  changing a status does not undo settings being typed. */
    function render(state, refill) {
      var select = form.elements.automark_status;
      var chosen = select.value;
      select.textContent = '';
      state.statuses.forEach(function (item) {
        var option = document.createElement('option');
        option.value = item.code;
        option.textContent = item.label;
        select.appendChild(option);
      });
      if (filled && !refill) {
        select.value = chosen;
        return;
      }
      filled = true;
      var values = state.settings;
      FIELDS.forEach(function (name) {
        var input = form.elements[name];
        if (input.type === 'checkbox') { input.checked = Boolean(values[name]); } else {
          input.value = values[name] === null || values[name] === undefined ? '' : String(values[name]);
        }
      });
      form.hidden = false;
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clear();
      var values = {};
      FIELDS.forEach(function (name) {
        var input = form.elements[name];
        values[name] = input.type === 'checkbox' ? input.checked : input.value;
      });
      call('save_classroom_settings', settingsPayload(values)).then(function (answer) {
        if (!answer.ok) {
          errors.textContent = answer.body.message || gettext('The settings could not be saved.');
          var first = null;
          Object.keys(answer.body.field_errors || {}).forEach(function (name) {
            var message = form.querySelector('#' + ids + '-setting-' + name + '-error');
            if (!message || !form.elements[name]) { return; }
            form.elements[name].setAttribute('aria-invalid', 'true');
            message.textContent = answer.body.field_errors[name].join(' ');
            first = first || form.elements[name];
          });
          if (first) { first.focus(); }
          return;
        }
        publish(answer.body);
        render(answer.body, true);
        status.textContent = gettext('Classroom settings saved.');
      });
    });
    return {render: render};
  }

  return {init: init, settingsPayload: settingsPayload};
}));
