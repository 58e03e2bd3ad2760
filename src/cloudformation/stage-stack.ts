import { DeleteStackCommand, type Stack as CfnStack } from '@aws-sdk/client-cloudformation';
import { DeploymentError } from '../errors.js';
import type { ParameterValues } from '../settings/parameters.js';
import {
  CAPABILITIES,
  type ChangeSetSummary,
  createChangeSet,
  describeChangeSet,
} from './change-set.js';
import { changeSetOptions } from './change-set-options.js';
import { discardStaged } from './discard-staged.js';
import type { ChangeSetGates } from './engine.js';
import type { StagedStack } from './staged-stack.js';
import type { StackSnapshot } from './stack-snapshot.js';
import { captureSnapshot } from './stack-snapshot.js';
import type { StackCall } from './stack-call.js';
import { contended } from './stack-contention.js';
import { isUpdatable, needsRecreate } from './stack-status.js';
import { settledStack, waitForOwn } from './stack-waits.js';
import { submissionFor } from './submission.js';
import { TEMPLATE_BODY_LIMIT, templateLocation } from './template-location.js';
import { isUnchanged } from './unchanged-stack.js';

export interface StageRequest {
  readonly parameters: ParameterValues;
  readonly changeSetName: string;
  readonly description: string;
  /** Deploy: a stack left from a failed create is deleted first. Plan: it is only reported. */
  readonly deleteFailedCreate: boolean;
  readonly onSnapshot?: (snapshot: StackSnapshot) => void;
  /** Uploads a template too large to send inline; without it the template asset must be there. */
  readonly publishTemplate?: () => Promise<void>;
  readonly beforeChange?: () => void;
  readonly gates?: ChangeSetGates;
}

const MISSING_EXPORT = /No export named (.+?) found/;

/** The export an `Fn::ImportValue` asked for, when `reason` says it does not exist; else null. */
export function missingExportName(reason: string): string | null {
  const match = MISSING_EXPORT.exec(reason);
  return match ? (match[1] ?? '').trim() : null;
}

/** A stack left by a failed create is deleted, so that it can be created again. */
async function deleteFailedCreate(
  call: StackCall,
  existing: CfnStack,
  request: StageRequest,
): Promise<void> {
  const name = call.artifact.stackName;
  call.log(
    'warning',
    `Stack is ${existing.StackStatus} from a failed create; deleting it to create it again`,
  );
  request.beforeChange?.();
  await call.target.client.send(new DeleteStackCommand({ StackName: existing.StackId }));
  const { stack } = await waitForOwn(call, existing.StackId ?? name, new Date());
  if (stack) {
    throw new DeploymentError(
      `Stack ${name}: deleting the failed stack ended ${stack.StackStatus ?? ''}.`,
      { stack: name },
    );
  }
}

/**
 * Brings the stack to the point of executing: waits for another operation on it, captures what it
 * was, computes what would be submitted, and, unless nothing would change, makes and describes
 * the change set (CREATE for a stack that does not exist, UPDATE otherwise).
 */
export async function stageStack(call: StackCall, request: StageRequest): Promise<StagedStack> {
  const { artifact, target } = call;
  const name = artifact.stackName;
  let existing = await settledStack(call, 'deploying');
  const none = {
    snapshot: null,
    submission: null,
    changeSet: null,
    createdStack: false,
    changes: [],
    reason: '',
    missingExport: null,
  } as const;
  if (existing && needsRecreate(existing.StackStatus ?? '')) {
    if (!request.deleteFailedCreate) {
      return { ...none, outcome: 'recreate', existing, changeSetType: 'CREATE' };
    }
    await deleteFailedCreate(call, existing, request);
    existing = undefined;
  }
  const status = existing?.StackStatus ?? '';
  if (existing && status !== 'REVIEW_IN_PROGRESS' && !isUpdatable(status)) {
    throw new DeploymentError(
      `Stack ${name} is ${status} and cannot be updated; recover it in the CloudFormation console (continue the rollback or delete it), then run again.`,
      { stack: name },
    );
  }
  const snapshot = await captureSnapshot(target.client, existing);
  request.onSnapshot?.(snapshot);
  const submission = submissionFor(artifact, request.parameters, existing, target.env);
  const base = { ...none, existing, snapshot, submission };
  // Reverting drift needs a change set even when the template is unchanged.
  if (existing && !request.gates?.revertDrift && isUnchanged(existing, snapshot, submission)) {
    return { ...base, outcome: 'unchanged', changeSetType: 'UPDATE' };
  }
  const changeSetType: 'CREATE' | 'UPDATE' = snapshot.existed ? 'UPDATE' : 'CREATE';
  if (Buffer.byteLength(submission.templateBody) > TEMPLATE_BODY_LIMIT) {
    await request.publishTemplate?.();
  }
  request.beforeChange?.();
  const createdAt = new Date();
  let created: { arn: string; stackId: string };
  try {
    created = await contended(name, () =>
      createChangeSet(target.client, {
        StackName: name,
        ChangeSetName: request.changeSetName,
        ChangeSetType: changeSetType,
        ...templateLocation(artifact, submission.templateBody, target.env),
        Parameters: [...submission.parameters],
        Capabilities: CAPABILITIES,
        Tags: [...submission.tags],
        RoleARN: submission.roleArn,
        NotificationARNs: [...submission.notificationArns],
        Description: request.description,
        ...changeSetOptions(request.gates, changeSetType),
      }),
    );
  } catch (error) {
    const reason = (error as Error).message;
    const missingExport = missingExportName(reason);
    if (missingExport === null) throw error;
    return { ...base, outcome: 'missing-export', changeSetType, reason, missingExport };
  }
  const staged = {
    ...base,
    changeSetType,
    changeSet: created,
    createdStack: !existing,
    changeSetCreatedAt: createdAt,
  };
  let changeSet: ChangeSetSummary;
  try {
    changeSet = await contended(name, () =>
      describeChangeSet(target.client, created.arn, created.stackId, call.waits.sleep),
    );
  } catch (error) {
    // A change set that cannot be looked at (a cancel while it is computed) is not left behind.
    await discardStaged(call, { ...staged, outcome: 'failed' }).catch(() => undefined);
    throw error;
  }
  const computed = { ...staged, changeSetMs: Date.now() - createdAt.getTime() };
  if (changeSet.status === 'ready') {
    return { ...computed, outcome: 'ready', changes: changeSet.changes };
  }
  const missingExport = missingExportName(changeSet.reason);
  return {
    ...computed,
    outcome: changeSet.status === 'empty' ? 'empty' : missingExport ? 'missing-export' : 'failed',
    reason: changeSet.reason,
    missingExport,
  };
}
