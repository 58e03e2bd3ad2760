import type { Expectation } from './contract.js';

/** What is at a property path. */
export type Resolved =
  | { readonly state: 'present'; readonly value: unknown }
  | { readonly state: 'absent' }
  /** An intrinsic function (`Ref`, `Fn::*`) decides it when deploying; `leaf`: at the path itself. */
  | {
      readonly state: 'computed';
      readonly fn: string;
      readonly leaf: boolean;
      readonly mayBeAbsent: boolean;
    };

/** `{ Ref: ... }` or `{ "Fn::X": ... }`: the name of the function, else null. */
export function intrinsicName(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined) return null;
  return key === 'Ref' || key.startsWith('Fn::') ? key : null;
}

const isNoValue = (value: unknown): boolean =>
  intrinsicName(value) === 'Ref' && (value as { Ref: unknown }).Ref === 'AWS::NoValue';

/** `Fn::If` with `AWS::NoValue` in a branch: the property may not be set at all. */
function mayBeAbsent(value: unknown): boolean {
  if (intrinsicName(value) !== 'Fn::If') return false;
  const args = (value as { 'Fn::If': unknown })['Fn::If'];
  return Array.isArray(args) && args.slice(1).some(isNoValue);
}

/** Follows a dot path (`A.B.0.C`: numbers index lists) through properties. */
export function resolvePath(properties: Readonly<Record<string, unknown>>, path: string): Resolved {
  let current: unknown = properties;
  const segments = path.split('.');
  for (const [i, segment] of segments.entries()) {
    const fn = intrinsicName(current);
    if (fn !== null) return { state: 'computed', fn, leaf: false, mayBeAbsent: true };
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      current = current[Number(segment)];
    } else if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
      current = Object.hasOwn(current, segment)
        ? (current as Record<string, unknown>)[segment]
        : undefined;
    } else {
      current = undefined;
    }
    if (current === undefined || current === null || isNoValue(current)) return { state: 'absent' };
    if (i === segments.length - 1) {
      const leafFn = intrinsicName(current);
      if (leafFn !== null) {
        return { state: 'computed', fn: leafFn, leaf: true, mayBeAbsent: mayBeAbsent(current) };
      }
    }
  }
  return { state: 'present', value: current };
}

/** Scalars compare by their text (CloudFormation's `"30"` is `30`); lists by order; maps by key. */
export function jsonEquals(actual: unknown, expected: unknown): boolean {
  const scalar = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(actual) && scalar(expected)) return String(actual) === String(expected);
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.length === expected.length && actual.every((v, i) => jsonEquals(v, expected[i]));
  }
  if (
    actual !== null &&
    expected !== null &&
    typeof actual === 'object' &&
    typeof expected === 'object' &&
    !Array.isArray(actual) &&
    !Array.isArray(expected)
  ) {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    return [...keys].every((k) => jsonEquals(a[k], e[k]));
  }
  return actual === expected;
}

const patterns = new Map<string, RegExp>();

/** The contract's patterns are checked when it is loaded, so compiling here does not throw. */
export function regex(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern);
    patterns.set(pattern, compiled);
  }
  return compiled;
}

export function show(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

export type Outcome =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly detail: string }
  | { readonly status: 'skip'; readonly detail: string };

/**
 * Where the value was read: a template or a deployed stack's outputs (absent = not set), or a
 * live read (absent = not read back, so not verified).
 */
export type Source = 'template' | 'outputs' | 'live';

function compare(value: unknown, expectation: Expectation, name: string): Outcome {
  switch (expectation.kind) {
    case 'exists':
      return expectation.exists
        ? { status: 'pass' }
        : { status: 'fail', detail: `${name} is set to ${show(value)}, expected to be absent` };
    case 'equals':
      return jsonEquals(value, expectation.equals)
        ? { status: 'pass' }
        : {
            status: 'fail',
            detail: `${name} is ${show(value)}, expected ${show(expectation.equals)}`,
          };
    case 'pattern': {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        return {
          status: 'fail',
          detail: `${name} is ${show(value)}, not a string to match the pattern '${expectation.pattern}'`,
        };
      }
      const text = String(value);
      return regex(expectation.pattern).test(text)
        ? { status: 'pass' }
        : {
            status: 'fail',
            detail: `${name} is ${show(value)}, which does not match the pattern '${expectation.pattern}'`,
          };
    }
  }
}

function whenAbsent(expectation: Expectation, name: string, source: Source): Outcome {
  if (source === 'live') {
    return { status: 'skip', detail: `${name} was not read back live` };
  }
  if (expectation.kind === 'exists' && !expectation.exists) return { status: 'pass' };
  // CloudFormation has no null values: a property set to null is not set.
  if (expectation.kind === 'equals' && expectation.equals === null) return { status: 'pass' };
  return {
    status: 'fail',
    detail:
      expectation.kind === 'exists'
        ? `${name} is not set`
        : `${name} is not set, expected it to ${expectation.kind === 'equals' ? `equal ${show(expectation.equals)}` : `match the pattern '${expectation.pattern}'`}`,
  };
}

/** How one expectation fares against what was resolved at its path. */
export function evaluate(
  resolved: Resolved,
  expectation: Expectation,
  name: string,
  source: Source,
): Outcome {
  switch (resolved.state) {
    case 'present':
      return compare(resolved.value, expectation, name);
    case 'absent':
      return whenAbsent(expectation, name, source);
    case 'computed': {
      // Whether a computed value is there is known, unless a condition may remove it.
      if (expectation.kind === 'exists' && resolved.leaf && !resolved.mayBeAbsent) {
        return expectation.exists
          ? { status: 'pass' }
          : {
              status: 'fail',
              detail: `${name} is set (by ${resolved.fn}), expected to be absent`,
            };
      }
      return { status: 'skip', detail: `${name} is computed by ${resolved.fn} when deploying` };
    }
  }
}
