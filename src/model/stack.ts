import { newId, now } from './ids.js';
import type { StackImage } from './image.js';
import type { ResourceChangeView, SecurityChanges } from './review.js';
import type { StatusChange } from './status-change.js';
import type { StackTimings } from './timings.js';
import { assertTransition, STACK_TRANSITIONS, type StackStatus } from './transitions.js';

export interface StackRecord {
  id: string;
  name: string;
  deployment_id: string;
  status: StackStatus;
  template_path: string;
  outputs: Record<string, string>;
  dependencies: string[];
  error_message: string | null;
  artifact_id: string;
  environment: string;
  stack_arn: string | null;
  cloudformation_status: string | null;
  no_op: boolean;
  change_set_arn: string | null;
  changes: number;
  start_time: string | null;
  end_time: string | null;
  status_history: StatusChange<StackStatus>[];
  previous_state: PreviousState | null;
  rollback: StackRollback | null;
  /**
   * Mode plan only: what deploying the stack would change; null in the other modes. Optional in
   * the type so records written before it existed still read; toRecord always writes it.
   */
  plan?: StackPlan | null;
  /** A change set of this run executed on the stack: it may have changed. Optional as `plan`. */
  executed?: boolean;
  /** When this run's change set for the stack was created (it may be ahead of its deploy). */
  change_set_created_at?: string | null;
  /** Where the stack's time went (mode deploy); null in the other modes. */
  timings?: StackTimings | null;
  /** The stack's Docker image assets and what publishing did with them. Optional as `plan`. */
  images?: StackImage[];
  /** The digest of what deploying the stack submits (see the plan id); null when not computed. */
  plan_digest?: string | null;
  /** The IAM and security-group changes against the deployed template; null when not diffed. */
  security_changes?: SecurityChanges | null;
  /** The resource changes against the deployed template; null when not diffed. */
  resource_changes?: ResourceChangeView[] | null;
  /**
   * The end of CloudFormation's monitoring window (rollback triggers) when the update was
   * verified inside it; null otherwise. Optional as `plan`.
   */
  monitoring_until?: string | null;
}

/** One resource change of a plan, as CloudFormation's change set (or the template) gives it. */
export interface PlannedChange {
  logical_id: string;
  resource_type: string;
  physical_id: string | null;
  /** A modification's Replacement (True, False, Conditional); null when not given. */
  replacement: string | null;
  /** Why CloudFormation replaces it (its change set's Details); absent in older records. */
  replacement_reasons?: string[];
}

/** A replacement or removal of a stateful resource: its data would be lost. */
export interface DestructiveChange extends PlannedChange {
  action: 'replace' | 'remove';
  /** What would be lost, e.g. "the table's items". */
  reason: string;
}

/**
 * What deploying the stack would do, from a change set that was created, described and deleted
 * without being executed. `blocked`: it cannot be planned until `blocked_by` is deployed.
 */
export interface StackPlan {
  outcome: 'changes' | 'no-changes' | 'blocked' | 'failed';
  /** Where the changes come from: a change set, the template itself, or the unchanged check. */
  source: 'change-set' | 'template' | 'unchanged' | 'none';
  change_set_type: 'CREATE' | 'UPDATE' | null;
  additions: PlannedChange[];
  modifications: PlannedChange[];
  replacements: PlannedChange[];
  removals: PlannedChange[];
  destructive_changes: DestructiveChange[];
  blocked_by: string[];
  message: string;
}

/** What the stack was before this run, as captured for rolling back. */
export interface PreviousState {
  existed: boolean;
  status: string | null;
  captured_at: string;
}

export type RollbackAction =
  'delete' | 'restore-template' | 'continue-update-rollback' | 'rollback-stack' | 'none';

/** What rolling back did to this stack, and whether it worked. */
export interface StackRollback {
  action: RollbackAction;
  succeeded: boolean;
  message: string;
  at: string;
  /**
   * How the stack got back: `native` (CloudFormation rolled the update back itself: the update
   * was cancelled within its monitoring window, or a rollback trigger fired), `restore` (the
   * captured template deployed again), `delete` (created by the run). Absent in older records.
   */
  path?: 'native' | 'restore' | 'delete' | 'none';
}

export interface StackIdentity {
  readonly name: string;
  readonly artifactId: string;
  readonly environment: string;
  readonly templatePath: string;
  readonly dependencies: readonly string[];
}

