// Pure helpers of static/attendance/js/presence.js (run with `make test-js`, node 20+).
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

const require = createRequire(import.meta.url);
const {PlayedRanges, formatHMS, mergeRanges, missedText, secondsLeft} = require(
  '../../static/attendance/js/presence.js'
);

const gettext = (text) => text;
const format = (text, values) => text.replace(/%\((\w+)\)s/g, (match, name) => String(values[name]));

test('mergeRanges sorts, merges overlapping and touching ranges, and drops empty ones', () => {
  assert.deepEqual(mergeRanges([[5, 9], [0, 5], [12, 12], [8, 10], [20, 21]]), [[0, 10], [20, 21]]);
});

test('mergeRanges rounds to milliseconds so payloads stay short', () => {
  assert.deepEqual(mergeRanges([[0.12345, 1.98765]]), [[0.123, 1.988]]);
});

test('a range grows while the video plays and is taken once', () => {
  const played = new PlayedRanges();
  [0, 0.25, 0.5, 1, 1.5].forEach((time) => played.advance(time));
  assert.deepEqual(played.take(), [[0, 1.5]]);
  assert.deepEqual(played.take(), []);
  played.advance(2);
  assert.deepEqual(played.take(), [[1.5, 2]]);
});

test('a seek closes the range and playback after it opens a new one', () => {
  const played = new PlayedRanges();
  played.advance(0);
  played.advance(2);
  played.cut();
  played.advance(30);
  played.advance(31);
  assert.deepEqual(played.take(), [[0, 2], [30, 31]]);
});

test('a jump without a seeking event is not counted as played', () => {
  const played = new PlayedRanges(2.5);
  played.advance(0);
  played.advance(1);
  played.advance(20);
  played.advance(21);
  played.advance(10);  // backwards: a new range too
  played.advance(11);
  assert.deepEqual(played.take(), [[0, 1], [10, 11], [20, 21]]);
});

test('rewatched stretches of one report are merged, so the server never sees overlaps', () => {
  const played = new PlayedRanges();
  played.advance(0);
  played.advance(2);
  played.cut();
  played.advance(1);
  played.advance(3);
  assert.deepEqual(played.take(), [[0, 3]]);
});

test('ranges a failed beat did not deliver are sent with the next one', () => {
  const played = new PlayedRanges();
  played.advance(0);
  played.advance(1);
  const lost = played.take();
  played.advance(2);
  played.restore(lost);
  assert.deepEqual(played.take(), [[0, 2]]);
});

test('formatHMS matches the server: HH:MM:ss, hours past 24, fractions dropped', () => {
  assert.equal(formatHMS(0), '00:00:00');
  assert.equal(formatHMS(59.9), '00:00:59');
  assert.equal(formatHMS(3661), '01:01:01');
  assert.equal(formatHMS(90061), '25:01:01');
  assert.equal(formatHMS(-3), '00:00:00');
});

test('the countdown shows whole seconds, rounded up, never negative', () => {
  assert.equal(secondsLeft(8000), 8);
  assert.equal(secondsLeft(7001), 8);
  assert.equal(secondsLeft(1), 1);
  assert.equal(secondsLeft(0), 0);
  assert.equal(secondsLeft(-500), 0);
});

test('a missed prompt says how much time was not counted when the server knows it', () => {
  assert.equal(
    missedText({outcome: 'missed', discarded_seconds: 75.4}, gettext, format),
    'Prompt missed: 00:01:15 since your last confirmation was not counted.'
  );
  assert.equal(
    missedText({outcome: 'missed', discarded_seconds: 0}, gettext, format),
    'Prompt missed: it is recorded as missed.'
  );
  assert.equal(
    missedText(null, gettext, format),
    'Prompt missed: the time since your last confirmation was not counted.'
  );
});
