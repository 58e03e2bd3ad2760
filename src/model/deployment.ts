import type { CheckResult } from './check-result.js';
import type { LogEntry, LogLevel, LogSink } from './log-entry.js';
import type { ApprovalState } from './review.js';
import { newId, now } from './ids.js';
import type { StatusChange } from './status-change.js';
import type { CriticalPath } from './timings.js';
import { assertTransition, DEPLOYMENT_TRANSITIONS, type DeploymentStatus } from './transitions.js';

export interface DeploymentRecord {
  id: string;
  status: DeploymentStatus;
  start_time: string;
  end_time: string | null;
  environment: string;
  stacks_order: string[];
  logs: LogEntry[];
  rollback_reason: string | null;
  mode: string;
  status_history: StatusChange<DeploymentStatus>[];
  checks: CheckResult[];
  rollback: RollbackOutcome | null;
  /** The chain of stacks that decided when the stacks were done (mode deploy); optional as added. */
  critical_path?: CriticalPath | null;
  /** The digest of what the run submits (`plan-v1:<sha256>`); null when not computed. Optional in the type so older records read. */
  plan_id?: string | null;
  /** Whether the changes need approval under `require-approval`; null when not judged. */
  approval?: ApprovalState | null;
  /** The release gate's bake, when `bake-time` is set; optional so older records still read. */
  bake?: BakeRecord | null;
}

/** One alarm the bake watched, as last read. */
export interface BakeAlarm {
  name: string;
  arn: string;
  environment: string;
  state: string;
  reason: string;
  since: string;
}

/** The bake: the run stayed in verifying, watching the alarms, from `started_at` to `until`. */
export interface BakeRecord {
  started_at: string;
  until: string;
  ended_at: string | null;
  /** `baking` while it runs; `alarm`: an alarm went to ALARM and verification failed. */
  outcome: 'baking' | 'passed' | 'alarm' | 'stopped';
  alarms: BakeAlarm[];
}

/** Whether a failed deployment was undone: `rolled_back` only when every stack was put back. */
export interface RollbackOutcome {
  /** `pending`: the run was cancelled; its post step rolls back once CloudFormation is done. */
  outcome: 'rolled_back' | 'incomplete' | 'disabled' | 'not-needed' | 'pending';
  message: string;
}

export interface LogContext {
  readonly stack?: string;
  readonly resource?: string;
}

export class Deployment {
  readonly id = newId();
  readonly start_time = now();
  private currentStatus: DeploymentStatus = 'pending';
  private endTime: string | null = null;
  private order: string[] = [];
  private reason: string | null = null;
  private readonly entries: LogEntry[] = [];
  private readonly checkResults: CheckResult[] = [];
  private rollbackOutcome: RollbackOutcome | null = null;
  /** Mode deploy: the chain of stacks that decided when the stacks were done. */
  criticalPath: CriticalPath | null = null;
  planId: string | null = null;
  approval: ApprovalState | null = null;
  private bakeRecord: BakeRecord | null = null;
  private readonly history: StatusChange<DeploymentStatus>[] = [
    { status: 'pending', at: this.start_time },
  ];

  constructor(
    readonly environment: string,
    readonly mode: string,
    private readonly sink: LogSink = () => undefined,
  ) {}

  get status(): DeploymentStatus {
    return this.currentStatus;
  }

  get rollbackReason(): string | null {
    return this.reason;
  }

  get stacksOrder(): readonly string[] {
    return this.order;
  }

  get logs(): readonly LogEntry[] {
    return this.entries;
  }

  get rollback(): RollbackOutcome | null {
    return this.rollbackOutcome;
  }

  setRollback(outcome: RollbackOutcome): void {
    this.rollbackOutcome = outcome;
  }

  get bake(): BakeRecord | null {
    return this.bakeRecord;
  }

  setBake(bake: BakeRecord): void {
    this.bakeRecord = bake;
  }

  get checks(): readonly CheckResult[] {
    return this.checkResults;
  }

  recordCheck(result: CheckResult): void {
    this.checkResults.push(result);
    const context = { stack: result.stack, resource: result.resource };
    this.log(
      result.passed ? 'info' : 'error',
      `${result.passed ? 'PASS' : 'FAIL'} ${result.check}: ${result.message}`,
      context,
    );
  }

  get isFinished(): boolean {
    return this.endTime !== null;
  }

  transition(to: DeploymentStatus): void {
    assertTransition(DEPLOYMENT_TRANSITIONS, 'Deployment', this.currentStatus, to);
    this.currentStatus = to;
    this.history.push({ status: to, at: now() });
    this.log('info', `Deployment ${to}`);
  }

  /** The seed requires a failed deployment to carry its reason, so both are set together. */
  fail(reason: string): void {
    assertTransition(DEPLOYMENT_TRANSITIONS, 'Deployment', this.currentStatus, 'failed');
    this.reason = reason;
    this.transition('failed');
  }

  setStacksOrder(names: readonly string[]): void {
    this.order = [...names];
  }

  finish(): void {
    this.endTime ??= now();
  }

  log(level: LogLevel, message: string, context: LogContext = {}): void {
    const entry: LogEntry = { timestamp: now(), level, ...context, message };
    this.entries.push(entry);
    this.sink(entry);
  }

  /**
   * The deployment a record describes, to carry on where another process left it (the post step
   * after a cancelled run). The end time is cleared: the deployment ends again when carried on.
   */
  static fromRecord(record: DeploymentRecord, sink: LogSink = () => undefined): Deployment {
    const deployment = new Deployment(record.environment, record.mode, sink);
    Object.assign(deployment, { id: record.id, start_time: record.start_time });
    deployment.currentStatus = record.status;
    deployment.order = [...record.stacks_order];
    deployment.reason = record.rollback_reason;
    deployment.entries.push(...record.logs);
    deployment.checkResults.push(...record.checks);
    deployment.rollbackOutcome = record.rollback;
    deployment.criticalPath = record.critical_path ?? null;
    deployment.planId = record.plan_id ?? null;
    deployment.approval = record.approval ?? null;
    deployment.bakeRecord = record.bake ?? null;
    deployment.history.splice(0, deployment.history.length, ...record.status_history);
    return deployment;
  }

  toRecord(): DeploymentRecord {
    return {
      id: this.id,
      status: this.currentStatus,
      start_time: this.start_time,
      end_time: this.endTime,
      environment: this.environment,
      stacks_order: [...this.order],
      logs: [...this.entries],
      rollback_reason: this.reason,
      mode: this.mode,
      status_history: [...this.history],
      checks: [...this.checkResults],
      rollback: this.rollbackOutcome,
      critical_path: this.criticalPath,
      plan_id: this.planId,
      approval: this.approval,
      bake: this.bakeRecord,
    };
  }
}
