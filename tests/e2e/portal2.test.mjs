// The portal's remaining flows: an anonymous report with two photos and attributes on a phone,
// found again by its tracking number (both photos shown, their metadata gone); "me too" on the
// "is this it?" suggestion instead of filing; registering with the e-mail confirmed by link (a
// real SMTP server on loopback) in a city that requires an account; the area filter on the list
// and its map; the JavaScript budget of every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer, launch, checkA11y, screenshot, noTiles, PHONE, DESKTOP, SOURCE_DIR } from './harness.mjs';

let server, browser, work;
before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'c311-e2e-p2-'));
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open311(p) {
  const r = await fetch(`${server.url}/open311/v2/${p}`);
  return r.json();
}

// A camera photo: made by ffmpeg, then tagged by exiftool with GPS (Fenway) and a camera make.
function cameraPhoto(name, colour) {
  const file = path.join(work, name);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
                          `color=c=${colour}:s=640x480`, '-frames:v', '1', file]);
  execFileSync('exiftool', ['-q', '-overwrite_original', '-n', '-GPSLatitude=42.3474',
                            '-GPSLatitudeRef=N', '-GPSLongitude=71.0944', '-GPSLongitudeRef=W',
                            '-Make=TestCam', file]);
  assert.match(execFileSync('exiftool', ['-a', '-G1', '-s', file], { encoding: 'utf8' }), /GPSLatitude/,
               'the test photo really carries GPS');
  return file;
}

function exifTags(bytes) {
  const file = path.join(work, `served-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, bytes);
  return execFileSync('exiftool', ['-a', '-G1', '-s', file], { encoding: 'utf8' });
}

test('an anonymous report with two photos and attributes on a phone, found by its number', async () => {
  const photos = [cameraPhoto('pothole-1.jpg', 'gray'), cameraPhoto('pothole-2.jpg', 'brown')];
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/report?q=pothole`);
  await page.click('label[for="svc-POTHOLE"]');
  await page.click('#continue');
  await page.waitForURL(/\/report\/where$/);
  await page.fill('#address_string', '145 Ipswich St');
  await page.click('#continue');
  await page.waitForURL(/\/report\/details$/);
  await page.check('#attr-LOCATION-1');  // Alley
  await page.fill('#attr-WIDTH_IN', '18');
  await page.check('#attr-HAZARD-0');
  await page.fill('#description', 'Two photos of a deep pothole in the alley');
  await page.click('#continue');
  await page.waitForURL(/\/report\/photos$/);
  await checkA11y(page, 'report: photos (empty)');
  await screenshot(page, 'report-photos-empty-phone-en');
  await page.setInputFiles('#media', photos);
  await page.click('button[formaction="/report/photos"]');
  await page.waitForSelector('.photo-list img >> nth=1');
  assert.equal(await page.locator('.photo-list img').count(), 2, 'both photos are on the step');
  // Their previews load (they are not attached to a request yet).
  await page.waitForFunction(() => [...document.querySelectorAll('.photo-list img')]
    .every((i) => i.complete && i.naturalWidth > 0));
  await checkA11y(page, 'report: photos (two added)');
  await screenshot(page, 'report-photos-phone-en');
  mkdirSync('/tmp/s5-portal', { recursive: true });
  await page.screenshot({ path: '/tmp/s5-portal/photos-phone-en.png', fullPage: true }).catch(() => {});
  await page.click('#continue');
  await page.waitForURL(/\/report\/about$/);
  await page.check('#anonymous');
  await page.click('#continue');
  await page.waitForURL(/\/report\/review$/);
  assert.match(await page.textContent('.summary'), /Alley/);
  await page.click('#send');
  await page.waitForURL(/\/report\/sent\/\d+$/);
  const number = (await page.textContent('#tracking-number')).trim();

  // Check a request: home → tracking number → status page, with both photos.
  await page.goto(`${server.url}/`);
  await page.fill('#number', number);
  await page.click('#number ~ button');
  await page.waitForURL(new RegExp(`/requests/${number}$`));
  await page.waitForSelector('.photo-list img >> nth=1');
  assert.equal(await page.locator('.photo-list img').count(), 2);
  await checkA11y(page, 'status page with photos');
  await screenshot(page, 'request-photos-phone-en');
  await page.screenshot({ path: '/tmp/s5-portal/request-photos-phone-en.png', fullPage: true }).catch(() => {});
  // Every served file (photo and thumbnail) has lost its metadata, GPS included.
  const links = await page.$$eval('.photo-list a', (as) => as.map((a) => a.getAttribute('href')));
  const thumbs = await page.$$eval('.photo-list img', (is) => is.map((i) => i.getAttribute('src')));
  assert.equal(new Set(links).size, 2, 'two different photos');
  for (const url of [...links, ...thumbs]) {
    const r = await fetch(`${server.url}${url}`);
    assert.equal(r.status, 200, url);
    const tags = exifTags(Buffer.from(await r.arrayBuffer()));
    assert.doesNotMatch(tags, /GPS/, `${url} still has GPS:\n${tags}`);
    assert.doesNotMatch(tags, /TestCam/, `${url} still names the camera`);
  }
  const [r] = await open311(`requests/${number}.json`);
  assert.equal(r.service_code, 'POTHOLE');
  assert.match(r.media_url || '', /\/media\//, 'Open311 media_url points to the first photo');
  await context.close();
});

