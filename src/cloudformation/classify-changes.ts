import type { Change } from '@aws-sdk/client-cloudformation';
import type { CloudFormationTemplate } from '../assembly/stack-artifact.js';
import type { DestructiveChange, PlannedChange } from '../model/stack.js';

/**
 * Resource types that hold data which is gone when CloudFormation deletes the resource, with what
 * would be lost. Replacing or removing one of them is a destructive change. The list is about
 * data, not downtime: a replaced Lambda function or IAM role comes back as it was.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': "the table's items",
  'AWS::DynamoDB::GlobalTable': "the table's items in every replica",
  'AWS::S3::Bucket': "the bucket's objects",
  'AWS::S3Express::DirectoryBucket': "the bucket's objects",
  'AWS::RDS::DBInstance': "the database's data (unless a final snapshot is taken)",
  'AWS::RDS::DBCluster': "the cluster's data (unless a final snapshot is taken)",
  'AWS::DocDB::DBCluster': "the cluster's data",
  'AWS::Neptune::DBCluster': "the graph's data",
  'AWS::Redshift::Cluster': "the warehouse's data",
  'AWS::ElastiCache::ReplicationGroup': "the cache's data",
  'AWS::MemoryDB::Cluster': "the cluster's data",
  'AWS::OpenSearchService::Domain': "the domain's indices",
  'AWS::Elasticsearch::Domain': "the domain's indices",
  'AWS::EFS::FileSystem': "the file system's files",
  'AWS::FSx::FileSystem': "the file system's files",
  'AWS::EC2::Volume': "the volume's data",
  'AWS::Logs::LogGroup': "the log group's events",
  'AWS::KMS::Key': 'the key: data encrypted with it can no longer be decrypted',
  'AWS::Cognito::UserPool': "the pool's users and their passwords",
  'AWS::Kinesis::Stream': "the stream's records",
  'AWS::SQS::Queue': 'the messages waiting in the queue',
  'AWS::SecretsManager::Secret': "the secret's value",
  'AWS::ECR::Repository': "the repository's images",
  'AWS::Backup::BackupVault': "the vault's recovery points",
  'AWS::Timestream::Table': "the table's records",
};

/** Deletion or replacement policies under which CloudFormation keeps the physical resource. */
const RETAINING_POLICIES = new Set(['Retain', 'RetainExceptOnCreate']);

/** CloudFormation's own word on what happens to the physical resource (DescribeChangeSet's PolicyAction). */
const RETAINING_POLICY_ACTIONS = new Set(['Retain', 'ReplaceAndRetain']);

export type ChangeKind = 'addition' | 'modification' | 'replacement' | 'removal';

/**
 * The kind of one change set entry: `Modify` with Replacement True or Conditional is a
 * replacement (Conditional may replace, so it counts as one); `Import` adds a resource to the stack;
 * `Dynamic` (decided when executed) counts as a modification. Non-resource entries are null.
 */
export function changeKind(change: Change): ChangeKind | null {
  const resource = change.ResourceChange;
  if (!resource || (change.Type !== undefined && change.Type !== 'Resource')) return null;
  switch (resource.Action) {
    case 'Add':
    case 'Import':
      return 'addition';
    case 'Remove':
      return 'removal';
    case 'Modify':
      return resource.Replacement === 'True' || resource.Replacement === 'Conditional'
        ? 'replacement'
        : 'modification';
    case 'Dynamic':
    case 'SyncWithActual':
      return 'modification';
    default:
      return null;
  }
}

export interface ClassifiedChanges {
  readonly additions: PlannedChange[];
  readonly modifications: PlannedChange[];
  readonly replacements: PlannedChange[];
  readonly removals: PlannedChange[];
  readonly destructive: DestructiveChange[];
}

/** The templates a change is judged against: the deployed one (for removals) and the new one. */
export interface PlanTemplates {
  readonly deployed: CloudFormationTemplate | null;
  readonly proposed: CloudFormationTemplate | null;
}

function policyOf(
  template: CloudFormationTemplate | null,
  logicalId: string,
  key: 'DeletionPolicy' | 'UpdateReplacePolicy',
): string | undefined {
  const value = template?.Resources?.[logicalId]?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether CloudFormation keeps the physical resource: its PolicyAction when the change set gives
 * one; otherwise the template's policy: DeletionPolicy of the deployed template for a removal (the
 * new one no longer has the resource), UpdateReplacePolicy of the new template for a replacement.
 */
