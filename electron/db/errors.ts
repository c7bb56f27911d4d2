/** Raised when a database file cannot be used as it is; the message is for the user. */
export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

/** SQLite's "database is locked": another connection held the write lock for longer than we wait. */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** What the user is told when the file stays busy: plain, and clear that nothing was saved. */
export function busyMessage(file: string): string {
  return `${file} is busy: another copy of BCF Returns or a bcf command is saving to it. Nothing was saved; try again in a moment.`;
}
