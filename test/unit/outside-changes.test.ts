import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Client from '../../renderer/api/client';

/**
 * The window tells a change made elsewhere from its own by the stamps each answer carries
 * (renderer/api/client.ts). Answers arrive in any order: a read that began after this window's save
 * committed may be answered before the save is, and that must not reload every screen; a change
 * made elsewhere must still be seen.
 */
type Answer = { ok: true; value: unknown; since: string; stamp: string };
let outstanding: ((a: Answer) => void)[] = [];
let client: typeof Client;

beforeEach(async () => {
  outstanding = [];
  (globalThis as { window?: unknown }).window = {
    bcf: { invoke: () => new Promise<Answer>((resolve) => outstanding.push(resolve)) },
  };
  vi.resetModules(); // each test starts as a new window: nothing known yet
  client = await import('../../renderer/api/client');
});

/** Sends a call; the function returned answers it with the stamps given and waits for the client to take it. */
function send(): (since: string, stamp: string) => Promise<void> {
  const answered = client.call('app.changes', {});
  const answer = outstanding[outstanding.length - 1]!;
  return async (since, stamp) => {
    answer({ ok: true, value: { checked: true }, since, stamp });
    await answered;
  };
}

describe('a change made elsewhere', () => {
  it('is not seen in a read answered before the save whose commit it began from', async () => {
    await send()('1.0', '1.0');
    const save = send();
    const read = send();
    await read('1.1', '1.1'); // began after the save committed; its answer overtook the save's
    await save('1.0', '1.1');
    expect(client.takeOutsideChange()).toBe(false);
  });

  it('is seen once the saves still out have answered, when none of them made it', async () => {
    await send()('1.0', '1.0');
    const save = send();
    const read = send();
    await read('2.1', '2.1'); // another program committed after the save
    await save('1.0', '1.1');
    expect(client.takeOutsideChange()).toBe(true);
    expect(client.takeOutsideChange()).toBe(false); // asking clears it
  });

  it('is seen at once while a save is out, when another program committed (the first part of the stamp moved)', async () => {
    await send()('1.0', '1.0');
    send(); // a save, still out
    await send()('2.0', '2.0');
    expect(client.takeOutsideChange()).toBe(true);
  });

  it('is seen at once while long work is out: it may take minutes, and its own commit reloads the screens anyway', async () => {
    await send()('1.0', '1.0');
    const importing = client.call('plan.commitImport', {} as never);
    const answerImport = outstanding[outstanding.length - 1]!;
    await send()('3.0', '3.0'); // the worker's commit and another program's, as the progress question saw them
    expect(client.takeOutsideChange()).toBe(true);
    answerImport({ ok: true, value: {}, since: '1.0', stamp: '3.0' });
    await importing;
  });

  it('is seen after long work, whatever its end stamp says: what else committed meanwhile is not its own', async () => {
    await send()('1.0', '1.0');
    const exporting = client.call('plan.exportCsv', {} as never);
    outstanding[outstanding.length - 1]!({ ok: true, value: {}, since: '1.0', stamp: '1.1' });
    await exporting;
    await send()('1.1', '1.1'); // another window's save, made through the same server while the export ran
    expect(client.takeOutsideChange()).toBe(true);
  });

  it('is seen at once when nothing of the window is out', async () => {
    await send()('1.0', '1.0');
    await send()('2.0', '2.0');
    expect(client.takeOutsideChange()).toBe(true);
  });

  it('is seen when a save of the window began from it', async () => {
    await send()('1.0', '1.0');
    await send()('2.0', '2.1');
    expect(client.takeOutsideChange()).toBe(true);
  });
});
