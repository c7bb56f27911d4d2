import { Command, Option } from 'commander';
import { APP_VERSION } from '../version';
import { registerAreaCommands } from './area-commands';
import { registerConsolidateCommands } from './consolidate-commands';
import { registerDataCommands } from './data-commands';
import { registerPlanCommands } from './plan-commands';
import { registerPoolCommands } from './pool-commands';
import { registerReferenceCommands } from './reference-commands';
import { registerReturnCommands } from './return-commands';
import { registerReviewCommands } from './review-commands';
import { registerServeCommand } from './serve-command';
import { registerTemplateCommands } from './template-commands';
import { registerWorkbookCommands } from './workbook-commands';

/** Every `bcf` command, built without running any (tests walk it to check each has help). */
export function buildProgram(): Command {
  const program = new Command('bcf')
    .description('BCF Returns on the command line: Better Care Fund plans and returns in a local SQLite file.')
    .version(APP_VERSION)
    .addOption(new Option('--db <path>', 'the database file (default: the app-data folder, or BCF_DB)'))
    .showHelpAfterError('(run with --help for usage)');
  registerAreaCommands(program);
  registerPlanCommands(program);
  registerReferenceCommands(program);
  registerTemplateCommands(program);
  registerPoolCommands(program);
  registerReturnCommands(program);
  registerWorkbookCommands(program);
  registerReviewCommands(program);
  registerConsolidateCommands(program);
  registerServeCommand(program);
  registerDataCommands(program);
  return program;
}
