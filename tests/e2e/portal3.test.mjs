// The area-alert form's map (/account/alerts) in a real browser: the map appears with the
// script, a click places the pin and the distance circle, the keyboard alone (arrow keys on the
// map, then "put the pin at the centre") places it too, and the alert made from the pin alone is
// listed. axe-core on the page with the map, in English and Spanish. Without JavaScript the map
// is absent and the address still works.
// CIVIC311_SHOT_DIR=/tmp/s6-portal saves phone and desktop screenshots there as well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, noTiles, submitAndWait, PHONE, DESKTOP, startWithPeople, stopAll, signInResident, shotTo } from './harness.mjs';

let server, browser;
const shot = (page, name) => shotTo(page, name, process.env.CIVIC311_SHOT_DIR);

before(async () => {
  ({ server, browser } = await startWithPeople([
    { email: 'pia@city.example', role: 'resident', name: 'Pia Resident' }]));
});
after(() => stopAll({ server, browser }));

async function signIn(context) {
  const page = await context.newPage();
  await signInResident(page, server, 'pia@city.example');
  return page;
}

test('an area alert from a pin placed with the mouse, then with the keyboard alone', async () => {
  const context = await browser.newContext(DESKTOP);
  await noTiles(context);
  const page = await signIn(context);
  await page.goto(`${server.url}/account/alerts`);
  await page.waitForSelector('#alert-map .leaflet-container, #alert-map.leaflet-container');
  assert.equal(await page.isVisible('#alert-map-block'), true);
  assert.equal(await page.inputValue('#alert-lat'), '');
  await checkA11y(page, '/account/alerts with the map');
  // A click on the map places the pin and the circle; the placement is announced.
  const box = await page.locator('#alert-map').boundingBox();
  await page.locator('#alert-map').click({ position: { x: box.width / 2 + 40, y: box.height / 2 - 30 } });
  await page.waitForFunction(() => document.querySelector('#alert-lat').value !== '');
  assert.equal(await page.locator('#alert-map .leaflet-marker-icon').count(), 1);
  assert.equal(await page.locator('#alert-map path.leaflet-interactive').count(), 1, 'the circle');
  assert.match(await page.textContent('#alert-map-status'), /Pin placed/);
  await page.selectOption('#alert-radius', '1000');
  await page.fill('#alert-label', 'Clicked pin');
  await page.check('#mode-feed');
  await shot(page, 'portal3-alert-map-desktop-en');
  await page.click('form[action="/account/alerts"] button[type=submit]');
  await page.waitForURL(/done=created_feed/);
  assert.match(await page.textContent('#alerts-mine + ul'), /Clicked pin \(1 km\)/);

  // Keyboard only: Tab to the map, pan with the arrow keys, Tab to the button, Enter.
  await page.waitForSelector('#alert-map.leaflet-container');
  // From the link just before the map (it skips the map the other way).
  await page.focus('#alert-map-hint .skip-map');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'alert-map', 'the map takes focus');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  // Past any focusable map controls (zoom buttons, attribution links) to the pin button.
  let guard = 0;
  while (guard++ < 10 && !(await page.evaluate(() => document.activeElement?.id === 'alert-pin-centre'))) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'alert-pin-centre');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#alert-lat').value !== '');
  const [lat, lon] = [await page.inputValue('#alert-lat'), await page.inputValue('#alert-lon')];
  assert.ok(Number.isFinite(Number(lat)) && Number.isFinite(Number(lon)), `${lat}, ${lon}`);
  await page.focus('#alert-label');
  await page.keyboard.type('Keyboard pin');
  await page.focus('#mode-feed');
  await page.keyboard.press('Space');
  await page.focus('form[action="/account/alerts"] button[type=submit]');
  // The URL already says done=created_feed from the first alert: wait for the new page's list.
  await submitAndWait(page, () => page.keyboard.press('Enter'));
  await page.waitForFunction(
    () => /Keyboard pin/.test(document.querySelector('#alerts-mine + ul')?.textContent ?? ''));
  assert.match(await page.textContent('#alerts-mine + ul'), /Keyboard pin \(500 m\)/);
  await checkA11y(page, '/account/alerts with two alerts');

  // A pin outside the city is refused next to the field; the map shows the pin again.
  await page.waitForSelector('#alert-map.leaflet-container');
  await page.evaluate(() => {
    document.querySelector('#alert-lat').value = '10.5';
    document.querySelector('#alert-lon').value = '10.25';
  });
  await page.click('form[action="/account/alerts"] button[type=submit]');
  await page.waitForSelector('#error-summary');
  await page.waitForSelector('#alert-map .leaflet-marker-icon');
  assert.equal(await page.inputValue('#alert-lat'), '10.5');
  await checkA11y(page, '/account/alerts with a pin error');

  // Spanish, on a phone.
  const phone = await browser.newContext(PHONE);
  await noTiles(phone);
  await phone.addCookies(await context.cookies());
  const p2 = await phone.newPage();
  await p2.goto(`${server.url}/account/alerts?lang=es`);
  await p2.waitForSelector('#alert-map.leaflet-container');
  assert.match(await p2.textContent('#alert-pin-centre'), /Poner el marcador/);
  await checkA11y(p2, '/account/alerts with the map (es, phone)');
  await shot(p2, 'portal3-alert-map-phone-es');
  await phone.close();
  await context.close();
});

test('without JavaScript the alert form works from an address and shows no map', async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await signIn(context);
  await page.goto(`${server.url}/account/alerts`);
  assert.equal(await page.isVisible('#alert-map-block'), false);
  await page.fill('#alert-label', 'No script');
  await page.fill('#alert-address', '145 ipswitch st');
  await page.check('#mode-feed');
  await page.click('form[action="/account/alerts"] button[type=submit]');
  await page.waitForURL(/done=created_feed/);
  assert.match(await page.textContent('#alerts-mine + ul'), /No script \(500 m\)/);
  await context.close();
});

test('the report flow\'s map takes a pin from the keyboard too', async () => {
  const context = await browser.newContext(DESKTOP);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/report`);
  await page.click('label[for="svc-POTHOLE"]');
  await page.click('#continue');
  await page.waitForSelector('#map.leaflet-container');
  await page.focus('#map');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowUp');
  await page.focus('#pin-centre');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#lat').value !== '');
  assert.match(await page.textContent('#locate-status'), /Pin placed/);
  assert.equal(await page.locator('#map .leaflet-marker-icon').count(), 1);
  await checkA11y(page, 'report: where, pin placed from the keyboard');
  await context.close();
});
