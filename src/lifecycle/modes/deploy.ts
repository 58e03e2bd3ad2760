import { selectStacks } from '../../assembly/select-stacks.js';
import { MODE_WORDS } from '../../model/modes.js';
import { Resource } from '../../model/resource.js';
import type { StackWork } from '../deployment-run.js';
import type { RunMode, RunScope } from '../mode.js';
import { cancelInFlight } from '../cancel-in-flight.js';
import { rollBackIfWanted, rollbackNotRun } from '../roll-back-if-wanted.js';
import { stackLog } from '../stack-log.js';
import { checkBootstrap } from './check-bootstrap.js';
import { liveReadsOf } from '../live-reads.js';
import { runAheadOf } from '../run-ahead.js';
import { recordCriticalPath, stepTimings } from '../step-timings.js';
import { reviewGate } from '../review-gate.js';
import { withDeployedDiffs } from '../review-run.js';
import { verifyWithGates } from '../bake-phase.js';
import { cancelMonitoredUpdates, recordRollbackPaths } from '../native-rollback.js';
import { closeGates, gatesFor, noteMonitoringWindow, prepareGates } from '../release-gates.js';

/**
 * Deploys one stack: the bootstrap check, its change set (made ahead when its inputs were known,
 * else now), its assets (published since the run started), the change set executed, then its
 * outputs and resources recorded and their live reads started.
 */
async function deployOne(work: StackWork, scope: RunScope): Promise<void> {
  const { stack, artifact } = work;
  const { context, run } = scope;
  const log = stackLog(run, stack);
  const ahead = runAheadOf(scope);
  const stepStarted = Date.now();
  await checkBootstrap(work, scope);
  scope.beforeChange();
  const waitStarted = Date.now();
  const staged = await ahead.changeSetFor(work);
  const changeSetWait = Date.now() - waitStarted;
  let assetsMs: number;
  try {
    assetsMs = await ahead.assetsOf(work);
  } catch (error) {
    await context.engine.discard(staged, log).catch(() => undefined);
    throw error;
  }
  const assetsWait = Date.now() - waitStarted - changeSetWait;
  const deployed = await context.engine.execute(staged, {
    artifact,
    log,
    beforeChange: scope.beforeChange,
    parameters: context.parameters,
    gates: gatesFor(work, scope),
    onSnapshot: (snapshot) => {
      run.snapshots.set(stack.id, snapshot);
      stack.previousState = {
        existed: snapshot.existed,
        status: snapshot.status,
        captured_at: snapshot.capturedAt,
      };
    },
    onExecute: (stackId) => {
      stack.executed = true;
      stack.stackArn = stackId;
    },
    onExecuteRefused: () => {
      stack.executed = false;
    },
  });
  if (deployed.restaged) stack.changeSetCreatedAt = deployed.restaged.createdAt;
  stack.stackArn = deployed.stack.stackId;
  stack.cloudformationStatus = deployed.stack.status;
  stack.outputs = { ...deployed.stack.outputs };
  stack.noOp = deployed.noOp;
  stack.changeSetArn = deployed.changeSetArn;
  stack.changes = deployed.changeCount;
  noteMonitoringWindow(work, deployed);
  const descriptions = await context.engine.resources(artifact, deployed.stack.stackId);
  const resources = descriptions.map((description) => {
    const resource = new Resource(stack.id, description);
    if (description.cloudformationStatus?.endsWith('_FAILED')) {
      resource.transition('failed', `CloudFormation reports ${description.cloudformationStatus}`);
    }
    return resource;
  });
  run.resources.push(...resources);
  stack.timings = stepTimings({
    staged,
    deployed,
    assetsMs,
    changeSetWait,
    assetsWait,
    stepMs: Date.now() - stepStarted,
  });
  liveReadsOf(scope).start(work);
  log('info', deployed.noOp ? 'Deployed (no changes)' : `Deployed (${stack.changes} change(s))`);
}

/** mode: deploy, the default: every selected stack deployed, verified, rolled back on a failure. */
export function deployMode(): RunMode {
  return {
    words: MODE_WORDS.deploy,
    selection: {
      select: selectStacks,
      validateTemplates: true,
      checkTemplates: true,
      reversed: false,
    },
    verifyPhase: 'Verifying',
    prepare: async (scope) => {
      await reviewGate(scope);
      await prepareGates(scope);
    },
    beforeStacks: (scope) => runAheadOf(scope).start(),
    step: deployOne,
    notAttempted: (dependency) => `Not deployed: it depends on ${dependency}, which failed`,
    verify: withDeployedDiffs(verifyWithGates),
    finally: (scope) => {
      liveReadsOf(scope).close();
      recordCriticalPath(scope.run);
      closeGates(scope.run);
    },
    afterFailure: async (scope) => {
      await runAheadOf(scope).discardUnused();
      // Updates still in their monitoring window are rolled back by CloudFormation itself.
      const native = await cancelMonitoredUpdates(scope);
      // Nothing to undo (or rollback off): the outcome is recorded without an empty log group.
      if (rollbackNotRun(scope.run, scope.settings)) await rollBackIfWanted(scope);
      else await scope.inPhase('Rolling back', () => rollBackIfWanted(scope));
      recordRollbackPaths(scope, native);
    },
    afterCancel: async (scope) => {
      const { run, settings, context } = scope;
      await cancelMonitoredUpdates(scope);
      await cancelInFlight(run, context);
      await runAheadOf(scope).discardUnused();
      run.deployment.setRollback(
        rollbackNotRun(run, settings) ?? {
          outcome: 'pending',
          message: 'cancelled: the post step rolls back once CloudFormation has finished',
        },
      );
    },
  };
}
