/* Studio editor of the Attendance block: sends the form to the save_settings handler. */
function AttendanceStudio(runtime, element) {
  'use strict';
  var root = element.jquery ? element[0] : element;
  var form = root.querySelector('.attendance-editor');
  var gettext = window.AttendanceServer.gettext();
  var FIELDS = ['display_name', 'mode', 'live_start', 'live_end', 'missed_prompt_policy', 'external_id'];

  function asUTC(value) {
    return value ? value + ':00Z' : null;
  }

  function clearErrors() {
    form.querySelector('.attendance-form-errors').textContent = '';
    form.querySelector('.attendance-saved').textContent = '';
    FIELDS.forEach(function (name) {
      form.querySelector('#attendance-' + name + '-error').textContent = '';
      form.elements[name].removeAttribute('aria-invalid');
    });
  }

  function showErrors(body) {
    form.querySelector('.attendance-form-errors').textContent =
      body.message || gettext('The settings could not be saved.');
    var first = null;
    Object.keys(body.field_errors || {}).forEach(function (name) {
      var input = form.elements[name];
      if (!input) { return; }
      input.setAttribute('aria-invalid', 'true');
      form.querySelector('#attendance-' + name + '-error').textContent = body.field_errors[name].join(' ');
      first = first || input;
    });
    if (first) { first.focus(); }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors();
    var payload = {};
    FIELDS.forEach(function (name) { payload[name] = form.elements[name].value; });
    payload.live_start = asUTC(payload.live_start);
    payload.live_end = asUTC(payload.live_end);
    if (runtime.notify) { runtime.notify('save', {state: 'start'}); }
    window.AttendanceServer.postJSON(runtime.handlerUrl(element, 'save_settings'), payload).then(function (answer) {
      if (answer.ok) {
        form.querySelector('.attendance-saved').textContent = gettext('Settings saved.');
        if (runtime.notify) { runtime.notify('save', {state: 'end'}); }
      } else {
        showErrors(answer.body);
        if (runtime.notify) { runtime.notify('error', {title: gettext('Not saved'), message: answer.body.message || ''}); }
      }
    });
  });

  form.querySelector('.attendance-cancel').addEventListener('click', function () {
    if (runtime.notify) { runtime.notify('cancel', {}); }
  });
}
