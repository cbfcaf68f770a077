// The staff console in a real browser: a crew member signs in, acknowledges a new request from
// the keyboard, adds a public note and resolves it, and the resident's status page shows it; an
// agent answers a question from the knowledge base (an information contact) and files a phone
// request for a caller, reading the tracking number back. axe-core on every console page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, checkA11y, screenshot, submitAndWait, DESKTOP, reportPothole, createPerson, PASSWORD } from './harness.mjs';

let server, browser, apiKey;

before(async () => {
  server = await startServer();
  browser = await launch();
  createPerson(server, { email: 'dana@city.example', role: 'staff', departments: ['PWD', 'PWD-NORTH', 'BTD', 'SAN'], name: 'Dana Crew' });
  createPerson(server, { email: 'ali@city.example', role: 'agent', departments: ['CC311'], name: 'Ali Agent' });
  // A lived-in city (the queue's screenshot shows a real day's work); our requests are the newest.
  server.run(['seed', '--db', server.db, '--count', '400', '--days', '30']);
  apiKey = server.run(['api-key', 'create', '--db', server.db, '--name', 'e2e']).trim().split('\n').pop();
});
after(async () => { await browser?.close(); await server?.stop(); });

const report = (description) => reportPothole(server, apiKey, description);

async function signIn(page, email) {
  await page.goto(`${server.url}/staff`);
  await page.waitForURL(/\/staff\/signin/);
  await checkA11y(page, 'staff sign-in');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit].btn');
}

test('a crew member acknowledges, notes and resolves; the resident sees it', async () => {
  await report('Deep pothole in the bus lane, already popped a tyre');
  const id = await report('Pothole by the crossing, getting bigger after the rain');
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page, 'dana@city.example');
  await page.waitForURL(/\/staff\/queue$/);
  await checkA11y(page, 'queue');
  // Keyboard: j to the newest request, a to acknowledge it.
  await page.keyboard.press('j');
  assert.equal(await page.getAttribute('tr.is-current', 'data-id'), String(id));
  await page.keyboard.press('a');
  await page.waitForURL(/done=1&failed=0/);
  assert.match(await page.textContent(`tr[data-id="${id}"]`), /Seen by the department/);
  await page.keyboard.press('?');
  assert.ok(await page.isVisible('#shortcuts'));
  await checkA11y(page, 'shortcuts dialog');
  await page.keyboard.press('Escape');
  await screenshot(page, 'staff-queue');

  await page.click(`tr[data-id="${id}"] a[data-open]`);
  await page.waitForURL(new RegExp(`/staff/requests/${id}$`));
  await checkA11y(page, 'request desk');
  await page.keyboard.press('n');
  await page.keyboard.type('A crew will fill this pothole on Tuesday.');
  await page.click('#note-form button[type=submit]');
  await page.waitForURL(/done=1/);
  assert.match(await page.textContent('.timeline'), /A crew will fill this pothole on Tuesday/);
  // docs/screenshots/staff-request.png: desk.test.mjs (the desk with work orders and more).
  await page.fill('#state-text', 'Filled today. Thank you for reporting it.');
  await page.keyboard.press('Escape');
  // The URL already says done=1 from the note: wait for the new page.
  await submitAndWait(page, () => page.click('button[data-key=r]'));
  assert.match(page.url(), /done=1/);
  assert.match(await page.textContent('h1'), /#\d+/);

  // The resident's status page (anonymous) shows the public note and the new state.
  const resident = await browser.newContext(DESKTOP);
  const status = await resident.newPage();
  await status.goto(`${server.url}/requests/${id}`);
  const text = await status.textContent('main');
  assert.match(text, /A crew will fill this pothole on Tuesday/);
  assert.match(text, /Filled today/);
  await resident.close();
  await context.close();
});

test('an agent answers from the knowledge base and files a phone request', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page, 'ali@city.example');
  await page.waitForURL(/\/staff\/queue$/);
  await page.click('a[href="/staff/desk"]');
  await page.waitForURL(/\/staff\/desk$/);
  await page.fill('#ask', 'when is trash picked up');
  await page.waitForSelector('[data-kb-results] .kb-hit');
  await checkA11y(page, 'call desk with answers');
  await page.click('[data-kb-results] .kb-hit button');
  await page.waitForURL(/answered=/);
  assert.match(await page.textContent('.flash'), /Recorded/);

  await page.selectOption('#service_code', 'POTHOLE');
  await page.fill('#address_string', '1 City Hall Sq');
  await page.fill('#description', 'Caller says a pothole opened outside City Hall');
  await page.fill('#first_name', 'Maria');
  await page.fill('#phone', '555-0100');
  await page.click('#create-submit');
  // POTHOLE asks where the pothole is: the desk says so, keeps what was typed and asks it.
  await page.waitForSelector('#error-summary');
  assert.equal(await page.inputValue('#first_name'), 'Maria');
  await checkA11y(page, 'call desk with an error');
  await page.check('#s-POTHOLE-attr-LOCATION-0');
  await page.click('#create-submit');
  await page.waitForURL(/created=\d+/);
  const number = (await page.textContent('[data-tracking]')).trim();
  assert.match(number, /^\d+$/);
  await checkA11y(page, 'call desk read-back');
  // The next caller's question, answered while typing, beside the read-back.
  await page.fill('#ask', 'recycling');
  await page.waitForSelector('[data-kb-results] .kb-hit');
  const r = await fetch(`${server.url}/open311/v2/requests/${number}.json`);
  const [stored] = await r.json();
  assert.equal(stored.address, '1 City Hall Sq');
  await context.close();
});
