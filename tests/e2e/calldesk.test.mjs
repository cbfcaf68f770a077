// The call-centre desk and the queue's saved filters in a real browser (docs/console.md): an
// agent files a phone request for a caller (a required list attribute answered, the number read
// back), finds the caller again by phone with their earlier requests, adds information by the
// tracking number; a lead saves the queue's filters under a name and applies them with one
// click. axe-core (no serious or critical violation) on each state of the desk and the queue.
// CIVIC311_SCREENSHOTS=1 refreshes docs/screenshots/staff-desk.png (desktop).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, launch, checkA11y, screenshot, DESKTOP, PHONE, createPerson, signInStaff } from './harness.mjs';

let server, browser;
const SHOTS = '/tmp/s6-calldesk';

before(async () => {
  server = await startServer();
  browser = await launch();
  createPerson(server, { email: 'ali@city.example', role: 'agent', departments: ['CC311'], name: 'Ali Agent' });
  createPerson(server, { email: 'lee@city.example', role: 'manager', departments: ['PWD', 'PWD-NORTH', 'BTD', 'SAN'], name: 'Lee Lead' });
  server.run(['seed', '--db', server.db, '--count', '200', '--days', '30']);
});
after(async () => { await browser?.close(); await server?.stop(); });

const signIn = (page, email) => signInStaff(page, server, email);

// Files a POTHOLE request for Maria; returns its tracking number as read back.
async function fileForMaria(page, description) {
  await page.goto(`${server.url}/staff/desk`);
  await page.selectOption('#service_code', 'POTHOLE');
  // The chosen service's questions appear at once, with the portal's controls.
  await page.waitForSelector('#s-POTHOLE-attr-LOCATION-0', { state: 'visible' });
  await page.check('#s-POTHOLE-attr-LOCATION-0');
  await page.selectOption('#channel', 'phone');
  await page.fill('#address_string', '1 City Hall Sq');
  await page.fill('#description', description);
  await page.fill('#first_name', 'Maria');
  await page.fill('#last_name', 'Lopez');
  await page.fill('#phone', '(617) 555-0199');
  await page.click('#create-submit');
  await page.waitForURL(/created=\d+/);
  return (await page.textContent('[data-tracking]')).trim();
}

test('an agent files for a caller, finds them by phone and adds information by number', async () => {
  mkdirSync(SHOTS, { recursive: true });
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page, 'ali@city.example');

  // A required list attribute left out: the question says so and nothing typed is lost.
  await page.goto(`${server.url}/staff/desk`);
  await page.selectOption('#service_code', 'POTHOLE');
  await page.fill('#description', 'Caller: pothole outside City Hall');
  await page.fill('#first_name', 'Maria');
  await page.click('#create-submit');
  await page.waitForSelector('#s-POTHOLE-attr-LOCATION-error');
  assert.equal(await page.inputValue('#first_name'), 'Maria');
  await checkA11y(page, 'desk: required attribute missing');

  const first = await fileForMaria(page, 'Caller: pothole outside City Hall');
  const second = await fileForMaria(page, 'Caller again: a second pothole by the bus stop');
  assert.match(second, /^\d+$/);
  assert.match(await page.textContent('#readback'), /Expected by|expected/i);
  await checkA11y(page, 'desk: read-back');

  // The caller rings again: found by their phone, written differently.
  await page.fill('#find', '617.555.0199');
  await page.click('form[role=search] button[type=submit]');
  await page.waitForSelector('[data-caller-requests]');
  const earlier = await page.textContent('[data-caller-requests]');
  assert.ok(earlier.includes(`#${first} `) && earlier.includes(`#${second} `), earlier);
  assert.match(await page.textContent('[data-caller]'), /Maria Lopez/);
  await checkA11y(page, 'desk: caller found');
  await page.screenshot({ path: path.join(SHOTS, 'desk-lookup-desktop.png'), fullPage: true });

  // They add something to the first request by its number.
  await page.fill('#info-number', first);
  await page.fill('#info-text', 'The caller adds: it is about two feet wide.');
  await page.click('form[data-add-info] button[type=submit]');
  await page.waitForURL(/info_added=/);
  assert.match(await page.textContent('.flash'), new RegExp(`#${first}`));
  await page.goto(`${server.url}/staff/requests/${first}`);
  assert.match(await page.textContent('main'), /about two feet wide/);

  // The screenshot: the caller found, with the desk's forms.
  await page.goto(`${server.url}/staff/desk?find=617-555-0199&service_code=POTHOLE`);
  await page.waitForSelector('[data-caller-requests]');
  await screenshot(page, 'staff-desk');
  await page.screenshot({ path: path.join(SHOTS, 'desk-desktop.png'), fullPage: true });
  await context.close();

  const phone = await browser.newContext(PHONE);
  const small = await phone.newPage();
  await signIn(small, 'ali@city.example');
  await small.goto(`${server.url}/staff/desk?find=617-555-0199&service_code=POTHOLE`);
  await small.waitForSelector('[data-caller-requests]');
  await checkA11y(small, 'desk on a phone');
  await small.screenshot({ path: path.join(SHOTS, 'desk-phone.png'), fullPage: true });
  await phone.close();
});

test('a lead saves the queue filters under a name and applies them with one click', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page, 'lee@city.example');
  await page.goto(`${server.url}/staff/queue?service=POTHOLE&assignee=none`);
  await page.fill('#filter-name', 'Unassigned potholes');
  await page.click('form.save-filter button[type=submit]');
  await page.waitForURL(/filters=saved/);
  await checkA11y(page, 'queue with a saved filter');
  // Back to the plain queue, then one click applies the saved set.
  await page.goto(`${server.url}/staff/queue`);
  await page.click('a[data-saved-filter]:has-text("Unassigned potholes")');
  await page.waitForURL(/service=POTHOLE/);
  assert.match(page.url(), /assignee=none/);
  assert.equal(await page.inputValue('#service'), 'POTHOLE');
  assert.equal(await page.getAttribute('a[data-saved-filter]', 'aria-current'), 'true');
  await page.screenshot({ path: path.join(SHOTS, 'queue-saved-desktop.png'), fullPage: false });
  await context.close();
});