export class Stack {
  readonly id = newId();
  private currentStatus: StackStatus = 'pending';
  private readonly history: StatusChange<StackStatus>[] = [{ status: 'pending', at: now() }];
  outputs: Record<string, string> = {};
  errorMessage: string | null = null;
  stackArn: string | null = null;
  cloudformationStatus: string | null = null;
  noOp = false;
  changeSetArn: string | null = null;
  changes = 0;
  startTime: string | null = null;
  endTime: string | null = null;
  previousState: PreviousState | null = null;
  /** Set once a change set of this run executed on the stack: only then can it have changed. */
  executed = false;
  rollback: StackRollback | null = null;
  /** Mode plan: the stack's plan. */
  plan: StackPlan | null = null;
  changeSetCreatedAt: string | null = null;
  timings: StackTimings | null = null;
  /** The stack's Docker image assets, as they were published. */
  images: StackImage[] = [];
  planDigest: string | null = null;
  securityChanges: SecurityChanges | null = null;
  resourceChanges: ResourceChangeView[] | null = null;
  /** The end of the update's monitoring window, while the run verifies inside it. */
  monitoringUntil: string | null = null;

  constructor(
    readonly deploymentId: string,
    readonly identity: StackIdentity,
  ) {}

  get name(): string {
    return this.identity.name;
  }

  get status(): StackStatus {
    return this.currentStatus;
  }

  transition(to: StackStatus): void {
    assertTransition(STACK_TRANSITIONS, `Stack ${this.name}`, this.currentStatus, to);
    this.currentStatus = to;
    const at = now();
    this.history.push({ status: to, at });
    if (to === 'deploying') this.startTime = at;
    if (to === 'deployed' || to === 'failed') this.endTime ??= at;
  }

  fail(message: string): void {
    assertTransition(STACK_TRANSITIONS, `Stack ${this.name}`, this.currentStatus, 'failed');
    this.errorMessage = message;
    this.transition('failed');
  }

  /** The stack a record describes, to carry on where another process left it. */
  static fromRecord(record: StackRecord): Stack {
    const stack = new Stack(record.deployment_id, {
      name: record.name,
      artifactId: record.artifact_id,
      environment: record.environment,
      templatePath: record.template_path,
      dependencies: record.dependencies,
    });
    Object.assign(stack, { id: record.id });
    stack.currentStatus = record.status;
    stack.history.splice(0, stack.history.length, ...record.status_history);
    stack.outputs = { ...record.outputs };
    stack.errorMessage = record.error_message;
    stack.stackArn = record.stack_arn;
    stack.cloudformationStatus = record.cloudformation_status;
    stack.noOp = record.no_op;
    stack.changeSetArn = record.change_set_arn;
    stack.changes = record.changes;
    stack.startTime = record.start_time;
    stack.endTime = record.end_time;
    stack.previousState = record.previous_state;
    stack.executed = record.executed ?? false;
    stack.rollback = record.rollback;
    stack.plan = record.plan ?? null;
    stack.changeSetCreatedAt = record.change_set_created_at ?? null;
    stack.timings = record.timings ?? null;
    stack.images = [...(record.images ?? [])];
    stack.planDigest = record.plan_digest ?? null;
    stack.securityChanges = record.security_changes ?? null;
    stack.resourceChanges = record.resource_changes ?? null;
    stack.monitoringUntil = record.monitoring_until ?? null;
    return stack;
  }

  toRecord(): StackRecord {
    return {
      id: this.id,
      name: this.name,
      deployment_id: this.deploymentId,
      status: this.currentStatus,
      template_path: this.identity.templatePath,
      outputs: { ...this.outputs },
      dependencies: [...this.identity.dependencies],
      error_message: this.errorMessage,
      artifact_id: this.identity.artifactId,
      environment: this.identity.environment,
      stack_arn: this.stackArn,
      cloudformation_status: this.cloudformationStatus,
      no_op: this.noOp,
      change_set_arn: this.changeSetArn,
      changes: this.changes,
      start_time: this.startTime,
      end_time: this.endTime,
      status_history: [...this.history],
      previous_state: this.previousState,
      rollback: this.rollback,
      plan: this.plan,
      executed: this.executed,
      change_set_created_at: this.changeSetCreatedAt,
      timings: this.timings ? { ...this.timings } : null,
      images: [...this.images],
      plan_digest: this.planDigest,
      security_changes: this.securityChanges,
      resource_changes: this.resourceChanges,
      monitoring_until: this.monitoringUntil,
    };
  }
}
