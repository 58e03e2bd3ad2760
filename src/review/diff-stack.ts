/**
 * One stack's diff, from the deployed template to the one that would be deployed, as the record
 * keeps it. The CDK's own diff library (`@aws-cdk/cloudformation-diff`) reads IAM policies (inline,
 * on roles, users and groups, `AWS::IAM::Policy`, resource policies, Lambda permissions), managed
 * policies and security-group rules the way `cdk diff` does. It is loaded on first use only: a run
 * that needs no diff does not pay its start-up.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CloudFormationTemplate } from '../assembly/stack-artifact.js';
import { withGlobalDirname } from '../util/global-dirname.js';
import type { PlannedChange } from '../model/stack.js';
import type {
  ResourceAction,
  ResourceChangeView,
  SecurityChanges,
  SecurityGroupRuleChangeView,
  StatementChangeView,
} from '../model/review.js';

type DiffLibrary = typeof import('@aws-cdk/cloudformation-diff');
type TemplateDiff = ReturnType<DiffLibrary['fullDiff']>;
type ResourceDifference = NonNullable<ReturnType<TemplateDiff['resources']['get']>>;

let library: Promise<DiffLibrary> | undefined;

/**
 * In the bundle, the library's resource specification (`db.json.gz`, copied beside the bundle by
 * `npm run build`) is looked up once, when the library is loaded, as `__dirname/../db.json.gz`;
 * `__dirname` is no variable of an ES module, so it is read from the global object. It is set
 * there for the time of the import only, to a folder inside `dist/`, and put back afterwards: the
 * image publisher sets its own (see src/util/global-dirname.ts). The bundle is the script node
 * runs (`node dist/index.js`): the bundler would rewrite a path built from `import.meta.url`. Run
 * from the sources there is no such file, and the library finds its own.
 */
function specificationDirname(): string | null {
  const script = process.argv[1];
  if (!script) return null;
  const database = join(dirname(script), 'db.json.gz');
  return existsSync(database) ? join(dirname(database), 'service-spec') : null;
}

async function importDiffLibrary(): Promise<DiffLibrary> {
  const folder = specificationDirname();
  if (folder === null) return import('@aws-cdk/cloudformation-diff');
  return withGlobalDirname(folder, () => import('@aws-cdk/cloudformation-diff'));
}

/** The diff library, imported once per process. */
export function loadDiffLibrary(): Promise<DiffLibrary> {
  library ??= importDiffLibrary();
  return library;
}

export interface StackReview {
  readonly resources: ResourceChangeView[];
  readonly security: SecurityChanges;
}

/** What the change set says about the replacements, by logical id (its `Details`). */
export type ReplacementDetails = ReadonlyMap<string, readonly string[]>;

const IMPACT_ACTIONS: Readonly<Record<string, ResourceAction | null>> = {
  WILL_CREATE: 'add',
  WILL_IMPORT: 'add',
  WILL_UPDATE: 'modify',
  WILL_REPLACE: 'replace',
  MAY_REPLACE: 'may-replace',
  WILL_DESTROY: 'remove',
  WILL_ORPHAN: 'orphan',
  NO_CHANGE: null,
};

function resourceChange(
  logicalId: string,
  change: ResourceDifference,
  details: ReplacementDetails,
): ResourceChangeView | null {
  if (!change.isDifferent) return null;
  let action = IMPACT_ACTIONS[change.changeImpact] ?? null;
  const fromChangeSet = details.get(logicalId) ?? [];
  // CloudFormation's own word wins over the library's reading of the resource specification.
  if (fromChangeSet.length > 0 && (action === 'modify' || action === null)) action = 'replace';
  if (action === null) action = 'modify';
  const properties = change.isUpdate
    ? [...Object.keys(change.propertyUpdates), ...Object.keys(change.otherChanges)].sort()
    : [];
  const forcing = Object.entries(change.propertyUpdates)
    .map(([name, p]) => [name, String(p.changeImpact)] as const)
    .filter(([, impact]) => impact === 'WILL_REPLACE' || impact === 'MAY_REPLACE')
    .map(([name, impact]) =>
      impact === 'WILL_REPLACE'
        ? `${name} changed: replacement needed`
        : `${name} changed: may need replacement`,
    );
  const reasons =
    fromChangeSet.length > 0 ? [...fromChangeSet] : action.endsWith('replace') ? forcing : [];
  return {
    action,
    logical_id: logicalId,
    resource_type: change.resourceType ?? change.newResourceType ?? change.oldResourceType ?? '',
    properties,
    reasons,
  };
}

