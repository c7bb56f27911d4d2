import type { Command } from 'commander';
import { createArea } from '../services/areas/areas';
import { print, withContext } from './context';

export function registerAreaCommands(program: Command): void {
  program
    .command('init')
    .description('set up the database for a Health and Wellbeing Board area')
    .requiredOption('--area <name>', 'the Health and Wellbeing Board, e.g. "Bath and North East Somerset"')
    .action(async (opts: { area: string }, cmd: Command) => {
      await withContext(cmd, (ctx) => {
        const area = createArea(ctx, opts.area.trim());
        print(`${area.name} is set up in ${ctx.dbPath}`);
      });
    });
}
