// The "Your credits" panel (static/attendance/js/claim.js) and the meter (presence.js) show one truth:
// the same reply draws both. A small fake DOM stands in for the page (node has none).
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

const require = createRequire(import.meta.url);

class FakeNode {
  constructor(tag = 'div') {
    this.tagName = tag;
    this.children = [];
    this.text = '';
    this.hidden = false;
    this.className = '';
    this.ownerDocument = fakeDocument;
    this.writes = 0;
  }

  get textContent() {
    return this.children.length ? this.children.map((child) => child.textContent).join('') : this.text;
  }

  set textContent(value) {
    this.writes += 1;
    this.children = [];
    this.text = String(value);
  }

  appendChild(child) {
    this.children.push(child);
    return child;
  }
}

const fakeDocument = {
  createElement: (tag) => new FakeNode(tag),
  createTextNode: (text) => Object.assign(new FakeNode('#text'), {text}),
};
globalThis.document = fakeDocument;

const {ClaimPanel, unitsText} = require('../../static/attendance/js/claim.js');
const {Meter, settleDelayMillis} = require('../../static/attendance/js/presence.js');

const gettext = (text) => text;
const format = (text, values) => text.replace(/%\((\w+)\)s/g, (match, name) => String(values[name]));

function claimContainer() {
  const parts = {
    '.attendance-claim-button': new FakeNode('button'),
    '.attendance-claim-units': new FakeNode('ul'),
    '.attendance-claim-reason': new FakeNode('p'),
    '.attendance-claim-result': new FakeNode('p'),
  };
  return {parts, querySelector: (selector) => parts[selector] || null};
}

function meterNode() {
  const fields = {};
  ['time', 'pending', 'misses', 'hits', 'units', 'note'].forEach((name) => { fields[name] = new FakeNode(); });
  return {fields, querySelector: (selector) => fields[selector.match(/data-meter="(\w+)"/)[1]] || null};
}

const status = (earned, reason, showButton = true) => ({
  show_button: showButton,
  reason,
  units: [{acronym: 'PRAC', earned, claimed: null}],
});

test('the panel redraws from a status: units, reason and the button', () => {
  const container = claimContainer();
  const panel = new ClaimPanel(container, gettext, format);

  panel.show(status('0.0', 'Attend longer: 0 of 1 PRAC so far.'));
  assert.equal(container.parts['.attendance-claim-units'].textContent, 'PRAC: 0.0 earned, 0 claimed');
  assert.equal(container.parts['.attendance-claim-reason'].textContent, 'Attend longer: 0 of 1 PRAC so far.');

  panel.show(status('2', null));
  assert.equal(container.parts['.attendance-claim-units'].textContent, 'PRAC: 2 earned, 0 claimed');
  assert.equal(container.parts['.attendance-claim-reason'].textContent, '');
  assert.equal(container.parts['.attendance-claim-button'].hidden, false);

  panel.show(status('2', 'Claims closed when the live session ended.', false));
  assert.equal(container.parts['.attendance-claim-button'].hidden, true);
});

test('the same status twice does not touch the page (no repeated announcements)', () => {
  const container = claimContainer();
  const panel = new ClaimPanel(container, gettext, format);
  panel.show(status('1.0', null));
  const writes = container.parts['.attendance-claim-reason'].writes;

  panel.show(status('1.0', null));

  assert.equal(container.parts['.attendance-claim-reason'].writes, writes);
});

test('one beat reply draws the meter and the panel with the same units', () => {
  const reply = {
    time: '00:50:00', pending_seconds: 0, misses: 0, hits: 4, tracking: 'ended', viewed_to_end: false,
    units: [{acronym: 'PRAC', name: 'Practice', units: '2'}],
    claim: status('2', null),
  };
  const node = meterNode();
  const meter = new Meter(node, {units: [{acronym: 'PRAC', units: '0'}]}, gettext);
  const container = claimContainer();
  const panel = new ClaimPanel(container, gettext, format);

  meter.render(reply);
  panel.show(reply.claim);

  assert.match(node.fields.units.textContent, /PRAC 2 Practice/);
  assert.equal(container.parts['.attendance-claim-units'].textContent, 'PRAC: 2 earned, 0 claimed');
  assert.equal(node.fields.time.textContent, '00:50:00');
});

test('unitsText names what is earned and claimed', () => {
  assert.deepEqual(unitsText([{acronym: 'CPE', earned: '1.0', claimed: '0.8'}], gettext, format), [
    'CPE: 1.0 earned, 0.8 claimed',
  ]);
});

test('the settling beat waits for the server grace, and a quarter second more', () => {
  assert.equal(settleDelayMillis(2), 2250);
  assert.equal(settleDelayMillis(0), 250);
  assert.equal(settleDelayMillis(undefined), 2250);
  assert.equal(settleDelayMillis(-1), 2250);
});
