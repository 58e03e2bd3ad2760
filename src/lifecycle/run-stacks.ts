import { messageOf } from '../errors.js';
import { reverseGraph } from '../plan/dependency-graph.js';
import { schedule } from '../plan/scheduler.js';
import type { StackWork } from './deployment-run.js';
import type { RunMode, RunScope } from './mode.js';

/**
 * Takes every stack of the run through the mode's step, in dependency order (dependants first
 * for a reversed mode), independent stacks in parallel up to `concurrency`. A failure is recorded
 * on its stack with its own message, whether the step or a hook after it threw; the stacks that
 * need it are not attempted. Once a cancel is requested no new stack starts. Returns the failures.
 */
export async function runStacks(mode: RunMode, scope: RunScope): Promise<string[]> {
  const { run, settings, hooks, work } = scope;
  const { deployment } = run;
  const byId = new Map(work.map((w) => [w.artifact.id, w]));
  const nodes = work.map((w) => ({ id: w.artifact.id, dependencies: w.artifact.dependencies }));
  const graph = mode.selection.reversed ? reverseGraph(nodes) : nodes;
  const recordFailure = (item: StackWork, message: string, level: 'error' | 'warning'): void => {
    if (item.stack.status !== 'failed') item.stack.fail(message);
    mode.stackFailed?.(item, message);
    deployment.log(level, message, { stack: item.stack.name });
  };
  const result = await schedule(graph, settings.concurrency, {
    run: async (id) => {
      const item = byId.get(id) as StackWork;
      item.stack.transition('deploying');
      try {
        await mode.step(item, scope);
        item.stack.transition('deployed');
        hooks.stackDone?.(item.stack);
        hooks.checkpoint?.(run);
        return 'succeeded';
      } catch (error) {
        recordFailure(item, messageOf(error), 'error');
        return 'failed';
      }
    },
    mayStart: () => !hooks.cancellation?.requested,
    skip: (id, failed) => {
      const dependency = byId.get(failed)?.stack.name ?? failed;
      recordFailure(byId.get(id) as StackWork, mode.notAttempted(dependency), 'warning');
    },
  });
  return result.failed.map((id) => {
    const { stack } = byId.get(id) as StackWork;
    return stack.errorMessage ?? messageOf(result.errors.get(id));
  });
}
