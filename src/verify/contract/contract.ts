import { globToRegExp } from '../../util/glob.js';
import type { ContractLocation } from './contract-error.js';

/**
 * What a contract expects of one value (an output, or a property at a path):
 * - `exists`: the value is there (true) or not (false);
 * - `equals`: the value equals this JSON value (scalars compared by their text: `30` equals `"30"`);
 * - `pattern`: the value, a string (or a number or boolean, as text), matches this regular expression.
 */
export type Expectation =
  | { readonly kind: 'exists'; readonly exists: boolean }
  | { readonly kind: 'equals'; readonly equals: unknown }
  | { readonly kind: 'pattern'; readonly pattern: string };

/** One expected output of one stack. */
export interface OutputRule {
  /** The stack as the contract names it: its hierarchical id (`Prod/Api`) or its stack name. */
  readonly stack: string;
  readonly output: string;
  readonly expectation: Expectation;
  /** The environments the rule applies in; null = every environment. */
  readonly environments: readonly string[] | null;
  readonly location: ContractLocation;
}

/** One expectation on a resource property, addressed by a dot path (`A.B.0.C`). */
export interface PropertyRule {
  readonly path: string;
  readonly expectation: Expectation;
  readonly location: ContractLocation;
}

/** Expectations on every resource of a type, optionally narrowed to a stack and logical ids. */
export interface ResourceRule {
  /** Position in the contract's `resources` list. */
  readonly index: number;
  /** How results name the rule: `resources[1] AWS::DynamoDB::Table` or its description. */
  readonly label: string;
  readonly type: string;
  readonly description: string | null;
  readonly environments: readonly string[] | null;
  /** The stack's hierarchical id or name; null = every stack. */
  readonly stack: string | null;
  /** A logical id, `*` matching any characters (`Requests*`); null = every resource of the type. */
  readonly logicalId: string | null;
  readonly properties: readonly PropertyRule[];
  readonly location: ContractLocation;
}

export interface TagRules {
  /** Tag keys every taggable resource carries, in every environment. */
  readonly required: readonly string[];
  /** Tag keys required in addition in one environment. */
  readonly environments: Readonly<Record<string, readonly string[]>>;
}

/** A loaded, validated contract (frozen). */
export interface Contract {
  /** The file it was read from, as given. */
  readonly file: string;
  readonly version: 1;
  readonly outputs: readonly OutputRule[];
  readonly resources: readonly ResourceRule[];
  readonly tags: TagRules;
}

/** The rule applies in this environment. */
export function appliesIn(
  rule: { readonly environments: readonly string[] | null },
  environment: string,
): boolean {
  return rule.environments === null || rule.environments.includes(environment);
}

/** The contract's name for a stack is its hierarchical id or its stack name. */
export function namesStack(
  name: string,
  stack: { readonly id?: string | undefined; readonly stackName: string },
): boolean {
  return name === stack.id || name === stack.stackName;
}

/** A logical id glob (`*` = any characters) matches the logical id as a whole. */
export function matchesLogicalId(glob: string | null, logicalId: string): boolean {
  if (glob === null) return true;
  return globToRegExp(glob).test(logicalId);
}

/** How results and messages show an expectation: `exists`, `equals true`, `matches '^https:'`. */
export function describeExpectation(expectation: Expectation): string {
  switch (expectation.kind) {
    case 'exists':
      return expectation.exists ? 'exists' : 'is absent';
    case 'equals':
      return `equals ${JSON.stringify(expectation.equals)}`;
    case 'pattern':
      return `matches '${expectation.pattern}'`;
  }
}
