// static/attendance/js/dashboard.js: charts drawn from the tables beside them; "Present now" refreshed.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import vm from 'node:vm';

const source = readFileSync(new URL('../../static/attendance/js/dashboard.js', import.meta.url), 'utf8');

function row(name, value) {
  const head = {textContent: ` ${name} `};
  const cell = {getAttribute: (attr) => (attr === 'data-value' ? value : null)};
  return {querySelector: (selector) => (selector === 'th' ? head : cell)};
}

function table(id, rows) {
  const attrs = {'data-chart': id, 'data-label': 'Users'};
  return {getAttribute: (name) => attrs[name], querySelectorAll: () => rows};
}

function run({tables = [], elements = {}, Chart, fetch}) {
  const charts = [];
  const timers = [];
  const document = {
    querySelectorAll: () => tables,
    getElementById: (id) => elements[id] || null,
    importNode: (node) => node,
  };
  const window = {
    Chart: Chart === undefined ? function (canvas, config) { charts.push({canvas, config}); } : Chart,
    fetch,
    setInterval: (callback, ms) => timers.push({callback, ms}),
  };
  class DOMParser {
    parseFromString(html) {
      return {getElementById: () => ({innerHTML: html, replaced: true})};
    }
  }
  vm.runInNewContext(source, {window, document, DOMParser, Number});
  return {charts, timers};
}

test('each chart takes its labels and values from its table, an empty cell as no value', () => {
  const canvas = {id: 'chart-levels'};
  const {charts} = run({
    tables: [table('chart-levels', [row('0-20 %', '2'), row('20-40 %', '')])],
    elements: {'chart-levels': canvas},
  });

  assert.equal(charts.length, 1);
  assert.equal(charts[0].canvas, canvas);
  assert.deepEqual([...charts[0].config.data.labels], ['0-20 %', '20-40 %']);
  assert.deepEqual([...charts[0].config.data.datasets[0].data], [2, null]);
  assert.equal(charts[0].config.data.datasets[0].label, 'Users');
});

test('without the chart library the tables stay and nothing throws', () => {
  const {charts} = run({tables: [table('chart-levels', [row('a', '1')])], Chart: null});

  assert.equal(charts.length, 0);
});

test('present now is refetched every heartbeat and replaced when it changed', async () => {
  let replacedWith = null;
  const current = {innerHTML: 'old', replaceWith: (node) => { replacedWith = node; }};
  const box = {getAttribute: (name) => ({'data-url': '?present=1', 'data-interval': '15000'})[name]};
  const asked = [];
  const fetch = (url) => {
    asked.push(url);
    return Promise.resolve({ok: true, text: () => Promise.resolve('new')});
  };
  const {timers} = run({elements: {'attendance-present': box, 'attendance-present-list': current}, fetch});

  assert.equal(timers.length, 1);
  assert.equal(timers[0].ms, 15000);
  timers[0].callback();
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setTimeout(resolve, 0));

  assert.deepEqual(asked, ['?present=1']);
  assert.equal(replacedWith.innerHTML, 'new');
});
