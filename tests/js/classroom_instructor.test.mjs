// Pure helpers of static/attendance/js/classroom_instructor.js.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

const require = createRequire(import.meta.url);
const {refreshDelay, checkinText} = require('../../static/attendance/js/classroom_instructor.js');

test('the code is fetched again just after it expires, within bounds', () => {
  const now = Date.parse('2026-12-07T09:00:03Z');
  assert.equal(refreshDelay('2026-12-07T09:00:15Z', now), 12200);
  assert.equal(refreshDelay('2026-12-07T09:00:00Z', now), 500);
  assert.equal(refreshDelay('2026-12-07T10:00:00Z', now), 15000);
  assert.equal(refreshDelay('not a date', now), 3000);
});

test('a check-in line shows the outcome label and the UTC time', () => {
  const labels = {accepted: 'Checked in', shared_ip: 'Refused, same address'};
  assert.equal(
    checkinText({outcome: 'shared_ip', at: '2026-12-07T09:05:07.123Z', user_id: 7, username: 'ada'}, labels),
    'Refused, same address · 09:05:07 · ada'
  );
  assert.equal(checkinText({outcome: 'new', at: null, user_id: 1}, labels), 'new ·  · #1');
});
