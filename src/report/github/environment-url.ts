/** The URL of the environment a deployment shows: a literal one, or a stack output. */
import type { DeploymentRecordFile } from '../../model/record.js';

export interface EnvironmentUrlSpec {
  /** A literal URL (an input value). */
  readonly url?: string | null;
  /** `StackName.OutputKey`: a stack output whose value is the URL. */
  readonly fromOutput?: string | null;
}

export interface EnvironmentUrl {
  readonly url?: string;
  readonly warning?: string;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The environment URL: the literal one, else the named stack output of a deployed stack. The
 * stack is matched by stack name or CDK artifact id; output keys hold no dots, so the last `.`
 * separates them.
 */
export function resolveEnvironmentUrl(
  record: DeploymentRecordFile,
  spec: EnvironmentUrlSpec,
): EnvironmentUrl {
  const literal = spec.url?.trim();
  if (literal) {
    return isHttpUrl(literal)
      ? { url: literal }
      : { warning: `The environment URL '${literal}' is not an http(s) URL.` };
  }
  const reference = spec.fromOutput?.trim();
  if (!reference) return {};
  const dot = reference.lastIndexOf('.');
  if (dot <= 0 || dot === reference.length - 1) {
    return {
      warning: `The environment URL output '${reference}' is not in the form StackName.OutputKey.`,
    };
  }
  const stackName = reference.slice(0, dot);
  const key = reference.slice(dot + 1);
  const stack =
    record.stacks.find((s) => s.name === stackName) ??
    record.stacks.find((s) => s.artifact_id === stackName);
  if (!stack)
    return {
      warning: `The environment URL names stack '${stackName}', which is not in this deployment.`,
    };
  if (stack.status !== 'deployed') return {};
  const value = stack.outputs[key];
  if (value === undefined) {
    return { warning: `Stack '${stack.name}' has no output '${key}' for the environment URL.` };
  }
  return isHttpUrl(value)
    ? { url: value }
    : { warning: `The output ${stack.name}.${key} ('${value}') is not an http(s) URL.` };
}