function statementRows(diff: TemplateDiff): StatementChangeView[] {
  const rows = (
    change: 'added' | 'removed',
    list: TemplateDiff['iamChanges']['statements']['additions'],
  ) =>
    list.map((statement) => {
      const rendered = statement.render();
      return {
        change,
        effect: rendered.effect,
        actions: rendered.action,
        resources: rendered.resource,
        principals: rendered.principal,
        condition: rendered.condition,
      };
    });
  const { statements } = diff.iamChanges;
  return [...rows('added', statements.additions), ...rows('removed', statements.removals)];
}

function ruleRows(diff: TemplateDiff): SecurityGroupRuleChangeView[] {
  const { ingress, egress } = diff.securityGroupChanges;
  const rows: SecurityGroupRuleChangeView[] = [];
  const push = (
    change: 'added' | 'removed',
    direction: 'ingress' | 'egress',
    list: typeof ingress.additions,
  ): void => {
    for (const rule of list) {
      rows.push({
        change,
        direction,
        group: rule.groupId,
        protocol: rule.describeProtocol(),
        peer: rule.describePeer(),
      });
    }
  };
  push('added', 'ingress', ingress.additions);
  push('removed', 'ingress', ingress.removals);
  push('added', 'egress', egress.additions);
  push('removed', 'egress', egress.removals);
  return rows;
}

function securityOf(diff: TemplateDiff): SecurityChanges {
  const { managedPolicies } = diff.iamChanges;
  return {
    broadening: diff.permissionsBroadened,
    statements: statementRows(diff),
    managed_policies: [
      ...managedPolicies.additions.map((p) => ({
        change: 'added' as const,
        identity: p.identityArn,
        managed_policy_arn: p.managedPolicyArn,
      })),
      ...managedPolicies.removals.map((p) => ({
        change: 'removed' as const,
        identity: p.identityArn,
        managed_policy_arn: p.managedPolicyArn,
      })),
    ],
    security_group_rules: ruleRows(diff),
  };
}

const ACTION_ORDER: readonly ResourceAction[] = [
  'remove',
  'orphan',
  'replace',
  'may-replace',
  'modify',
  'add',
];

/**
 * The diff of one stack: `deployed` is null for a stack that does not exist yet (every resource
 * is then added). `details` are the change set's replacement reasons, when there is one.
 */
export async function reviewStack(
  deployed: CloudFormationTemplate | null,
  proposed: CloudFormationTemplate,
  details: ReplacementDetails = new Map(),
): Promise<StackReview> {
  const { fullDiff } = await loadDiffLibrary();
  const diff = fullDiff(deployed ?? {}, proposed);
  const resources: ResourceChangeView[] = [];
  for (const logicalId of diff.resources.logicalIds) {
    const change = diff.resources.get(logicalId);
    if (!change || change.resourceType === 'AWS::CDK::Metadata') continue;
    const view = resourceChange(logicalId, change, details);
    if (view) resources.push(view);
  }
  resources.sort(
    (a, b) =>
      ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) ||
      a.logical_id.localeCompare(b.logical_id),
  );
  return { resources, security: securityOf(diff) };
}

/** The change set's replacement reasons of a plan's changes, by logical id. */
export function replacementDetails(changes: readonly PlannedChange[]): ReplacementDetails {
  const details = new Map<string, readonly string[]>();
  for (const change of changes) {
    if (change.replacement_reasons && change.replacement_reasons.length > 0) {
      details.set(change.logical_id, change.replacement_reasons);
    }
  }
  return details;
}

/** No changes at all: for a stack that is as deployed. */
export function emptyReview(): StackReview {
  return {
    resources: [],
    security: { broadening: false, statements: [], managed_policies: [], security_group_rules: [] },
  };
}
