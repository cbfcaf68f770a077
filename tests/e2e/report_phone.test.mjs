// An anonymous report on a phone: every step, its attributes, the confirmation with the tracking
// number, and the request found again by that number; axe on every page; screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, checkA11y, screenshot, noTiles, PHONE, DESKTOP } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function reportPothole(page, { lang = 'en', shots = '' } = {}) {
  await page.goto(`${server.url}/?lang=${lang}`);
  await checkA11y(page, 'home');
  if (shots) await screenshot(page, `home-${shots}`);
  // Home → the search box finds the service from the resident's own words.
  await page.fill('#q', lang === 'es' ? 'bache en la calle' : 'there is a hole in the road');
  await page.press('#q', 'Enter');
  await page.waitForURL(/\/report\?q=/);
  await checkA11y(page, 'report: what (search)');
  await page.click('label[for=\"svc-POTHOLE\"]');
  if (shots) await screenshot(page, `report-what-${shots}`);
  await page.click('#continue');
  // Where: skip the map, type the address.
  await page.waitForURL(/\/report\/where$/);
  await checkA11y(page, 'report: where');
  await page.fill('#address_string', '145 Ipswich St');
  await page.click('#continue');
  // Details: the required attribute is asked for, with the error summary linked to it.
  await page.waitForURL(/\/report\/details$/);
  await checkA11y(page, 'report: details');
  await page.fill('#description', 'Deep pothole in the right lane, <b>about a foot</b> wide.');
  await page.click('#continue');
  assert.equal(await page.locator('#error-summary').count(), 1, 'missing attribute is reported');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
  await checkA11y(page, 'report: details with errors');
  if (shots) await screenshot(page, `report-details-error-${shots}`);
  await page.click('#error-summary a');
  await page.check('#attr-LOCATION-0');
  await page.fill('#attr-WIDTH_IN', '12');
  await page.check('#attr-HAZARD-0');
  await page.click('#continue');
  await page.waitForURL(/\/report\/photos$/);
  await checkA11y(page, 'report: photos');
  await page.click('#continue');
  await page.waitForURL(/\/report\/about$/);
  await checkA11y(page, 'report: about');
  await page.check('#anonymous');
  await page.click('#continue');
  await page.waitForURL(/\/report\/review$/);
  await checkA11y(page, 'report: review');
  if (shots) await screenshot(page, `report-review-${shots}`);
  const review = await page.textContent('.summary');
  assert.match(review, /145 Ipswich St/);
  assert.match(review, /about a foot/);
  await page.click('#send');
  await page.waitForURL(/\/report\/sent\/\d+$/);
  await checkA11y(page, 'report: sent');
  if (shots) await screenshot(page, `report-sent-${shots}`);
  return (await page.textContent('#tracking-number')).trim();
}

test('anonymous report on a phone, found again by its tracking number', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  const number = await reportPothole(page, { shots: 'phone-en' });
  assert.match(number, /^\d+$/);
  // Check a request: home → tracking number → status page.
  await page.goto(`${server.url}/`);
  await page.fill('#number', number);
  await page.click('#number ~ button');
  await page.waitForURL(new RegExp(`/requests/${number}$`));
  await checkA11y(page, 'status page');
  await screenshot(page, 'request-phone-en');
  assert.match(await page.textContent('.status-words'), /Received/);
  assert.match(await page.textContent('main'), /Public Works/);
  // The description is shown escaped, never as markup.
  assert.match(await page.textContent('.description'), /<b>about a foot<\/b>/);
  await context.close();
});

test('the same report in Spanish', async () => {
  const context = await browser.newContext({ ...PHONE, locale: 'es-MX' });
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'es', 'Accept-Language chooses Spanish');
  assert.match(await page.textContent('h1'), /¿Cómo podemos ayudarle\?/);
  const number = await reportPothole(page, { lang: 'es', shots: 'phone-es' });
  await page.goto(`${server.url}/requests/${number}`);
  assert.match(await page.textContent('.status-words'), /Recibida/);
  await screenshot(page, 'request-phone-es');
  // The cookie remembers the choice; ?lang=en switches back.
  await page.goto(`${server.url}/requests?lang=en`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await context.close();
});

test('desktop pages pass axe and look right', async () => {
  for (const lang of ['en', 'es']) {
    const context = await browser.newContext(DESKTOP);
    await noTiles(context);
    const page = await context.newPage();
    for (const [path, name] of [['/', 'home'], ['/report', 'report-what'], ['/requests', 'requests'],
                                ['/answers', 'answers'], ['/kudos', 'kudos'], ['/account', 'account'],
                                ['/report/where?service_code=POWER-LINE', 'report-emergency'],
                                ['/nowhere', 'not-found']]) {
      await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      await checkA11y(page, `${path} (${lang})`);
      await screenshot(page, `${name}-desktop-${lang}`);
    }
    await context.close();
  }
});
