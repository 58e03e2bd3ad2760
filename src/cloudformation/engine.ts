/**
 * The deployment engine as the rest of the action sees it: every CloudFormation call goes through
 * one of these operations, and none of its types is the SDK's. Plan is deploy without execute.
 */
import type { CloudFormationTemplate, StackArtifact } from '../assembly/stack-artifact.js';
import type { LogLevel } from '../model/log-entry.js';
import type { ResourceDescription } from '../model/resource.js';
import type { RollbackAction } from '../model/stack.js';
import type { ParameterValues } from '../settings/parameters.js';
import type { ClassifiedChanges } from './classify-changes.js';
import type { StackSnapshot } from './stack-snapshot.js';

export type StackLog = (level: LogLevel, message: string, resource?: string) => void;

/** A stack as CloudFormation has it now. */
export interface LiveStack {
  readonly stackId: string;
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** What every operation on one stack is told. */
export interface StackRequest {
  readonly artifact: StackArtifact;
  readonly log: StackLog;
  /**
   * Called before each call that would change the account; throwing stops the operation there
   * (a cancelled run starts nothing new). Clean-up of what the operation itself made still runs.
   */
  readonly beforeChange?: () => void;
}

/** A CloudWatch alarm CloudFormation watches during the operation (a rollback trigger). */
export interface RollbackTriggerAlarm {
  readonly arn: string;
  readonly type: 'AWS::CloudWatch::Alarm' | 'AWS::CloudWatch::CompositeAlarm';
}

/** What the release gates add to a stack's change set. */
export interface ChangeSetGates {
  /** At most five; an empty list sends no triggers. */
  readonly rollbackTriggers: readonly RollbackTriggerAlarm[];
  /**
   * CloudFormation's monitoring window after the resources are done (updates only; 0: none).
   * With one, the deploy returns once every changed resource is done, the stack still in
   * UPDATE_IN_PROGRESS, so that the run verifies inside the window.
   */
  readonly monitoringMinutes: number;
  readonly express: boolean;
  /** Drift-aware change sets: resources that drifted are brought back to the template. */
  readonly revertDrift: boolean;
}

/** One resource that differs from its template, as drift detection found it. */
export interface DriftedResource {
  readonly logicalId: string;
  readonly resourceType: string;
  /** `MODIFIED` or `DELETED`. */
  readonly status: string;
  /** The properties that differ, `path: expected -> actual`. */
  readonly differences: readonly string[];
}

export interface DriftReport {
  /** `IN_SYNC`, `DRIFTED`, `UNKNOWN` (detection failed), or `NO_STACK`. */
  readonly status: string;
  readonly drifted: readonly DriftedResource[];
  /** CloudFormation's reason when detection failed. */
  readonly reason: string;
}

export interface DeployRequest extends StackRequest {
  readonly parameters: ParameterValues;
  /** The release gates' change-set fields; none without them. */
  readonly gates?: ChangeSetGates;
  /** Told the stack's previous state before anything changes it. */
  readonly onSnapshot?: (snapshot: StackSnapshot) => void;
  /** Told just before the change set executes: from then on the stack may have changed. */
  readonly onExecute?: (stackId: string) => void;
  /** Told when CloudFormation refused to execute the change set: the stack was not changed. */
  readonly onExecuteRefused?: () => void;
}

/** What staging a deploy (its change set made ahead of executing it) is told. */
export interface StageDeployRequest extends StackRequest {
  readonly parameters: ParameterValues;
  /** The release gates' change-set fields; none without them. */
  readonly gates?: ChangeSetGates;
  /** Told the stack's previous state as soon as it is captured, before the change set is made. */
  readonly onSnapshot?: (snapshot: StackSnapshot) => void;
  /** Uploads a template too large to send inline, before the change set needs it. */
  readonly publishTemplate?: () => Promise<void>;
}

/**
 * - `unchanged`: nothing to submit (no change set). `empty`: the change set had no changes.
 * - `ready`: a change set to execute. `failed`, `missing-export`: CloudFormation could not make one.
 */
export type StagedOutcome = 'unchanged' | 'empty' | 'ready' | 'failed' | 'missing-export';

/** A stack staged for deploying: the handle `execute` and `discard` take, made by `stage`. */
export interface StagedDeploy {
  readonly artifact: StackArtifact;
  readonly outcome: StagedOutcome;
  /** The stack before the run changed anything: what rolling back puts back. */
  readonly snapshot: StackSnapshot | null;
  readonly changeSetArn: string | null;
  /** When CreateChangeSet was called (ISO 8601); null without a change set. */
  readonly changeSetCreatedAt: string | null;
  /** How long CloudFormation took to compute the change set (ms). */
  readonly changeSetMs: number | null;
  readonly changeCount: number;
  readonly missingExport: string | null;
  /** CloudFormation's reason for `empty`, `failed` and `missing-export`. */
  readonly reason: string;
}

export interface DeployedStack {
  readonly stack: LiveStack;
  /** Nothing was changed: the stack was as it would be deployed, or its change set was empty. */
  readonly noOp: boolean;
  readonly changeSetArn: string | null;
  readonly changeCount: number;
  /** From ExecuteChangeSet until the stack was done (ms); absent when nothing executed. */
  readonly executeMs?: number;
  /** The change set made again because the staged one went stale, when it was. */
  readonly restaged?: { readonly createdAt: string; readonly ms: number | null };
  /**
   * The end of CloudFormation's monitoring window (ISO 8601) when the stack is still in it: every
   * changed resource is done and the stack shows UPDATE_IN_PROGRESS until then.
   */
  readonly monitoringUntil?: string;
}

export interface PlanRequest extends StackRequest {
  readonly parameters: ParameterValues;
  /** The change-set fields a deploy would send (drift reverting shows in the plan's changes). */
  readonly gates?: ChangeSetGates;
  /**
   * Uploads the template, for one too large to send inline (CloudFormation then reads it from the
   * asset bucket, as `cdk deploy` does). Not called for a template that fits in a request.
   */
  readonly publishTemplate: () => Promise<void>;
}

/**
 * - `unchanged`: template, parameters, tags and settings equal what is deployed: no change set.
 * - `empty`: the change set had no changes.
 * - `changes`: the change set's changes.
 * - `recreate`: the stack is left from a failed create; deploying deletes it and creates it anew.
 * - `missing-export`: the change set could not be made because an `Fn::ImportValue` names an
 *   export that does not exist (yet): `missingExport`, when CloudFormation named it.
 */
export type PlanOutcome = 'unchanged' | 'empty' | 'changes' | 'recreate' | 'missing-export';

export interface PlannedStack {
  readonly outcome: PlanOutcome;
  /** The stack before planning; undefined when there was none. */
  readonly existing: LiveStack | undefined;
  /** No stack, or only one in review: deploying creates it. */
  readonly isNew: boolean;
  /** The deployed template (as submitted), when the stack exists and it is JSON. */
  readonly deployedTemplate: CloudFormationTemplate | null;
  readonly changeSetType: 'CREATE' | 'UPDATE' | null;
  /** The change set made for the plan; deleted before the plan is returned. */
  readonly changeSetArn: string | null;
  /**
   * The resource changes: the change set's; every resource of the template for a stack that is
   * new and cannot be planned yet, or that is created again.
   */
  readonly changes: ClassifiedChanges;
  readonly missingExport: string | null;
  /** CloudFormation's reason, for `empty` and `missing-export`. */
  readonly reason: string;
}

export interface DestroyRequest extends StackRequest {
  /** Told the stack as it was before anything was done to it (undefined when there is none). */
  readonly onFound?: (stack: LiveStack | undefined) => void;
}

export interface DestroyedStack {
  /** `already-gone`: there was no stack of that name, nothing was done. */
  readonly outcome: 'deleted' | 'already-gone';
  readonly stackId: string | null;
}

export type CancelUpdateResult =
  | { readonly outcome: 'cancelled' }
  | { readonly outcome: 'not-cancellable'; readonly status: string | null };

export interface UndoRequest {
  readonly action: RollbackAction;
  readonly artifact: StackArtifact;
  readonly snapshot: StackSnapshot;
  readonly stackId: string;
  readonly log: (message: string) => void;
}

export interface UndoResult {
  readonly succeeded: boolean;
  readonly message: string;
}

export interface StackEngine {
  /** Deploys one stack through a change set; an empty change set is a no-op. Stage + execute. */
  deploy(request: DeployRequest): Promise<DeployedStack>;
  /**
   * Brings a stack up to executing: its previous state captured, its change set made and
   * computed (or found unneeded). Nothing is executed.
   */
  stage(request: StageDeployRequest): Promise<StagedDeploy>;
  /**
   * Executes what `stage` made (at most once per handle): an empty or unneeded change set is a
   * no-op; a change set CloudFormation refuses as stale is made again once, from a new snapshot.
   */
  execute(staged: StagedDeploy, request: DeployRequest): Promise<DeployedStack>;
  /** Deletes what `stage` made and nobody executed (and the stack a CREATE change set made). */
  discard(staged: StagedDeploy, log: StackLog): Promise<void>;
  /** What deploying would change: a change set made, described and deleted, never executed. */
  plan(request: PlanRequest): Promise<PlannedStack>;
  /** Deletes the stack and waits until it is gone; a stack that does not exist is already gone. */
  destroy(request: DestroyRequest): Promise<DestroyedStack>;
  /**
   * The stack's deployed template (as submitted), read without changing anything; null when the
   * stack does not exist. What a review compares the new template with.
   */
  deployedTemplate(artifact: StackArtifact): Promise<CloudFormationTemplate | null>;
  /** The stack now; undefined when there is none. */
  describe(artifact: StackArtifact, stackId: string): Promise<LiveStack | undefined>;
  /** Waits until the stack is in no *_IN_PROGRESS status (bounded by the rollback's wait). */
  settle(artifact: StackArtifact, stackId: string, log: StackLog): Promise<LiveStack | undefined>;
  /** The resources CloudFormation reports, with their template properties and tags. */
  resources(artifact: StackArtifact, stackId: string): Promise<ResourceDescription[]>;
  /** Cancels an update in progress; CloudFormation then rolls it back. */
  cancelUpdate(artifact: StackArtifact, stackId: string): Promise<CancelUpdateResult>;
  /** Carries out one rollback action; CloudFormation's errors become a failed result. */
  undo(request: UndoRequest): Promise<UndoResult>;
  /** Detects drift on the stack and lists the resources that drifted. */
  detectDrift(artifact: StackArtifact, log: StackLog): Promise<DriftReport>;
  /** Closes every client the engine opened. */
  close(): void;
}
