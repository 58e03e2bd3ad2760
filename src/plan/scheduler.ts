import type { GraphNode } from './dependency-graph.js';
import { MinHeap } from '../util/min-heap.js';

export type WorkOutcome = 'succeeded' | 'failed';

export interface SchedulerHooks {
  /** Deploys one node; resolves to its outcome. A rejection counts as a failure, its error kept. */
  readonly run: (id: string) => Promise<WorkOutcome>;
  /** A node that will not run because a dependency failed or was skipped. */
  readonly skip: (id: string, failedDependency: string) => void;
  /** Asked before each start; false stops new work (cancellation), running work finishes. */
  readonly mayStart?: () => boolean;
}

export interface ScheduleResult {
  readonly succeeded: readonly string[];
  readonly failed: readonly string[];
  readonly skipped: readonly string[];
  readonly notStarted: readonly string[];
  /** Why a failed node failed, when its run threw: the error itself, cause and all. */
  readonly errors: ReadonlyMap<string, unknown>;
}

/**
 * Runs nodes as soon as their dependencies succeeded, at most `concurrency` at a time, earlier
 * nodes of `ordered` first. Knows nothing of what running a node means.
 */
export async function schedule(
  ordered: readonly GraphNode[],
  concurrency: number,
  hooks: SchedulerHooks,
): Promise<ScheduleResult> {
  const position = new Map(ordered.map((n, i) => [n.id, i]));
  const dependants = new Map<string, string[]>(ordered.map((n) => [n.id, []]));
  const waiting = new Map<string, number>();
  for (const node of ordered) {
    const deps = node.dependencies.filter((d) => position.has(d));
    waiting.set(node.id, deps.length);
    for (const dep of deps) dependants.get(dep)?.push(node.id);
  }
  const ready = new MinHeap();
  ordered.forEach((n, i) => {
    if (waiting.get(n.id) === 0) ready.push(i);
  });
  const succeeded: string[] = [];
  const failed: string[] = [];
  const skipped: string[] = [];
  const settled = new Set<string>();
  const errors = new Map<string, unknown>();

  const skipDependants = (id: string, cause: string): void => {
    for (const dependant of dependants.get(id) ?? []) {
      if (settled.has(dependant)) continue;
      settled.add(dependant);
      skipped.push(dependant);
      try {
        hooks.skip(dependant, cause);
      } catch {
        // recording a skip must not stop the stacks that are still running
      }
      skipDependants(dependant, cause);
    }
  };

  const running = new Set<Promise<void>>();
  const start = (id: string): void => {
    const task = (async () => {
      let outcome: WorkOutcome;
      try {
        outcome = await hooks.run(id);
      } catch (error) {
        outcome = 'failed';
        errors.set(id, error);
      }
      settled.add(id);
      if (outcome === 'succeeded') {
        succeeded.push(id);
        for (const dependant of dependants.get(id) ?? []) {
          const left = (waiting.get(dependant) ?? 0) - 1;
          waiting.set(dependant, left);
          if (left === 0 && !settled.has(dependant)) ready.push(position.get(dependant) ?? 0);
        }
      } else {
        failed.push(id);
        skipDependants(id, id);
      }
    })();
    running.add(task);
    void task.finally(() => running.delete(task));
  };

  let stopped = false;
  for (;;) {
    while (!stopped && running.size < concurrency && ready.size > 0) {
      if (hooks.mayStart && !hooks.mayStart()) {
        stopped = true;
        break;
      }
      const next = ready.pop() as number;
      const id = (ordered[next] as GraphNode).id;
      if (!settled.has(id)) start(id);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  const notStarted = ordered.map((n) => n.id).filter((id) => !settled.has(id));
  return { succeeded, failed, skipped, notStarted, errors };
}
