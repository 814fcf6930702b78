// Shared set-up of the end-to-end tests: Debian's Chromium driven by playwright-core
// (which downloads no browser of its own), and small helpers on the app's screens.
import { chromium } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;
/** The app the test script built, which the shared server serves. */
export const BUILT_APP = `${root}dist`;
export const BASE = (process.env.BELLHOP_E2E_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
export const TABLET = { width: 800, height: 1280 };
export const PHONE = { width: 360, height: 740 };
export const DEMO_ENROLL_CODE = 'HARBOUR-DEMO';
export const DEMO_PIN = '1234';
export const DEMO_PASSWORD = 'bellhop-demo';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh temporary profile (playwright makes one per launch). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.BELLHOP_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh context (its own cookies and storage) at the given viewport; `timezoneId`
 * sets the device's clock (the host's by default).
 */
export async function newPage(browser, { viewport = TABLET, locale = 'en-US', storageState, timezoneId } = {}) {
  const context = await browser.newContext({ viewport, locale, storageState, timezoneId, hasTouch: true });
  return watched(context);
}

/**
 * A browser with a profile on disk in `dir`, as a tablet's own browser is (not a
 * private window): it survives a restart, and Chromium judges it installable. Close
 * the returned context to stop the browser.
 */
export async function launchProfile(dir, { viewport = TABLET, locale = 'en-US' } = {}) {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.BELLHOP_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale,
    hasTouch: true,
  });
  return watched(context);
}

/** A new page of `context` whose script errors are collected in `errors`. */
async function watched(context) {
  // Anything the Content-Security-Policy blocks becomes a script error the tests see
  // (Chromium also logs "Refused to …"; this names the directive whatever the browser).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return { context, page, errors };
}

/** Enrolls the browser of `page` as a shared tablet with the demo code. */
export async function enrollTablet(page) {
  await page.goto(`${BASE}/signin`);
  await page.getByRole('link', { name: 'Enroll this tablet' }).click();
  await page.locator('#f-enroll_code').fill(DEMO_ENROLL_CODE);
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await page.getByText('This tablet is now enrolled as').waitFor();
  await page.getByRole('link', { name: 'Back to sign-in' }).click();
  await page.locator('.pad').waitFor();
}

/**
 * Script errors other than the refusals a test provokes on purpose (and the sign-in
 * screen's "no session yet" 401). A Content-Security-Policy violation is never expected.
 */
export function unexpected(errors) {
  return errors.filter((e) => !/status of (401|409|422)/.test(e));
}

/** Types the employee number and taps the PIN on the on-screen keypad. */
export async function signInWithPin(page, employeeNo, pin = DEMO_PIN) {
  await page.locator('#f-employee_no').fill(employeeNo);
  for (const digit of pin) await page.locator(`.pad-key[data-key="${digit}"]`).click();
  await page.locator('.pad-submit').click();
}

/** Employee number and password (a browser that is not an enrolled tablet). */
export async function signInWithPassword(page, employeeNo, password = DEMO_PASSWORD) {
  await page.locator('#f-employee_no').fill(employeeNo);
  await page.locator('#f-password').fill(password);
  await page.locator('.signin-form button[type=submit]').click();
}

/** Who the server says is signed in, read the way the app reads it. */
export async function currentSession(page) {
  return page.evaluate(async () => {
    const r = await fetch('/api/session');
    return r.ok ? r.json() : { status: r.status };
  });
}

/**
 * Everything the page keeps in browser storage, as text; `caches` maps each Cache
 * Storage cache to the paths it holds.
 */
export async function browserStorage(page) {
  return page.evaluate(async () => {
    const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    const caches_ = {};
    try {
      for (const name of await caches.keys()) {
        const requests = await (await caches.open(name)).keys();
        caches_[name] = requests.map((r) => new URL(r.url).pathname);
      }
    } catch {
      // caches exist only in secure contexts
    }
    return { local: dump(localStorage), session: dump(sessionStorage), indexedDB: dbs.map((d) => d.name), caches: caches_ };
  });
}

/**
 * A server of its own over the SQLite file `dbPath` (made and seeded if new), with the
 * server clock started at `clockStart` (RFC 3339), for tests that live through a month's
 * end; with `seedDemo: false` a real hotel's first start, whose one-time set-up code the
 * server prints and `setupCode` holds. Uses the debug server and the app that the test
 * script built (in `staticDir`, by default the build's `dist`).
 */
export async function startServer({ dbPath, clockStart, seedDemo = true, staticDir = BUILT_APP }) {
  const { spawn } = await import('node:child_process');
  const target = process.env.CARGO_TARGET_DIR || `${root}target`;
  const server = spawn(`${target}/debug/bellhop-server`, [], {
    env: {
      ...process.env,
      BELLHOP_BIND: '127.0.0.1:0',
      BELLHOP_DATABASE_URL: `sqlite://${dbPath}`,
      BELLHOP_STATIC_DIR: staticDir,
      BELLHOP_HASH_MEMORY_KIB: '1024',
      BELLHOP_SEED_DEMO: String(seedDemo),
      ...(clockStart ? { BELLHOP_CLOCK_START: clockStart } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let setupCode;
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000);
    const read = (chunk) => {
      output += chunk;
      const found = output.match(/Bellhop is running at (http\S+)/);
      // An empty database without the demo: the code follows on the next line.
      setupCode = output.match(/one-time code: (\S+)/)?.[1];
      if (found && (seedDemo || setupCode)) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      server.removeAllListeners('exit');
      server.on('exit', resolve);
      server.kill('SIGTERM');
    });
  return { url, stop, setupCode };
}

/**
 * Files a task through the API as the person signed in on `page`: a type by code, a
 * room by number. Returns the stored task (its `id`, `deadlines`, …).
 */
export async function fileTaskByApi(page, { type, room, title, priority }) {
  return page.evaluate(
    async ({ type, room, title, priority }) => {
      const json = async (path) => (await fetch(path)).json();
      const [types, rooms] = await Promise.all([json('/api/task-types'), json('/api/rooms')]);
      const response = await fetch('/api/tasks', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' },
        body: JSON.stringify({
          id: crypto.randomUUID(),
          type_id: types.find((t) => t.code === type).id,
          title,
          room_id: rooms.find((r) => r.number === room).id,
          priority,
        }),
      });
      if (!response.ok) throw new Error(`filing: ${response.status} ${await response.text()}`);
      return response.json();
    },
    { type, room, title, priority },
  );
}

/** Visible buttons, links and fields smaller than 44×44 px. */
export async function smallTargets(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, a[href], input, select')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 44 || r.height < 44))
      .map(({ el, r }) => `${el.tagName} "${el.textContent.trim() || el.name}" ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

/** A JSON call from the page, with the header the server demands of writes. */
export function call(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const headers = { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' };
      const r = await fetch(`/api${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
      return { status: r.status, json: await r.json().catch(() => null) };
    },
    { method, path, body },
  );
}

/** Waits until the service worker is active with every file kept, and controls the page. */
export async function untilKeptOffline(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  // The first page of a visit loaded before the worker existed: one reload puts it in charge.
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Assigns quiz `quizId` to the person `staffId`, as the manager signed in on `page`. */
export async function assignQuiz(page, quizId, staffId) {
  const assigned = await call(page, 'POST', '/training/assignments', {
    id: crypto.randomUUID(),
    quiz_id: quizId,
    target: { kind: 'person', staff_id: staffId },
    due_on: null,
  });
  if (assigned.status !== 201) throw new Error(`assigning: ${assigned.status} ${JSON.stringify(assigned.json)}`);
}
