// Bellhop's service worker: after one visit every app page and file is on the tablet,
// so any portal address opens without a network.
//
// - Files: every file of the build is precached at install (Workbox; the list and each
//   file's revision are written into `self.__WB_MANIFEST` by scripts/build/service-worker.mjs)
//   and served from the cache; a new build's files are fetched beside the old ones.
// - Pages: a navigation goes to the network first, so the server still decides (sign-in
//   redirects, the first-run set-up); without a network the cached page of the app that
//   serves the address answers, chosen by the server's own table (`/app-pages.json`).
// - Releases: a new worker waits. It takes over when a page asks (the person taps
//   "reload" on the shell's notice) or when someone goes to sign in, so code never
//   changes under a person mid-task.
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

const APP_PAGES = '/app-pages.json';
const SIGN_IN = '/signin';

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

// Registered before the precache's route: a navigation is never answered from the cache
// while the network can answer it.
registerRoute(new NavigationRoute(navigate));
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

async function navigate({ request }) {
  const path = new URL(request.url).pathname;
  if (path === SIGN_IN) self.registration.waiting?.postMessage('skip-waiting');
  try {
    return await fetch(request);
  } catch {
    const page = await offlinePage(path);
    return (page && (await matchPrecache(page))) || Response.error();
  }
}

// The page of the app that serves `path`: the longest prefix that is the path or a whole
// leading part of it, as the server picks it (`bellhop_api::sections`, `spa.rs`).
async function offlinePage(path) {
  const table = await matchPrecache(APP_PAGES);
  if (!table) return null;
  const { pages, otherwise } = await table.json();
  let best = null;
  for (const { prefix, page } of pages) {
    const owns = path === prefix || path.startsWith(`${prefix}/`);
    if (owns && (!best || prefix.length > best.prefix.length)) best = { prefix, page };
  }
  return best ? best.page : otherwise;
}
