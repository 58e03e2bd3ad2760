/**
 * An in-memory StackEngine for the lifecycle's unit tests: stacks live in a map, each operation
 * can be made to fail or to wait until the test lets it go, and every call is recorded. It stands
 * in for CloudFormation where a test needs what the emulator cannot give (a stack that stays in
 * progress until the test says so, exact overlap of operations); the real engine is tested
 * against the emulator.
 */
import type { CloudFormationTemplate, StackArtifact } from '../../src/assembly/stack-artifact.js';
import type {
  CancelUpdateResult,
  DeployedStack,
  DeployRequest,
  DestroyedStack,
  DestroyRequest,
  DriftReport,
  LiveStack,
  PlannedStack,
  PlanRequest,
  StackEngine,
  StageDeployRequest,
  StagedDeploy,
  UndoRequest,
  UndoResult,
} from '../../src/cloudformation/engine.js';
import { noChanges } from '../../src/cloudformation/classify-changes.js';
import type { StackSnapshot } from '../../src/cloudformation/stack-snapshot.js';
import type { ResourceDescription } from '../../src/model/resource.js';

/** `stage` makes a change set, `deploy` executes one (engine.deploy is stage then deploy). */
export type Operation =
  'stage' | 'deploy' | 'plan' | 'destroy' | 'undo' | 'cancelUpdate' | 'detectDrift';

export interface EngineCall {
  readonly operation: Operation;
  readonly stack: string;
}

interface Gate {
  readonly opened: Promise<void>;
  readonly open: () => void;
}

