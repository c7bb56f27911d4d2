/** Medians over repeated runs, after a warm-up, so one slow run does not decide a figure. */
export interface Figure {
  group: string;
  name: string;
  size?: number;
  /** Median milliseconds. */
  ms: number;
  p95?: number;
  runs: number;
  /** The same work done by the library underneath, measured in the same run. */
  baselineMs?: number;
  target?: { label: string; met: boolean };
  note?: string;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export async function time(fn: () => unknown, runs = 7, warmup = 2): Promise<{ ms: number; samples: number[] }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), samples };
}

/** As `time`, with an untimed setup before each run and teardown after it (a fresh database to import into). */
export async function timeEach<S>(
  setup: () => S,
  fn: (s: S) => unknown,
  teardown: (s: S) => void,
  runs = 7,
  warmup = 2,
): Promise<{ ms: number; samples: number[]; cpuMs: number }> {
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const s = setup();
    const start = performance.now();
    const before = process.cpuUsage();
    await fn(s);
    const used = process.cpuUsage(before);
    if (i >= warmup) {
      samples.push(performance.now() - start);
      cpu.push((used.user + used.system) / 1000);
    }
    teardown(s);
  }
  // CPU time as well as wall time: on a busy machine the wall figure counts the waiting for a core.
  return { ms: median(samples), samples, cpuMs: median(cpu) };
}
