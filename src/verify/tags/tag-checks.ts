import type { CloudFormationTemplate } from '../../assembly/stack-artifact.js';
import type { CheckResult } from '../../model/check-result.js';
import { intrinsicName } from '../contract/evaluate.js';
import { isTaggableType, tagProperty } from './taggable.js';

const CHECK = 'required-tags';

export interface TemplateTagStack {
  readonly stackName: string;
  readonly template: CloudFormationTemplate;
  /** The stack-level tags (the manifest's), which CloudFormation propagates to taggable resources. */
  readonly stackTags: Readonly<Record<string, string>>;
}

export interface LiveTaggedResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** The tags read back live; null = the service's tags could not be read. */
  readonly tags: Readonly<Record<string, string>> | null;
}

/** A tag's value: known text, or computed by an intrinsic function when deploying. */
type TagValue = { readonly text: string } | { readonly fn: string };

interface DeclaredTags {
  readonly values: Map<string, TagValue>;
  /** Some tags (the whole property or an entry) are computed: keys not seen may still come. */
  readonly computedBy: string | null;
}

function tagValue(value: unknown): TagValue {
  const fn = intrinsicName(value);
  if (fn !== null) return { fn };
  if (value === undefined || value === null) return { text: '' };
  return { text: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** Tags in a template, as a list of `{ Key, Value }` or as a map, with computed values kept apart. */
function declaredTags(tags: unknown): DeclaredTags {
  const values = new Map<string, TagValue>();
  const whole = intrinsicName(tags);
  if (whole !== null) return { values, computedBy: whole };
  let computedBy: string | null = null;
  if (Array.isArray(tags)) {
    for (const entry of tags as unknown[]) {
      const key = (entry as { Key?: unknown } | null)?.Key;
      if (typeof key === 'string') values.set(key, tagValue((entry as { Value?: unknown }).Value));
      else computedBy ??= intrinsicName(entry) ?? intrinsicName(key) ?? 'an intrinsic function';
    }
  } else if (tags !== null && typeof tags === 'object') {
    for (const [key, value] of Object.entries(tags)) values.set(key, tagValue(value));
  }
  return { values, computedBy };
}

interface Verdict {
  readonly missing: string[];
  readonly empty: string[];
  /** Keys whose value is computed when deploying, each saying by what. */
  readonly undecided: string[];
}

function judge(
  keys: readonly string[],
  values: Map<string, TagValue>,
  computedBy: string | null,
): Verdict {
  const verdict: Verdict = { missing: [], empty: [], undecided: [] };
  for (const key of keys) {
    const value = values.get(key);
    if (value === undefined) {
      if (computedBy) verdict.undecided.push(`tag ${key} may be set by ${computedBy}`);
      else verdict.missing.push(key);
    } else if ('fn' in value) verdict.undecided.push(`tag ${key} is computed by ${value.fn}`);
    else if (value.text.trim() === '') verdict.empty.push(key);
  }
  return verdict;
}

function failureMessage(resourceType: string, verdict: Verdict, suffix: string): string {
  const parts = [
    verdict.missing.length ? `lacks tag(s) ${verdict.missing.join(', ')}` : '',
    verdict.empty.length ? `has empty tag(s) ${verdict.empty.join(', ')}` : '',
  ].filter(Boolean);
  return `${resourceType} ${parts.join(' and ')}${suffix}`;
}

/** Per stack: a failure or skip per resource, one passed result counting the rest. */
class StackTally {
  readonly results: CheckResult[] = [];
  private passed = 0;
  private taggable = 0;

  constructor(private readonly stackName: string) {}

  add(logicalId: string, result: Omit<CheckResult, 'check' | 'stack' | 'resource'> | null): void {
    this.taggable++;
    if (result === null) this.passed++;
    else this.results.push({ check: CHECK, stack: this.stackName, resource: logicalId, ...result });
  }

  finish(keys: readonly string[], where: string): CheckResult[] {
    if (this.passed > 0 || this.taggable === 0) {
      this.results.push({
        check: CHECK,
        stack: this.stackName,
        passed: true,
        message:
          this.taggable === 0
            ? `no taggable resource ${where}`
            : `${this.passed} of ${this.taggable} taggable resource(s) carry ${keys.join(', ')} ${where}`,
      });
    }
    return this.results;
  }
}

/**
 * Every taggable resource of the synthesized templates carries each required key with a
 * non-empty value, its own tags counted over the stack's (which CloudFormation propagates). A
 * value an intrinsic function computes is decided live: skipped here, visibly.
 */
export function checkTemplateTags(
  keys: readonly string[],
  environment: string,
  stacks: readonly TemplateTagStack[],
): CheckResult[] {
  if (keys.length === 0) return [];
  const required = ` (required in ${environment}: ${keys.join(', ')})`;
  return stacks.flatMap((stack) => {
    const tally = new StackTally(stack.stackName);
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const property = tagProperty(resource.Type, resource.Properties);
      if (property === null) continue;
      const declared = declaredTags(resource.Properties?.[property]);
      const values = new Map<string, TagValue>(
        Object.entries(stack.stackTags).map(([key, text]) => [key, { text }]),
      );
      for (const [key, value] of declared.values) values.set(key, value);
      const verdict = judge(keys, values, declared.computedBy);
      if (verdict.missing.length || verdict.empty.length) {
        tally.add(logicalId, {
          passed: false,
          message: failureMessage(resource.Type, verdict, required),
        });
      } else if (verdict.undecided.length) {
        tally.add(logicalId, {
          passed: true,
          skipped: true,
          message: `${resource.Type}: ${verdict.undecided.join('; ')} when deploying; checked live after deploying`,
        });
      } else {
        tally.add(logicalId, null);
      }
    }
    return tally.finish(keys, 'in the template');
  });
}

/**
 * Every taggable resource, as read back live, carries each required key with a non-empty value.
 * A resource whose tags could not be read is skipped, visibly: not verified, not failed.
 */
export function checkLiveTags(
  keys: readonly string[],
  resources: readonly LiveTaggedResource[],
): CheckResult[] {
  if (keys.length === 0) return [];
  const tallies = new Map<string, StackTally>();
  for (const resource of resources) {
    if (resource.tags === null && !isTaggableType(resource.resourceType)) continue;
    let tally = tallies.get(resource.stackName);
    if (!tally) tallies.set(resource.stackName, (tally = new StackTally(resource.stackName)));
    if (resource.tags === null) {
      tally.add(resource.logicalId, {
        passed: true,
        skipped: true,
        message: `${resource.resourceType}: tags could not be read live, so ${keys.join(', ')} are not verified`,
      });
      continue;
    }
    const values = new Map<string, TagValue>(
      Object.entries(resource.tags).map(([key, text]) => [key, { text }]),
    );
    const verdict = judge(keys, values, null);
    tally.add(
      resource.logicalId,
      verdict.missing.length || verdict.empty.length
        ? { passed: false, message: failureMessage(resource.resourceType, verdict, ' live') }
        : null,
    );
  }
  return [...tallies.values()].flatMap((tally) => tally.finish(keys, 'live'));
}
