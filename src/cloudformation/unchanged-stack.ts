import type { Parameter, Stack as CfnStack, Tag } from '@aws-sdk/client-cloudformation';
import type { Submission } from './submission.js';
import type { StackSnapshot } from './stack-snapshot.js';
import { sameTemplate } from './same-template.js';

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
  desired: Submission,
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
