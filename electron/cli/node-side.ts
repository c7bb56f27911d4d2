/**
 * What commands use of the Node side (the database, the services, the browser-mode server), loaded
 * when a command runs rather than when `bcf` starts: `bcf --version` and `--help` then read only
 * commander and the commands' own texts, not the services, zod's schemas and the file readers
 * (whole-process CPU of `bcf --version` about 350 → 260 ms here; docs/performance.md). Load it through `nodeSide()` in context.ts.
 * The few services a command may reach beyond the API (CLI_SERVICE_EXCEPTIONS in .dependency-cruiser.cjs)
 * are not here: each such command file imports its own, when it runs, so that the rule still sees who uses what.
 */
export { dispatch } from '../api/dispatch';
export { startOffThread } from '../api/off-thread';
export { startBrowserServer } from '../browser';
export { askRunningServer, forgetServing, newHandoffKey, recordServing, servingFile } from '../browser-handoff';
export { backupsDirFor } from '../db/backup-file';
export { openServiceContext } from '../host';
export { resolveDbPath } from '../settings';
export { ASSETS_DIR, RENDERER_DIR } from '../source-root';
