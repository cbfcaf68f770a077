// The request desk, session 7, in a real browser (docs/console.md, "Work orders", "Crews",
// "Internal requests"): an admin registers a department's crews (a mistake first); a crew member
// creates a work order from the crew list with a scheduled day, gets a mistake back beside its
// field with what was typed kept, sees the order overdue once its day has passed, and finds each
// change on the timeline; an internal request for a tree service asks that service's required
// question, refuses the request without it and files it with it. axe-core on each new form state,
// desktop and phone. DESK2_SHOTS=DIR saves the pages there (to look at).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startWithPeople, stopAll, signInStaff, checkA11y, submitAndWait, DESKTOP, PHONE, reportPothole } from './harness.mjs';

let server, browser, apiKey;

before(async () => {
  ({ server, browser, apiKey } = await startWithPeople([
    { email: 'dana@city.example', role: 'staff', name: 'Dana Crew', departments: ['PWD'] },
    { email: 'ada@city.example', role: 'admin', name: 'Ada Admin' },
  ], { apiKey: true }));
});
after(() => stopAll({ server, browser }));

const report = (description) => reportPothole(server, apiKey, description);

async function signedIn(email, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInStaff(page, server, email);
  return { context, page };
}

// Pages to look at while building (not docs/screenshots): DESK2_SHOTS=DIR.
async function shot(page, name) {
  const dir = process.env.DESK2_SHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

let worked;

test('an admin registers the crews of a department', async () => {
  const { context, page } = await signedIn('ada@city.example', DESKTOP);
  await page.goto(`${server.url}/staff/admin/crews`);
  await page.selectOption('#crew-department', 'PWD');
  await page.fill('#crew-name', '   ');
  await page.click('#crew-new button[type=submit]');
  await page.waitForSelector('#crew-name-error');
  assert.equal(await page.getAttribute('#crew-name', 'aria-invalid'), 'true');
  await checkA11y(page, 'admin crews, a mistake');
  for (const name of ['North Yard', 'Asphalt Team']) {
    await page.selectOption('#crew-department', 'PWD');
    await page.fill('#crew-name', name);
    await page.click('#crew-new button[type=submit]');
    await page.waitForSelector(`tr[data-crew="${name}"]`);
  }
  await checkA11y(page, 'admin crews');
  await shot(page, 'crews-desktop');
  await context.close();
  const phone = await signedIn('ada@city.example', PHONE);
  await phone.page.goto(`${server.url}/staff/admin/crews`);
  await checkA11y(phone.page, 'admin crews on a phone');
  await shot(phone.page, 'crews-phone');
  await phone.context.close();
});

test('a work order from the crew list, scheduled, overdue, and each change on the timeline', async () => {
  worked = await report('Pothole by the crossing, getting bigger after the rain');
  const { context, page } = await signedIn('dana@city.example', DESKTOP);
  await page.goto(`${server.url}/staff/requests/${worked}`);
  await page.click('details.work-new > summary');
  const north = await page.locator('#wo-new-crew option', { hasText: 'North Yard' }).getAttribute('value');
  await page.selectOption('#wo-new-crew', north);
  await page.fill('#wo-new-scheduled', '2099-03-04');
  await page.fill('#wo-new-tasks', 'Cut the edges\nFill and roll');
  await page.fill('#wo-new-hours', 'two');  // a mistake: comes back beside its field
  await checkA11y(page, 'new work order with the crew list and a date');
  await page.click('#work-form button[type=submit]');
  await page.waitForSelector('#wo-new-hours-error');
  assert.match(await page.textContent('#wo-new-hours-error'), /number of hours/);
  assert.equal(await page.inputValue('#wo-new-scheduled'), '2099-03-04');  // kept
  assert.equal(await page.inputValue('#wo-new-crew'), north);
  assert.equal(await page.inputValue('#wo-new-tasks'), 'Cut the edges\nFill and roll');
  await checkA11y(page, 'new work order with a mistake');
  await shot(page, 'work-mistake');
  await page.fill('#wo-new-hours', '2');
  await page.click('#work-form button[type=submit]');
  await page.waitForURL(/done=1#wo-\d+/);
  const wid = page.url().match(/#wo-(\d+)/)[1];
  const order = page.locator(`#wo-${wid}`);
  assert.match(await order.textContent(), /North Yard/);
  assert.equal(await order.locator('[data-scheduled] time').getAttribute('datetime'), '2099-03-04');
  assert.equal(await order.locator('[data-overdue]').count(), 0);

  // Its day moved into the past and a task ticked: overdue, and both changes on the timeline.
  await order.locator('details.work-edit > summary').click();
  await page.fill(`#wo-${wid}-scheduled`, '2024-03-04');
  await order.locator('input[name=task_done][value="0"]').check();
  await checkA11y(page, 'work order edit form with the crew list and a date');
  await submitAndWait(page, () => order.locator('button[type=submit]').click());
  const overdue = page.locator(`#wo-${wid} [data-overdue]`);
  assert.equal(await overdue.textContent(), 'Overdue');
  const timeline = await page.textContent('.timeline');
  assert.match(timeline, new RegExp(`Work order ${wid}: crew “North Yard”`));
  assert.match(timeline, new RegExp(`Work order ${wid}: scheduled 2099-03-04 → 2024-03-04; task “Cut the edges” done`));
  assert.match(timeline, /Dana Crew/);
  await checkA11y(page, 'request desk with an overdue work order');
  await shot(page, 'work-overdue-desktop');
  const phone = await signedIn('dana@city.example', PHONE);
  await phone.page.goto(`${server.url}/staff/requests/${worked}#wo-${wid}`);
  await checkA11y(phone.page, 'request desk with an overdue work order on a phone');
  await shot(phone.page, 'work-overdue-phone');
  await phone.context.close();

  // The queue's crew filter finds the request; the public never sees the work.
  await page.goto(`${server.url}/staff/queue?crew=${north}`);
  assert.ok(await page.isVisible(`a[href="/staff/requests/${worked}"]`));
  await checkA11y(page, 'queue filtered by crew');
  const pub = await (await fetch(`${server.url}/requests/${worked}`)).text();
  assert.ok(!pub.includes('Work order') && !pub.includes('North Yard'));
  await context.close();
});

test('an internal request for another service asks its required question', async () => {
  const { context, page } = await signedIn('dana@city.example', DESKTOP);
  await page.goto(`${server.url}/staff/requests/${worked}`);
  await page.click('#internal details > summary');
  const group = page.locator('[data-service-attrs="TREE-DOWN"]');
  assert.equal(await group.isVisible(), false);  // until the service is chosen
  await page.selectOption('#internal-department', 'PRK');
  await page.selectOption('#internal-service', 'TREE-DOWN');
  assert.equal(await group.isVisible(), true);
  await page.fill('#internal-description', 'A fallen branch is in the pothole; please clear it first');
  await checkA11y(page, 'internal request with the service questions');
  await page.click('#internal-form button[type=submit]');
  await page.waitForSelector('#ir-TREE-DOWN-attr-BLOCKING-error');
  assert.equal(await page.inputValue('#internal-description'),
               'A fallen branch is in the pothole; please clear it first');
  assert.equal(await page.inputValue('#internal-service'), 'TREE-DOWN');
  assert.equal(await page.inputValue('#internal-department'), 'PRK');
  await checkA11y(page, 'internal request with a missing answer');
  await shot(page, 'internal-missing-desktop');
  await page.check('#ir-TREE-DOWN-attr-BLOCKING-0');
  await page.click('#internal-form button[type=submit]');
  await page.waitForURL(/done=1/);
  const item = page.locator('#internal li').first();
  assert.match(await item.textContent(), /A fallen branch/);
  const phone = await signedIn('dana@city.example', PHONE);
  await phone.page.goto(`${server.url}/staff/requests/${worked}`);
  await phone.page.click('#internal details > summary');
  await phone.page.selectOption('#internal-service', 'TREE-DOWN');
  await checkA11y(phone.page, 'internal request with the service questions on a phone');
  await shot(phone.page, 'internal-phone');
  await phone.context.close();
  await context.close();
});
