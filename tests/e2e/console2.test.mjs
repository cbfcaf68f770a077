// The live console in a real browser (docs/console.md, "Live"): a new request appears in an open
// queue by itself; two staff act on one request at once and the second sees the first's change
// without reloading; a queue triaged with the keyboard only; the map view, the new filters and
// the forgot-password pages pass axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, checkA11y, noTiles, submitAndWait, DESKTOP, PHONE, reportPothole, createPerson, signInStaff } from './harness.mjs';

let server, browser, apiKey;

before(async () => {
  server = await startServer();
  browser = await launch();
  createPerson(server, { email: 'dana@city.example', role: 'staff', departments: ['PWD', 'PWD-NORTH', 'BTD', 'SAN'], name: 'Dana Crew' });
  createPerson(server, { email: 'lee@city.example', role: 'manager', departments: ['PWD', 'PWD-NORTH', 'BTD', 'SAN'], name: 'Lee Lead' });
  apiKey = server.run(['api-key', 'create', '--db', server.db, '--name', 'e2e']).trim().split('\n').pop();
});
after(async () => { await browser?.close(); await server?.stop(); });

const report = (description) => reportPothole(server, apiKey, description);

async function signedIn(email, options = DESKTOP) {
  const context = await browser.newContext(options);
  await noTiles(context);
  const page = await context.newPage();
  await signInStaff(page, server, email, { landing: /\/staff\/queue$/ });
  return { context, page };
}

test('a new request appears in an open queue by itself', async () => {
  await report('An older pothole, already in the queue');
  const { context, page } = await signedIn('dana@city.example');
  await page.waitForSelector('[data-live-open]', { state: 'attached' });
  const started = Date.now();
  const id = await report('A brand new pothole reported while the queue is open');
  await page.waitForSelector(`tr[data-id="${id}"]`, { timeout: 10000 });
  console.log(`# new request visible in the open queue after ${Date.now() - started} ms`);
  assert.match(await page.textContent('#queue-live'), /updated/);
  await checkA11y(page, 'queue after a live update');
  await context.close();
});

test('two staff act on one request at once; the second sees the first\'s change live', async () => {
  const id = await report('Pothole two people are looking at');
  const dana = await signedIn('dana@city.example');
  const lee = await signedIn('lee@city.example');
  for (const p of [dana.page, lee.page]) {
    await p.goto(`${server.url}/staff/requests/${id}`);
    await p.waitForSelector('[data-live-open]', { state: 'attached' });
  }
  // Dana starts typing a note; Lee acknowledges first.
  await dana.page.fill('#note-text', 'On my way to look at it');
  await lee.page.click('button[data-key=a]');
  await lee.page.waitForURL(/done=1/);
  await dana.page.waitForSelector('#live-banner.is-shown');
  assert.match(await dana.page.textContent('#live-banner'), /Lee Lead changed this request a moment ago/);
  assert.equal(await dana.page.inputValue('#note-text'), 'On my way to look at it');
  await checkA11y(dana.page, 'request desk with the live banner');
  // Sending anyway is not an overwrite: the page answers with Lee's change.
  await dana.page.click('#note-form button[type=submit]');
  await dana.page.waitForSelector('#error-summary');
  assert.match(await dana.page.textContent('#error-summary'), /Lee Lead changed this request/);
  await dana.context.close();
  await lee.context.close();
});

test('a queue triaged with the keyboard only', async () => {
  const first = await report('Keyboard triage: first pothole');
  const second = await report('Keyboard triage: second pothole');
  const { context, page } = await signedIn('dana@city.example');
  // j to the newest (second), m assigns it to me.
  await page.keyboard.press('j');
  assert.equal(await page.getAttribute('tr.is-current', 'data-id'), String(second));
  await page.keyboard.press('m');
  await page.waitForURL(/done=1&failed=0/);
  assert.match(await page.textContent(`tr[data-id="${second}"]`), /Dana Crew/);
  // j j to the next one (first), x ticks it, a acknowledges the ticked.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  assert.equal(await page.getAttribute('tr.is-current', 'data-id'), String(first));
  await page.keyboard.press('x');
  // The URL already says done=1&failed=0 from the first move: wait for the new page.
  await submitAndWait(page, () => page.keyboard.press('a'));
  assert.match(page.url(), /done=1&failed=0/);
  assert.match(await page.textContent(`tr[data-id="${first}"]`), /Seen by the department/);
  // / to search, Enter to apply; then o opens the current request, r resolves it.
  await page.keyboard.press('/');
  await page.keyboard.type('Keyboard triage: second');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=Keyboard/);
  await page.keyboard.press('j');
  await page.keyboard.press('o');
  await page.waitForURL(new RegExp(`/staff/requests/${second}$`));
  await page.keyboard.press('r');
  await page.waitForURL(/done=1/);
  assert.match(await page.textContent('h1'), new RegExp(`#${second}`));
  assert.doesNotMatch(await page.textContent('h1 .state'), /Seen|Submitted/);
  await context.close();
});

test('map view, filters and forgot password pass axe (desktop and phone)', async () => {
  for (const options of [DESKTOP, PHONE]) {
    const { context, page } = await signedIn('dana@city.example', options);
    await page.goto(`${server.url}/staff/queue?department=*&view=map&sort=due&channel=api`);
    await page.waitForSelector('#queue-map .leaflet-container, #queue-map.leaflet-container');
    await checkA11y(page, 'queue map view');
    await page.goto(`${server.url}/staff/queue?assignee=none&from=2020-01-01&sort=oldest`);
    assert.equal(await page.getAttribute('th[aria-sort=ascending] a', 'href') !== null, true);
    await checkA11y(page, 'queue with filters');
    await context.close();
  }
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${server.url}/staff/signin`);
  await page.click('a[href="/staff/forgot"]');
  await checkA11y(page, 'forgot password');
  await page.fill('#email', 'dana@city.example');
  await page.click('button[type=submit].btn');
  await page.waitForSelector('#code');
  await checkA11y(page, 'reset with the code');
  await context.close();
});
