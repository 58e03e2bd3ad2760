import type { ErrorObject } from 'ajv/dist/2020.js';
import schema from './contract.schema.json';
import { pointerOf, type ContractProblem } from './contract-error.js';
import { CONTRACT_EXAMPLE, describeValue } from './parse-document.js';

/** A problem before its line is known: the pointer as segments. */
export interface SchemaProblem {
  readonly segments: readonly string[];
  readonly message: string;
  readonly fix: string;
}

export const PROPERTY_SHAPES =
  "{ exists: true } (or false), { equals: <any JSON value> } or { pattern: '<regular expression>' }";
export const OUTPUT_SHAPES =
  "{} (the output exists), { exists: true|false }, { equals: '<value>' } or { pattern: '<regular expression>' }, each optionally with environments: [<name>, ...]";

/** What a part of the schema stands for, told by the schema object an error comes from. */
type Role =
  | 'root'
  | 'propertyExpectation'
  | 'outputExpectation'
  | 'outputList'
  | 'stackOutputs'
  | 'outputName'
  | 'resourceType'
  | 'logicalId'
  | 'propertyMap'
  | 'propertyPath'
  | 'environments'
  | 'exists'
  | 'tagKeys';

const defs = schema.$defs;
const ROLES = new Map<unknown, Role>([
  [schema, 'root'],
  [defs.propertyExpectation, 'propertyExpectation'],
  [defs.outputExpectation, 'outputExpectation'],
  [defs.outputExpectation.not, 'outputExpectation'],
  [defs.stackOutputs.additionalProperties.then, 'outputList'],
  [defs.stackOutputs, 'stackOutputs'],
  [defs.stackOutputs.propertyNames, 'outputName'],
  [defs.resourceRule.properties.type, 'resourceType'],
  [defs.resourceRule.properties.logicalId, 'logicalId'],
  [defs.resourceRule.properties.properties, 'propertyMap'],
  [defs.resourceRule.properties.properties.propertyNames, 'propertyPath'],
  [defs.environments, 'environments'],
  [defs.propertyExpectation.properties.exists, 'exists'],
  [defs.outputExpectation.properties.exists, 'exists'],
  [defs.tagKeys, 'tagKeys'],
]);

function segmentsOf(instancePath: string): string[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(
        above + 1,
        (row[j - 1] ?? 0) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length] ?? Number.MAX_SAFE_INTEGER;
}

/** A key close to a misspelt one: the same but for case, or at most two letters apart. */
function closest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return allowed.find((candidate) => editDistance(candidate.toLowerCase(), lower) <= 2);
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping';
  return `a ${type}`;
}

const REQUIRED_FIX: Record<string, string> = {
  version: "add 'version: 1' at the top of the file",
  type: "add the CloudFormation resource type, e.g. 'type: AWS::S3::Bucket'",
  properties:
    "add 'properties:' with at least one expectation, e.g. 'BucketEncryption: { exists: true }'",
};

const PATTERN_PROBLEM: Partial<Record<Role, { what: string; fix: string }>> = {
  resourceType: {
    what: 'a CloudFormation resource type',
    fix: 'write the type as CloudFormation does, e.g. AWS::S3::Bucket or AWS::DynamoDB::Table',
  },
  logicalId: {
    what: 'a logical id',
    fix: "use letters and digits, with '*' for any characters (CDK adds a hash: 'Requests*')",
  },
  outputName: {
    what: 'a CloudFormation output name',
    fix: "use the output's name as in the template's Outputs: letters and digits only",
  },
  propertyPath: {
    what: 'a property path',
    fix: 'write a dot path of CloudFormation property names, e.g. PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled',
  },
};

function shapeProblem(role: Role, segments: string[], value: unknown): SchemaProblem {
  if (role === 'outputExpectation') {
    return {
      segments,
      message: `unknown output expectation ${preview(value)}`,
      fix: `write one of ${OUTPUT_SHAPES}`,
    };
  }
  const scalar = value === null || typeof value !== 'object';
  return {
    segments,
    message: `unknown property expectation ${preview(value)}`,
    fix: `write exactly one of ${PROPERTY_SHAPES}${scalar ? `; for this value: { equals: ${preview(value)} }` : ''}`,
  };
}

