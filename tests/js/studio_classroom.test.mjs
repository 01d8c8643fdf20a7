// Pure helpers of the Studio editor's classroom sections: CSV errors, statuses and settings payloads.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

const require = createRequire(import.meta.url);
const {lineErrors} = require('../../static/attendance/js/studio_classroom_csv.js');
const {statusPayload} = require('../../static/attendance/js/studio_classroom_statuses.js');
const {settingsPayload} = require('../../static/attendance/js/studio_classroom_settings.js');

test('a refused import lists its wrong lines in line order, each with its messages', () => {
  const body = {field_errors: {'line 12': ['capacity: Too many.'], 'line 3': ['end: Before start.', 'No user “x”.']}};
  assert.deepEqual(lineErrors(body), [
    {line: 'line 3', text: 'line 3: end: Before start. No user “x”.'},
    {line: 'line 12', text: 'line 12: capacity: Too many.'}
  ]);
  // The missing text is a field error of the textarea, not a line.
  assert.deepEqual(lineErrors({field_errors: {csv: ['Send CSV text.']}}), []);
  assert.deepEqual(lineErrors({message: 'Line 1: the header lacks the columns end.'}), []);
});

test('a status payload trims the label and sends counts as a boolean', () => {
  assert.deepEqual(statusPayload(' Late ', ' 50 ', 1), {label: 'Late', credit_percent: '50', counts_in_denominator: true});
  assert.equal(statusPayload('Excused', '0', false).counts_in_denominator, false);
});

test('the settings payload: whole numbers as numbers, an empty threshold as off, the switch as a boolean', () => {
  const payload = settingsPayload({
    registration_closes_minutes: '60', present_within_minutes: '5', automark_after_minutes: '',
    warn_after_slots: '3', warn_at_most: '2.5', warn_below_percent: '', automark_status: 'absent',
    checkin_one_per_ip: false, checkin_subnets: ' 192.0.2.0/24 '
  });
  assert.deepEqual(payload, {
    registration_closes_minutes: 60, present_within_minutes: 5, automark_after_minutes: '',
    warn_after_slots: 3, warn_at_most: '2.5', warn_below_percent: null, automark_status: 'absent',
    checkin_one_per_ip: false, checkin_subnets: '192.0.2.0/24'
  });
  assert.equal(settingsPayload({warn_below_percent: '75.5'}).warn_below_percent, '75.5');
});
