// Live answers of the staff API (/api/v1) against its own OpenAPI document (GET
// /api/v1/openapi.json), with ajv. Every answer's status must be described for its operation and
// its body must match the described schema; a path or method the document does not have must
// answer 404/405 in the one error shape. The last test checks that every documented operation
// was seen answering both a success and an error, so a new endpoint (which staff_api_test.cpp
// makes the document describe) must also be exercised here. No browser: plain fetch against the
// real binary on a fresh demo database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startServer } from './harness.mjs';

const PASSWORD = 'schema-test-password-1234';
let server, doc, ajv;
const tokens = {};                  // role name -> bearer token
const seen = new Map();             // "GET /api/v1/me" -> { success, error }
const operations = [];              // [{ method, template, regex }]

function user(email, role, departments = []) {
  const pw = path.join(path.dirname(server.db), 'pw');
  writeFileSync(pw, PASSWORD);
  server.run(['user', 'create', '--db', server.db, '--email', email, '--role', role,
              ...departments.flatMap((d) => ['--department', d]), '--password-file', pw]);
}

before(async () => {
  server = await startServer();
  doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  for (const [template, item] of Object.entries(doc.paths)) {
    const regex = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const method of Object.keys(item)) {
      operations.push({ method: method.toUpperCase(), template, regex });
      seen.set(`${method.toUpperCase()} ${template}`, { success: false, error: false });
    }
  }
  user('agent@example.org', 'agent');
  user('crew@example.org', 'staff', ['PWD']);
  user('boss@example.org', 'admin');
  user('resident@example.org', 'resident');
  user('otp@example.org', 'staff', ['PWD']);
  for (const [role, email] of [['agent', 'agent@example.org'], ['crew', 'crew@example.org'],
                               ['admin', 'boss@example.org'], ['resident', 'resident@example.org']]) {
    const signin = await check('POST', '/api/v1/auth/token', { email, password: PASSWORD }, 200);
    tokens[role] = signin.body.token;
  }
});
after(async () => { await server.stop(); });

// The documented operation for (method, concrete path), or undefined.
function operationOf(method, url) {
  const p = url.split('?')[0];
  return operations.find((o) => o.method === method && o.regex.test(p));
}

function resolve(node) {
  return node?.$ref ? node.$ref.split('/').slice(1).reduce((o, k) => o[k], doc) : node;
}

