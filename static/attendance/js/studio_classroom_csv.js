/* The Studio editor's CSV import of slots: a file read in the browser or pasted text, all or nothing. */
(function (root, factory) {
  'use strict';
  var csv = factory();
  if (typeof module === 'object' && module.exports) { module.exports = csv; }
  root.AttendanceStudioCSV = csv;
}(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  /** The refused import's wrong lines, in line order: [{line: 'line 3', text: 'line 3: end: …'}]. */
  function lineErrors(body) {
    var problems = body.field_errors || {};
    return Object.keys(problems).filter(function (key) { return key !== 'csv'; }).sort(function (a, b) {
      return (parseInt(a.replace(/\D/g, ''), 10) || 0) - (parseInt(b.replace(/\D/g, ''), 10) || 0);
    }).map(function (key) {
      return {line: key, text: key + ': ' + problems[key].join(' ')};
    });
  }

  function init(form, call, server, slots) {
    if (!form) { return; }
    var gettext = server.gettext();
    var ids = form.closest('.attendance-studio').getAttribute('data-ids');
    var text = form.elements.csv;
    var file = form.querySelector('#' + ids + '-import-file');
    var summary = form.querySelector('.attendance-import-summary');
    var lines = form.querySelector('.attendance-import-lines');
    var status = form.querySelector('.attendance-import-status');
    var fieldError = form.querySelector('#' + ids + '-import-csv-error');

    function clear() {
      summary.textContent = '';
      lines.textContent = '';
      status.textContent = '';
      fieldError.textContent = '';
      text.removeAttribute('aria-invalid');
    }

    file.addEventListener('change', function () {
      if (!file.files || !file.files[0]) { return; }
      var reader = new FileReader();
      reader.onload = function () { text.value = String(reader.result); };
      reader.readAsText(file.files[0]);
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clear();
      call('import_slots', {csv: text.value}).then(function (answer) {
        if (answer.ok) {
          status.textContent = server.format(gettext('Slots imported: %(count)s.'), {count: answer.body.imported});
          form.reset();
          if (slots) { slots.render(answer.body); }
          return;
        }
        summary.textContent = answer.body.message || gettext('The CSV could not be imported.');
        text.setAttribute('aria-invalid', 'true');
        if (answer.body.field_errors && answer.body.field_errors.csv) {
          fieldError.textContent = answer.body.field_errors.csv.join(' ');
        }
        lineErrors(answer.body).forEach(function (problem) {
          var item = document.createElement('li');
          item.textContent = problem.text;
          lines.appendChild(item);
        });
        text.focus();
      });
    });
    if (slots) { slots.onRender(function () { form.hidden = false; }); }
  }

  return {init: init, lineErrors: lineErrors};
}));
