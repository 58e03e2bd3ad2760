import type { DeployedStack, StagedDeploy } from '../cloudformation/engine.js';
import { criticalPath, type StackTimings } from '../model/timings.js';
import type { DeploymentRun } from './deployment-run.js';

export interface StepFigures {
  readonly staged: StagedDeploy;
  readonly deployed: DeployedStack;
  readonly assetsMs: number;
  /** How long the step waited for its change set, then for its assets (ms). */
  readonly changeSetWait: number;
  readonly assetsWait: number;
  /** The whole step (ms). */
  readonly stepMs: number;
}

/** Where a deployed stack's time went; verify_ms is filled in by verifying. */
export function stepTimings(figures: StepFigures): StackTimings {
  const { staged, deployed } = figures;
  const executeMs = deployed.executeMs ?? null;
  const overhead = figures.stepMs - figures.changeSetWait - figures.assetsWait - (executeMs ?? 0);
  return {
    change_set_ms: deployed.restaged ? deployed.restaged.ms : staged.changeSetMs,
    change_set_wait_ms: figures.changeSetWait,
    execute_ms: executeMs,
    assets_ms: figures.assetsMs,
    assets_wait_ms: figures.assetsWait,
    verify_ms: null,
    overhead_ms: Math.max(0, overhead),
  };
}

/** The run's critical path, from its stacks' times (mode deploy). */
export function recordCriticalPath(run: DeploymentRun): void {
  run.deployment.criticalPath = criticalPath(
    run.stacks
      .filter((s) => s.status === 'deployed')
      .map((s) => ({
        name: s.name,
        dependencies: s.identity.dependencies,
        startTime: s.startTime,
        endTime: s.endTime,
        timings: s.timings,
      })),
  );
}