// Inline schemas refer to "#/components/…" of the document: point them at it.
function compile(schema) {
  if (schema.$ref) return ajv.getSchema(`openapi.json${schema.$ref}`);
  return ajv.compile(JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')));
}

const errorShape = () => ajv.getSchema('openapi.json#/components/schemas/Error');

// Calls the API (as `as`: a role of `tokens`, or none) and checks the answer against the
// document; `expect` is the status the scenario expects. Returns { status, body, text, headers }.
async function check(method, url, json, expect, { as, headers = {}, raw } = {}) {
  const h = { ...headers };
  if (as) h.authorization = `Bearer ${tokens[as]}`;
  let body;
  if (raw !== undefined) body = raw;
  else if (json !== undefined) { body = JSON.stringify(json); h['content-type'] = 'application/json'; }
  const res = await fetch(`${server.url}${url}`, { method, headers: h, body });
  const text = await res.text();
  const where = `${method} ${url} (as ${as || 'nobody'})`;
  assert.equal(res.status, expect, `${where}: ${text}`);
  const answer = { status: res.status, body: text ? JSON.parse(text) : null, text, headers: res.headers };
  if (text) assert.match(res.headers.get('content-type') || '', /^application\/json/, where);
  const op = operationOf(method, url);
  if (!op) {
    // Not an operation of the document: only the transport's 404/405, in the one error shape.
    assert.ok([404, 405].includes(res.status), `${where} is not in the document`);
    assert.ok(errorShape()(answer.body), `${where}: ${ajv.errorsText(errorShape().errors)}`);
    return answer;
  }
  const responses = doc.paths[op.template][method.toLowerCase()].responses;
  const described = resolve(responses[String(res.status)]);
  assert.ok(described, `${where} answered ${res.status}, which the document does not describe`);
  const schema = described.content?.['application/json']?.schema;
  if (schema) {
    const v = compile(schema);
    assert.ok(v(answer.body), `${where} ${res.status}: ${ajv.errorsText(v.errors)}\n${text}`);
  } else {
    assert.equal(text, '', `${where} ${res.status}: the document describes no body`);
  }
  const mark = seen.get(`${method} ${op.template}`);
  if (res.status < 300) mark.success = true;
  else mark.error = true;
  return answer;
}

// The reset token the server wrote into its e-mail outbox (it answers before it writes).
async function resetToken() {
  for (let i = 0; i < 500; i++) {
    const out = execFileSync('/usr/bin/sqlite3', [server.db,
      "SELECT payload FROM outbox WHERE kind = 'email' AND event = 'password_reset' ORDER BY id"],
    { encoding: 'utf8' }).trim();
    if (out) return JSON.parse(out.split('\n').pop()).token;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('no reset e-mail in the outbox');
}

test('sign-in, session, sign-out and password reset answers match the document', async () => {
  await check('POST', '/api/v1/auth/token', { email: 'agent@example.org', password: 'wrong' }, 401);
  await check('POST', '/api/v1/auth/token', { email: 'agent@example.org' }, 400);
  // A browser session: the cookie, and its CSRF token for anything that changes state.
  const s = await check('POST', '/api/v1/auth/session',
                        { email: 'crew@example.org', password: PASSWORD }, 200);
  const cookie = s.headers.getSetCookie().find((c) => c.startsWith('c311_session=')).split(';')[0];
  await check('POST', '/api/v1/auth/session', { email: 'crew@example.org', password: 'no' }, 401);
  await check('DELETE', '/api/v1/auth/session', undefined, 403, { headers: { cookie } });
  await check('DELETE', '/api/v1/auth/session', undefined, 204,
              { headers: { cookie, 'x-csrf-token': s.body.csrf_token } });
  await check('DELETE', '/api/v1/auth/session', undefined, 401);
  // Logout ends a bearer token: the next call with it is a 401.
  const t = await check('POST', '/api/v1/auth/token',
                        { email: 'crew@example.org', password: PASSWORD }, 200);
  const bearer = { authorization: `Bearer ${t.body.token}` };
  await check('POST', '/api/v1/auth/logout', undefined, 204, { headers: bearer });
  await check('POST', '/api/v1/auth/logout', undefined, 401, { headers: bearer });
  // Password reset: the same 202 either way; the e-mailed token sets a new password once.
  await check('POST', '/api/v1/auth/password_reset', {}, 400);
  await check('POST', '/api/v1/auth/password_reset', { email: 'otp@example.org' }, 202);
  const token = await resetToken();
  await check('POST', '/api/v1/auth/password_reset/confirm', { token: 'nope', password: 'x' }, 400);
  await check('POST', '/api/v1/auth/password_reset/confirm',
              { token, password: 'a new long password 5678' }, 204);
});

test('account answers match the document', async () => {
  await check('GET', '/api/v1/me', undefined, 200, { as: 'agent' });
  await check('GET', '/api/v1/me', undefined, 401);
  const me = await check('PATCH', '/api/v1/me', { display_name: 'Agent A' }, 200, { as: 'agent' });
  assert.equal(me.body.display_name, 'Agent A');
  await check('PATCH', '/api/v1/me', { hide_name: 'yes' }, 400, { as: 'agent' });
  await check('GET', '/api/v1/me/alerts', undefined, 200, { as: 'crew' });
  await check('GET', '/api/v1/me/alerts', undefined, 403, { as: 'resident' });
  await check('PUT', '/api/v1/me/alerts', { new_requests: 'digest', lang: 'es' }, 200, { as: 'crew' });
  await check('PUT', '/api/v1/me/alerts', { new_requests: 'sometimes' }, 400, { as: 'crew' });
  const otp = await check('POST', '/api/v1/auth/token',
                          { email: 'otp@example.org', password: 'a new long password 5678' }, 200);
  const as = { authorization: `Bearer ${otp.body.token}` };
  await check('POST', '/api/v1/me/totp', { password: 'wrong password' }, 401, { headers: as });
  await check('POST', '/api/v1/me/totp', { password: 'a new long password 5678' }, 200,
              { headers: as });
  await check('GET', '/api/v1/audit?limit=5', undefined, 200, { as: 'admin' });
  await check('GET', '/api/v1/audit', undefined, 403, { as: 'agent' });
  await check('GET', '/api/v1/audit?limit=0', undefined, 400, { as: 'admin' });
});

test('request and work-order answers match the document', async () => {
  const created = await check('POST', '/api/v1/requests',
                              { service_code: 'GRAFFITI', description: 'tags on the bridge',
                                lat: 42.3601, long: -71.0589, channel: 'phone',
                                attributes: { SURFACES: 'BRIDGE' } }, 201,
                              { as: 'agent' });
  assert.match(created.text, /"lat":42\.3601,"long":-71\.0589/);  // plain decimals, one name
  const id = created.body.service_request_id;
  assert.equal(created.body.id, id);  // the alias, for one release
  await check('POST', '/api/v1/requests', { service_code: 'GRAFFITI', lat: true }, 400,
              { as: 'agent' });
  await check('GET', '/api/v1/requests?q=bridg&limit=5', undefined, 200, { as: 'agent' });
  await check('GET', '/api/v1/requests?state=bogus', undefined, 400, { as: 'agent' });
  await check('GET', '/api/v1/requests?q=%zz', undefined, 400, { as: 'agent' });  // bad encoding
  await check('GET', '/api/v1/requests?bbox=1,2,3', undefined, 400, { as: 'agent' });
  const detail = await check('GET', `/api/v1/requests/${id}`, undefined, 200, { as: 'crew' });
  assert.ok(Array.isArray(detail.body.work_orders));  // crew see the internal side
  await check('GET', '/api/v1/requests/999999', undefined, 404, { as: 'crew' });
  await check('GET', '/api/v1/requests/x', undefined, 404, { as: 'crew' });
  await check('GET', `/api/v1/requests/${id}/templates`, undefined, 200, { as: 'crew' });
  await check('GET', '/api/v1/requests/999999/templates', undefined, 404, { as: 'crew' });
  const acted = await check('POST', `/api/v1/requests/${id}/actions`,
                            { action: 'acknowledge', version: detail.body.version }, 200,
                            { as: 'crew' });
  await check('POST', `/api/v1/requests/${id}/actions`,
              { action: 'acknowledge', version: detail.body.version }, 409, { as: 'crew' });
  await check('POST', `/api/v1/requests/${id}/actions`, { action: 'dance', version: 1 }, 400,
              { as: 'crew' });
  const flagged = await check('POST', `/api/v1/requests/${id}/emergency`,
                              { version: acted.body.version, reason: 'paint on the signal box' },
                              200, { as: 'crew' });
  assert.equal(flagged.body.emergency, true);
  await check('POST', `/api/v1/requests/${id}/emergency`, { reason: 'no version' }, 400,
              { as: 'crew' });
  await check('PUT', `/api/v1/requests/${id}/follow`, undefined, 204, { as: 'crew' });
  await check('PUT', '/api/v1/requests/999999/follow', undefined, 404, { as: 'crew' });
  await check('DELETE', `/api/v1/requests/${id}/follow`, undefined, 204, { as: 'crew' });
  await check('DELETE', '/api/v1/requests/999999/follow', undefined, 404, { as: 'crew' });
  const order = await check('POST', `/api/v1/requests/${id}/work_orders`,
                            { crew: 'crew 2', tasks: [{ text: 'paint over' }] }, 201, { as: 'crew' });
  await check('POST', `/api/v1/requests/${id}/work_orders`, { tasks: 'paint' }, 400, { as: 'crew' });
  await check('POST', '/api/v1/requests/999999/work_orders', { crew: 'x' }, 404, { as: 'crew' });
  await check('POST', '/api/v1/work_orders', { department_code: 'PWD', crew: 'sweep' }, 201,
              { as: 'crew' });
  await check('POST', '/api/v1/work_orders', { department_code: 'PWD', labour_hours: 'x' }, 400,
              { as: 'crew' });
  const w = `/api/v1/work_orders/${order.body.id}`;
  await check('PUT', w, { crew: 'crew 3', assignee_user_id: null, tasks: [], scheduled_for: null,
                          labour_hours: 1.5, materials: '', cost_cents: 0, completion_note: '',
                          done: false }, 200, { as: 'crew' });
  await check('PUT', w, { crew: 'crew 3' }, 400, { as: 'crew' });
  const patched = await check('PATCH', w, { labour_hours: 0.25 }, 200, { as: 'crew' });
  assert.match(patched.text, /"labour_hours":0\.25/);
  await check('PATCH', '/api/v1/work_orders/999999', { done: true }, 404, { as: 'crew' });
  const crews = await check('GET', '/api/v1/crews?department=PWD', undefined, 200, { as: 'crew' });
  assert.ok(Array.isArray(crews.body.crews));
  await check('GET', '/api/v1/crews?department=PWD', undefined, 401);
  const audit = await check('GET', '/api/v1/audit?department=PWD', undefined, 200, { as: 'admin' });
  assert.ok(audit.body.entries.some((e) => e.service_request_id === id), 'audited by id');
  await check('GET', '/api/v1/openapi.json', undefined, 200);
});

test('transport errors under /api/v1 use the one error shape', async () => {
  const json = { 'content-type': 'application/json' };
  await check('GET', '/api/v1/no-such-thing', undefined, 404, { as: 'agent' });
  await check('DELETE', '/api/v1/me', undefined, 405, { as: 'agent' });
  await check('POST', '/api/v1/requests', undefined, 400,
              { as: 'agent', raw: '{"service_code":', headers: json });
  await check('POST', '/api/v1/requests', undefined, 415,
              { as: 'agent', raw: 'service_code=x', headers: { 'content-type': 'text/plain' } });
  await check('POST', '/api/v1/requests', undefined, 413,
              { as: 'agent', raw: 'x'.repeat(2 * 1024 * 1024), headers: json });
  await check('POST', '/api/v1/auth/token', undefined, 400, { raw: '[1,2]', headers: json });
  await check('POST', '/api/v1/auth/token', undefined, 415, { raw: '{}' });
});

// Last: every documented operation answered at least one success and one error (the document
// only lists what can happen; the scenario above must show it does).
test('every documented operation was seen answering a success and an error', () => {
  // The document itself fails only when the server does (500/503).
  const noError = new Set(['GET /api/v1/openapi.json']);
  const missing = [];
  for (const [op, mark] of seen) {
    if (!mark.success) missing.push(`${op}: no success`);
    if (!mark.error && !noError.has(op)) missing.push(`${op}: no error`);
  }
  assert.deepEqual(missing, []);
});
