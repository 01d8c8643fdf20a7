/* The Studio editor's status set: each status's label, credit value and whether it counts; add one. */
(function (root, factory) {
  'use strict';
  var statuses = factory();
  if (typeof module === 'object' && module.exports) { module.exports = statuses; }
  root.AttendanceStudioStatuses = statuses;
}(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  /** A status payload from its inputs: the label trimmed, the credit as typed, counts as a boolean. */
  function statusPayload(label, creditPercent, counts) {
    return {label: String(label).trim(), credit_percent: String(creditPercent).trim(), counts_in_denominator: Boolean(counts)};
  }

  function field(row, id, labelText, input) {
    var wrapper = document.createElement('div');
    wrapper.className = 'attendance-field';
    var label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = labelText;
    input.id = id;
    if (input.type === 'checkbox') { wrapper.appendChild(input); wrapper.appendChild(label); } else { wrapper.appendChild(label); wrapper.appendChild(input); }
    row.appendChild(wrapper);
    return input;
  }

  function input(type, value, attributes) {
    var node = document.createElement('input');
    node.type = type;
    if (type === 'checkbox') { node.checked = Boolean(value); } else { node.value = value; }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function init(form, call, server, publish) {
    if (!form) { return null; }
    var gettext = server.gettext();
    var ids = form.closest('.attendance-studio').getAttribute('data-ids');
    var container = form.querySelector('.attendance-statuses');
    var errors = form.querySelector('.attendance-statuses-errors');
    var status = form.querySelector('.attendance-statuses-status');

    function clear() {
      errors.textContent = '';
      status.textContent = '';
      form.querySelectorAll('[aria-invalid]').forEach(function (node) { node.removeAttribute('aria-invalid'); });
      form.querySelectorAll('.attendance-field-error').forEach(function (node) { node.textContent = ''; });
    }

    /** Per-field errors on the inputs of ``prefix`` (an existing status's row or the add form). */
    function showErrors(body, prefix) {
      errors.textContent = body.message || gettext('The status could not be saved.');
      var first = null;
      Object.keys(body.field_errors || {}).forEach(function (name) {
        var target = form.querySelector('#' + prefix + name);
        var message = form.querySelector('#' + prefix + name + '-error');
        if (!target || !message) { return; }
        target.setAttribute('aria-invalid', 'true');
        message.textContent = body.field_errors[name].join(' ');
        first = first || target;
      });
      if (first) { first.focus(); }
    }

    function send(handler, payload, prefix, done) {
      clear();
      call(handler, payload).then(function (answer) {
        if (!answer.ok) { showErrors(answer.body, prefix); return; }
        status.textContent = gettext('Statuses saved.');
        publish(answer.body);
        if (done) { done(); }
      });
    }

    function render(state) {
      form.hidden = false;
      container.textContent = '';
      state.statuses.forEach(function (item) {
        var prefix = ids + '-statusrow-' + item.code + '-';
        var row = document.createElement('fieldset');
        row.className = 'attendance-status';
        var legend = document.createElement('legend');
        legend.textContent = item.label;
        row.appendChild(legend);
        var label = field(row, prefix + 'label', gettext('Label'), input('text', item.label, {maxlength: '64'}));
        var credit = field(row, prefix + 'credit_percent', gettext('Credit (percent of the slot)'),
          input('number', String(Number(item.credit_percent)), {min: '0', max: '100', step: '0.01'}));
        var counts = field(row, prefix + 'counts_in_denominator', gettext('Counts in the attendance percentage'),
          input('checkbox', item.counts_in_denominator));
        [label, credit, counts].forEach(function (node) {
          var message = document.createElement('p');
          message.className = 'attendance-field-error';
          message.id = node.id + '-error';
          node.setAttribute('aria-describedby', message.id);
          node.parentNode.appendChild(message);
        });
        var save = document.createElement('button');
        save.type = 'button';
        save.textContent = gettext('Save');
        save.setAttribute('aria-label', server.format(gettext('Save the status %(label)s'), {label: item.label}));
        save.addEventListener('click', function () {
          var payload = statusPayload(label.value, credit.value, counts.checked);
          payload.code = item.code;
          send('update_status', payload, prefix);
        });
        row.appendChild(save);
        container.appendChild(row);
      });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var payload = statusPayload(form.elements.label.value, form.elements.credit_percent.value,
        form.elements.counts_in_denominator.checked);
      send('add_status', payload, ids + '-status-', function () { form.reset(); form.elements.label.focus(); });
    });
    return {render: render};
  }

  return {init: init, statusPayload: statusPayload};
}));
