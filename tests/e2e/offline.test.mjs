// The installable app in headless Chromium: after one visit the service worker has every
// app on the tablet, so any portal address opens with the network cut (the browser's
// offline mode), and a new release waits for the person instead of swapping code under
// them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

import {
  BASE,
  BUILT_APP,
  launch,
  launchProfile,
  newPage,
  signInWithPassword,
  startServer,
  unexpected,
  untilKeptOffline,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the app is installable, and after one visit every section opens offline', async () => {
  const profile = await mkdtemp(join(tmpdir(), 'bellhop-profile-'));
  const { context, page, errors } = await launchProfile(profile);
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'M001');
  await page.waitForURL('**/tasks');
  await untilKeptOffline(page);

  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'Chromium finds the app installable');
  const { errors: manifestErrors } = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifestErrors, [], 'the manifest reads without errors');

  await context.setOffline(true);
  // Each address opens its own section's app, none of them ever loaded before but Tasks.
  for (const [path, app] of [
    ['/tasks/board', /["']\/bellhop-[0-9a-f]+\.js/],
    ['/audits/templates/new', /\/audit-templates-app\/bellhop-audit-templates-[0-9a-f]+\.js/],
    ['/training/quizzes', /\/training-library-app\/bellhop-training-library-[0-9a-f]+\.js/],
    ['/training', /\/training-app\/bellhop-training-[0-9a-f]+\.js/],
    ['/star', /\/star-app\/bellhop-star-[0-9a-f]+\.js/],
    ['/rooms', /\/rooms-app\/bellhop-rooms-[0-9a-f]+\.js/],
    ['/admin/rooms', /\/admin-app\/bellhop-admin-[0-9a-f]+\.js/],
  ]) {
    await page.goto(`${BASE}${path}`);
    await page.getByRole('heading', { name: 'No network' }).waitFor();
    assert.match(await page.content(), app, `${path} is served by its own app`);
  }

  // The network is back: the page goes on by itself, still signed in.
  await context.setOffline(false);
  await page.getByRole('heading', { name: 'Rooms', exact: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/admin/rooms');
  assert.deepEqual(
    unexpected(errors).filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)),
    [],
  );
  await context.close();
  await rm(profile, { recursive: true, force: true });
});

test('a new release waits until the person takes it, and the tab keeps working meanwhile', async () => {
  // A server of its own over a copy of the build, so that a new release can be put out
  // under a running tab.
  const dir = await mkdtemp(join(tmpdir(), 'bellhop-release-'));
  const app = join(dir, 'dist');
  await cp(BUILT_APP, app, { recursive: true });
  const server = await startServer({ dbPath: join(dir, 'bellhop.db'), staticDir: app });
  const { context, page, errors } = await newPage(browser);
  try {
    await page.goto(`${server.url}/signin`);
    await signInWithPassword(page, 'S201');
    await page.waitForURL('**/tasks');
    await untilKeptOffline(page);
    // A housekeeping supervisor who reads Traditional Chinese.
    const notice = page.getByText('Bellhop 新版本已可使用。');
    assert.equal(await notice.count(), 0, 'nothing to offer before a release');

    // The release: a new worker script, written with its compressed copies as the build does.
    const worker = join(app, 'sw.js');
    const next = Buffer.concat([await readFile(worker), Buffer.from('\n// release 2\n')]);
    await writeFile(worker, next);
    await writeFile(`${worker}.br`, brotliCompressSync(next));
    await writeFile(`${worker}.gz`, gzipSync(next));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await notice.waitFor();

    // Meanwhile the old release goes on serving the tab: another page opens.
    await page.locator('a[href="/tasks/board"]').first().click();
    await page.waitForURL('**/tasks/board');
    await page.locator('#f-board-floor').waitFor();
    assert.ok(await notice.isVisible(), 'the offer stays until it is taken');
    const waitingBefore = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()).waiting);
    assert.ok(waitingBefore, 'the new worker waits');

    // One tap: the new release takes over and the page loads under it.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '立即重新載入' }).click()]);
    await page.locator('#f-board-floor').waitFor();
    assert.equal(await notice.count(), 0);
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return { waiting: !!registration.waiting, controller: navigator.serviceWorker.controller?.state };
    });
    assert.deepEqual(state, { waiting: false, controller: 'activated' });
    assert.deepEqual(unexpected(errors), []);
  } finally {
    await context.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
