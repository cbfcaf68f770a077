// The side-by-side article editor in a real browser (docs/console.md, "Admin"): an admin writes
// an English article, opens it from the list, sees the Spanish column marked "missing
// translation", writes the Spanish version beside the English one, previews both (each rendered
// by the portal's MarkdownRenderer, under its own column), saves both from the keyboard, and
// the portal's /answers/{slug}?lang=es shows the Spanish text. Two columns on a desktop,
// stacked on a phone; axe-core on each state. CIVIC311_KB_LOOK=DIR saves the pages there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startWithPeople, stopAll, signInStaff, checkA11y, submitAndWait, shotTo, DESKTOP, PHONE,
} from './harness.mjs';

const LOOK = process.env.CIVIC311_KB_LOOK;
let server, browser;

before(async () => {
  ({ server, browser } = await startWithPeople([
    { email: 'ada@city.example', role: 'admin', name: 'Ada Admin' },
  ]));
});
after(() => stopAll({ server, browser }));

async function signedIn(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInStaff(page, server, 'ada@city.example');
  return { context, page };
}

// Where the two columns sit: side by side (same top) or stacked (Spanish below English).
async function columns(page) {
  const en = await page.locator('#col-en').boundingBox();
  const es = await page.locator('#col-es').boundingBox();
  return { sideBySide: Math.abs(en.y - es.y) < 1 && es.x > en.x, stacked: es.y >= en.y + en.height };
}

test('an admin writes the Spanish version beside the English one, previews both and saves', async () => {
  const { context, page } = await signedIn(DESKTOP);
  await page.goto(`${server.url}/staff/admin/articles/new`);
  await page.fill('#slug', 'leaf-collection');
  await page.selectOption('#lang', 'en');
  await page.fill('#title', 'Leaf collection');
  await page.fill('#summary', 'When the city collects leaves from the curb.');
  await page.fill('#body', 'Leaves are collected **every Monday** in November.\n\n- Use paper bags');
  await page.check('#published');
  await page.click('button[value=save]');
  await page.waitForURL(/\/staff\/admin\/articles\?saved=leaf-collection$/);

  await page.click('a[href="/staff/admin/articles/leaf-collection#col-en"]');
  await page.waitForURL(/\/staff\/admin\/articles\/leaf-collection#col-en$/);
  assert.match(await page.textContent('#col-es h2'), /missing translation/);
  assert.equal(await page.locator('#col-en .kb-missing-tag').count(), 0);
  assert.equal(await page.textContent('#col-en .article-body strong'), 'every Monday');
  assert.equal(await page.getAttribute('#es-body', 'lang'), 'es');
  assert.equal(await page.getAttribute('#en-title', 'lang'), 'en');
  assert.ok((await columns(page)).sideBySide, 'two columns on a desktop');
  await checkA11y(page, 'editor, Spanish missing');

  await page.fill('#es-title', 'Recogida de hojas');
  await page.fill('#es-summary', 'Cuándo recoge la ciudad las hojas de la acera.');
  await page.fill('#es-body', 'Las hojas se recogen **cada lunes** de noviembre.\n\n- Use bolsas de papel');
  await page.check('#es-published');
  await page.fill('#en-body', 'Leaves are collected **every Monday** in November.\n\n- Use paper bags\n- No branches');
  // Preview posts to the page's own address: wait for the new page, not the URL.
  await submitAndWait(page, () => page.click('button[value=preview]'));
  assert.equal(await page.textContent('#col-es .article-body strong'), 'cada lunes');
  assert.equal(await page.getAttribute('#col-es .article-body', 'lang'), 'es');
  assert.equal(await page.locator('#col-en .article-body li').count(), 2, 'the English change previewed');
  assert.equal(await page.inputValue('#es-title'), 'Recogida de hojas', 'typing kept over the preview');
  await checkA11y(page, 'editor, both previewed');
  await shotTo(page, 'staff-admin-article-desktop', LOOK);
  let r = await fetch(`${server.url}/answers/leaf-collection?lang=es`);
  assert.ok(!(await r.text()).includes('cada lunes'), 'a preview saves nothing');

  // Save both from the keyboard.
  await page.focus('button[value=save]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/staff\/admin\/articles\?saved=leaf-collection$/);
  const rows = page.locator('tr', { hasText: 'leaf-collection' });
  assert.equal(await rows.count(), 2, 'one row per language');

  const resident = await context.newPage();
  await resident.goto(`${server.url}/answers/leaf-collection?lang=es`);
  assert.equal(await resident.textContent('.article-body strong'), 'cada lunes');
  assert.match(await resident.textContent('h1'), /Recogida de hojas/);
  await context.close();
});

test('on a phone the two languages are stacked, and the editor is axe-clean', async () => {
  const { context, page } = await signedIn(PHONE);
  await page.goto(`${server.url}/staff/admin/articles/leaf-collection`);
  assert.ok((await columns(page)).stacked, 'Spanish below English on a phone');
  await checkA11y(page, 'editor (phone)');
  await shotTo(page, 'staff-admin-article-phone', LOOK);
  await context.close();
});
