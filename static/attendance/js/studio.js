/* Studio editor of the Attendance block: session settings, the course switch and credit units. */
function AttendanceStudio(runtime, element, args) {
  'use strict';
  var root = element.jquery ? element[0] : element;
  var server = window.AttendanceServer;
  args = server.blockArgs(root, args);
  server.configure(args);
  var gettext = server.gettext();
  var form = root.querySelector('.attendance-editor');
  var rulesForm = root.querySelector('.attendance-rules-editor');
  // Element ids carry this block's prefix, so that two editors on one page never share an id.
  var ids = root.querySelector('.attendance-studio').getAttribute('data-ids') + '-';
  var courseSwitch = root.querySelector('#' + ids + 'course-switch');
  var FIELDS = ['display_name', 'mode', 'live_start', 'live_end', 'missed_prompt_policy', 'external_id', 'video_url', 'delivery_method'];
  var RULE_FIELDS = ['unit_id', 'quiz_usage_key', 'min_grade'];

  function call(handler, payload) {
    return server.postJSON(runtime.handlerUrl(element, handler), payload);
  }

  function asUTC(value) {
    return value ? value + ':00Z' : null;
  }

  function option(value, label) {
    var node = document.createElement('option');
    node.value = value;
    node.textContent = label;
    return node;
  }

  function clearFieldErrors(container, prefix, names) {
    names.forEach(function (name) {
      container.querySelector('#' + prefix + name + '-error').textContent = '';
      var input = container.querySelector('[name="' + name + '"]');
      if (input) { input.removeAttribute('aria-invalid'); }
    });
  }

  function showFieldErrors(container, prefix, body, summary) {
    summary.textContent = body.message || gettext('The settings could not be saved.');
    var first = null;
    Object.keys(body.field_errors || {}).forEach(function (name) {
      var input = container.querySelector('[name="' + name + '"]');
      var message = container.querySelector('#' + prefix + name + '-error');
      if (!input || !message) { return; }
      input.setAttribute('aria-invalid', 'true');
      message.textContent = body.field_errors[name].join(' ');
      first = first || input;
    });
    if (first) { first.focus(); }
  }

  function describeRule(rule) {
    var text = rule.acronym + ' — ' + rule.unit_name;
    if (rule.duration) {
      text += ' (' + server.format(gettext('one credit per %(duration)s'), {duration: rule.duration}) + ')';
    }
    if (rule.quiz_name) {
      text += ', ' + server.format(gettext('needs %(grade)s %% on “%(quiz)s”'), {grade: Number(rule.min_grade), quiz: rule.quiz_name});
    }
    if (rule.unit_archived) {
      text += ' ' + gettext('(archived unit)');
    }
    return text;
  }

  function renderSwitch(state) {
    courseSwitch.checked = state.course;
    var status = root.querySelector('#' + ids + 'switch-status');
    if (state.effective) {
      status.textContent = gettext('On: learners earn credit in this course.');
    } else if (state.course) {
      status.textContent = gettext('Turned on here, but off for the organization or the site.');
    } else {
      status.textContent = gettext('Off: learners earn no credit in this course.');
    }
  }

  function renderRules(state) {
    var list = rulesForm.querySelector('.attendance-rules');
    list.textContent = '';
    state.rules.forEach(function (rule) {
      var item = document.createElement('li');
      var label = document.createElement('span');
      label.textContent = describeRule(rule);
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'attendance-remove-rule';
      remove.textContent = gettext('Remove');
      remove.setAttribute('aria-label', server.format(gettext('Remove %(acronym)s'), {acronym: rule.acronym}));
      remove.addEventListener('click', function () { removeRule(rule.id); });
      item.appendChild(label);
      item.appendChild(remove);
      list.appendChild(item);
    });
    rulesForm.querySelector('.attendance-rules-empty').hidden = state.rules.length > 0;
    var awarded = state.rules.map(function (rule) { return rule.unit_id; });
    var units = rulesForm.querySelector('[name="unit_id"]');
    units.textContent = '';
    units.appendChild(option('', gettext('Choose a unit')));
    state.units.forEach(function (unit) {
      if (awarded.indexOf(unit.id) === -1) {
        var duration = unit.duration ? ' (' + unit.duration + ')' : ' (' + gettext('external') + ')';
        units.appendChild(option(String(unit.id), unit.acronym + ' — ' + unit.name + duration));
      }
    });
    var quizzes = rulesForm.querySelector('[name="quiz_usage_key"]');
    quizzes.textContent = '';
    quizzes.appendChild(option('', gettext('No quiz')));
    state.quizzes.forEach(function (quiz) { quizzes.appendChild(option(quiz.usage_key, quiz.display_name)); });
    if (!state.activity_saved) {
      rulesForm.querySelector('.attendance-rules-errors').textContent =
        gettext('Save the session settings before adding credit units.');
    }
  }

  function render(state) {
    renderSwitch(state.switch);
    renderRules(state);
  }

  function reportRulesError(body) {
    showFieldErrors(rulesForm, ids + 'rule-', body, rulesForm.querySelector('.attendance-rules-errors'));
  }

  function removeRule(ruleId) {
    rulesForm.querySelector('.attendance-rules-errors').textContent = '';
    call('remove_rule', {rule_id: ruleId}).then(function (answer) {
      if (!answer.ok) { reportRulesError(answer.body); return; }
      render(answer.body);
      root.querySelector('#' + ids + 'rules-title').focus();
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    form.querySelector('.attendance-form-errors').textContent = '';
    form.querySelector('.attendance-saved').textContent = '';
    clearFieldErrors(form, ids, FIELDS);
    var payload = {};
    FIELDS.forEach(function (name) { payload[name] = form.elements[name].value; });
    payload.live_start = asUTC(payload.live_start);
    payload.live_end = asUTC(payload.live_end);
    if (runtime.notify) { runtime.notify('save', {state: 'start'}); }
    call('save_settings', payload).then(function (answer) {
      if (answer.ok) {
        form.querySelector('.attendance-saved').textContent = gettext('Settings saved.');
        rulesForm.querySelector('.attendance-rules-errors').textContent = '';
        render(answer.body);
        if (runtime.notify) { runtime.notify('save', {state: 'end'}); }
      } else {
        showFieldErrors(form, ids, answer.body, form.querySelector('.attendance-form-errors'));
        if (runtime.notify) { runtime.notify('error', {title: gettext('Not saved'), message: answer.body.message || ''}); }
      }
    });
  });

  rulesForm.addEventListener('submit', function (event) {
    event.preventDefault();
    rulesForm.querySelector('.attendance-rules-errors').textContent = '';
    clearFieldErrors(rulesForm, ids + 'rule-', RULE_FIELDS);
    var unitId = rulesForm.elements.unit_id.value;
    var payload = {
      unit_id: unitId ? Number(unitId) : null,
      quiz_usage_key: rulesForm.elements.quiz_usage_key.value || null,
      min_grade: rulesForm.elements.min_grade.value || null
    };
    call('add_rule', payload).then(function (answer) {
      if (!answer.ok) { reportRulesError(answer.body); return; }
      rulesForm.reset();
      render(answer.body);
      rulesForm.elements.unit_id.focus();
    });
  });

  courseSwitch.addEventListener('change', function () {
    var status = root.querySelector('#' + ids + 'switch-status');
    call('set_course_switch', {enabled: courseSwitch.checked}).then(function (answer) {
      if (!answer.ok) {
        courseSwitch.checked = !courseSwitch.checked;
        status.textContent = answer.body.message || gettext('The settings could not be saved.');
        return;
      }
      render(answer.body);
    });
  });

  form.querySelector('.attendance-cancel').addEventListener('click', function () {
    if (runtime.notify) { runtime.notify('cancel', {}); }
  });

  /** The classroom sections: slots, their CSV import, the course's statuses and the settings. */
  function initClassroom() {
    var slots = window.AttendanceStudioSlots.init(root.querySelector('.attendance-slots-editor'), call, server);
    window.AttendanceStudioCSV.init(root.querySelector('.attendance-slots-import'), call, server, slots);
    var sections = [];
    var publish = function (state) { sections.forEach(function (section) { section.render(state); }); };
    sections.push(window.AttendanceStudioStatuses.init(root.querySelector('.attendance-statuses-editor'), call, server, publish));
    sections.push(window.AttendanceStudioSettings.init(root.querySelector('.attendance-classroom-settings'), call, server, publish));
    call('load_classroom_options', {}).then(function (answer) { if (answer.ok) { publish(answer.body); } });
  }

  root.querySelector('#' + ids + 'rules-title').setAttribute('tabindex', '-1');
  if (window.AttendanceStudioSlots && form.elements.mode.value === 'classroom') {
    initClassroom();
  }

  call('load_editor', {}).then(function (answer) {
    if (answer.ok) {
      render(answer.body);
    } else {
      rulesForm.querySelector('.attendance-rules-errors').textContent = answer.body.message || '';
    }
  });
}
