import type {
  Contract,
  Expectation,
  OutputRule,
  PropertyRule,
  ResourceRule,
  TagRules,
} from './contract.js';
import { pointerOf } from './contract-error.js';
import type { SchemaProblem } from './schema-errors.js';

/** The contract as the schema allows it to be written. */
interface RawExpectation {
  exists?: boolean;
  equals?: unknown;
  pattern?: string;
  environments?: string[];
}

interface RawResourceRule {
  type: string;
  description?: string;
  environments?: string[];
  stack?: string;
  logicalId?: string;
  properties: Record<string, RawExpectation>;
}

export interface RawContract {
  version: 1;
  outputs?: Record<string, Record<string, RawExpectation | RawExpectation[] | null>>;
  resources?: RawResourceRule[];
  tags?: { required?: string[]; environments?: Record<string, string[]> };
}

type Line = (segments: readonly string[]) => number | null;

/** Builds the typed contract from a document the schema accepted; problems the schema cannot see. */
export class ContractBuilder {
  readonly problems: SchemaProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly lineOf: Line,
  ) {}

  private location(segments: readonly string[]) {
    return {
      pointer: pointerOf(segments),
      line: this.lineOf(segments),
    };
  }

  private expectation(raw: RawExpectation | null, segments: readonly string[]): Expectation {
    if (raw?.pattern !== undefined) {
      try {
        new RegExp(raw.pattern);
      } catch (error) {
        this.problems.push({
          segments: [...segments, 'pattern'],
          message: `pattern ${JSON.stringify(raw.pattern)} is not a regular expression (${(error as Error).message})`,
          fix: "write a JavaScript regular expression; in YAML, quote it with single quotes so '\\' stays as written",
        });
      }
      return { kind: 'pattern', pattern: raw.pattern };
    }
    if (raw && 'equals' in raw) return { kind: 'equals', equals: raw.equals };
    return { kind: 'exists', exists: raw?.exists ?? true };
  }

  private outputs(raw: RawContract['outputs']): OutputRule[] {
    const rules: OutputRule[] = [];
    for (const [stack, outputs] of Object.entries(raw ?? {})) {
      for (const [output, value] of Object.entries(outputs)) {
        const base = ['outputs', stack, output];
        const entries = Array.isArray(value)
          ? value.map((v, i) => ({ raw: v, segments: [...base, String(i)] }))
          : [{ raw: value, segments: base }];
        for (const entry of entries) {
          rules.push({
            stack,
            output,
            expectation: this.expectation(entry.raw, entry.segments),
            environments: entry.raw?.environments ?? null,
            location: this.location(entry.segments),
          });
        }
      }
    }
    return rules;
  }

  private resources(raw: RawContract['resources']): ResourceRule[] {
    return (raw ?? []).map((rule, index) => {
      const segments = ['resources', String(index)];
      const properties: PropertyRule[] = Object.entries(rule.properties).map(([path, value]) => {
        const at = [...segments, 'properties', path];
        return { path, expectation: this.expectation(value, at), location: this.location(at) };
      });
      return {
        index,
        label: rule.description
          ? `resources[${index}] "${rule.description}"`
          : `resources[${index}] ${rule.type}`,
        type: rule.type,
        description: rule.description ?? null,
        environments: rule.environments ?? null,
        stack: rule.stack ?? null,
        logicalId: rule.logicalId ?? null,
        properties,
        location: this.location(segments),
      };
    });
  }

  private tags(raw: RawContract['tags']): TagRules {
    return { required: raw?.required ?? [], environments: raw?.environments ?? {} };
  }

  build(raw: RawContract): Contract {
    return {
      file: this.file,
      version: 1,
      outputs: this.outputs(raw.outputs),
      resources: this.resources(raw.resources),
      tags: this.tags(raw.tags),
    };
  }
}

/** Freezes a plain value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
