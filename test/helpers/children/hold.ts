/**
 * A second process for the tests, run with `node --import tsx`:
 *   open DB      opens the database as the app does, prints "open", and waits; closes cleanly on "close" on stdin
 *   die DB       opens the database as the app does (loading the sample plan if empty) and kills itself: an unclean exit
 *   lock DB      takes the write lock (BEGIN IMMEDIATE), prints "locked", and holds it until "release" on stdin
 */
import Database from 'better-sqlite3';
import { openServiceContext } from '../../../electron/host';
import { loadSample } from '../../../electron/services/sample/sample';
import { ASSETS_DIR } from '../../../electron/source-root';

const [mode, dbPath] = process.argv.slice(2) as [string, string];

function onLine(handler: (line: string) => void) {
  let buffer = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      handler(buffer.slice(0, i).trim());
      buffer = buffer.slice(i + 1);
    }
  });
}

if (mode === 'open') {
  const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
  process.stdout.write('open\n');
  onLine((line) => {
    if (line === 'close') {
      ctx.close();
      process.exit(0);
    }
  });
} else if (mode === 'die') {
  const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
  const { n } = ctx.db.prepare('SELECT count(*) AS n FROM area').get() as { n: number };
  if (n === 0) loadSample(ctx);
  ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  process.kill(process.pid, 'SIGKILL');
} else if (mode === 'lock') {
  const db = new Database(dbPath);
  db.exec('BEGIN IMMEDIATE');
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?)').run('held-by', String(process.pid));
  process.stdout.write('locked\n');
  onLine((line) => {
    if (line === 'release') {
      db.exec('COMMIT');
      db.close();
      process.exit(0);
    }
  });
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
