import type { Parameter, Stack as CfnStack, Tag } from '@aws-sdk/client-cloudformation';
import type { StackSnapshot } from './stack-snapshot.js';
import { sameTemplate } from './same-template.js';

export interface DesiredStack {
  readonly templateBody: string;
  readonly parameters: readonly Parameter[];
  /** Template defaults of the parameters not given a value. */
  readonly parameterDefaults: Readonly<Record<string, string>>;
  readonly tags: readonly Tag[];
  readonly roleArn: string | undefined;
  readonly notificationArns: readonly string[];
  readonly terminationProtection: boolean;
}

function sameTags(a: readonly Tag[], b: readonly Tag[]): boolean {
  const asMap = (tags: readonly Tag[]) => JSON.stringify(tags.map((t) => [t.Key, t.Value]).sort());
  return asMap(a) === asMap(b);
}

/** Every parameter the stack has keeps its value: the one given, or the template default. */
function sameParameters(
  desired: readonly Parameter[],
  defaults: Readonly<Record<string, string>>,
  existing: readonly Parameter[],
): boolean {
  const given = new Map(desired.map((p) => [p.ParameterKey, p]));
  const keys = new Set([...given.keys(), ...Object.keys(defaults)]);
  if (existing.length !== keys.size) return false;
  return existing.every((p) => {
    const wanted = given.get(p.ParameterKey);
    if (wanted?.UsePreviousValue) return true;
    const value = wanted ? wanted.ParameterValue : defaults[p.ParameterKey ?? ''];
    return value !== undefined && value === p.ParameterValue;
  });
}

/**
 * True when deploying would change nothing, judged as `cdk deploy` judges it: a healthy stack whose
 * template, parameters, tags and settings equal what would be submitted. Such a stack needs no
 * change set at all.
 */
export function isUnchanged(
  existing: CfnStack,
  snapshot: StackSnapshot,
  desired: DesiredStack,
): boolean {
  const healthy =
    existing.StackStatus === 'CREATE_COMPLETE' || existing.StackStatus === 'UPDATE_COMPLETE';
  return (
    healthy &&
    snapshot.templateBody !== null &&
    sameTemplate(snapshot.templateBody, desired.templateBody) &&
    sameParameters(desired.parameters, desired.parameterDefaults, existing.Parameters ?? []) &&
    sameTags(desired.tags, existing.Tags ?? []) &&
    (existing.RoleARN ?? undefined) === desired.roleArn &&
    JSON.stringify([...(existing.NotificationARNs ?? [])].sort()) ===
      JSON.stringify([...desired.notificationArns].sort()) &&
    (existing.EnableTerminationProtection ?? false) === desired.terminationProtection
  );
}
