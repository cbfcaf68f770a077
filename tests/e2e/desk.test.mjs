// The request desk in a real browser (docs/console.md, "The request desk"): a crew member closes a
// report as a duplicate of a nearby candidate with one click, creates a work order with tasks,
// hours and cost and ticks a task off, and asks another department for help with an internal
// request that the desk then lists with its state. axe-core on the desk with every form open.
// CIVIC311_SCREENSHOTS=1 refreshes docs/screenshots/staff-request.png; DESK_SHOTS=DIR also saves
// a phone and a desktop view there (to look at).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, launch, checkA11y, screenshot, submitAndWait, DESKTOP, PHONE, reportPothole } from './harness.mjs';

let server, browser, apiKey;
const PASSWORD = 'a long enough password';

before(async () => {
  server = await startServer();
  browser = await launch();
  const pw = path.join(path.dirname(server.db), 'desk.pw');
  writeFileSync(pw, PASSWORD + '\n');
  server.run(['user', 'create', '--db', server.db, '--email', 'dana@city.example', '--role', 'staff',
              '--password-file', pw, '--name', 'Dana Crew', '--department', 'PWD',
              '--department', 'PWD-NORTH', '--department', 'BTD', '--department', 'SAN']);
  apiKey = server.run(['api-key', 'create', '--db', server.db, '--name', 'e2e']).trim().split('\n').pop();
});
after(async () => { await browser?.close(); await server?.stop(); });

const report = (description) => reportPothole(server, apiKey, description);

async function signedIn(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${server.url}/staff/signin`);
  await page.fill('#email', 'dana@city.example');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit].btn');
  await page.waitForURL(/\/staff\/queue/);
  return { context, page };
}

async function shot(page, name) {
  if (!process.env.DESK_SHOTS) return;
  mkdirSync(process.env.DESK_SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(process.env.DESK_SHOTS, `${name}.png`), fullPage: true });
}

let original, again, worked;

test('one click closes a report as a duplicate of a nearby candidate', async () => {
  original = await report('Deep pothole by the bus stop, about a metre wide');
  again = await report('Big pothole at the bus stop again');
  const { context, page } = await signedIn(DESKTOP);
  await page.goto(`${server.url}/staff/requests/${again}`);
  const candidate = page.locator(`li[data-candidate="${original}"]`);
  assert.match(await candidate.textContent(), /Deep pothole by the bus stop/);
  assert.match(await candidate.textContent(), /\d+ m/);  // how far
  assert.equal(await page.locator(`li[data-candidate="${again}"]`).count(), 0);
  await checkA11y(page, 'request desk with duplicate candidates');
  await candidate.locator('button').click();
  await page.waitForURL(/done=1/);
  assert.equal(await page.locator('h1 .state-duplicate').count(), 1);
  assert.ok(await page.isVisible(`dd a[href="/staff/requests/${original}"]`));
  await context.close();
});

test('a work order with tasks, hours and cost is created and updated', async () => {
  worked = await report('Pothole at the crossing, getting bigger after the rain');
  const { context, page } = await signedIn(DESKTOP);
  await page.goto(`${server.url}/staff/requests/${worked}`);
  await page.click('details.work-new > summary');
  await page.fill('#wo-new-crew', 'North crew 2');
  await page.selectOption('#wo-new-assignee', 'me');
  await page.fill('#wo-new-tasks', 'Cut the edges\nFill and roll');
  await page.fill('#wo-new-hours', '2.5');
  await page.fill('#wo-new-cost', '120.50');
  await page.fill('#wo-new-materials', 'Cold patch, 2 bags');
  await checkA11y(page, 'request desk, new work order form');
  await page.click('#work-form button[type=submit]');
  await page.waitForURL(/done=1#wo-\d+/);
  const wid = page.url().match(/#wo-(\d+)/)[1];
  const order = page.locator(`#wo-${wid}`);
  assert.equal(await order.locator('[data-hours]').textContent(), '2.5');
  assert.equal(await order.locator('[data-cost]').textContent(), '120.50');
  assert.match(await order.textContent(), /North crew 2/);
  assert.match(await order.textContent(), /Dana Crew/);

  // Tick the first task off and log more hours.
  await order.locator('details.work-edit > summary').click();
  await order.locator('input[name=task_done][value="0"]').check();
  await page.fill(`#wo-${wid}-hours`, '4');
  await page.fill(`#wo-${wid}-cost`, '180');
  await checkA11y(page, 'request desk, work order edit form');
  // The URL already says done=1#wo-N from the new order: wait for the new page.
  await submitAndWait(page, () => order.locator('button[type=submit]').click());
  assert.match(page.url(), /done=1#wo-\d+/);
  const updated = page.locator(`#wo-${wid}`);
  assert.equal(await updated.locator('[data-hours]').textContent(), '4');
  assert.equal(await updated.locator('[data-cost]').textContent(), '180.00');
  assert.match(await updated.textContent(), /1 \/ 2/);
  await context.close();
});

test('an internal request goes to another department and is listed with its state', async () => {
  const { context, page } = await signedIn(DESKTOP);
  await page.goto(`${server.url}/staff/requests/${worked}`);
  await page.click('#internal details > summary');
  await page.selectOption('#internal-department', 'PRK');
  await page.fill('#internal-description', 'Please trim the hedge that hides the pothole from drivers');
  await checkA11y(page, 'request desk, internal request form');
  await page.click('#internal-form button[type=submit]');
  await page.waitForURL(/done=1/);
  const item = page.locator('#internal li').first();
  assert.match(await item.textContent(), /Please trim the hedge/);
  assert.match(await item.textContent(), /Submitted|New|Received/i);
  await checkA11y(page, 'request desk with a work order and an internal request');
  await screenshot(page, 'staff-request');
  await shot(page, 'desk-desktop');
  const phone = await signedIn(PHONE);
  await phone.page.goto(`${server.url}/staff/requests/${worked}`);
  await checkA11y(phone.page, 'request desk on a phone');
  await shot(phone.page, 'desk-phone');
  await phone.context.close();

  // The internal request itself: never on the public status page.
  const href = await item.locator('a').getAttribute('href');
  await page.goto(`${server.url}${href}`);
  assert.match(await page.textContent('.description'), /Please trim the hedge/);
  const anon = await fetch(`${server.url}/requests/${href.split('/').pop()}`);
  assert.equal(anon.status, 404);
  await context.close();
});
