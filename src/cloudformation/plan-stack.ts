import { readFileSync } from 'node:fs';
import {
  type Change,
  type CloudFormationClient,
  DeleteStackCommand,
  type Stack as CfnStack,
} from '@aws-sdk/client-cloudformation';
import type { CloudFormationTemplate, StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';
import type { ParameterValues } from '../settings/parameters.js';
import { fillPlaceholders } from '../aws/aws-environment.js';
import { CAPABILITIES, createChangeSet, deleteChangeSet, describeChangeSet } from './change-set.js';
import type { StackLog } from './deploy-stack.js';
import { describeStack } from './describe-stack.js';
import type { Sleep } from '../util/sleep.js';
import { parameterDefaults, stackParameters } from './stack-parameters.js';
import { captureSnapshot } from './stack-snapshot.js';
import { classifyStatus, isUpdatable, needsRecreate } from './stack-status.js';
import type { StackTarget } from './stack-target.js';
import {
  TEMPLATE_BODY_LIMIT,
  templateLocation,
  type TemplateLocation,
} from './template-location.js';
import { isUnchanged } from './unchanged-stack.js';
import { waitForStack } from './wait-for-stack.js';

export interface PlanStackRequest {
  readonly artifact: StackArtifact;
  readonly target: StackTarget;
  readonly parameters: ParameterValues;
  readonly changeSetName: string;
  readonly sleep: Sleep;
  readonly log: StackLog;
  /**
   * Uploads the template, for one too large to send inline (CloudFormation then reads it from the
   * asset bucket, as `cdk deploy` does). Not called for a template that fits in a request.
   */
  readonly publishTemplate: () => Promise<void>;
}

/**
 * - `unchanged`: template, parameters, tags and settings equal what is deployed: no change set.
 * - `empty`: the change set had no changes.
 * - `changes`: the change set's `changes`.
 * - `recreate`: the stack is left from a failed create; deploying deletes it and creates it anew.
 * - `missing-export`: the change set could not be created because an `Fn::ImportValue` names an
 *   export that does not exist (yet): `missingExport`, when CloudFormation named it.
 */
export type PlanStackOutcome = 'unchanged' | 'empty' | 'changes' | 'recreate' | 'missing-export';

export interface PlannedStack {
  readonly outcome: PlanStackOutcome;
  /** The stack before planning; undefined when there was none. */
  readonly existing: CfnStack | undefined;
  /** The deployed template (as submitted), when the stack exists. */
  readonly deployedTemplate: CloudFormationTemplate | null;
  readonly changeSetType: 'CREATE' | 'UPDATE' | null;
  /** The change set created for the plan; it is deleted before this resolves. */
  readonly changeSetArn: string | null;
  readonly changes: readonly Change[];
  readonly missingExport: string | null;
  /** CloudFormation's reason, for `empty` and `missing-export`. */
  readonly reason: string;
}

const MISSING_EXPORT = /No export named (.+?) found/;

/** The export an `Fn::ImportValue` asked for, when `reason` says it does not exist; else null. */
export function missingExportName(reason: string): string | null {
  const match = MISSING_EXPORT.exec(reason);
  return match ? (match[1] ?? '').trim() : null;
}

function parseTemplate(body: string | null | undefined): CloudFormationTemplate | null {
  if (!body) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as CloudFormationTemplate)
      : null;
  } catch {
    return null; // a YAML template: removals are then judged without its policies
  }
}

async function settle(request: PlanStackRequest): Promise<CfnStack | undefined> {
  const name = request.artifact.stackName;
  const existing = await describeStack(request.target.client, name);
  if (!existing || classifyStatus(existing.StackStatus ?? '') !== 'in-progress') return existing;
  request.log('info', `Stack is ${existing.StackStatus}; waiting for it to finish before planning`);
  const { stack } = await waitForStack({
    client: request.target.client,
    stackId: existing.StackId ?? name,
    since: new Date(),
    sleep: request.sleep,
    onEvent: () => undefined,
  });
  return stack;
}

async function location(request: PlanStackRequest, body: string): Promise<TemplateLocation> {
  if (Buffer.byteLength(body) <= TEMPLATE_BODY_LIMIT) return { TemplateBody: body };
  await request.publishTemplate();
  return templateLocation(request.artifact, body, request.target.env);
}

/**
 * Deletes what planning created: the change set, and the REVIEW_IN_PROGRESS stack a CREATE change
 * set made (only that stack, by its id, and only while it is still in review).
 */
