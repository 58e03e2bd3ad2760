import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../src/plan/dependency-graph.js';
import { schedule, type ScheduleResult, type WorkOutcome } from '../../src/plan/scheduler.js';

const node = (id: string, ...dependencies: string[]): GraphNode => ({ id, dependencies });

/** Lets every pending promise callback and the scheduler's loop run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Deferred {
  resolve: (outcome: WorkOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * Work whose every run waits until the test finishes it: records what started, what is running
 * now, the most that ran at once, and which dependencies had succeeded when each run started.
 */
class ControlledWork {
  readonly started: string[] = [];
  readonly running = new Set<string>();
  readonly succeeded = new Set<string>();
  readonly skips: [string, string][] = [];
  maxRunning = 0;
  private readonly pending = new Map<string, Deferred>();

  readonly run = (id: string): Promise<WorkOutcome> => {
    this.started.push(id);
    this.running.add(id);
    this.maxRunning = Math.max(this.maxRunning, this.running.size);
    return new Promise<WorkOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    }).then(
      (outcome) => {
        this.running.delete(id);
        if (outcome === 'succeeded') this.succeeded.add(id);
        return outcome;
      },
      (error: unknown) => {
        this.running.delete(id);
        throw error;
      },
    );
  };

  readonly skip = (id: string, failedDependency: string): void => {
    this.skips.push([id, failedDependency]);
  };

  async finish(id: string, outcome: WorkOutcome = 'succeeded'): Promise<void> {
    const deferred = this.pending.get(id);
    if (!deferred) throw new Error(`${id} is not running`);
    this.pending.delete(id);
    deferred.resolve(outcome);
    await settle();
  }

  async crash(id: string, error = new Error(`${id} crashed`)): Promise<void> {
    const deferred = this.pending.get(id);
    if (!deferred) throw new Error(`${id} is not running`);
    this.pending.delete(id);
    deferred.reject(error);
    await settle();
  }
}

/** Starts a schedule and tracks whether it has resolved. */
function start(
  nodes: readonly GraphNode[],
  concurrency: number,
  work: ControlledWork,
  mayStart?: () => boolean,
) {
  let result: ScheduleResult | undefined;
  const done = schedule(nodes, concurrency, {
    run: work.run,
    skip: work.skip,
    ...(mayStart ? { mayStart } : {}),
  }).then((r) => {
    result = r;
    return r;
  });
  return { done, result: () => result };
}

