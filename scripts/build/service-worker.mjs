// Builds dist/sw.js from worker/service-worker.js: esbuild bundles Workbox into it, and
// workbox-build writes the list of the build's files (each with its revision) into it.
// Run by `build_app` (scripts/lib/toolchain.sh) after every app is built and minified,
// before the compressed copies are written. Prints how many files the tablet keeps.
// Usage: node scripts/build/service-worker.mjs <dist>
import { createHash } from 'node:crypto';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

const [dist] = process.argv.slice(2);
if (!dist) throw new Error('usage: service-worker.mjs <dist>');
const bundled = `${dist}/sw.bundle.js`;

// The table of app pages changes only with the apps, and every app's page names its
// own build's files: the pages' hash is the table's revision.
const pages = createHash('sha256');
const files = (await readdir(dist, { recursive: true })).sort();
for (const page of files.filter((f) => f.endsWith('index.html'))) pages.update(await readFile(`${dist}/${page}`));
const pagesRevision = pages.digest('hex').slice(0, 16);

await build({
  entryPoints: ['worker/service-worker.js'],
  bundle: true,
  // Workbox is installed beside this script, not beside the worker's source.
  nodePaths: [new URL('node_modules', import.meta.url).pathname],
  minify: true,
  format: 'iife',
  define: { 'process.env.NODE_ENV': '"production"' },
  outfile: bundled,
  logLevel: 'warning',
});

const { count, size, warnings } = await injectManifest({
  swSrc: bundled,
  swDest: `${dist}/sw.js`,
  globDirectory: dist,
  globPatterns: ['**/*.{html,js,css,wasm,png,svg,webmanifest}'],
  globIgnores: ['sw.js', 'sw.bundle.js', '**/*.br', '**/*.gz'],
  // Trunk names each app's files by their content: the name is the revision.
  dontCacheBustURLsMatching: /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/,
  // Each portal app's wasm is about a megabyte before compression.
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  modifyURLPrefix: { '': '/' },
  // The server's table of which app serves which address, kept for offline navigation.
  additionalManifestEntries: [{ url: '/app-pages.json', revision: pagesRevision }],
});
for (const warning of warnings) console.warn(warning);
await unlink(bundled);
console.log(`service worker: ${count} files, ${(size / 1024 / 1024).toFixed(1)} MB kept for offline use`);
