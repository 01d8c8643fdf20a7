/* Learner view of the Attendance block. */
function AttendanceBlock(runtime, element, args) {
  'use strict';
  var root = element.jquery ? element[0] : element;
  var section = root.querySelector('.attendance-block');
  if (section) {
    section.setAttribute('data-usage-key', (args && args.usage_key) || '');
    section.classList.add('attendance-ready');
  }
}
