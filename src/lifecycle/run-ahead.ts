import type { StagedDeploy } from '../cloudformation/engine.js';
import type { StackSnapshot } from '../cloudformation/stack-snapshot.js';
import { templateSentInline } from '../cloudformation/template-location.js';
import { messageOf } from '../errors.js';
import { createLimiter } from '../util/limiter.js';
import type { StackWork } from './deployment-run.js';
import type { RunScope } from './mode.js';
import { checkBootstrap } from './modes/check-bootstrap.js';
import { stackLog } from './stack-log.js';
import { StagingAhead } from './staging-ahead.js';
import { gatesFor } from './release-gates.js';

/**
 * What a deploy starts for every stack as soon as the run starts, so that a stack's step waits
 * only for CloudFormation: its assets published, and its change set made when its inputs are
 * known (staging-ahead.ts). Each at most `concurrency` at once.
 */
export class RunAhead {
  private readonly assets = new Map<string, Promise<number>>();
  private readonly assetLimit;
  private readonly staging: StagingAhead;

  constructor(private readonly scope: RunScope) {
    const { concurrency } = scope.settings;
    this.assetLimit = createLimiter(concurrency);
    this.staging = new StagingAhead(
      scope.work,
      (work, onSnapshot) => this.stage(work, onSnapshot),
      createLimiter(concurrency),
      (work) => scope.context.engine.deployedTemplate(work.artifact),
    );
  }

  start(): void {
    for (const work of this.scope.work) void this.assetsOf(work).catch(() => undefined);
    this.staging.start();
  }

  /** The stack's assets published (started once, at the run's start): how long it took (ms). */
  assetsOf(work: StackWork): Promise<number> {
    const id = work.stack.id;
    let publishing = this.assets.get(id);
    if (!publishing) {
      publishing = this.assetLimit(() => this.publish(work));
      publishing.catch(() => undefined); // observed by the stack's step
      this.assets.set(id, publishing);
    }
    return publishing;
  }

  /** The stack's change set: the one made ahead, or one made now (its inputs are known now). */
  async changeSetFor(work: StackWork): Promise<StagedDeploy> {
    const ahead = await this.staging.take(work);
    if (ahead && ahead.outcome !== 'missing-export') return ahead;
    if (ahead) {
      // Made ahead but an export it imports was not there yet: made again now that it is.
      await this.scope.context.engine.discard(ahead, stackLog(this.scope.run, work.stack));
    }
    return this.stage(work);
  }

  /** After a failure or a cancel: the change sets made ahead that no step executed, deleted. */
  async discardUnused(): Promise<void> {
    const { run, context } = this.scope;
    const byArtifact = new Map(this.scope.work.map((w) => [w.artifact.id, w]));
    await this.staging.discardUnused(async (staged) => {
      const work = byArtifact.get(staged.artifact.id);
      if (!work) return;
      const log = stackLog(run, work.stack);
      try {
        await context.engine.discard(staged, log);
        log('info', 'Deleted its change set made ahead: the run did not get to execute it');
      } catch (error) {
        log('warning', `Could not delete its change set made ahead: ${messageOf(error)}`);
      }
    });
  }

  private async publish(work: StackWork): Promise<number> {
    const { stack, artifact } = work;
    const { context, run } = this.scope;
    const log = stackLog(run, stack);
    await checkBootstrap(work, this.scope);
    this.scope.beforeChange();
    const started = Date.now();
    await context.assets.publish(
      artifact.stackName,
      artifact.assetManifestPaths,
      (level, m) => log(level, m),
      // A template small enough to send inline needs no upload.
      templateSentInline(artifact) ? artifact.stackTemplateAssetObjectUrl : undefined,
      (image) => stack.images.push(image),
    );
    return Date.now() - started;
  }

  private async stage(
    work: StackWork,
    onSnapshot?: (snapshot: StackSnapshot) => void,
  ): Promise<StagedDeploy> {
    const { stack, artifact } = work;
    const { context, run } = this.scope;
    await checkBootstrap(work, this.scope);
    this.scope.beforeChange();
    const staged = await context.engine.stage({
      artifact,
      log: stackLog(run, stack),
      beforeChange: this.scope.beforeChange,
      parameters: context.parameters,
      gates: gatesFor(work, this.scope),
      onSnapshot,
      // A template too large to send inline is read from the asset bucket: published first.
      publishTemplate: async () => {
        await this.assetsOf(work);
      },
    });
    if (staged.changeSetCreatedAt) stack.changeSetCreatedAt = staged.changeSetCreatedAt;
    return staged;
  }
}

const perRun = new WeakMap<object, RunAhead>();

/** The run's work ahead, made (not started) on first use. */
export function runAheadOf(scope: RunScope): RunAhead {
  let ahead = perRun.get(scope.run);
  if (!ahead) {
    ahead = new RunAhead(scope);
    perRun.set(scope.run, ahead);
  }
  return ahead;
}
