/**
 * The plan id: a digest of exactly what deploying would submit, per stack and for the whole run.
 *
 * Per stack: the template (as canonical JSON: key order and whitespace do not count, every value
 * does), the parameter values (after the `parameters` input; a parameter left to its default or
 * to its previous value says so), the tags, the deploy and execution roles as the manifest names
 * them, the notification topics, termination protection, and the hashes of the assets it
 * publishes. The run's id covers the selected stack names and each stack's digest.
 */
import { createHash } from 'node:crypto';
import { environmentName, type StackArtifact } from '../assembly/stack-artifact.js';
import { PLAN_ID_PREFIX } from '../model/plan-id.js';
import type { ParameterValues } from '../settings/parameters.js';
import { assetDigestEntries } from './asset-hashes.js';
import { canonicalJson } from './canonical-json.js';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type ParameterDigest = { value: string } | { default: true } | { previous: true };

/** Each declared parameter as the change set gets it (see stackParameters). */
function parameterInputs(
  artifact: StackArtifact,
  input: ParameterValues,
): Record<string, ParameterDigest> {
  const values: Record<string, string> = {
    ...artifact.parameters,
    ...input.all,
    ...(input.byStack[artifact.id] ?? {}),
    ...(input.byStack[artifact.stackName] ?? {}),
  };
  const result: Record<string, ParameterDigest> = {};
  for (const [key, declaration] of Object.entries(artifact.template.Parameters ?? {})) {
    const value = values[key];
    result[key] =
      value !== undefined
        ? { value }
        : declaration.Default !== undefined
          ? { default: true }
          : { previous: true };
  }
  return result;
}

/** What the digest of one stack is computed over; exported for the tests and the record. */
export function stackDigestInputs(artifact: StackArtifact, parameters: ParameterValues): unknown {
  return {
    stack_name: artifact.stackName,
    environment: environmentName(artifact.environment),
    template: artifact.template,
    parameters: parameterInputs(artifact, parameters),
    tags: artifact.tags,
    deploy_role: artifact.assumeRoleArn ?? null,
    deploy_role_external_id: artifact.assumeRoleExternalId ?? null,
    execution_role: artifact.cloudFormationExecutionRoleArn ?? null,
    notification_arns: [...artifact.notificationArns],
    termination_protection: artifact.terminationProtection,
    assets: assetDigestEntries(artifact.assetManifestPaths),
  };
}

/** `sha256:<hex>` of one stack's submission. */
export function stackDigest(artifact: StackArtifact, parameters: ParameterValues): string {
  return `sha256:${sha256(canonicalJson(stackDigestInputs(artifact, parameters)))}`;
}

export interface PlanDigest {
  readonly planId: string;
  /** By stack name. */
  readonly stacks: Readonly<Record<string, string>>;
}

/** The plan id of a run over `artifacts` (the selected stacks and what they bring along). */
export function planDigest(
  artifacts: readonly StackArtifact[],
  parameters: ParameterValues,
): PlanDigest {
  const stacks: Record<string, string> = {};
  for (const artifact of artifacts) stacks[artifact.stackName] = stackDigest(artifact, parameters);
  const names = Object.keys(stacks).sort();
  const combined = canonicalJson({ version: 1, stacks: names.map((n) => [n, stacks[n]]) });
  return { planId: `${PLAN_ID_PREFIX}${sha256(combined)}`, stacks };
}

/** The stacks whose digests differ between two plans (added or gone stacks included), sorted. */
export function differingStacks(
  expected: Readonly<Record<string, string>>,
  actual: Readonly<Record<string, string>>,
): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...names].filter((n) => expected[n] !== actual[n]).sort();
}