function isRetained(change: Change, kind: ChangeKind, templates: PlanTemplates): boolean {
  const resource = change.ResourceChange;
  if (resource?.PolicyAction) return RETAINING_POLICY_ACTIONS.has(resource.PolicyAction);
  const logicalId = resource?.LogicalResourceId ?? '';
  const policy =
    kind === 'removal'
      ? policyOf(templates.deployed, logicalId, 'DeletionPolicy')
      : policyOf(templates.proposed, logicalId, 'UpdateReplacePolicy');
  return policy !== undefined && RETAINING_POLICIES.has(policy);
}

/**
 * Why a change destroys data, or null: a replacement or removal of a stateful type (see
 * {@link STATEFUL_RESOURCE_TYPES}) whose physical resource CloudFormation would delete. A resource
 * kept by a Retain policy is not destroyed (it leaves the stack and keeps its data).
 */
export function destructiveReason(
  change: Change,
  templates: PlanTemplates = { deployed: null, proposed: null },
): string | null {
  const kind = changeKind(change);
  if (kind !== 'replacement' && kind !== 'removal') return null;
  const lost = STATEFUL_RESOURCE_TYPES[change.ResourceChange?.ResourceType ?? ''];
  if (!lost || isRetained(change, kind, templates)) return null;
  const conditional = change.ResourceChange?.Replacement === 'Conditional' ? 'may be ' : '';
  return kind === 'removal'
    ? `removed: ${lost} would be deleted`
    : `${conditional}replaced: ${lost} would be deleted with the old resource`;
}

/**
 * CloudFormation's reasons for a replacement, from the change's Details:
 * `TableName: replacement (DirectModification)`, `BucketName: may need replacement (...)`.
 */
export function replacementReasons(change: Change): string[] {
  const reasons: string[] = [];
  for (const detail of change.ResourceChange?.Details ?? []) {
    const recreation = detail.Target?.RequiresRecreation;
    if (recreation !== 'Always' && recreation !== 'Conditionally') continue;
    const what = detail.Target?.Name ?? detail.Target?.Attribute ?? 'a property';
    const source = [detail.ChangeSource, detail.CausingEntity].filter(Boolean).join(' from ');
    const need = recreation === 'Always' ? 'replacement' : 'may need replacement';
    reasons.push(`${what}: ${need}${source ? ` (${source})` : ''}`);
  }
  return [...new Set(reasons)];
}

function plannedChange(change: Change): PlannedChange {
  const resource = change.ResourceChange;
  const reasons = replacementReasons(change);
  return {
    logical_id: resource?.LogicalResourceId ?? '',
    resource_type: resource?.ResourceType ?? '',
    physical_id: resource?.PhysicalResourceId || null,
    replacement: resource?.Replacement ?? null,
    ...(reasons.length > 0 ? { replacement_reasons: reasons } : {}),
  };
}

/** A plan with no resource changes. */
export function noChanges(): ClassifiedChanges {
  return { additions: [], modifications: [], replacements: [], removals: [], destructive: [] };
}

/** Sorts a change set's entries into additions, modifications, replacements, removals, and flags the destructive ones. */
export function classifyChanges(
  changes: readonly Change[],
  templates: PlanTemplates = { deployed: null, proposed: null },
): ClassifiedChanges {
  const result: ClassifiedChanges = {
    additions: [],
    modifications: [],
    replacements: [],
    removals: [],
    destructive: [],
  };
  const lists: Record<ChangeKind, PlannedChange[]> = {
    addition: result.additions,
    modification: result.modifications,
    replacement: result.replacements,
    removal: result.removals,
  };
  for (const change of changes) {
    const kind = changeKind(change);
    if (!kind) continue;
    const planned = plannedChange(change);
    lists[kind].push(planned);
    const reason = destructiveReason(change, templates);
    if (reason) {
      result.destructive.push({
        ...planned,
        action: kind === 'removal' ? 'remove' : 'replace',
        reason,
      });
    }
  }
  return result;
}

/** Every resource of a template as an addition: the plan of a stack that does not exist yet. */
export function templateAdditions(template: CloudFormationTemplate): Change[] {
  return Object.entries(template.Resources ?? {}).map(([logicalId, resource]) => ({
    Type: 'Resource',
    ResourceChange: { Action: 'Add', LogicalResourceId: logicalId, ResourceType: resource.Type },
  }));
}

/** `Charlie: TableCD117FA1 (AWS::DynamoDB::Table) removed: the table's items would be deleted`. */
export function describeDestructive(stackName: string, change: DestructiveChange): string {
  return `${stackName}: ${change.logical_id} (${change.resource_type}) ${change.reason}`;
}
