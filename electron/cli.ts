import { Command, Option } from 'commander';
import { ApiError } from '../shared/api';
import { DatabaseOpenError } from './db/errors';
import { registerPlanCommands } from './cli/plan-commands';
import { registerServeCommand } from './cli/serve-command';
import { registerAreaCommands } from './cli/area-commands';
import { registerReferenceCommands } from './cli/reference-commands';
import { registerWorkbookCommands } from './cli/workbook-commands';
import { APP_VERSION } from './version';

/**
 * `bcf`, the command line over the same services as the app. Every command
 * exits 0 on success and otherwise prints one line saying why (then any
 * further problems, one per line) and exits 1.
 */
const program = new Command('bcf')
  .description('BCF Returns on the command line: Better Care Fund plans and returns in a local SQLite file.')
  .version(APP_VERSION)
  .addOption(new Option('--db <path>', 'the database file (default: the app-data folder, or BCF_DB)'))
  .showHelpAfterError('(run with --help for usage)');

registerAreaCommands(program);
registerPlanCommands(program);
registerReferenceCommands(program);
registerWorkbookCommands(program);
registerServeCommand(program);

try {
  await program.parseAsync(process.argv);
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