test('"me too" on the "is this it?" suggestion adds support instead of filing', async () => {
  const context = await browser.newContext(PHONE);
  await noTiles(context);
  const page = await context.newPage();
  const review = '/report/review?service_code=TREE-PRUNING&lat=42.3390&long=-71.0890' +
    '&address_string=Huntington+Ave&description=Branches+over+the+bus+stop&anonymous=1';
  await page.goto(`${server.url}${review}`);
  await page.click('#send');
  await page.waitForURL(/\/report\/sent\/\d+$/);
  const first = (await page.textContent('#tracking-number')).trim();
  const before = (await open311('requests.json?service_code=TREE-PRUNING')).length;
  // A neighbour, on another phone, starts the same report at the same place.
  const other = await browser.newContext(PHONE);
  await noTiles(other);
  const p2 = await other.newPage();
  await p2.goto(`${server.url}${review}`);
  assert.match(await p2.textContent('.duplicates'), new RegExp(`#${first}`));
  await checkA11y(p2, 'review with "me too"');
  await screenshot(p2, 'report-metoo-phone-en');
  await p2.click('.dup-metoo');
  await p2.waitForURL(new RegExp(`/requests/${first}\\?done=metoo$`));
  assert.match(await p2.textContent('#metoo-done'), /added to this report/);
  assert.match(await p2.textContent('.people-count'), /2 people reported this/);
  await checkA11y(p2, 'status page after "me too"');
  await screenshot(p2, 'request-metoo-phone-en');
  // Saying it again changes nothing; nothing new was filed.
  await p2.goto(`${server.url}/requests/${first}`);
  assert.equal(await p2.locator('#metoo').count(), 0);
  assert.equal((await open311('requests.json?service_code=TREE-PRUNING')).length, before);
  await other.close();
  await context.close();
});

test('the list and its map keep to the chosen area', async () => {
  const context = await browser.newContext(DESKTOP);
  await noTiles(context);
  const page = await context.newPage();
  for (const [lat, lon] of [['42.3900', '-71.1000'], ['42.3880', '-71.1200'], ['42.3500', '-71.0500']]) {
    await page.goto(`${server.url}/report/review?service_code=HYDRANT&lat=${lat}&long=${lon}` +
                    '&address_string=x&description=Leaking+hydrant&anonymous=1');
    await page.click('#send');
    await page.waitForURL(/\/report\/sent\/\d+$/);
  }
  await page.goto(`${server.url}/requests`);
  await page.selectOption('#f-service', 'HYDRANT');
  await page.selectOption('#f-area', 'Ward 1');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/area=Ward\+1/);
  await page.waitForSelector('#map path.leaflet-interactive');
  assert.equal(await page.locator('.request-row').count(), 2, 'the two reports in Ward 1');
  assert.equal(await page.locator('#map path.leaflet-interactive').count(), 2, 'the map shows the same two');
  await checkA11y(page, 'list filtered by area');
  await screenshot(page, 'requests-area-desktop-en');
  await page.selectOption('#f-area', 'Ward 3');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/area=Ward\+3/);
  assert.equal(await page.locator('.request-row').count(), 1);
  await context.close();
});

