/* Units catalogue form: a template pre-fills the fields; external units hide the duration fields. */
(function () {
  'use strict';
  document.querySelectorAll('.attendance-unit-form').forEach(function (form) {
    var managedBy = form.querySelector('[data-unit-managed-by]');
    var template = form.querySelector('[data-unit-template]');
    var templates = JSON.parse(form.getAttribute('data-unit-templates') || '{}');

    function showKind() {
      var external = managedBy.value === 'external';
      // Hidden and disabled: the other kind's fields are neither shown, read out nor sent.
      form.querySelectorAll('[data-unit-internal]').forEach(function (node) {
        node.hidden = external;
        node.disabled = external;
      });
      form.querySelectorAll('[data-unit-external]').forEach(function (node) {
        node.hidden = !external;
        node.querySelectorAll('input').forEach(function (input) { input.disabled = !external; });
      });
    }

    function applyTemplate() {
      var values = templates[template.value];
      if (!values) { return; }
      managedBy.value = 'internal';
      Object.keys(values).forEach(function (name) {
        var input = form.elements[name];
        if (input) { input.value = String(values[name]); }
      });
      showKind();
    }

    managedBy.addEventListener('change', showKind);
    if (template) { template.addEventListener('change', applyTemplate); }
    showKind();
  });
}());
