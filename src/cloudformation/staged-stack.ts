import type { Change, Stack as CfnStack } from '@aws-sdk/client-cloudformation';
import type { StackSnapshot } from './stack-snapshot.js';
import type { Submission } from './submission.js';

/**
 * - `unchanged`: nothing to submit. `recreate`: a failed create's stack, left alone (plan).
 * - `missing-export`: no change set, an import names an export that does not exist (yet).
 * - `empty`, `ready`, `failed`: the change set as CloudFormation computed it.
 */
export type StagedOutcome =
  'unchanged' | 'recreate' | 'missing-export' | 'empty' | 'ready' | 'failed';

/** A stack with its change set made and described, not executed. */
export interface StagedStack {
  readonly outcome: StagedOutcome;
  readonly existing: CfnStack | undefined;
  readonly snapshot: StackSnapshot | null;
  readonly submission: Submission | null;
  readonly changeSetType: 'CREATE' | 'UPDATE';
  readonly changeSet: { readonly arn: string; readonly stackId: string } | null;
  /** The change set made the stack (in REVIEW_IN_PROGRESS): discarding it deletes the stack too. */
  readonly createdStack: boolean;
  readonly changes: readonly Change[];
  /** CloudFormation's reason for `empty`, `failed` and `missing-export`. */
  readonly reason: string;
  readonly missingExport: string | null;
  /** When CreateChangeSet was called, and how long CloudFormation took to compute it (ms). */
  readonly changeSetCreatedAt?: Date;
  readonly changeSetMs?: number;
}
