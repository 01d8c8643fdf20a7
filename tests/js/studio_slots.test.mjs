// Pure helpers of static/attendance/js/studio_slots.js.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

const require = createRequire(import.meta.url);
const {describe, payloadFrom} = require('../../static/attendance/js/studio_slots.js');

test('the form becomes a payload with UTC instants, numbers and the browser zone', () => {
  const values = {
    title: ' Lab ', start: '2027-01-04T09:00', end: '2027-01-04T11:00', duration_hours: '2',
    location: 'Room 1', online_url: '', capacity: '12', repeat_weeks: ''
  };
  assert.deepEqual(payloadFrom(values, 'Europe/Paris'), {
    title: 'Lab', start: '2027-01-04T09:00:00Z', end: '2027-01-04T11:00:00Z', duration_hours: '2',
    location: 'Room 1', online_url: '', capacity: 12, repeat_weeks: 1, time_zone: 'Europe/Paris'
  });
  assert.equal(payloadFrom({}, undefined).start, '');
});

test('a slot reads as its title, UTC start and seats', () => {
  const format = (text, values) => text.replace(/%\((\w+)\)s/g, (match, name) => String(values[name]));
  const slot = {title: 'Lab', start: '2027-01-04T09:00:00+00:00', registered: 3, capacity: 12};
  assert.equal(describe(slot, format, (text) => text), 'Lab: 2027-01-04 09:00 UTC, 3 of 12 seats');
});
