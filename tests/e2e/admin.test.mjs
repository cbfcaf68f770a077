// The admin screens in a real browser (docs/console.md, "Admin"): an admin adds a service with a
// required list attribute and the portal offers it at once — no restart — and refuses a report
// without the answer; a mistake is shown next to its field; revert brings the old catalogue back.
// axe-core on every admin page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, launch, checkA11y, screenshot, DESKTOP, PHONE } from './harness.mjs';

let server, browser;
const PASSWORD = 'a long enough password';
const LOOK = process.env.CIVIC311_ADMIN_LOOK;  // a directory: screenshots to look at while building

before(async () => {
  server = await startServer();
  browser = await launch();
  const pw = path.join(path.dirname(server.db), 'admin.pw');
  writeFileSync(pw, PASSWORD + '\n');
  server.run(['user', 'create', '--db', server.db, '--email', 'ada@city.example', '--role', 'admin',
              '--password-file', pw, '--name', 'Ada Admin']);
});
after(async () => { await browser?.close(); await server?.stop(); });

async function look(page, name) {
  if (!LOOK) return;
  mkdirSync(LOOK, { recursive: true });
  await page.screenshot({ path: path.join(LOOK, `${name}.png`), fullPage: true });
}

async function signIn(page) {
  await page.goto(`${server.url}/staff/admin`);
  await page.waitForURL(/\/staff\/signin/);
  await page.fill('#email', 'ada@city.example');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit].btn');
  await page.waitForURL(/\/staff\/admin$/);
}

async function fillService(page, { sla }) {
  await page.goto(`${server.url}/staff/admin/services/new`);
  await page.fill('#f-code', 'BENCH');
  await page.fill('#f-name', 'Broken bench');
  await page.fill('#f-description', 'A park or street bench that is broken or unsafe.');
  await page.fill('#f-group', 'Parks & Trees');
  await page.fill('#f-department', 'PRK');
  await page.fill('#f-sla', sla);
  await page.fill('#f-attributes-0--code', 'DAMAGE');
  await page.selectOption('#f-attributes-0--datatype', 'singlevaluelist');
  await page.fill('#f-attributes-0--description', 'What is broken?');
  await page.check('#f-attributes-0--required');
  await page.fill('#f-attributes-0--values', 'SEAT = The seat\nLEGS = The legs');
}

test('an admin adds a service with a required list attribute; the portal offers it at once', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page);
  await checkA11y(page, 'admin overview');
  await look(page, 'overview-desktop');

  // A mistake first: shown next to its field, what was typed kept, nothing stored.
  await fillService(page, { sla: '2 bizness days' });
  await checkA11y(page, 'new service form');
  await page.click('.admin-form button[type=submit]');
  await page.waitForSelector('#f-sla-error');
  assert.match(await page.textContent('#f-sla-error'), /bizness/);
  assert.equal(await page.getAttribute('#f-sla', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#f-attributes-0--code'), 'DAMAGE');
  await checkA11y(page, 'service form with a mistake');
  await look(page, 'service-mistake-desktop');
  let r = await fetch(`${server.url}/open311/v2/services/BENCH.json`);
  assert.equal(r.status, 404, 'nothing stored');

  // Corrected: stored as version 2 and live without a restart.
  await page.fill('#f-sla', '5 business days');
  await page.click('.admin-form button[type=submit]');
  await page.waitForURL(/\/staff\/admin\/services\?saved=2$/);
  assert.match(await page.textContent('.flash'), /version 2/);
  await checkA11y(page, 'services list');

  const resident = await context.newPage();
  await resident.goto(`${server.url}/report`);
  await resident.click('label[for="svc-BENCH"]');
  await resident.click('#continue');
  await resident.waitForURL(/\/report\/where$/);
  await resident.fill('#address_string', '1 City Hall Sq');
  await resident.click('#continue');
  await resident.waitForURL(/\/report\/details$/);
  await resident.fill('#description', 'The seat is split in two');
  await resident.click('#continue');
  // Refused without the required answer: the error names the question.
  await resident.waitForSelector('#error-summary');
  assert.match(await resident.textContent('#error-summary'), /What is broken\?|DAMAGE/);
  await resident.check('#attr-DAMAGE-0');  // the question is still on the page
  await resident.click('#continue');
  // Accepted: the details step (and its question) gives way to the photos step.
  await resident.waitForSelector('#attr-DAMAGE-0', { state: 'detached' });
  assert.equal(await resident.locator('#error-summary').count(), 0);
  assert.match(resident.url(), /\/report\/photos$/);

  // The version page shows the diff; revert takes the service away again, at once.
  await page.goto(`${server.url}/staff/admin/versions/2`);
  assert.match(await page.textContent('.diff'), /Broken bench/);
  await checkA11y(page, 'version diff');
  await look(page, 'version-desktop');
  await page.goto(`${server.url}/staff/admin/versions/1`);
  await page.click('form[action$="/revert"] button');
  await page.waitForURL(/\/staff\/admin\?saved=3$/);
  assert.match(await page.textContent('main'), /reverted to version 1/);
  r = await fetch(`${server.url}/open311/v2/services/BENCH.json`);
  assert.equal(r.status, 404, 'reverted');
  await resident.goto(`${server.url}/report`);
  assert.equal(await resident.locator('label[for="svc-BENCH"]').count(), 0);
  await context.close();
});

test('every admin page passes axe, on a desktop and a phone', async () => {
  for (const [device, name] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    const context = await browser.newContext(device);
    const page = await context.newPage();
    await signIn(page);
    const pages = ['/staff/admin', '/staff/admin/services', '/staff/admin/services/0',
      '/staff/admin/departments', '/staff/admin/departments/0', '/staff/admin/areas',
      '/staff/admin/areas/0', '/staff/admin/rules', '/staff/admin/rules/0',
      '/staff/admin/templates', '/staff/admin/templates/0', '/staff/admin/calendar/0',
      '/staff/admin/branding/0', '/staff/admin/portal/0', '/staff/admin/escalations', '/staff/admin/document',
      '/staff/admin/users',
      '/staff/admin/versions/1',
      '/staff/admin/route?service=POTHOLE&lat=42.3601&long=-71.0589'];
    for (const p of pages) {
      await page.goto(`${server.url}${p}`);
      await checkA11y(page, `${p} (${name})`);
    }
    await page.goto(`${server.url}/staff/admin/route?service=POTHOLE&lat=42.3601&long=-71.0589`);
    assert.match(await page.textContent('[data-route-reason]'), /POTHOLE/);
    await look(page, `route-${name}`);
    await page.goto(`${server.url}/staff/admin/services/0`);
    await look(page, `service-${name}`);
    if (name === 'desktop') await screenshot(page, 'staff-admin');
    await context.close();
  }
});
