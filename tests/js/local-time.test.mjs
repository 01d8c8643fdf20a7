// static/attendance/js/local-time.js: the evidence page's UTC times shown in the browser's zone.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import vm from 'node:vm';

process.env.TZ = 'America/New_York';
const source = readFileSync(new URL('../../static/attendance/js/local-time.js', import.meta.url), 'utf8');

function timeNode(datetime, text) {
  return {title: '', textContent: text, getAttribute: (name) => (name === 'datetime' ? datetime : null)};
}

function run(nodes) {
  const document = {documentElement: {lang: 'en-US'}, querySelectorAll: () => nodes};
  vm.runInNewContext(source, {document, Intl, Date, isNaN});
}

test('a UTC time is rewritten in the browser zone and the UTC text stays in the title', () => {
  const node = timeNode('2026-11-24T10:00:00Z', '2026-11-24 10:00:00 UTC');

  run([node]);

  assert.match(node.textContent, /11\/24\/2026, 05:00:00 EST/);
  assert.equal(node.title, '2026-11-24 10:00:00 UTC');
});

test('a time that does not parse keeps its server text', () => {
  const node = timeNode('not a time', '—');

  run([node]);

  assert.equal(node.textContent, '—');
});
