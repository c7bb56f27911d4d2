import { ApiError } from '../shared/api';
import { DatabaseOpenError } from './db/errors';
import { buildProgram } from './cli/program';

/**
 * `bcf`, the command line over the same services as the app. Every command
 * exits 0 on success and otherwise prints one line saying why (then any
 * further problems, one per line) and exits 1.
 */
try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof ApiError || err instanceof DatabaseOpenError) {
    process.stderr.write(`bcf: ${err.message}\n`);
    const details = err instanceof ApiError ? (err.details ?? []) : [];
    for (const d of details.slice(1)) process.stderr.write(`  also: ${d}\n`);
  } else {
    process.stderr.write(`bcf: ${(err as Error).message}\n`);
  }
  process.exitCode = 1;
}
