// The department board with 1,000 open tasks, timed in headless Chromium against a
// plain JavaScript list that fetches the same rows and draws the same markup, in the
// same page and run. Each timing runs from the moment the screen is asked for to the
// moment every card is laid out. Prints the medians and their ratio (budget ≤ 1.3).
import { BASE, TABLET, launch, newPage, signInWithPassword } from '../helpers.mjs';
import { compare } from './render-timing.mjs';

const TASKS = 1000;
const RUNS = 7;

const browser = await launch();
try {
  const { page } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'S201');
  await page.waitForURL('**/tasks');
  await page.locator('.btn-account').waitFor();

  // 1,000 open housekeeping tasks across the hotel's rooms, through the API.
  await page.evaluate(async (count) => {
    const json = async (path) => (await fetch(path)).json();
    const [types, rooms] = await Promise.all([json('/api/task-types'), json('/api/rooms')]);
    const cleaning = types.find((t) => t.code === 'cleaning');
    let next = 0;
    const file = async () => {
      while (next < count) {
        const n = next++;
        const response = await fetch('/api/tasks', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' },
          body: JSON.stringify({
            id: crypto.randomUUID(),
            type_id: cleaning.id,
            title: `Refresh towels ${n}`,
            room_id: rooms[n % rooms.length].id,
            priority: 1 + (n % 5),
          }),
        });
        if (!response.ok) throw new Error(`filing task ${n}: ${response.status} ${await response.text()}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, file));
  }, TASKS);
  const shown = await page.evaluate(async () => (await (await fetch('/api/tasks/board')).json()).length);
  if (shown < TASKS) throw new Error(`the board lists ${shown} tasks, not ${TASKS}`);

  // Both timings start on the light New task page of the same app (the Service Star
  // page they started from is another section's app since the portal was split).
  const toNewTask = async () => {
    await page.evaluate(() => {
      history.pushState(null, '', '/tasks/new');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.locator('form.new-task').waitFor();
    await page.waitForTimeout(300);
  };

  const appBoard = `history.pushState(null, '', '/tasks/board'); dispatchEvent(new PopStateEvent('popstate'));`;
  // The same rows and markup as the app's cards, drawn with the DOM API.
  const plainList = `(${async function plain() {
    const tasks = await (await fetch('/api/tasks/board')).json();
    const el = (tag, cls, text) => {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const board = el('div', 'board plain-board');
    for (const status of ['new', 'accepted', 'in_progress', 'paused', 'done']) {
      const column = el('section', 'column');
      const rows = tasks.filter((t) => t.status === status);
      column.append(el('h2', '', `${status} ${rows.length}`));
      const list = el('ul', 'task-list');
      for (const t of rows) {
        const li = el('li', t.priority === 1 ? 'task-card urgent' : 'task-card');
        li.dataset.task = t.id;
        const a = el('a', 'task-card-main');
        a.href = `/tasks/${t.id}`;
        const where = el('span', 'task-where');
        where.append(el('span', 'task-where-label', 'Room'), el('span', 'task-room', t.room_number ?? ''));
        const body = el('span', 'task-body');
        const badges = el('span', 'task-badges');
        badges.append(el('span', 'pill', `P${t.priority}`));
        body.append(
          el('span', 'task-title', t.title),
          el('span', 'task-meta', `${t.type_code} · ${t.assignee_name ?? 'Pool'}`),
          badges,
          el('span', 'task-due', t.deadlines?.respond_by ?? ''),
        );
        a.append(where, body);
        const button = el('button', 'btn btn-primary task-next', 'Accept');
        button.type = 'button';
        li.append(a, button);
        list.append(li);
      }
      column.append(list);
      board.append(column);
    }
    document.querySelector('main').append(board);
  }})()`;

  await compare(page, {
    title: `board with ${shown} tasks`,
    runs: RUNS,
    selector: '.task-card',
    count: shown,
    api: /\/api\/tasks\/board/,
    reset: toNewTask,
    app: { name: 'Bellhop board (Leptos, release):', start: appBoard },
    plain: { name: 'plain JavaScript list:          ', start: plainList },
  });
} finally {
  await browser.close();
}
