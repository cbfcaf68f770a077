// The second part of the admin screens in a real browser (docs/console.md, "Admin"): an admin
// creates a person (the password comes by e-mail, never shown), writes and previews an article,
// publishes it and residents find it on /answers, makes an API key (shown once), retries a parked
// message, and picks a point on the "test a point" map. axe-core (no serious or critical
// violation) on every new page, desktop 1280×900 and phone 390×844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, launch, checkA11y, screenshot, noTiles, submitAndWait, DESKTOP, PHONE } from './harness.mjs';

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

// The sqlite3 tool (scripts/setup installs it) on the test database: the worker's part.
const sql = (statement) => execFileSync('sqlite3', [server.db, statement], { encoding: 'utf8' }).trim();

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

test('an admin creates a person; the password is set by the e-mailed link', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${server.url}/staff/admin/users`);
  await page.click('a[href="/staff/admin/users/new"]');
  await page.waitForURL(/\/users\/new$/);
  await checkA11y(page, 'new person');
  // A mistake first: said next to the field, what was typed kept.
  await page.fill('#email', 'nadia-at-city');
  await page.fill('#name', 'Nadia Nuñez');
  await page.selectOption('#role', 'agent');
  await page.check('input[name=departments][value=CC311]');
  await page.click('.admin-form button[type=submit]');
  await page.waitForSelector('#email-error');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#name'), 'Nadia Nuñez');
  assert.ok(await page.isChecked('input[name=departments][value=CC311]'));
  await checkA11y(page, 'new person with a mistake');
  await look(page, 'user-new-mistake-desktop');
  await page.fill('#email', 'nadia@city.example');
  await page.click('.admin-form button[type=submit]');
  await page.waitForURL(/\/staff\/admin\/users\?invited=\d+$/);
  const row = page.locator('tr', { hasText: 'nadia@city.example' });
  assert.match(await row.textContent(), /agent/);
  assert.match(await row.textContent(), /CC311/);
  assert.equal(sql("SELECT count(*) FROM outbox WHERE event = 'password_reset' AND recipient = 'nadia@city.example'"), '1');
  const token = sql("SELECT json_extract(payload, '$.token') FROM outbox WHERE recipient = 'nadia@city.example'");
  assert.ok(token.length > 20, 'the e-mail carries the one-time token');
  assert.ok(!(await page.content()).includes(token), 'no page shows it');

  // Her role and departments, changed on her page.
  await row.locator('a').first().click();
  await page.waitForURL(/\/staff\/admin\/users\/\d+$/);
  await checkA11y(page, 'person access');
  await look(page, 'user-edit-desktop');
  await page.selectOption('#role', 'staff');
  await page.uncheck('input[name=departments][value=CC311]');
  await page.check('input[name=departments][value=PWD]');
  await page.click('.admin-form button[type=submit]');
  await page.waitForURL(/\/staff\/admin\/users\?changed=\d+$/);
  assert.match(await page.locator('tr', { hasText: 'nadia@city.example' }).textContent(), /staff[\s\S]*PWD/);
  await context.close();
});

test('an admin writes an article, previews it, publishes it, and it shows on /answers', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${server.url}/staff/admin/articles`);
  await checkA11y(page, 'articles');
  await page.click('a[href="/staff/admin/articles/new"]');
  await page.fill('#slug', 'leaf-collection');
  await page.selectOption('#lang', 'en');
  await page.fill('#title', 'Leaf collection');
  await page.fill('#summary', 'When the city collects leaves from the curb.');
  await page.fill('#body', 'Leaves are collected **every Monday** in November.\n\n- Use paper bags\n- No branches');
  await page.click('button[value=preview]');
  await page.waitForSelector('.article-preview strong');
  assert.equal(await page.textContent('.article-preview strong'), 'every Monday');
  assert.equal(await page.isChecked('#published'), false, 'a new article starts as a draft');
  await checkA11y(page, 'article preview');
  await look(page, 'article-preview-desktop');
  await page.click('button[value=save]');
  await page.waitForURL(/\/staff\/admin\/articles\?saved=leaf-collection$/);
  let r = await fetch(`${server.url}/answers/leaf-collection`);
  assert.equal(r.status, 404, 'a draft is not public');
  const row = page.locator('tr', { hasText: 'Leaf collection' });
  assert.match(await row.textContent(), /draft/);
  // The URL already says saved=leaf-collection from the save: wait for the new page.
  await submitAndWait(page, () => row.locator('button', { hasText: 'Publish' }).click());
  assert.match(page.url(), /saved=leaf-collection$/);
  assert.match(await page.locator('tr', { hasText: 'Leaf collection' }).textContent(), /published/);

  const resident = await context.newPage();
  await resident.goto(`${server.url}/answers?q=leaf`);
  await resident.click('a[href="/answers/leaf-collection"]');
  await resident.waitForURL(/\/answers\/leaf-collection$/);
  assert.equal(await resident.textContent('.article-body strong'), 'every Monday');
  await context.close();
});

