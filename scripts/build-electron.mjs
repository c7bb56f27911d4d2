// Bundles the Electron main process and preload into dist/electron as
// CommonJS (a sandboxed preload cannot be an ES module), and the `bcf` CLI into
// dist/cli as an ES module (it awaits at top level): bin/bcf.mjs runs it,
// starting in a fraction of the time tsx takes over the sources.
// `--cli` builds only the CLI (npm's prepare step, so `npm ci` leaves it ready). better-sqlite3 stays
// external: its native module is unpacked from the asar at packaging. pdfmake
// stays external too: pdfkit reads its standard-font metrics from files beside it.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
};

// Its pure-JavaScript packages are bundled in (resolving a few hundred modules at start-up cost more than
// the CLI's own work); better-sqlite3 (native), pdfmake (reads its font files) and exceljs (loaded only
// when a workbook is written) stay in node_modules. Bundled CommonJS code gets a require() of its own.
// The worker that runs long work off the serving thread (electron/api/off-thread.ts) is bundled beside each host.
// The CLI is split into chunks (beside it, where off-thread.ts and source-root.ts look): what a command
// loads only when it runs (electron/cli/node-side.ts) stays out of `bcf --version` and `--help`.
// Chunks that neither this build nor the one before makes are removed, so they do not pile up.
//
// Every file is written beside its place and renamed over it, and one whose bytes are unchanged is only
// touched (its time says it is fresh: electron/fresh-bundle.ts): a `bcf` started meanwhile — the test
// suite runs the CLI while its packaging test builds — never finds a chunk missing or half written.
function writeOutputs(result, dir, last = []) {
  fs.mkdirSync(dir, { recursive: true });
  const now = new Date();
  const written = new Set();
  // The files started by name last, after the chunks they load: a `bcf` started mid-build never loads a
  // new entry before its chunks are there.
  const named = (out) => Number(last.includes(path.basename(out.path)));
  const ordered = [...result.outputFiles].sort((a, b) => named(a) - named(b));
  for (const out of ordered) {
    written.add(path.resolve(out.path));
    fs.mkdirSync(path.dirname(out.path), { recursive: true });
    if (fs.existsSync(out.path) && Buffer.from(out.contents).equals(fs.readFileSync(out.path))) {
      fs.utimesSync(out.path, now, now);
      continue;
    }
    const next = `${out.path}.${process.pid}.next`;
    fs.writeFileSync(next, out.contents);
    fs.renameSync(next, out.path);
  }
  return written;
}

const cli = await build({
  ...common,
  write: false,
  format: 'esm',
  target: 'node20',
  entryPoints: { bcf: 'electron/cli.ts', 'off-thread-worker': 'electron/api/off-thread-worker.ts' },
  outdir: 'dist/cli',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  external: ['better-sqlite3', 'pdfmake', 'exceljs', 'tsx'],
  banner: {
    js: "import { createRequire as __bcfRequire } from 'node:module'; const require = __bcfRequire(import.meta.url);",
  },
});
// When the build before this one ran: every file it made was written or touched then (bcf.mjs last).
const previousBuild = fs.existsSync('dist/cli/bcf.mjs') ? fs.statSync('dist/cli/bcf.mjs').mtimeMs : Infinity;
const cliFiles = writeOutputs(cli, 'dist/cli', ['bcf.mjs', 'off-thread-worker.mjs']);
// A chunk this build does not make is removed once the build before did not make it either: a `bcf serve`
// started from that build may still load it on first use. Not another build's file on its way in
// (`.next`): two builds may run at once in the test suite.
for (const name of fs.readdirSync('dist/cli')) {
  const file = path.join('dist/cli', name);
  if (!cliFiles.has(path.resolve(file)) && !name.endsWith('.next') && fs.statSync(file).mtimeMs < previousBuild)
    fs.rmSync(file, { recursive: true, force: true });
}
if (process.argv.includes('--cli')) {
  console.log('Built dist/cli/bcf.mjs and its worker');
  process.exit(0);
}
writeOutputs(
  await build({
    ...common,
    write: false,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    external: ['electron', 'better-sqlite3', 'pdfmake'],
    // off-thread.ts finds its worker by __filename here and by import.meta.url in the ES module CLI.
    logOverride: { 'empty-import-meta': 'silent' },
  }),
  'dist/electron',
);
writeOutputs(
  await build({
    ...common,
    write: false,
    entryPoints: ['electron/api/off-thread-worker.ts'],
    outfile: 'dist/electron/off-thread-worker.cjs',
    external: ['better-sqlite3', 'pdfmake', 'exceljs'],
  }),
  'dist/electron',
);
writeOutputs(
  await build({
    ...common,
    write: false,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  }),
  'dist/electron',
);
console.log('Built dist/cli/bcf.mjs, dist/electron/main.cjs and dist/electron/preload.cjs');
