// Browser test harness: each test file starts its own civic311 (the real binary) on a free port
// with a fresh SQLite file, and drives Debian's chromium through playwright-core (no browser
// download). axe-core checks every page it is asked to.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const BINARY = process.env.CIVIC311_BINARY || 'build/ci/civic311';
export const SOURCE_DIR = process.env.CIVIC311_SOURCE_DIR || process.cwd();
export const SCREENSHOTS = path.join(SOURCE_DIR, 'docs', 'screenshots');

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

// Starts a server on a fresh database; resolves to { url, stop(), db, dir, run(args) }.
// config: a city TOML to use instead of the demo city's (after the demo data is loaded);
// args: more `civic311 serve` flags (e.g. --smtp).
export async function startServer({ demo = true, config = null, args = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'c311-e2e-'));
  const db = path.join(dir, 'test.db');
  const run = (args) => execFileSync(BINARY, args, { encoding: 'utf8' });
  run(['init', '--db', db, ...(demo ? ['--demo'] : [])]);
  if (config) run(['init', '--db', db, '--config', config]);
  const proc = spawn(BINARY, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--log-level', 'warn',
                              ...args],
                     { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`civic311 serve exited ${code}: ${out}`)));
  });
  return {
    url, db, dir, run,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.on('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The password of every person a test file creates with createPerson (long enough for the
// password policy).
export const PASSWORD = 'a long enough password';

// Creates a person who signs in with PASSWORD: { email, role, name, departments }.
export function createPerson(server, { email, role, name, departments = [] }) {
  const pw = path.join(server.dir, `${email}.pw`);
  writeFileSync(pw, PASSWORD + '\n');
  const args = ['user', 'create', '--db', server.db, '--email', email, '--role', role,
                '--password-file', pw, '--name', name];
  for (const d of departments) args.push('--department', d);
  server.run(args);
}

// What most test files start with: a server on a fresh demo database (startServer options), the
// browser, the people the file signs in as (createPerson), and an Open311 API key when asked.
// Resolves to { server, browser, apiKey }; end it with stopAll.
export async function startWithPeople(people = [], { apiKey = false, ...serverOptions } = {}) {
  const server = await startServer(serverOptions);
  const browser = await launch();
  for (const person of people) createPerson(server, person);
  const key = apiKey
    ? server.run(['api-key', 'create', '--db', server.db, '--name', 'e2e']).trim().split('\n').pop()
    : undefined;
  return { server, browser, apiKey: key };
}

// Files a pothole through Open311 (POST requests.json with the API key, at Boylston St &
// Ipswich St, its required LOCATION answered); resolves to its tracking number as a string.
export async function reportPothole(server, apiKey, description) {
  const form = new URLSearchParams({
    api_key: apiKey, service_code: 'POTHOLE', lat: '42.3471', long: '-71.0972',
    address_string: 'Boylston St & Ipswich St', description, 'attribute[LOCATION]': 'STREET',
  });
  const r = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: form });
  const [created] = await r.json();
  if (!created?.service_request_id) throw new Error(`no request filed: ${JSON.stringify(created)}`);
  return String(created.service_request_id);
}

export async function stopAll({ server, browser } = {}) {
  await browser?.close();
  await server?.stop();
}

// Signs a person created by createPerson in on the staff sign-in page; resolves once the page
// it leads to (the queue, or `next`) is open.
export async function signInStaff(page, server, email, { next = '', landing = /\/staff\/queue/ } = {}) {
  await page.goto(`${server.url}${next || '/staff/signin'}`);
  if (next) await page.waitForURL(/\/staff\/signin/);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit].btn');
  await page.waitForURL(landing);
}

// Signs a resident created by createPerson in at /account.
export async function signInResident(page, server, email) {
  await page.goto(`${server.url}/account`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/account/signin"] button[type=submit]');
  await page.waitForURL(/\/account$/);
}

// Saves a screenshot into docs/screenshots (CIVIC311_SCREENSHOTS=1) and into `dir` when set
// (a place to look at pages while building them).
export async function shotTo(page, name, dir) {
  await screenshot(page, name);
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// Fails on any serious or critical accessibility violation of the current page.
export async function checkA11y(page, label) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const text = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')).join('\n');
    throw new Error(`axe on ${label || page.url()}:\n${text}`);
  }
}

// Runs an action that posts a form and waits for the page it leads to. Use it when that page's
// URL matches the current one: waitForURL would return at once, before the new page exists.
export async function submitAndWait(page, action) {
  await Promise.all([page.waitForNavigation(), action()]);
}

export async function screenshot(page, name) {
  if (!process.env.CIVIC311_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Blocks map tiles (no network in tests; the map must work without them anyway).
export async function noTiles(context) {
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort());
}

// A tiny valid JPEG (1×1), for uploads when the media service is wired.
export const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
  'base64');