describe('schedule', () => {
  it('never runs more than the concurrency cap, and fills it', async () => {
    const nodes = Array.from({ length: 10 }, (_, i) => node(`S${i}`));
    const work = new ControlledWork();
    const run = start(nodes, 3, work);
    await settle();
    expect(work.started).toEqual(['S0', 'S1', 'S2']);
    for (let i = 0; i < 10; i++) {
      expect(work.running.size).toBeLessThanOrEqual(3);
      // finish a different one of the running stacks each time, so the order of finishing varies
      const current = [...work.running];
      await work.finish(current[(i * 7) % current.length]!);
      // each freed slot is taken at once while stacks are left
      expect(work.started).toHaveLength(Math.min(10, 3 + i + 1));
    }
    const result = await run.done;
    expect(work.maxRunning).toBe(3);
    expect(result.succeeded).toHaveLength(10);
    expect(work.started).toHaveLength(10);
  });

  it('keeps the cap with dependencies freeing several stacks at once', async () => {
    const nodes = [
      node('Base'),
      ...Array.from({ length: 6 }, (_, i) => node(`Mid${i}`, 'Base')),
      node('Top', 'Mid0', 'Mid5'),
    ];
    const work = new ControlledWork();
    const run = start(nodes, 2, work);
    await settle();
    expect(work.started).toEqual(['Base']);
    await work.finish('Base');
    expect(work.started).toEqual(['Base', 'Mid0', 'Mid1']);
    while (work.running.size > 0) await work.finish([...work.running][0]!);
    const result = await run.done;
    expect(work.maxRunning).toBe(2);
    expect(result.succeeded).toHaveLength(8);
    expect(work.started.at(-1)).toBe('Top');
  });

  it('runs independent stacks in parallel', async () => {
    const work = new ControlledWork();
    const run = start([node('A'), node('B'), node('C')], 4, work);
    await settle();
    expect([...work.running].sort()).toEqual(['A', 'B', 'C']);
    expect(run.result()).toBeUndefined();
    await work.finish('B');
    await work.finish('C');
    await work.finish('A');
    expect((await run.done).succeeded).toEqual(['B', 'C', 'A']);
  });

  it('never starts a dependant before its dependency succeeded, whatever the free capacity', async () => {
    const work = new ControlledWork();
    const nodes = [node('Network'), node('Api', 'Network', 'Database'), node('Database')];
    const run = start(nodes, 8, work);
    await settle();
    expect([...work.running].sort()).toEqual(['Database', 'Network']);
    await work.finish('Network');
    expect(work.started).not.toContain('Api');
    await work.finish('Database');
    expect(work.started).toContain('Api');
    expect(work.succeeded).toEqual(new Set(['Network', 'Database']));
    await work.finish('Api');
    expect((await run.done).succeeded).toEqual(['Network', 'Database', 'Api']);
  });

  it('starts the earliest ready stack first, also one freed later', async () => {
    const work = new ControlledWork();
    const run = start([node('A'), node('B', 'A'), node('C')], 1, work);
    await settle();
    await work.finish('A');
    await work.finish('B');
    await work.finish('C');
    await run.done;
    expect(work.started).toEqual(['A', 'B', 'C']);
  });

  it('skips the dependants of a failed stack, transitively, naming the failed one, and never runs them', async () => {
    const nodes = [
      node('Network'),
      node('Database', 'Network'),
      node('Api', 'Database', 'Auth'),
      node('Auth'),
      node('Web', 'Api'),
      node('Docs'),
    ];
    const work = new ControlledWork();
    const run = start(nodes, 4, work);
    await settle();
    expect([...work.running].sort()).toEqual(['Auth', 'Docs', 'Network']);
    await work.finish('Auth');
    await work.finish('Network', 'failed');
    await work.finish('Docs');
    const result = await run.done;
    expect(result.failed).toEqual(['Network']);
    expect(new Set(result.skipped)).toEqual(new Set(['Database', 'Api', 'Web']));
    expect(new Set(work.skips)).toEqual(
      new Set([
        ['Database', 'Network'],
        ['Api', 'Network'],
        ['Web', 'Network'],
      ]),
    );
    expect(work.skips).toHaveLength(3);
    expect(work.started).not.toContain('Database');
    expect(work.started).not.toContain('Api');
    expect(work.started).not.toContain('Web');
    expect(new Set(result.succeeded)).toEqual(new Set(['Auth', 'Docs']));
    expect(result.notStarted).toEqual([]);
  });

  it('skips a stack with two failed dependencies once', async () => {
    const work = new ControlledWork();
    const run = start([node('A'), node('B'), node('C', 'A', 'B')], 2, work);
    await settle();
    await work.finish('A', 'failed');
    await work.finish('B', 'failed');
    const result = await run.done;
    expect(result.skipped).toEqual(['C']);
    expect(work.skips).toEqual([['C', 'A']]);
  });

  it('counts a rejected run as failed and still resolves', async () => {
    const work = new ControlledWork();
    const run = start([node('A'), node('B', 'A'), node('C')], 2, work);
    await settle();
    await work.crash('A');
    await work.finish('C');
    const result = await run.done;
    expect(result.failed).toEqual(['A']);
    expect(result.skipped).toEqual(['B']);
    expect(result.succeeded).toEqual(['C']);
    expect(work.skips).toEqual([['B', 'A']]);
  });

  it('counts a run that throws before returning a promise as failed', async () => {
    const result = await schedule([node('A'), node('B', 'A')], 1, {
      run: (id) => {
        if (id === 'A') throw new Error('synchronous');
        return Promise.resolve('succeeded');
      },
      skip: () => undefined,
    });
    expect(result).toMatchObject({ succeeded: [], failed: ['A'], skipped: ['B'], notStarted: [] });
    // The error itself is kept, so the run can say why A failed.
    expect((result.errors.get('A') as Error).message).toBe('synchronous');
  });

  it('lets stacks already running finish after a failure, and keeps independent work going', async () => {
    const work = new ControlledWork();
    const nodes = [node('A'), node('B'), node('C', 'B'), node('D'), node('E', 'A')];
    const run = start(nodes, 2, work);
    await settle();
    expect(work.started).toEqual(['A', 'B']);
    await work.finish('A', 'failed');
    expect(run.result()).toBeUndefined();
    expect(work.running.has('B')).toBe(true);
    // A's slot goes to the next independent stack; B is still running.
    expect(work.started).toEqual(['A', 'B', 'D']);
    await work.finish('B');
    expect(work.started).toContain('C');
    await work.finish('D');
    expect(run.result()).toBeUndefined();
    await work.finish('C');
    const result = await run.done;
    expect(new Set(result.succeeded)).toEqual(new Set(['B', 'C', 'D']));
    expect(result.failed).toEqual(['A']);
    expect(result.skipped).toEqual(['E']);
  });

  it('stops starting when mayStart says no, lets running work finish, and reports the rest as not started', async () => {
    const work = new ControlledWork();
    let allowed = 2;
    let asked = 0;
    const nodes = [node('A'), node('B'), node('C'), node('D', 'A')];
    const run = start(nodes, 2, work, () => {
      asked++;
      return allowed-- > 0;
    });
    await settle();
    expect(work.started).toEqual(['A', 'B']);
    await work.finish('A');
    expect(work.started).toEqual(['A', 'B']);
    expect(run.result()).toBeUndefined();
    await work.finish('B');
    const result = await run.done;
    expect(result.succeeded).toEqual(['A', 'B']);
    expect(result.notStarted).toEqual(['C', 'D']);
    expect(result.skipped).toEqual([]);
    expect(work.skips).toEqual([]);
    expect(asked).toBe(3);
  });

  it('starts nothing when mayStart is false from the start', async () => {
    const work = new ControlledWork();
    const result = await schedule([node('A'), node('B', 'A')], 4, {
      run: work.run,
      skip: work.skip,
      mayStart: () => false,
    });
    expect(work.started).toEqual([]);
    expect(result).toEqual({
      succeeded: [],
      failed: [],
      skipped: [],
      notStarted: ['A', 'B'],
      errors: new Map(),
    });
  });

  it('ignores dependencies outside the scheduled set', async () => {
    const result = await schedule([node('Api', 'AlreadyDeployed')], 1, {
      run: () => Promise.resolve('succeeded'),
      skip: () => undefined,
    });
    expect(result.succeeded).toEqual(['Api']);
  });

  it('resolves at once with nothing to do', async () => {
    const work = new ControlledWork();
    expect(await schedule([], 2, { run: work.run, skip: work.skip })).toEqual({
      succeeded: [],
      failed: [],
      skipped: [],
      notStarted: [],
      errors: new Map(),
    });
  });
});
