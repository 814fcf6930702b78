// What a fresh headless Chromium really transfers on a signed-out first visit, as the
// server serves it: every response of the visit (redirects included) with its
// Content-Encoding and its body and header bytes on the wire, from the moment the
// address is typed until the sign-in form is usable and the network is quiet.
// Prints one table per address and its totals (budget for `/`: 120 KB of bodies).
import { BASE, TABLET, launch, newPage } from '../helpers.mjs';

const ADDRESSES = process.argv.slice(2).length ? process.argv.slice(2) : ['/', '/tasks'];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const browser = await launch();
try {
  for (const address of ADDRESSES) {
    const { context, page } = await newPage(browser, { viewport: TABLET });
    const rows = [];
    page.on('requestfinished', (request) => {
      rows.push(
        (async () => {
          const response = await request.response();
          const sizes = await request.sizes();
          return {
            path: new URL(request.url()).pathname,
            status: response?.status() ?? 0,
            encoding: (await response?.headerValue('content-encoding')) ?? '-',
            body: sizes.responseBodySize,
            headers: sizes.responseHeadersSize,
          };
        })(),
      );
    });
    await page.goto(`${BASE}${address}`);
    await page.locator('#f-password').waitFor();
    await page.waitForLoadState('networkidle');
    const done = await Promise.all(rows);
    await context.close();

    let body = 0;
    let headers = 0;
    console.log(`signed-out visit to ${address} (fresh profile, headless Chromium)`);
    console.log(`  ${'response'.padEnd(48)} ${'status'.padStart(6)} ${'encoding'.padStart(8)} ${'body'.padStart(9)} ${'headers'.padStart(8)}`);
    for (const row of done) {
      body += row.body;
      headers += row.headers;
      console.log(
        `  ${row.path.padEnd(48)} ${String(row.status).padStart(6)} ${row.encoding.padStart(8)} ${String(row.body).padStart(9)} ${String(row.headers).padStart(8)}`,
      );
    }
    console.log(`  on the wire: ${body} bytes of bodies = ${kb(body)}; with headers ${kb(body + headers)}`);
  }
} finally {
  await browser.close();
}