function gate(): Gate {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export class FakeEngine implements StackEngine {
  readonly stacks = new Map<string, LiveStack>();
  readonly calls: EngineCall[] = [];
  /** Calls under way now, and the most there ever were at once, per operation. */
  private running = new Map<Operation, number>();
  readonly mostAtOnce = new Map<Operation, number>();
  private readonly failures = new Map<string, Error>();
  private readonly gates = new Map<string, Gate>();
  private readonly started = new Map<string, Gate>();
  closed = 0;
  /** Change sets (or review stacks) a plan made and did not delete. */
  leftOver = 0;
  /** Stacks whose staged change sets were discarded, in order. */
  readonly discarded: string[] = [];
  /** When each stack's change set was made (ms since the epoch), the last time it was. */
  readonly stagedAt = new Map<string, number>();
  private readonly unexecuted = new Set<StagedDeploy>();
  /** The template each stack was last deployed with, as its snapshot gives it back. */
  private readonly templates = new Map<string, string>();
  private readonly stale = new Set<string>();

  /** The next change set staged for `stack` is refused at execute as stale, once. */
  goStale(stack: string): void {
    this.stale.add(stack);
  }

  /** Change sets staged and neither executed nor discarded. */
  get pendingChangeSets(): string[] {
    return [...this.unexecuted].map((h) => h.artifact.stackName);
  }

  /** `operation` on `stack` throws `error`. */
  failOn(operation: Operation, stack: string, error: Error): void {
    this.failures.set(`${operation}:${stack}`, error);
  }

  /** `operation` on `stack` waits until `release` is called; `whenStarted` tells when it began. */
  hold(operation: Operation, stack: string): { release: () => void; whenStarted: Promise<void> } {
    const held = gate();
    const started = gate();
    this.gates.set(`${operation}:${stack}`, held);
    this.started.set(`${operation}:${stack}`, started);
    return { release: held.open, whenStarted: started.opened };
  }

  private async enter(
    operation: Operation,
    stack: string,
    beforeChange?: () => void,
  ): Promise<void> {
    this.calls.push({ operation, stack });
    const now = (this.running.get(operation) ?? 0) + 1;
    this.running.set(operation, now);
    this.mostAtOnce.set(operation, Math.max(now, this.mostAtOnce.get(operation) ?? 0));
    try {
      this.started.get(`${operation}:${stack}`)?.open();
      await this.gates.get(`${operation}:${stack}`)?.opened;
      beforeChange?.();

      const failure = this.failures.get(`${operation}:${stack}`);
      if (failure) throw failure;
    } finally {
      this.running.set(operation, (this.running.get(operation) ?? 1) - 1);
    }
  }

  private snapshotOf(artifact: StackArtifact): StackSnapshot {
    const existing = this.stacks.get(artifact.stackName);
    return {
      existed: existing !== undefined,
      stackId: existing?.stackId ?? null,
      status: existing?.status ?? null,
      templateBody: existing ? (this.templates.get(artifact.stackName) ?? '{}') : null,
      parameters: [],
      tags: [],
      capturedAt: new Date().toISOString(),
    };
  }

  async deploy(request: DeployRequest): Promise<DeployedStack> {
    return this.execute(await this.stage(request), request);
  }

  async stage(request: StageDeployRequest): Promise<StagedDeploy> {
    const { artifact } = request;
    const snapshot = this.snapshotOf(artifact);
    request.onSnapshot?.(snapshot);
    await this.enter('stage', artifact.stackName, request.beforeChange);
    this.stagedAt.set(artifact.stackName, Date.now());
    const handle: StagedDeploy = {
      artifact,
      outcome: 'ready',
      snapshot,
      changeSetArn: `arn:aws:cloudformation:us-east-1:123456789012:changeSet/${artifact.stackName}`,
      changeSetCreatedAt: new Date().toISOString(),
      changeSetMs: 0,
      changeCount: 1,
      missingExport: null,
      reason: '',
    };
    this.unexecuted.add(handle);
    return handle;
  }

  discard(handle: StagedDeploy): Promise<void> {
    if (this.unexecuted.delete(handle)) this.discarded.push(handle.artifact.stackName);
    return Promise.resolve();
  }

  async execute(handle: StagedDeploy, request: DeployRequest): Promise<DeployedStack> {
    const { artifact } = request;
    const name = artifact.stackName;
    if (!this.unexecuted.delete(handle)) throw new Error(`${name}: change set used twice`);
    if (handle.snapshot) request.onSnapshot?.(handle.snapshot);
    if (this.stale.delete(name)) {
      // As the real engine: a refused change set is made once more and that one executed.
      return this.execute(await this.stage(request), request);
    }
    await this.enter('deploy', name, request.beforeChange);
    const stackId = `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1`;
    request.onExecute?.(stackId);
    const outputs = Object.fromEntries(
      Object.keys(artifact.template.Outputs ?? {}).map((key) => [key, `${name}-${key}`]),
    );
    const stack: LiveStack = { stackId, status: 'CREATE_COMPLETE', outputs };
    this.stacks.set(name, stack);
    this.templates.set(name, JSON.stringify(artifact.template));
    return { stack, noOp: false, changeSetArn: `${stackId}/changeSet`, changeCount: 1 };
  }

  /** The fake keeps no templates: a stack it has reads as an empty template. */
  async deployedTemplate(artifact: StackArtifact): Promise<CloudFormationTemplate | null> {
    if (!this.stacks.has(artifact.stackName)) return null;
    return JSON.parse(this.templates.get(artifact.stackName) ?? '{}') as CloudFormationTemplate;
  }

  async plan(request: PlanRequest): Promise<PlannedStack> {
    const name = request.artifact.stackName;
    this.leftOver++;
    try {
      await this.enter('plan', name, request.beforeChange);
    } finally {
      this.leftOver--;
    }
    return {
      outcome: 'empty',
      existing: this.stacks.get(name),
      isNew: !this.stacks.has(name),
      deployedTemplate: null,
      changeSetType: 'CREATE',
      changeSetArn: null,
      changes: noChanges(),
      missingExport: null,
      reason: 'no changes',
    };
  }

  async destroy(request: DestroyRequest): Promise<DestroyedStack> {
    const name = request.artifact.stackName;
    const found = this.stacks.get(name);
    request.onFound?.(found);
    await this.enter('destroy', name, request.beforeChange);
    this.stacks.delete(name);
    return { outcome: found ? 'deleted' : 'already-gone', stackId: found?.stackId ?? null };
  }

  describe(artifact: StackArtifact): Promise<LiveStack | undefined> {
    return Promise.resolve(this.stacks.get(artifact.stackName));
  }

  settle(artifact: StackArtifact): Promise<LiveStack | undefined> {
    return Promise.resolve(this.stacks.get(artifact.stackName));
  }

  resources(): Promise<ResourceDescription[]> {
    return Promise.resolve([]);
  }

  async cancelUpdate(artifact: StackArtifact): Promise<CancelUpdateResult> {
    await this.enter('cancelUpdate', artifact.stackName);
    return { outcome: 'not-cancellable', status: null };
  }

  async undo(request: UndoRequest): Promise<UndoResult> {
    await this.enter('undo', request.artifact.stackName);
    if (request.action === 'delete') this.stacks.delete(request.artifact.stackName);
    return { succeeded: true, message: `${request.action} done` };
  }

  /** What detectDrift answers, by stack name; IN_SYNC when not set. */
  readonly drift = new Map<string, DriftReport>();

  async detectDrift(artifact: StackArtifact): Promise<DriftReport> {
    await this.enter('detectDrift', artifact.stackName);
    return this.drift.get(artifact.stackName) ?? { status: 'IN_SYNC', drifted: [], reason: '' };
  }

  close(): void {
    this.closed++;
  }
}
