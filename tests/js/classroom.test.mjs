// Pure helpers of static/attendance/js/classroom.js.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

const require = createRequire(import.meta.url);
const {actionFor, codeFromQuery, figuresText, seatsText, slotTimes} = require('../../static/attendance/js/classroom.js');

const gettext = (text) => text;
const format = (text, values) => text.replace(/%\((\w+)\)s/g, (match, name) => String(values[name]));
const SLOT = {start: '2026-12-07T09:00:00Z', end: '2026-12-07T11:00:00Z', seats_left: 2, capacity: 5, waiting: 0};
const BEFORE = Date.parse('2026-12-06T09:00:00Z');
const DURING = Date.parse('2026-12-07T09:30:00Z');
const AFTER = Date.parse('2026-12-07T12:00:00Z');

test('times are shown in the viewer zone, the end without its date on the same day', () => {
  assert.equal(slotTimes(SLOT, 'en-US', 'Europe/Paris'), 'Dec 7, 2026, 10:00 AM – 12:00 PM');
  assert.equal(slotTimes(SLOT, 'en-US', 'Pacific/Auckland'), 'Dec 7, 2026, 10:00 PM – Dec 8, 2026, 12:00 AM');
});

test('the action follows the registration and the time', () => {
  assert.equal(actionFor({...SLOT, my_registration: null}, BEFORE), 'register');
  assert.equal(actionFor({...SLOT, my_registration: null, seats_left: 0}, BEFORE), 'wait');
  assert.equal(actionFor({...SLOT, my_registration: 'registered'}, BEFORE), 'unregister');
  assert.equal(actionFor({...SLOT, my_registration: 'waiting'}, BEFORE), 'leave');
  assert.equal(actionFor({...SLOT, my_registration: 'registered'}, DURING), 'checkin');
  assert.equal(actionFor({...SLOT, my_registration: null}, DURING), 'none');
  assert.equal(actionFor({...SLOT, my_registration: 'registered'}, AFTER), 'none');
  assert.equal(actionFor({...SLOT, my_registration: 'registered', my_mark: 'Present'}, DURING), 'none');
});

test('seats and figures read as sentences', () => {
  assert.equal(seatsText(SLOT, gettext, format), '2 of 5 seats left');
  assert.equal(seatsText({...SLOT, seats_left: 0, waiting: 3}, gettext, format), 'Full, 3 waiting');
  assert.equal(figuresText({percent: null}, gettext, format), 'No slot of yours has been held yet.');
  assert.equal(
    figuresText({percent: '50.00', held_slots: 2, best_reachable_percent: '75.00'}, gettext, format),
    'Attendance so far: 50.00 % over 2 slots. Best still reachable: 75.00 %.'
  );
});

test('a scanned QR code fills in the code of its own slot only', () => {
  assert.equal(codeFromQuery('?slot=7&code=123456', 7), '123456');
  assert.equal(codeFromQuery('?slot=8&code=123456', 7), '');
  assert.equal(codeFromQuery('?slot=7&code=12x456', 7), '');
  assert.equal(codeFromQuery('', 7), '');
});
