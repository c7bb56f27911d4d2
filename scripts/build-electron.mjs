// Bundles the Electron main process and preload into dist/electron as
// CommonJS (a sandboxed preload cannot be an ES module). better-sqlite3 stays
// external: its native module is unpacked from the asar at packaging. pdfmake
// stays external too: pdfkit reads its standard-font metrics (.afm) from
// beside its own files at run time.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: false, logLevel: 'warning' };

await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron', 'better-sqlite3', 'pdfmake'] });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });
console.log('Built dist/electron/main.cjs and dist/electron/preload.cjs');
