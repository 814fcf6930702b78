// The timing the render benchmarks share: a screen of the app against a plain
// JavaScript drawing of the same rows, alternately in the same page, each from the
// moment it is asked for to the moment every row is laid out; medians and their ratio.

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs the script `start` in the page and resolves once `count` elements match
 * `selector` and are laid out: the time in all, when the rows were asked for (the last
 * request whose address matches `api`), and how long drawing took after they arrived.
 */
function timeUntil(page, { start, selector, count, api }) {
  return page.evaluate(
    ({ start, selector, count, api }) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const rows = new RegExp(api);
        const done = () => document.querySelectorAll(selector).length >= count;
        const finish = () => {
          void document.body.offsetHeight;
          const end = performance.now();
          const entry = performance
            .getEntriesByType('resource')
            .filter((e) => rows.test(e.name))
            .pop();
          performance.clearResourceTimings();
          resolve({
            total: end - t0,
            asked: (entry?.startTime ?? t0) - t0,
            render: end - (entry?.responseEnd ?? t0),
          });
        };
        new MutationObserver((_, observer) => {
          if (done()) {
            observer.disconnect();
            finish();
          }
        }).observe(document.body, { childList: true, subtree: true });
        // eslint-disable-next-line no-new-func
        new Function(start)();
      }),
    { start, selector, count, api: api.source },
  );
}

function report(name, runs) {
  const total = median(runs.map((r) => r.total));
  const asked = median(runs.map((r) => r.asked));
  const render = median(runs.map((r) => r.render));
  console.log(
    `  ${name} median ${total.toFixed(1)} ms: rows asked for after ${asked.toFixed(1)} ms, ` +
      `drawn and laid out ${render.toFixed(1)} ms after they arrived  [${runs.map((r) => r.total.toFixed(0)).join(', ')}]`,
  );
  return total;
}

/**
 * Times the app's screen (`app.start`) against the plain drawing (`plain.start`, which
 * draws into an element of class `plain-board`, removed after each run), `runs` times
 * each after one uncounted round that warms caches and compiles; `reset` goes back to
 * the light page both start from. Prints both medians and the ratio.
 */
export async function compare(page, { title, runs, selector, count, api, reset, app, plain }) {
  const apps = [];
  const plains = [];
  for (let run = 0; run <= runs; run += 1) {
    await reset();
    const a = await timeUntil(page, { start: app.start, selector, count, api });
    await reset();
    const p = await timeUntil(page, { start: plain.start, selector, count, api });
    await page.evaluate(() => document.querySelector('.plain-board')?.remove());
    if (run > 0) {
      apps.push(a);
      plains.push(p);
    }
  }
  console.log(`${title}, ${runs} runs each (fetch + render + layout):`);
  const appMs = report(app.name, apps);
  const plainMs = report(plain.name, plains);
  console.log(`ratio: ${(appMs / plainMs).toFixed(2)} (budget ≤ 1.3)`);
}