/** The problem one schema error stands for; null for errors another error explains better. */
function problemOf(error: ErrorObject): SchemaProblem | null {
  // `if` only chooses between a list and one expectation; a key name's own error says more.
  if (error.keyword === 'if' || error.keyword === 'propertyNames') return null;
  const params = error.params as Record<string, unknown>;
  const role = ROLES.get(error.parentSchema) ?? null;
  const segments = segmentsOf(error.instancePath);
  if (error.propertyName !== undefined) segments.push(error.propertyName);
  const value: unknown = error.data;

  if (
    (role === 'propertyExpectation' || role === 'outputExpectation') &&
    ['type', 'additionalProperties', 'minProperties', 'maxProperties', 'not'].includes(
      error.keyword,
    )
  ) {
    return shapeProblem(role, segments, value);
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      ).filter((k) => k !== '$schema');
      const suggestion = closest(key, allowed);
      return {
        segments: [...segments, key],
        message: `unknown key '${key}'`,
        fix: suggestion
          ? `did you mean '${suggestion}'? Keys allowed here: ${allowed.join(', ')}`
          : `remove it; keys allowed here: ${allowed.join(', ')}`,
      };
    }
    case 'required': {
      const key = String(params.missingProperty);
      return { segments, message: `'${key}' is missing`, fix: REQUIRED_FIX[key] ?? `add '${key}'` };
    }
    case 'const':
      return {
        segments,
        message: `version ${preview(value)} is not supported`,
        fix: "write 'version: 1', the contract version this action reads",
      };
    case 'type': {
      const expected = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type);
      if (role === 'root') {
        return {
          segments,
          message: `the file holds ${describeValue(value)}, not a mapping`,
          fix: CONTRACT_EXAMPLE,
        };
      }
      const fix =
        role === 'exists'
          ? 'write true or false'
          : role === 'environments'
            ? 'write a list of environment names, e.g. [prod]'
            : role === 'tagKeys'
              ? 'write a list of tag keys, e.g. [owner, cost-center]'
              : `write ${article(expected)} there`;
      return {
        segments,
        message: `${preview(value)} is ${describeValue(value)}, not ${article(expected)}`,
        fix,
      };
    }
    case 'pattern': {
      const known = role ? PATTERN_PROBLEM[role] : undefined;
      return {
        segments,
        message: `'${String(value)}' is not ${known?.what ?? `what is expected (${error.message ?? 'pattern'})`}`,
        fix: known?.fix ?? 'correct it',
      };
    }
    case 'minProperties':
      return role === 'stackOutputs'
        ? {
            segments,
            message: 'names no output',
            fix: 'name at least one output of this stack, or remove the stack',
          }
        : { segments, message: 'is empty', fix: 'add at least one property expectation' };
    case 'minItems':
      return {
        segments,
        message: 'is an empty list',
        fix:
          role === 'environments'
            ? "name at least one environment, or remove 'environments' to apply in all of them"
            : 'give at least one entry, or remove the key',
      };
    case 'uniqueItems': {
      const items = Array.isArray(value) ? (value as unknown[]) : [];
      return {
        segments,
        message: `lists ${preview(items[Number(params.i)])} twice`,
        fix: 'remove the duplicate',
      };
    }
    case 'minLength':
      return { segments, message: 'is empty', fix: 'write a non-empty value' };
    case 'maxLength':
      return {
        segments,
        message: `is longer than ${String(params.limit)} characters`,
        fix: 'shorten it (tag keys are at most 128 characters)',
      };
    default:
      return {
        segments,
        message: error.message ?? `fails '${error.keyword}'`,
        fix: 'see contract.schema.json',
      };
  }
}

/** The schema's errors as problems, one per place in the file (the first error there). */
export function schemaProblems(errors: readonly ErrorObject[]): SchemaProblem[] {
  const byPointer = new Map<string, SchemaProblem>();
  for (const error of errors) {
    const problem = problemOf(error);
    if (!problem) continue;
    const pointer = pointerOf(problem.segments);
    if (!byPointer.has(pointer)) byPointer.set(pointer, problem);
  }
  return [...byPointer.values()];
}

/** A mapping that has none of a contract's keys is not a contract at all: one problem, not many. */
export function notAContract(value: unknown): SchemaProblem | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const known = Object.keys(schema.properties);
  if (Object.keys(value).some((key) => known.includes(key))) return null;
  return {
    segments: [],
    message: `the file holds none of a contract's keys (${known.filter((k) => k !== '$schema').join(', ')})`,
    fix: CONTRACT_EXAMPLE,
  };
}

/** Located problems, in the order they appear in the file. */
export function locate(
  problems: readonly SchemaProblem[],
  lineOf: (segments: readonly string[]) => number | null,
): ContractProblem[] {
  return problems
    .map((p) => ({
      pointer: pointerOf(p.segments),
      line: lineOf(p.segments),
      message: p.message,
      fix: p.fix,
    }))
    .sort(
      (a, b) =>
        (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
        a.pointer.localeCompare(b.pointer),
    );
}
