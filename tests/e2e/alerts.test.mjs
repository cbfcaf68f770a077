// Follows and area alerts in a real browser: an anonymous visitor follows a request by e-mail
// from its status page (phone); a signed-in resident follows with one click and creates an area
// alert near an address and one for a ward from /account/alerts (desktop), sees them listed with
// their private feeds, and deletes one. axe-core on every page visited.
// CIVIC311_SHOT_DIR=/tmp/s5-alerts saves phone and desktop screenshots there as well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, noTiles, PHONE, DESKTOP, startWithPeople, stopAll, signInResident, shotTo, reportPothole } from './harness.mjs';

let server, browser, apiKey;
const shot = (page, name) => shotTo(page, name, process.env.CIVIC311_SHOT_DIR);

before(async () => {
  ({ server, browser, apiKey } = await startWithPeople(
    [{ email: 'rosa@city.example', role: 'resident', name: 'Rosa Resident' }], { apiKey: true }));
});
after(() => stopAll({ server, browser }));

const report = (description) => reportPothole(server, apiKey, description);

test('an anonymous visitor follows a request by e-mail from its status page', async () => {
  const id = await report('Pothole in the cycle lane');
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/requests/${id}`);
  await checkA11y(page, 'status page with the follow form');
  await shot(page, 'alerts-follow-phone-en');
  // A bad address is refused next to the field.
  await page.fill('#follow-email', 'not-an-address');
  await page.evaluate(() => { document.querySelector('#follow-email').type = 'text'; });
  await page.click('#follow button[type=submit]');
  await page.waitForURL(/follow=bad/);
  assert.match(await page.textContent('#follow-email-error'), /e-mail address/);
  await checkA11y(page, 'status page with a follow error');
  await page.fill('#follow-email', 'fan@example.org');
  await page.click('#follow button[type=submit]');
  await page.waitForURL(/follow=sent/);
  assert.match(await page.textContent('#follow [role=status]'), /Check your e-mail/);
  await checkA11y(page, 'status page after following');
  await shot(page, 'alerts-follow-sent-phone-en');
  await context.close();
});

test('a resident follows with one click and manages area alerts from /account', async () => {
  const id = await report('Pothole outside the library');
  const context = await browser.newContext(DESKTOP);
  await noTiles(context);
  const page = await context.newPage();
  await signInResident(page, server, 'rosa@city.example');
  await page.goto(`${server.url}/requests/${id}`);
  await page.click('#follow button[type=submit]');
  await page.waitForURL(new RegExp(`/requests/${id}\\?done=follow`));
  assert.match(await page.textContent('#follow'), /1 person follows this request/);

  await page.goto(`${server.url}/account`);
  await page.click('a[href="/account/alerts"]');
  await page.waitForURL(/\/account\/alerts$/);
  assert.match(await page.textContent('#following + ul'), new RegExp(`#${id}`));
  await checkA11y(page, '/account/alerts');
  // Near an address (found in the gazetteer), potholes only, as a daily digest.
  await page.fill('#alert-label', 'Near work');
  await page.fill('#alert-address', '145 ipswitch st');
  await page.selectOption('#alert-radius', '500');
  await page.click('#alert-services summary');
  await page.check('#svc-POTHOLE');
  await page.check('#mode-digest');
  await page.click('form[action="/account/alerts"] button[type=submit]');
  await page.waitForURL(/done=created/);
  assert.match(await page.textContent('.callout-success'), /Check your e-mail/);
  assert.match(await page.textContent('#alerts-mine + ul'), /Near work.*waiting for your confirmation/s);
  // A ward, feed only: active at once, with its private feed.
  await page.selectOption('#alert-area', 'ward-2');
  await page.check('#mode-feed');
  await page.click('form[action="/account/alerts"] button[type=submit]');
  await page.waitForURL(/done=created_feed/);
  await checkA11y(page, '/account/alerts with alerts');
  await shot(page, 'alerts-account-desktop-en');
  const feed = await page.locator('#alerts-mine + ul a[type="application/atom+xml"]').first().getAttribute('href');
  assert.match(feed, /^\/alerts\/[a-z2-7]{32}\.atom$/);
  const atom = await (await fetch(`${server.url}${feed}`)).text();
  assert.match(atom, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  // Delete the first one listed (the newest: the ward).
  await page.locator('#alerts-mine + ul form button').first().click();
  await page.waitForURL(/done=deleted/);
  assert.equal(await page.locator('#alerts-mine + ul li').count(), 1);
  // A mistake is explained next to its field.
  await page.fill('#alert-address', 'zzzz nowhere qqq');
  await page.click('form[action="/account/alerts"] button[type=submit]');
  await page.waitForSelector('#error-summary');
  await checkA11y(page, '/account/alerts with an error');
  // The same page in Spanish, on a phone.
  const phone = await browser.newContext(PHONE);
  await phone.addCookies(await context.cookies());
  const p2 = await phone.newPage();
  await p2.goto(`${server.url}/account/alerts?lang=es`);
  assert.match(await p2.textContent('h1'), /Seguimientos y alertas/);
  await checkA11y(p2, '/account/alerts (es, phone)');
  await shot(p2, 'alerts-account-phone-es');
  await phone.close();
  await context.close();
});