test('Spanish: the services and their questions in Spanish on every step', async () => {
  const context = await browser.newContext({ ...PHONE, locale: 'es-MX' });
  await noTiles(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/report`);
  assert.match(await page.textContent('main'), /Calles y aceras/);
  await page.click('label[for="svc-STREETLIGHT"]');
  assert.match(await page.textContent('label[for="svc-STREETLIGHT"]'), /Farola apagada/);
  await page.click('#continue');
  await page.waitForURL(/\/report\/where$/);
  assert.match(await page.textContent('.step-service'), /Farola apagada/);
  await page.fill('#address_string', '100 Huntington Ave');
  await page.click('#continue');
  await page.waitForURL(/\/report\/details$/);
  assert.match(await page.textContent('main'), /¿Qué le pasa a la farola\?/);
  await page.check('#attr-PROBLEM-1');
  assert.match(await page.textContent('label[for="attr-PROBLEM-1"]'), /Se enciende y apaga/);
  await screenshot(page, 'report-details-phone-es');
  await context.close();
});

// The SMTP sink of the notification tests (tests/notify/smtp_sink.py): every message lands in
// a file, with its decoded text after the raw bytes.
async function startSink(dir) {
  mkdirSync(dir, { recursive: true });
  const proc = spawn('/usr/bin/python3', [path.join(SOURCE_DIR, 'tests/notify/smtp_sink.py'), '--dir', dir],
                     { stdio: 'ignore' });
  const portFile = path.join(dir, 'port');
  const deadline = Date.now() + 20000;
  while (!existsSync(portFile)) {
    if (Date.now() > deadline) throw new Error('the SMTP sink did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { proc, port: Number(readFileSync(portFile, 'utf8')) };
}

async function waitForMail(dir) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const files = readdirSync(dir).filter((f) => f.startsWith('msg-'));
    if (files.length) return readFileSync(path.join(dir, files[0]), 'utf8');
    if (Date.now() > deadline) throw new Error('no e-mail arrived');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a city that requires an account: register, confirm by the e-mailed link, report', async () => {
  const sinkDir = path.join(work, 'sink');
  const sink = await startSink(sinkDir);
  const config = path.join(work, 'city.toml');
  writeFileSync(config, readFileSync(path.join(SOURCE_DIR, 'config/demo-city.toml'), 'utf8')
    .replace('require_account = false', 'require_account = true'));
  const city = await startServer({ config, args: ['--smtp', `smtp://127.0.0.1:${sink.port}`,
                                                  '--mail-from', 'Demo City <noreply@demo.example>'] });
  try {
    const context = await browser.newContext(PHONE);
    await noTiles(context);
    const page = await context.newPage();
    await page.goto(`${city.url}/`);
    await page.click('a[href="/report"] >> nth=0');
    await page.waitForURL(/\/account\?next=\/report$/);
    await page.click('#register-link');
    await page.waitForURL(/\/account\/register$/);
    await checkA11y(page, 'register');
    await screenshot(page, 'register-phone-en');
    await page.fill('#display_name', 'Maya');
    await page.fill('#email', 'maya@example.org');
    await page.fill('#password', 'blue heron at dawn');
    await page.fill('#password_again', 'blue heron at dawn');
    await page.click('#register');
    await page.waitForSelector('#register-sent');
    await checkA11y(page, 'register: check your e-mail');
    // Not yet an account.
    await page.goto(`${city.url}/account`);
    await page.fill('#email', 'maya@example.org');
    await page.fill('#password', 'blue heron at dawn');
    await page.click('form[action="/account/signin"] button[type=submit]');
    await page.waitForSelector('#error-summary');
    // The link in the e-mail, then the button.
    const mail = await waitForMail(sinkDir);
    const link = /http:\/\/[^\s"<>]+\/account\/confirm\?token=[A-Za-z0-9]+/.exec(mail);
    assert.ok(link, mail);
    await page.goto(link[0].replace(/^http:\/\/[^/]+/, city.url));
    await checkA11y(page, 'confirm');
    await page.click('#confirm');
    await page.waitForURL(/\/account\?welcome=1$/);
    assert.match(await page.textContent('#welcome'), /account is ready/);
    await screenshot(page, 'account-welcome-phone-en');
    // Signed in, the report flow opens and files the report under "My requests".
    await page.goto(`${city.url}/report/review?service_code=GRAFFITI&address_string=1+City+Hall+Sq` +
                    '&description=Tag+on+the+door&attribute%5BSURFACES%5D=BUILDING');
    await page.click('#send');
    await page.waitForURL(/\/report\/sent\/\d+$/);
    const id = (await page.textContent('#tracking-number')).trim();
    await page.goto(`${city.url}/account`);
    assert.equal(await page.locator(`a[href="/requests/${id}"]`).count(), 1);
    await context.close();
  } finally {
    await city.stop();
    sink.proc.kill('SIGKILL');
  }
});

test('no page ships more than 150 KB of compressed JavaScript besides the map library', async () => {
  const pages = ['/', '/report', '/report/where?service_code=POTHOLE', '/report/details?service_code=POTHOLE',
                 '/report/photos?service_code=POTHOLE', '/report/about?service_code=POTHOLE',
                 '/report/review?service_code=POTHOLE', '/requests', '/requests/1', '/answers',
                 '/kudos', '/account', '/account/register', '/requests/find'];
  for (const p of pages) {
    const html = await (await fetch(`${server.url}${p}`)).text();
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    let total = 0;
    for (const src of scripts) {
      if (/leaflet/.test(src)) continue;
      const body = Buffer.from(await (await fetch(new URL(src, server.url))).arrayBuffer());
      total += gzipSync(body, { level: 9 }).length;
    }
    assert.ok(scripts.length > 0, `${p} loads no script: the page was not measured`);
    assert.ok(total <= 150 * 1024, `${p}: ${total} bytes of compressed JavaScript`);
  }
});