async function cleanUp(
  client: CloudFormationClient,
  request: PlanStackRequest,
  created: { arn: string; stackId: string },
  createdStack: boolean,
): Promise<void> {
  await deleteChangeSet(client, created.arn);
  if (!createdStack) return;
  const review = await describeStack(client, created.stackId);
  if (review?.StackStatus !== 'REVIEW_IN_PROGRESS') return;
  await client.send(new DeleteStackCommand({ StackName: created.stackId }));
  const { stack } = await waitForStack({
    client,
    stackId: created.stackId,
    since: new Date(),
    sleep: request.sleep,
    onEvent: () => undefined,
  });
  if (stack) {
    throw new Error(
      `the stack created for the plan's change set is ${stack.StackStatus ?? ''}, not deleted`,
    );
  }
  request.log('debug', 'Deleted the REVIEW_IN_PROGRESS stack created for the change set');
}

/**
 * Plans one stack as deploying it would go, without executing anything: the unchanged check, then
 * a change set (CREATE for a stack that does not exist, UPDATE otherwise) created and described,
 * then deleted together with the stack a CREATE change set makes. Errors throw a DeploymentError.
 */
export async function planStack(request: PlanStackRequest): Promise<PlannedStack> {
  const { artifact, target } = request;
  const { client } = target;
  const name = artifact.stackName;
  const existing = await settle(request);
  const status = existing?.StackStatus ?? '';
  const none = {
    existing,
    deployedTemplate: null,
    changeSetType: null,
    changeSetArn: null,
    changes: [],
    missingExport: null,
    reason: '',
  } as const;
  if (existing && needsRecreate(status)) return { ...none, outcome: 'recreate' };
  if (existing && status !== 'REVIEW_IN_PROGRESS' && !isUpdatable(status)) {
    throw new DeploymentError(
      `Stack ${name} is ${status} and cannot be updated; recover it in the CloudFormation console (continue the rollback or delete it), then plan again.`,
      { stack: name },
    );
  }
  const snapshot = await captureSnapshot(client, existing);
  const deployedTemplate = parseTemplate(snapshot.templateBody);
  const body = readFileSync(artifact.templatePath, 'utf8');
  const parameters = stackParameters(artifact, request.parameters, existing);
  const tags = Object.entries(artifact.tags).map(([Key, Value]) => ({ Key, Value }));
  const roleArn = artifact.cloudFormationExecutionRoleArn
    ? fillPlaceholders(artifact.cloudFormationExecutionRoleArn, target.env)
    : undefined;
  const desired = {
    templateBody: body,
    parameters,
    parameterDefaults: parameterDefaults(artifact, parameters),
    tags,
    roleArn,
    notificationArns: artifact.notificationArns,
    terminationProtection: artifact.terminationProtection,
  };
  if (existing && isUnchanged(existing, snapshot, desired)) {
    return { ...none, deployedTemplate, outcome: 'unchanged' };
  }
  const changeSetType: 'CREATE' | 'UPDATE' = snapshot.existed ? 'UPDATE' : 'CREATE';
  const createdStack = !existing;
  let created: { arn: string; stackId: string };
  try {
    created = await createChangeSet(client, {
      StackName: name,
      ChangeSetName: request.changeSetName,
      ChangeSetType: changeSetType,
      ...(await location(request, body)),
      Parameters: parameters,
      Capabilities: CAPABILITIES,
      Tags: tags,
      RoleARN: roleArn,
      NotificationARNs: [...artifact.notificationArns],
      Description: `cdk-deploy-action plan (never executed)`,
    });
  } catch (error) {
    const reason = (error as Error).message;
    const missingExport = missingExportName(reason);
    if (missingExport === null) throw error;
    return {
      ...none,
      deployedTemplate,
      changeSetType,
      outcome: 'missing-export',
      missingExport,
      reason,
    };
  }
  let result: PlannedStack | undefined;
  let failure: unknown;
  try {
    const changeSet = await describeChangeSet(client, created.arn, created.stackId, request.sleep);
    const base = { ...none, deployedTemplate, changeSetType, changeSetArn: created.arn };
    if (changeSet.status === 'empty') {
      result = { ...base, outcome: 'empty', reason: changeSet.reason };
    } else if (changeSet.status === 'ready') {
      result = { ...base, outcome: 'changes', changes: changeSet.changes };
    } else if (missingExportName(changeSet.reason) !== null) {
      const missingExport = missingExportName(changeSet.reason);
      result = { ...base, outcome: 'missing-export', missingExport, reason: changeSet.reason };
    } else {
      failure = new DeploymentError(`Stack ${name}: change set failed: ${changeSet.reason}`, {
        stack: name,
      });
    }
  } catch (error) {
    failure = error;
  }
  try {
    await cleanUp(client, request, created, createdStack);
  } catch (error) {
    const message = `Stack ${name}: could not delete what the plan created (change set ${created.arn}${createdStack ? `, stack ${created.stackId}` : ''}): ${(error as Error).message}`;
    const earlier = failure ? `${(failure as Error).message}; ` : '';
    throw new DeploymentError(`${earlier}${message}`, { stack: name, cause: error });
  }
  if (failure || !result) throw failure;
  return result;
}
