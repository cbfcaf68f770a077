// The report flow's other paths: emergency notice, out-of-scope topic, JavaScript disabled,
// keyboard only, "is this it?" duplicates, an offline draft sent on reconnect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, checkA11y, screenshot, noTiles, PHONE, DESKTOP } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function open311(path) {
  const r = await fetch(`${server.url}/open311/v2/${path}`);
  return r.json();
}

const REVIEW = '/report/review?service_code=POTHOLE&lat=42.3471&long=-71.0972' +
  '&address_string=Boylston+St+%26+Ipswich+St&description=Big+pothole+by+the+bus+stop' +
  '&attribute%5BLOCATION%5D=STREET&anonymous=1';

test('an emergency service says "Call 911 now" first and still records the report', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/report?q=downed+power+line`);
  await page.click('label[for=\"svc-POWER-LINE\"]');
  await page.click('#continue');
  await page.waitForURL(/\/report\/where$/);
  const first = page.locator('main > *').first();
  assert.equal(await first.getAttribute('role'), 'alert');
  assert.match(await first.textContent(), /Call 911 now/);
  await checkA11y(page, 'emergency notice');
  await screenshot(page, 'report-emergency-phone-en');
  await page.fill('#address_string', 'Massachusetts Ave & Boylston St');
  for (const step of ['details', 'photos', 'about', 'review']) {
    await page.click('#continue');
    await page.waitForURL(new RegExp(`/report/${step}$`));
  }
  await page.click('#send');
  await page.waitForURL(/\/report\/sent\/\d+$/);
  assert.match(await page.textContent('[role=alert]'), /Call 911 now/);
  const id = (await page.textContent('#tracking-number')).trim();
  const [r] = await open311(`requests/${id}.json`);
  assert.equal(r.service_code, 'POWER-LINE');
  assert.equal(r.agency_responsible, 'Police Dispatch');
  await context.close();
});

test('an out-of-scope topic points elsewhere and creates no request', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${server.url}/report?q=dispute+a+parking+ticket`);
  await page.click('label[for=\"svc-PARKING-TICKET\"]');
  await page.click('#continue');
  assert.match(await page.textContent('main'), /Office of the Parking Clerk/);
  assert.match(await page.textContent('main'), /311 can't take this report/);
  await checkA11y(page, 'out-of-scope notice');
  // Even posted straight to the submit step, nothing is filed.
  await page.goto(`${server.url}/report/review?service_code=PARKING-TICKET&address_string=City+Hall`);
  assert.equal(await page.locator('#send').count(), 0);
  assert.deepEqual(await open311('requests.json?service_code=PARKING-TICKET'), []);
  await context.close();
});

test('the whole report works with JavaScript disabled', async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/report`);
  await page.click('label[for=\"svc-GRAFFITI\"]');
  await page.click('#continue');
  await page.waitForURL(/\/report\/where$/);
  assert.equal(await page.isVisible('#map'), false, 'no map without JavaScript');
  await page.fill('#address_string', '1 City Hall Sq');
  await page.click('#continue');
  await page.waitForURL(/\/report\/details$/);
  await page.fill('#description', 'Tags on the wall of the library');
  await page.check('#attr-SURFACES-0');
  for (const step of ['photos', 'about', 'review']) {
    await page.click('#continue');
    await page.waitForURL(new RegExp(`/report/${step}$`));
  }
  // "Change" goes back with everything kept.
  await page.click('.summary-row:nth-child(2) button');
  await page.waitForURL(/\/report\/where$/);
  assert.equal(await page.inputValue('#address_string'), '1 City Hall Sq');
  for (const step of ['details', 'photos', 'about', 'review']) {
    await page.click('#continue');
    await page.waitForURL(new RegExp(`/report/${step}$`));
  }
  await page.click('#send');
  await page.waitForURL(/\/report\/sent\/\d+$/);
  const id = (await page.textContent('#tracking-number')).trim();
  const [r] = await open311(`requests/${id}.json`);
  assert.equal(r.description, 'Tags on the wall of the library');
  await context.close();
});

async function tabTo(page, selector, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('a report with the keyboard alone', async () => {
  const context = await browser.newContext(DESKTOP);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await tabTo(page, '#q');
  await page.keyboard.type('street light out');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/report\?q=/);
  await tabTo(page, '#svc-STREETLIGHT');
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#svc-STREETLIGHT'), true);
  await tabTo(page, '#continue');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/report\/where$/);
  // Focus moved to the new step's heading.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'step-heading');
  await tabTo(page, '#address_string');
  await page.keyboard.type('100 Huntington Ave');
  await tabTo(page, '#continue');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/report\/details$/);
  await tabTo(page, '#attr-PROBLEM-0');
  await page.keyboard.press('Space');
  await tabTo(page, '#description');
  await page.keyboard.type('The light has been out for a week');
  for (const step of ['photos', 'about', 'review']) {
    await tabTo(page, '#continue');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/report/${step}$`));
  }
  await tabTo(page, '#send');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/report\/sent\/\d+$/);
  await context.close();
});

test('"is this it?" offers the open report nearby, and following it files nothing', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}${REVIEW}`);
  await page.click('#send');
  await page.waitForURL(/\/report\/sent\/\d+$/);
  const first = (await page.textContent('#tracking-number')).trim();
  const before = (await open311('requests.json?service_code=POTHOLE')).length;
  // A neighbour starts the same report at the same corner.
  await page.goto(`${server.url}${REVIEW}`);
  await checkA11y(page, 'review with duplicates');
  await screenshot(page, 'report-duplicates-phone-en');
  assert.match(await page.textContent('.duplicates'), new RegExp(`#${first}`));
  await page.click('.dup-follow');
  await page.waitForURL(new RegExp(`/requests/${first}$`));
  assert.equal((await open311('requests.json?service_code=POTHOLE')).length, before);
  await context.close();
});

test('a report written offline is kept and sent when the phone is back online', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/report/details?service_code=SIDEWALK&address_string=200+Tremont+St`);
  await page.fill('#description', 'Broken slabs written without signal');
  await context.setOffline(true);
  await page.click('#continue');
  await page.waitForSelector('#app-status:not([hidden])');
  assert.match(await page.textContent('#app-status'), /saved on this device/);
  await screenshot(page, 'offline-draft-phone-en');
  await context.setOffline(false);
  await page.waitForSelector('#offline-tracking');
  const id = (await page.textContent('#offline-tracking')).trim();
  const [r] = await open311(`requests/${id}.json`);
  assert.equal(r.description, 'Broken slabs written without signal');
  await context.close();
});
