import { ApiError } from '../shared/api/errors';
import { printable } from '../shared/values/text';
import { DatabaseOpenError } from './db/errors';
import { buildProgram } from './cli/program';

/**
 * `bcf`, the command line over the same services as the app. Every command
 * exits 0 on success and otherwise prints one line saying why (then any
 * further problems, one per line) and exits 1. What it prints about a file
 * never carries the file's control characters to the terminal.
 */
// Output piped into a program that stops reading (`bcf … | head -1`, or `2>&1 | head -1`): the command
// finishes its work (files written, database closed) quietly with its usual exit code; what it would
// still have printed goes nowhere. Without a listener Node turns EPIPE into an uncaught exception.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof ApiError || err instanceof DatabaseOpenError) {
    process.stderr.write(`bcf: ${printable(err.message)}\n`);
    const details = err instanceof ApiError ? (err.details ?? []) : [];
    for (const d of details.slice(1)) process.stderr.write(`  also: ${printable(d)}\n`);
  } else {
    process.stderr.write(`bcf: ${printable((err as Error).message)}\n`);
  }
  process.exitCode = 1;
}
