import type { StackArtifact } from '../assembly/stack-artifact.js';
import type { Sleep } from '../util/sleep.js';
import type { StackLog } from './engine.js';
import type { StackTarget } from './stack-target.js';

/** How long the engine waits, and on which clock. */
export interface WaitPolicy {
  /** The sleep of every wait; a cancelled run's ends at once. */
  readonly sleep: Sleep;
  /** The sleep of the waits that clean up what the run made, which a cancel does not cut short. */
  readonly cleanupSleep: Sleep;
  /** The clock of the timeouts (ms). */
  readonly now: () => number;
  /** How long one of the run's own stack operations may take (stack-timeout); no bound if omitted. */
  readonly stackTimeoutMs?: number;
  /** How long to wait for a stack another operation is changing (busy-stack-timeout). */
  readonly busyStackTimeoutMs?: number;
  /** How long each wait of a rollback may take. */
  readonly rollbackWaitMs: number;
}

/** One stack operation's artifact, where and as whom it runs, its log and its waits. */
export interface StackCall {
  readonly artifact: StackArtifact;
  readonly target: StackTarget;
  readonly log: StackLog;
  readonly waits: WaitPolicy;
}
