// The managers' dashboard in a real browser: a manager opens it on a lived-in city (the demo
// replay), a new request is filed and an agent answers a caller's question at the desk, and on
// reload the manager's figures (requests received, questions answered) have moved by one.
// axe-core (no serious or critical violation) on the dashboard, desktop and phone.
// CIVIC311_SCREENSHOTS=1 refreshes docs/screenshots/staff-dashboard*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launch, checkA11y, screenshot, DESKTOP, PHONE, SCREENSHOTS } from './harness.mjs';

let server, browser, apiKey;
const PASSWORD = 'a long enough password';

function makeUser(email, role, departments, name) {
  const pw = path.join(path.dirname(server.db), `${role}.pw`);
  writeFileSync(pw, PASSWORD + '\n');
  const args = ['user', 'create', '--db', server.db, '--email', email, '--role', role,
                '--password-file', pw, '--name', name];
  for (const d of departments) args.push('--department', d);
  server.run(args);
}

before(async () => {
  server = await startServer();
  browser = await launch();
  // A call-centre manager who also runs Public Works: sees both departments' figures.
  makeUser('mo@city.example', 'manager', ['PWD', 'CC311'], 'Mo Manager');
  makeUser('ali@city.example', 'agent', ['CC311'], 'Ali Agent');
  // Three months of the city's real requests with their timelines (docs/demo.md).
  server.run(['demo-replay', '--db', server.db]);
  apiKey = server.run(['api-key', 'create', '--db', server.db, '--name', 'e2e']).trim().split('\n').pop();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function signIn(page, email) {
  await page.goto(`${server.url}/staff/signin`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit].btn');
  await page.waitForURL(/\/staff\/queue/);
}

// The figure of a key-figure tile, as a number.
async function figure(page, label) {
  const text = await page.textContent(`[data-figure="${label}"]`);
  return Number(text.replace(/[^0-9.]/g, ''));
}

test('a manager sees the figures move after a new request and a desk answer', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signIn(page, 'mo@city.example');
  await page.click('a[href="/staff/dashboard"]');
  await page.waitForURL(/\/staff\/dashboard$/);
  assert.match(await page.textContent('h1'), /Public Works/);
  const received = await figure(page, 'Requests received');
  assert.ok(received > 0, 'the replayed city has requests');
  assert.ok((await page.locator('svg.chart rect.bar-cur').count()) > 0);
  assert.ok((await page.locator('svg.heat rect[class^="heat-"]').count()) > 0);
  await checkA11y(page, 'dashboard');
  await screenshot(page, 'staff-dashboard');

  // A new pothole (Public Works) through Open311.
  const form = new URLSearchParams({
    api_key: apiKey, service_code: 'POTHOLE', lat: '42.3471', long: '-71.0972',
    address_string: 'Boylston St & Ipswich St', description: 'Pothole for the dashboard test',
    'attribute[LOCATION]': 'STREET',
  });
  const r = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: form });
  assert.equal(r.status, 200, await r.text());
  await page.reload();
  assert.equal(await figure(page, 'Requests received'), received + 1);

  // The call centre's figures: an agent answers a caller's question from the knowledge base.
  await page.selectOption('#department', 'CC311');
  await page.click('.dash-filters button[type=submit]');
  await page.waitForURL(/department=CC311/);
  const answered = await figure(page, 'Questions answered at the desk');
  const agentContext = await browser.newContext(DESKTOP);
  const agent = await agentContext.newPage();
  await signIn(agent, 'ali@city.example');
  assert.equal(await agent.locator('a[href="/staff/dashboard"]').count(), 0, 'agents have no dashboard');
  await agent.goto(`${server.url}/staff/desk`);
  await agent.fill('#ask', 'when is trash picked up');
  await agent.waitForSelector('[data-kb-results] .kb-hit');
  await agent.click('[data-kb-results] .kb-hit button');
  await agent.waitForURL(/answered=/);
  await agentContext.close();
  await page.reload();
  assert.equal(await figure(page, 'Questions answered at the desk'), answered + 1);

  // The CSV of a table, with the page's period and department.
  const href = await page.getAttribute('#table-by_service a[download]', 'href');
  assert.match(href, /^\/staff\/dashboard\.csv\?table=by_service&department=CC311/);
  const csv = await page.evaluate(async (u) => (await fetch(u)).text(), href);
  assert.match(csv, /^key,name,received,previous_received,change_pct,closed,on_time_pct/);
  await context.close();
});

test('the dashboard on a phone, and a longer period by week', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await signIn(page, 'mo@city.example');
  await page.goto(`${server.url}/staff/dashboard?department=PWD&days=90`);
  assert.match(await page.textContent('#day-title'), /per week/);
  await checkA11y(page, 'dashboard on a phone');
  // The top of the page (filters and key figures): the whole page is a dozen screens long.
  if (process.env.CIVIC311_SCREENSHOTS) {
    await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-dashboard-phone.png'),
                            fullPage: true, clip: { x: 0, y: 0, width: 390, height: 1700 } });
  }
  // A period that does not parse is explained beside the field, and the page still works.
  await page.goto(`${server.url}/staff/dashboard?department=PWD&from=2026-02-30&to=2026-03-01`);
  assert.ok(await page.isVisible('#dates-error'));
  await checkA11y(page, 'dashboard with a period error');
  await context.close();
});
