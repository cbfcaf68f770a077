// The call desk in a real browser, session 7 (docs/console.md, "Call-centre desk"): the agent
// picks the caller's point on the map (the console's one map set-up, web/static/map.js) and
// files the request with Enter from the address field — the form's default button is "Create",
// not "Find address"; the request is stored at the point picked. A caller named with accents is
// found again by the name typed without them, in capitals. axe-core (no serious or critical
// violation) on the desk with its map, desktop and phone.
// Screenshots to look at: /tmp/s7-admin/ (docs/screenshots/staff-desk.png comes from e2e_calldesk).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, launch, checkA11y, noTiles, DESKTOP, PHONE } from './harness.mjs';

let server, browser;
const PASSWORD = 'a long enough password';
const SHOTS = '/tmp/s7-admin';

before(async () => {
  server = await startServer();
  browser = await launch();
  const pw = path.join(path.dirname(server.db), 'agent.pw');
  writeFileSync(pw, PASSWORD + '\n');
  server.run(['user', 'create', '--db', server.db, '--email', 'ali@city.example', '--role', 'agent',
              '--password-file', pw, '--name', 'Ali Agent', '--department', 'CC311']);
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => { await browser?.close(); await server?.stop(); });

const sql = (statement) => execFileSync('sqlite3', [server.db, statement], { encoding: 'utf8' }).trim();

async function signIn(page) {
  await page.goto(`${server.url}/staff/signin`);
  await page.fill('#email', 'ali@city.example');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit].btn');
  await page.waitForURL(/\/staff\/queue/);
}

test('the caller\'s point is picked on the map and Enter files the request there', async () => {
  const context = await browser.newContext(DESKTOP);
  await noTiles(context);
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${server.url}/staff/desk`);
  await page.waitForSelector('#desk-map.leaflet-container');
  assert.equal(await page.isVisible('#desk-map-hint'), true);
  await checkA11y(page, 'desk with its map');

  await page.selectOption('#service_code', 'POTHOLE');
  await page.waitForSelector('#s-POTHOLE-attr-LOCATION-0', { state: 'visible' });
  await page.check('#s-POTHOLE-attr-LOCATION-0');
  await page.fill('#description', 'Caller: pothole by the playground gate');
  await page.fill('#first_name', 'José');
  await page.fill('#last_name', 'Núñez');
  const box = await page.locator('#desk-map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#desk-point:not([hidden])');
  const lat = await page.inputValue('#desk-lat'), lon = await page.inputValue('#desk-lon');
  assert.ok(Math.abs(Number(lat)) > 1 && Math.abs(Number(lon)) > 1, `${lat}, ${lon}`);
  assert.match(await page.textContent('#desk-point'), new RegExp(lat.replace('.', '\\.')));
  await checkA11y(page, 'desk: point picked');
  await page.screenshot({ path: path.join(SHOTS, 'desk-map-desktop.png'), fullPage: true });

  // Enter in the address field files the request (it used to press "Find address").
  await page.fill('#address_string', 'by the playground gate');
  await page.press('#address_string', 'Enter');
  await page.waitForURL(/created=\d+/);
  const id = (await page.textContent('[data-tracking]')).trim();
  assert.match(id, /^\d+$/);
  const stored = sql(`SELECT printf('%.6f %.6f', lat, lon) FROM service_requests WHERE id = ${id}`);
  assert.equal(stored, `${Number(lat).toFixed(6)} ${Number(lon).toFixed(6)}`);
  assert.equal(sql(`SELECT first_name || ' ' || last_name FROM request_contacts WHERE request_id = ${id}`),
               'José Núñez');

  // The caller rings again and gives their name without accents, in capitals.
  await page.fill('#find', 'JOSE NUNEZ');
  await page.click('form[role=search] button[type=submit]');
  await page.waitForSelector('[data-caller-requests]');
  assert.ok((await page.textContent('[data-caller-requests]')).includes(`#${id} `));
  assert.match(await page.textContent('[data-caller]'), /José Núñez/);
  await checkA11y(page, 'desk: caller found by folded name');
  await page.screenshot({ path: path.join(SHOTS, 'desk-found-desktop.png'), fullPage: true });
  await context.close();
});

test('on a phone the desk map and the form pass axe, and Enter still files', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${server.url}/staff/desk`);
  await page.waitForSelector('#desk-map.leaflet-container');
  await checkA11y(page, 'desk on a phone');
  await page.selectOption('#service_code', 'POTHOLE');
  await page.waitForSelector('#s-POTHOLE-attr-LOCATION-0', { state: 'visible' });
  await page.check('#s-POTHOLE-attr-LOCATION-0');
  await page.fill('#description', 'Caller: pothole, typed address only');
  await page.fill('#address_string', '1 City Hall Sq');
  await page.press('#first_name', 'Enter');
  await page.waitForURL(/created=\d+/);
  await page.screenshot({ path: path.join(SHOTS, 'desk-map-phone.png'), fullPage: true });
  await context.close();
});
