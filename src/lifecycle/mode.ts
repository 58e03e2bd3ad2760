import type { StackArtifact } from '../assembly/stack-artifact.js';
import type { LogSink } from '../model/log-entry.js';
import type { ModeWords } from '../model/modes.js';
import type { Stack } from '../model/stack.js';
import type { Settings } from '../settings/settings.js';
import type { Contract } from '../verify/contract/contract.js';
import type { ReviewedPlan } from '../review/reviewed-plan.js';
import type { Cancellation } from './cancellation.js';
import type { DeployContext } from './deploy-context.js';
import type { DeploymentRun, StackWork } from './deployment-run.js';

/** Told when a phase starts and ends (the job log groups). */
export type PhaseListener = (phase: string, start: boolean) => void;

/** What the caller of a run hears from it; every hook is optional but the sink. */
export interface LifecycleHooks {
  readonly sink: LogSink;
  readonly phase?: PhaseListener;
  /**
   * Told when the run enters deploying and verifying (the PR comment, the GitHub status). Not
   * awaited: reporting never holds up a run.
   */
  readonly progress?: (run: DeploymentRun) => void;
  /** The environment the verify command starts from. */
  readonly env?: NodeJS.ProcessEnv;
  /** The runner's cancel: no new stack starts once it is requested. */
  readonly cancellation?: Cancellation;
  /** Told as soon as a stack went through, before anything can print its outputs. */
  readonly stackDone?: (stack: Stack) => void;
  /** Told whenever the run reached a state worth keeping on disk (a stack done, a phase). */
  readonly checkpoint?: (run: DeploymentRun) => void;
  /** `expected-plan: pull-request`: the plan reviewed on the pull request this commit merged. */
  readonly reviewedPlan?: () => Promise<ReviewedPlan>;
}

/** What one run's mode works with. */
export interface RunScope {
  readonly run: DeploymentRun;
  readonly settings: Settings;
  readonly context: DeployContext;
  readonly hooks: LifecycleHooks;
  /** The contract the run checks, when the input names one. */
  readonly contract: Contract | null;
  readonly requiredTags: readonly string[];
  /** Every stack of the run, in the order they go through. */
  readonly work: readonly StackWork[];
  /** Runs a part of the run as a phase of the job log. */
  readonly inPhase: <T>(name: string, body: () => Promise<T>) => Promise<T>;
  /** Called before each call that would change the account: throws once the run is cancelled. */
  readonly beforeChange: () => void;
}

/** What synthesizing may differ in between modes. */
export interface Selection {
  /** Chooses the stacks of the assembly from the `stacks` patterns. */
  readonly select: (
    stacks: readonly StackArtifact[],
    patterns: readonly string[],
  ) => StackArtifact[];
  /** Each template's structure checked and its environment resolved before anything starts. */
  readonly validateTemplates: boolean;
  /** The contract and required tags checked on the templates before anything starts. */
  readonly checkTemplates: boolean;
  /** The stacks go through dependants first (destroy). */
  readonly reversed: boolean;
}

/**
 * A mode as the lifecycle drives it: one row of the table of modes. The driver owns the phases,
 * the state changes, the hooks, cancellation and checkpoints; a mode supplies what differs.
 */
export interface RunMode {
  readonly words: ModeWords;
  readonly selection: Selection;
  /** The verifying phase's name in the job log. */
  readonly verifyPhase: string;
  /** Called once the stacks are chosen, before any goes through; may read, never change. */
  prepare?(scope: RunScope): Promise<void>;
  /**
   * Called as the stacks start going through (after `prepare` and its gates): work the mode does
   * for every stack ahead of its step (a deploy's assets and change sets) starts here.
   */
  beforeStacks?(scope: RunScope): void;
  /**
   * Takes one stack through the mode (deploy, plan, delete) and records what it found on the
   * stack. Throws when it could not: the driver fails the stack with the error.
   */
  step(work: StackWork, scope: RunScope): Promise<void>;
  /** Why a stack is not attempted: `dependency` (by name) failed or was not attempted. */
  notAttempted(dependency: string): string;
  /** Told when a stack failed or was not attempted, with the message recorded. */
  stackFailed?(work: StackWork, message: string): void;
  /** Checks what the run did; every failure (each naming its check and stack) is returned. */
  verify(scope: RunScope): Promise<string[]>;
  /** Called at the end of every run, whatever its outcome (the mode's summary in the log). */
  finally?(scope: RunScope): void;
  /** After a failure the run has time for (rolls back, or says why not). */
  afterFailure(scope: RunScope): Promise<void>;
  /** After a cancel: seconds before the runner kills the process; what is left to the post step. */
  afterCancel(scope: RunScope): Promise<void>;
}
