// The room board with 1,000 rooms, timed in headless Chromium against a plain
// JavaScript grid that fetches the same rows and draws the same markup, in the same
// page and run. Each timing runs from the moment the screen is asked for to the moment
// every tile is laid out. Prints the medians and their ratio (budget ≤ 1.3).
import { BASE, TABLET, launch, newPage, signInWithPassword } from '../helpers.mjs';
import { compare } from './render-timing.mjs';

const ROOMS = 1000;
const RUNS = 7;

const browser = await launch();
try {
  const { page } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'M001');
  await page.waitForURL('**/tasks');

  // The demo hotel's rooms and as many more as make 1,000, 40 a floor, through the API.
  await page.evaluate(async (count) => {
    const have = (await (await fetch('/api/rooms')).json()).length;
    const wanted = [];
    for (let n = 0; have + wanted.length < count; n += 1) {
      const floor = 20 + Math.floor(n / 40);
      const no = (n % 40) + 1;
      wanted.push({
        id: crypto.randomUUID(),
        number: `${floor}${String(no).padStart(2, '0')}`,
        floor,
        room_type: no % 2 ? 'Deluxe King' : 'Twin',
        section: `${floor} ${no <= 20 ? 'East' : 'West'}`,
      });
    }
    let next = 0;
    const add = async () => {
      while (next < wanted.length) {
        const room = wanted[next++];
        const response = await fetch('/api/rooms', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' },
          body: JSON.stringify(room),
        });
        if (!response.ok) throw new Error(`adding room ${room.number}: ${response.status} ${await response.text()}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, add));
  }, ROOMS);
  const shown = await page.evaluate(async () => (await (await fetch('/api/rooms/board')).json()).length);
  if (shown < ROOMS) throw new Error(`the board lists ${shown} rooms, not ${ROOMS}`);

  // Both timings start on the light report page of the same app.
  await page.goto(`${BASE}/rooms/report`);
  await page.locator('.btn-account').waitFor();
  const toReport = async () => {
    await page.evaluate(() => {
      history.pushState(null, '', '/rooms/report');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.locator('#f-room-day').waitFor();
    await page.waitForTimeout(300);
  };

  const appBoard = `history.pushState(null, '', '/rooms'); dispatchEvent(new PopStateEvent('popstate'));`;
  // The same rows and markup as the app's tiles (a manager's taps), drawn with the DOM API.
  const plainGrid = `(${async function plain() {
    const rooms = await (await fetch('/api/rooms/board')).json();
    const el = (tag, cls, text) => {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const marks = { dirty: '●', clean: '○', inspected: '✓', pick_up: '◐', out_of_order: '✕', out_of_service: '–' };
    const board = el('div', 'room-board plain-board');
    let floor;
    let grid;
    for (const r of rooms) {
      if (r.floor !== floor) {
        floor = r.floor;
        const section = el('section', 'floor');
        section.dataset.floor = floor;
        section.append(el('h2', '', `Floor ${floor}`));
        grid = el('ul', 'room-grid');
        section.append(grid);
        board.append(section);
      }
      const ready = r.housekeeping === 'inspected' && !['occupied', 'due_out'].includes(r.occupancy);
      const li = el('li', r.urgent ? 'room-tile urgent' : 'room-tile');
      Object.assign(li.dataset, { room: r.room_id, state: r.housekeeping, occupancy: r.occupancy, ready });
      const head = el('div', 'room-head');
      const state = el('span', 'room-state');
      const mark = el('span', '', marks[r.housekeeping]);
      mark.setAttribute('aria-hidden', 'true');
      state.append(mark, ` ${r.housekeeping}`);
      head.append(el('span', 'room-no', r.number), state);
      const flags = el('span', 'room-flags');
      if (ready) flags.append(el('span', 'pill pill-ready', 'Ready'));
      if (r.urgent) flags.append(el('span', 'pill pill-urgent', 'Guest waiting'));
      if (r.do_not_disturb) flags.append(el('span', 'pill', 'Do not disturb'));
      if (r.out_of_order) flags.append(el('span', 'pill', r.out_of_order.reason));
      li.append(
        head,
        el('span', 'room-occupancy', r.room_type ? `${r.occupancy} · ${r.room_type}` : r.occupancy),
        el('span', 'room-who', r.attendant_name ?? 'Not assigned'),
        flags,
      );
      const taps = [];
      if (['dirty', 'pick_up'].includes(r.housekeeping)) taps.push(['mark_clean', 'Mark clean']);
      if (r.housekeeping === 'clean') taps.push(['inspect', 'Inspect'], ['fail', 'Fail inspection']);
      if (!ready && !['out_of_order', 'out_of_service'].includes(r.housekeeping)) {
        taps.push(r.urgent ? ['unqueue', 'No longer waiting'] : ['queue', 'Guest waiting']);
      }
      if (taps.length) {
        const actions = el('span', 'room-actions');
        taps.forEach(([code, label], n) => {
          const button = el('button', n === 0 ? 'btn btn-primary' : 'btn btn-secondary', label);
          button.type = 'button';
          button.dataset.tap = code;
          actions.append(button);
        });
        li.append(actions);
      }
      grid.append(li);
    }
    document.querySelector('main').append(board);
  }})()`;

  await compare(page, {
    title: `room board with ${shown} rooms`,
    runs: RUNS,
    selector: '.room-tile',
    count: shown,
    api: /\/api\/rooms\/board(\?|$)/,
    reset: toReport,
    app: { name: 'Bellhop room board (Leptos, release):', start: appBoard },
    plain: { name: 'plain JavaScript grid:               ', start: plainGrid },
  });
} finally {
  await browser.close();
}
