import type { Command } from 'commander';
import { callApi, print, withContext } from './context';

export function registerAreaCommands(program: Command): void {
  program
    .command('init')
    .description('set up the database for a Health and Wellbeing Board area')
    .requiredOption('--area <name>', 'the Health and Wellbeing Board, e.g. "Bath and North East Somerset"')
    .action(async (opts: { area: string }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const area = await callApi(ctx, 'area.create', { name: opts.area });
        print(`${area.name} is set up in ${ctx.dbPath}`);
      });
    });
}
