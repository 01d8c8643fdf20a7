// static/attendance/js/server.js: the CSRF cookie is read under the name the server hands over.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

const require = createRequire(import.meta.url);
const server = require('../../static/attendance/js/server.js');

test('without a configured name no cookie is taken for the CSRF token', () => {
  assert.equal(server.csrfToken('csrftoken=abc'), '');
});

test('the token comes from the cookie the init args name, not from a fixed name', () => {
  server.configure({csrf_cookie_name: 'lms_csrftoken'});
  const jar = 'csrftoken=wrong; lms_csrftoken=right%2Bone; other=x';

  assert.equal(server.csrfToken(jar), 'right+one');
  assert.equal(server.csrfToken('csrftoken=wrong'), '');
});

test('a cookie whose name merely ends with the configured name does not count', () => {
  server.configure({csrf_cookie_name: 'csrftoken'});

  assert.equal(server.csrfToken('xcsrftoken=no; csrftoken=yes'), 'yes');
  assert.equal(server.csrfToken('xcsrftoken=no'), '');
});

test('init args without a name keep the configured one', () => {
  server.configure({csrf_cookie_name: 'kept'});
  server.configure({});
  server.configure(null);

  assert.equal(server.csrfToken('kept=1'), '1');
});
