// The portal in the visitor's language where it used to slip into English, in a real browser
// with axe-core: error pages (404 by ?lang=, by the cookie, by the browser's language; the CSRF
// refusal) and the footer's city links; distances written one way ("1 km", not "1000 m") in the
// alert list and "is this it?". CIVIC311_SCREENSHOTS=1 saves the Spanish 404 on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, checkA11y, screenshot, noTiles, PHONE, DESKTOP } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function expectSpanishError(page, status, heading, label) {
  assert.equal(await page.getAttribute('html', 'lang'), 'es', label);
  assert.match(await page.textContent('h1'), heading, label);
  assert.match(await page.textContent('footer'), /Sitio web de la ciudad/, label);
  assert.doesNotMatch(await page.textContent('body'), /Go to the home page|not found/, label);
  await checkA11y(page, label);
}

test('a missing page answers in Spanish by ?lang=, by the cookie and by the browser', async () => {
  for (const [device, name] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
    const context = await browser.newContext(device);
    const page = await context.newPage();
    const r = await page.goto(`${server.url}/no/such/page?lang=es`);
    assert.equal(r.status(), 404);
    await expectSpanishError(page, 404, /Página no encontrada/, `404 ?lang=es (${name})`);
    // The desktop one is report_phone's not-found-desktop-es.
    if (name === 'phone') await screenshot(page, 'error-404-phone-es');
    await context.close();
  }
  // The cookie a Spanish page set, then a missing page without ?lang=.
  let context = await browser.newContext(DESKTOP);
  let page = await context.newPage();
  await page.goto(`${server.url}/?lang=es`);
  assert.match(await page.textContent('footer'), /Sitio web de la ciudad/);
  assert.equal((await page.goto(`${server.url}/requests/987654321`)).status(), 404);
  await expectSpanishError(page, 404, /Página no encontrada/, '404 by the cookie');
  await context.close();
  context = await browser.newContext({ ...DESKTOP, locale: 'es-MX' });
  page = await context.newPage();
  assert.equal((await page.goto(`${server.url}/nothing/here`)).status(), 404);
  await expectSpanishError(page, 404, /Página no encontrada/, '404 by Accept-Language');
  await context.close();
});

test('a form refused for its CSRF token says so in Spanish', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${server.url}/kudos?lang=es`);
  // The form's token no longer matches its cookie (as when it was opened in another session).
  await page.evaluate(() => {
    for (const f of document.querySelectorAll('input[name=csrf_token]')) f.value = 'stale';
  });
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click('main form[method=post] button[type=submit]'),
  ]);
  assert.equal(response.status(), 403);
  await expectSpanishError(page, 403, /Esta acción no está permitida/, 'CSRF refusal');
  await context.close();
});

test('"is this it?" tells how far the open report is, in the page\'s language', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  const review = '/report/review?service_code=POTHOLE&lat=42.3471&long=-71.0972' +
    '&address_string=Boylston+St+%26+Ipswich+St&description=Big+pothole+by+the+bus+stop' +
    '&attribute%5BLOCATION%5D=STREET&anonymous=1';
  await page.goto(`${server.url}${review}`);
  await page.click('#send');
  await page.waitForURL(/\/report\/sent\/\d+$/);
  const first = (await page.textContent('#tracking-number')).trim();
  await page.goto(`${server.url}${review.replace('42.3471', '42.3472')}&lang=es`);
  const dup = page.locator(`.duplicates li:has(a[href="/requests/${first}"])`);
  assert.match(await dup.textContent(), /· a 11 m/);
  await checkA11y(page, 'review with a duplicate, Spanish');
  await context.close();
});
