// The knowledge base in the portal (answers offered while typing, /answers pages) and address
// search on the city's gazetteer (typo-tolerant, with and without JavaScript).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, checkA11y, screenshot, noTiles, PHONE, DESKTOP } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('an answer is offered while the resident types a description', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/report/details?service_code=MISSED-TRASH&address_string=1+Main+St`);
  await page.fill('#description', "my trash wasn't picked up this week");
  await page.waitForSelector('#suggestions:not([hidden]) a');
  const link = page.locator('#suggestions a').first();
  assert.match(await link.textContent(), /wasn't picked up/);
  await checkA11y(page, 'details with suggestions');
  await screenshot(page, 'report-suggestions-phone-en');
  // The same words on the home page's search find the service and the answer.
  await page.goto(`${server.url}/report?q=my+trash+wasn%27t+picked+up`);
  assert.equal(await page.locator('.choice').first().getAttribute('data-terms').then((t) => t.includes('missed trash')), true);
  assert.match(await page.textContent('#what-answers'), /wasn't picked up/);
  await context.close();
});

test('answers: list, search and an article, in both languages', async () => {
  for (const lang of ['en', 'es']) {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/answers?lang=${lang}`);
    await checkA11y(page, `answers (${lang})`);
    await screenshot(page, `answers-desktop-${lang}`);
    await page.fill('#answers-q', lang === 'es' ? 'multa' : 'parking ticket');
    await page.press('#answers-q', 'Enter');
    await page.click('.article-list a');
    await page.waitForURL(/\/answers\/parking-ticket/);
    await checkA11y(page, `article (${lang})`);
    await screenshot(page, `answer-desktop-${lang}`);
    assert.match(await page.textContent('.article-body'), lang === 'es' ? /Estacionamiento|estacionamiento/ : /Parking Clerk/);
    assert.equal(await page.locator('.article-body script').count(), 0);
    await context.close();
  }
});

test('the out-of-scope notice links the answer', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${server.url}/report/where?service_code=PARKING-TICKET`);
  await page.click('main a[href="/answers/parking-ticket"]');
  await page.waitForURL(/\/answers\/parking-ticket$/);
  await context.close();
});

test('an address typed with a typo is found, with JavaScript and without', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/report/where?service_code=POTHOLE`);
  await page.fill('#address_string', '145 ipswitch st');
  await page.waitForSelector('#address-results:not([hidden]) button');
  await page.click('#address-results button');
  assert.equal(await page.inputValue('#address_string'), '145-151 Ipswich St');
  assert.match(await page.inputValue('#lat'), /^42\.34/);
  await checkA11y(page, 'where with a picked address');
  await screenshot(page, 'report-where-phone-en');
  await context.close();

  const nojs = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(`${server.url}/report/where?service_code=POTHOLE`);
  await p2.fill('#address_string', '145 ipswitch st');
  await p2.click('button[name=find]');
  await p2.click('button.place-choice');
  await p2.waitForURL(/\/report\/details$/);
  assert.match(await p2.textContent('main'), /Pothole/);
  await p2.click('button.btn-link[formaction="/report/where"]');
  assert.equal(await p2.inputValue('#address_string'), '145-151 Ipswich St');
  await nojs.close();
});