test('an API key is shown once; a parked message is retried', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${server.url}/staff/admin/keys`);
  await page.fill('#key-name', 'Citizen app');
  await page.click('.admin-form button[type=submit]');
  const key = (await page.textContent('[data-new-key]')).trim();
  assert.match(key, /^c311_/);
  await checkA11y(page, 'new key');
  await page.goto(`${server.url}/staff/admin/keys`);
  assert.ok(!(await page.content()).includes(key), 'the key is shown only once');

  // The invitation e-mail could not be delivered: the worker parked it.
  sql("UPDATE outbox SET parked_at = unixepoch(), attempts = 8, last_error = 'SMTP 550 no such mailbox' WHERE recipient = 'nadia@city.example'");
  await page.goto(`${server.url}/staff/admin/outbox`);
  const row = page.locator('tr', { hasText: 'SMTP 550 no such mailbox' });
  assert.match(await row.textContent(), /n…@city\.example/);
  assert.ok(!(await page.content()).includes('nadia@city.example'), 'recipient masked');
  await checkA11y(page, 'outbox');
  await look(page, 'outbox-desktop');
  await row.locator('button').click();
  await page.waitForURL(/\/staff\/admin\/outbox\?retried=1$/);
  assert.equal(await page.locator('tr', { hasText: 'SMTP 550 no such mailbox' }).count(), 0);
  assert.equal(sql("SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL"), '0');
  await context.close();
});

test('"test a point": a click on the map fills in the point', async () => {
  const context = await browser.newContext(DESKTOP);
  await noTiles(context);
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${server.url}/staff/admin/route`);
  await page.waitForSelector('#route-map .leaflet-container, #route-map.leaflet-container');
  const box = await page.locator('#route-map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => document.getElementById('lat').value !== '');
  const lat = Number(await page.inputValue('#lat')), lon = Number(await page.inputValue('#long'));
  assert.ok(Math.abs(lat) > 1 && Math.abs(lon) > 1, `${lat}, ${lon}`);
  await page.selectOption('#service', 'POTHOLE');
  await page.click('form[action="/staff/admin/route"] button[type=submit]');
  await page.waitForSelector('[data-route-department]');
  await checkA11y(page, 'test a point');
  await context.close();
});

test('every new admin page passes axe on a desktop and a phone; screenshots', async () => {
  for (const [device, name] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    const context = await browser.newContext(device);
    await noTiles(context);
    const page = await context.newPage();
    await signIn(page);
    // Every new page on the desktop; on the phone the ones with wide tables or forms (the
    // other pages share their layout), to keep this file's time down.
    const pages = name === 'desktop'
      ? ['/staff/admin/users', '/staff/admin/users/new', '/staff/admin/keys',
         '/staff/admin/articles', '/staff/admin/articles/new', '/staff/admin/articles/leaf-collection/en',
         '/staff/admin/outbox', '/staff/admin/outbox?kind=webhook', '/staff/admin/webhooks',
         '/staff/admin/webhooks/new', '/staff/admin/route']
      : ['/staff/admin/users', '/staff/admin/articles/leaf-collection/en', '/staff/admin/outbox'];
    for (const p of pages) {
      await page.goto(`${server.url}${p}`);
      await checkA11y(page, `${p} (${name})`);
    }
    // (The article editor's screenshots come from admin_kb.test.mjs, with both languages.)
    for (const [p, shot] of [['/staff/admin/users', 'users'],
                             ['/staff/admin/outbox', 'outbox'], ['/staff/admin/route', 'route']]) {
      await page.goto(`${server.url}${p}`);
      if (shot === 'route') await page.waitForSelector('#route-map.leaflet-container');
      await look(page, `${shot}-${name}`);
      await screenshot(page, `staff-admin-${shot}-${name}`);
    }
    await context.close();
  }
});
