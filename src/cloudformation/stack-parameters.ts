import type { Parameter, Stack as CfnStack } from '@aws-sdk/client-cloudformation';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';
import type { ParameterValues } from '../settings/parameters.js';

/**
 * The parameters of a change set, as `cdk deploy` builds them: values from the assembly, then the
 * `parameters` input (stack-specific over general); an existing stack keeps its previous value for
 * a parameter given nothing; a parameter with neither a value nor a default is an error.
 */
export function stackParameters(
  artifact: StackArtifact,
  input: ParameterValues,
  existing: CfnStack | undefined,
): Parameter[] {
  const declared = artifact.template.Parameters ?? {};
  const values: Record<string, string> = {
    ...artifact.parameters,
    ...input.all,
    ...(input.byStack[artifact.id] ?? {}),
    ...(input.byStack[artifact.stackName] ?? {}),
  };
  const previous = new Set((existing?.Parameters ?? []).map((p) => p.ParameterKey));
  const parameters: Parameter[] = [];
  for (const [key, declaration] of Object.entries(declared)) {
    const value = values[key];
    if (value !== undefined) {
      parameters.push({ ParameterKey: key, ParameterValue: value });
    } else if (previous.has(key) && declaration.Default === undefined) {
      parameters.push({ ParameterKey: key, UsePreviousValue: true });
    } else if (declaration.Default === undefined) {
      throw new DeploymentError(
        `Stack ${artifact.stackName}: parameter '${key}' has no value and no default. Give it in the input 'parameters' as '${artifact.stackName}:${key}=VALUE'.`,
        { stack: artifact.stackName },
      );
    }
  }
  const unknown = Object.keys(input.byStack[artifact.stackName] ?? {}).filter(
    (k) => !(k in declared),
  );
  if (unknown.length > 0) {
    throw new DeploymentError(
      `Stack ${artifact.stackName}: input 'parameters' sets ${unknown.join(', ')}, which the template does not declare.`,
      { stack: artifact.stackName },
    );
  }
  return parameters;
}

/** The template defaults of the declared parameters that are not given a value. */
export function parameterDefaults(
  artifact: StackArtifact,
  given: readonly Parameter[],
): Record<string, string> {
  const named = new Set(given.map((p) => p.ParameterKey));
  const defaults: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(artifact.template.Parameters ?? {})) {
    if (!named.has(key) && declaration.Default !== undefined) {
      const value = declaration.Default;
      defaults[key] = Array.isArray(value)
        ? value.join(',')
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
    }
  }
  return defaults;
}
