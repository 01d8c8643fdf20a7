// Pure helpers of static/attendance/js/studio_slots.js.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

const require = createRequire(import.meta.url);
const {describe, formValues, payloadFrom, updatePayloadFrom} = require('../../static/attendance/js/studio_slots.js');

test('the form becomes a payload with UTC instants, numbers and the browser zone', () => {
  const values = {
    title: ' Lab ', start: '2027-01-04T09:00', end: '2027-01-04T11:00', duration_hours: '2',
    location: 'Room 1', online_url: '', capacity: '12', repeat_weeks: ''
  };
  assert.deepEqual(payloadFrom(values, 'Europe/Paris'), {
    title: 'Lab', start: '2027-01-04T09:00:00Z', end: '2027-01-04T11:00:00Z', duration_hours: '2',
    location: 'Room 1', online_url: '', capacity: 12, instructors: '', cohort_id: null, repeat_weeks: 1,
    time_zone: 'Europe/Paris'
  });
  assert.equal(payloadFrom({}, undefined).start, '');
});

test('a slot reads as its title, UTC start and seats', () => {
  const format = (text, values) => text.replace(/%\((\w+)\)s/g, (match, name) => String(values[name]));
  const slot = {title: 'Lab', start: '2027-01-04T09:00:00+00:00', registered: 3, capacity: 12};
  assert.equal(describe(slot, format, (text) => text), 'Lab: 2027-01-04 09:00 UTC, 3 of 12 seats');
});

test('the add payload carries the instructors as typed and the cohort as a number or null', () => {
  const values = {title: 'Lab', start: '2027-01-04T09:00', instructors: ' ana  bo ', cohort_id: '7'};
  const payload = payloadFrom(values, 'UTC');
  assert.equal(payload.instructors, 'ana  bo');
  assert.equal(payload.cohort_id, 7);
  assert.equal(payloadFrom({cohort_id: ''}, 'UTC').cohort_id, null);
});

test('an edit sends the slot id and every field but the weekly repeat and its zone', () => {
  const payload = updatePayloadFrom(5, {title: 'Lab', start: '2027-01-04T09:00', end: '2027-01-04T10:00',
    duration_hours: '1', capacity: '3', instructors: '', cohort_id: ''});
  assert.equal(payload.slot_id, 5);
  assert.equal('repeat_weeks' in payload, false);
  assert.equal('time_zone' in payload, false);
  assert.equal(payload.instructors, '');
  assert.equal(payload.end, '2027-01-04T10:00:00Z');
});

test('a slot fills the edit form in UTC, with its instructors by username', () => {
  const slot = {title: 'Lab', start: '2027-01-04T09:00:00+00:00', end: '2027-01-04T11:30:00+00:00',
    duration_hours: '2.50', location: 'Room 1', online_url: '', capacity: 12,
    instructor_usernames: ['ana', 'bo'], cohort_id: null};
  assert.deepEqual(formValues(slot), {
    title: 'Lab', start: '2027-01-04T09:00', end: '2027-01-04T11:30', duration_hours: '2.5',
    location: 'Room 1', online_url: '', capacity: '12', instructors: 'ana bo', cohort_id: ''
  });
  assert.equal(formValues({...slot, cohort_id: 3}).cohort_id, '3');
  // What the form shows goes back unchanged.
  assert.equal(updatePayloadFrom(1, formValues(slot)).start, '2027-01-04T09:00:00Z');
});
