// A device's first visit, signed out, on a fresh profile: the server sends it to the
// sign-in app before anything of the portal loads, and sign-in leads on to the page
// that was asked for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, TABLET, launch, newPage, signInWithPassword, unexpected } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The portal's wasm sits at the root of dist; the sign-in app's under /signin-app/. */
const isPortalWasm = (url) => /^\/[^/]+_bg\.wasm$/.test(new URL(url).pathname);
const isSignInWasm = (url) => /^\/signin-app\/[^/]+_bg\.wasm$/.test(new URL(url).pathname);

/** A fresh browser that notes the address of every response it gets. */
async function freshVisit() {
  const visit = await newPage(browser, { viewport: TABLET });
  visit.urls = [];
  visit.page.on('response', (r) => visit.urls.push(r.url()));
  return visit;
}

for (const [asked, next] of [
  ['/', null],
  ['/tasks/board', '/tasks/board'],
]) {
  test(`a signed-out visit to ${asked} loads only the sign-in app, and sign-in leads on`, async () => {
    const { context, page, errors, urls } = await freshVisit();
    const response = await page.goto(`${BASE}${asked}`);
    // The server answered the address with a redirect, not with the portal's page.
    assert.equal(response.request().redirectedFrom()?.url(), `${BASE}${asked}`);
    const url = new URL(response.url());
    assert.equal(url.pathname, '/signin');
    assert.equal(url.searchParams.get('next'), next);
    // Usable: the device check has answered and the form for this browser is shown.
    await page.locator('#f-password').waitFor();
    // A reload of the sign-in screen still leads on to the page asked for.
    await page.reload();
    await page.locator('#f-password').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('next'), next);
    await page.waitForLoadState('networkidle');
    assert.ok(urls.some(isSignInWasm), `the sign-in app's wasm loaded: ${urls.join(' ')}`);
    assert.deepEqual(urls.filter(isPortalWasm), [], 'no portal wasm before sign-in');

    await signInWithPassword(page, 'S201');
    await page.waitForURL(`**${next ?? '/tasks'}`);
    await page.locator('.btn-account').waitFor();
    assert.ok(urls.some(isPortalWasm), 'the portal loads after sign-in');
    if (next === '/tasks/board') {
      // The board itself, in the person's own language.
      await page.locator('.board').waitFor();
    }
    assert.deepEqual(unexpected(errors), [], 'no script errors');
    await context.close();
  });
}

test('sign-in does not follow a next that leads to another site', async () => {
  const { context, page } = await freshVisit();
  await page.goto(`${BASE}/signin?next=${encodeURIComponent('/\t/example.com/')}`);
  await signInWithPassword(page, 'S201');
  await page.waitForURL('**/tasks');
  assert.equal(new URL(page.url()).origin, new URL(BASE).origin);
  await context.close();
});
