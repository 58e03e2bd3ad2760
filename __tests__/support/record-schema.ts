import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The JSON Schema of the deployment record, kept beside the model. */
export const recordSchemaPath = fileURLToPath(
  new URL('../../src/model/deployment-record.schema.json', import.meta.url),
);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(recordSchemaPath, 'utf8')) as object);
  }
  return compiled;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `${where}: missing '${String(params.missingProperty)}'`;
  if (error.keyword === 'enum') {
    return `${where}: ${error.message ?? 'invalid'} (${JSON.stringify(params.allowedValues)})`;
  }
  return `${where}: ${error.message ?? error.keyword}`;
}

/**
 * Schema errors of a deployment record, empty when it is valid. The record is checked as the file
 * holds it (a JSON round trip), so an in-memory `undefined` property counts as absent.
 */
export function validateRecord(record: unknown): string[] {
  const asWritten: unknown = JSON.parse(JSON.stringify(record) ?? 'null');
  const validate = validator();
  if (validate(asWritten)) return [];
  return (validate.errors ?? []).map(describeError);
}

interface StatusChangeLike {
  status: string;
  at: string;
}

interface StackLike {
  id: string;
  name: string;
  deployment_id: string;
  status: string;
  dependencies: string[];
  status_history: StatusChangeLike[];
  plan_digest: string | null;
}

interface RecordLike {
  deployment: {
    id: string;
    status: string;
    stacks_order: string[];
    rollback_reason: string | null;
    status_history: StatusChangeLike[];
    plan_id: string | null;
  };
  stacks: StackLike[];
  resources: { stack_id: string; logical_id: string }[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const arrayOf = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** The parts of a record the rules read, with missing lists read as empty (the schema reports them). */
function normalize(record: unknown): RecordLike | null {
  if (!isObject(record) || !isObject(record.deployment)) return null;
  const d = record.deployment;
  return {
    deployment: {
      id: String(d.id),
      status: String(d.status),
      stacks_order: arrayOf<string>(d.stacks_order),
      rollback_reason: typeof d.rollback_reason === 'string' ? d.rollback_reason : null,
      status_history: arrayOf<StatusChangeLike>(d.status_history),
      plan_id: typeof d.plan_id === 'string' ? d.plan_id : null,
    },
    stacks: arrayOf<unknown>(record.stacks)
      .filter(isObject)
      .map((s) => ({
        id: String(s.id),
        name: String(s.name),
        deployment_id: String(s.deployment_id),
        status: String(s.status),
        dependencies: arrayOf<string>(s.dependencies),
        status_history: arrayOf<StatusChangeLike>(s.status_history),
        plan_digest: typeof s.plan_digest === 'string' ? s.plan_digest : null,
      })),
    resources: arrayOf<unknown>(record.resources)
      .filter(isObject)
      .map((r) => ({ stack_id: String(r.stack_id), logical_id: String(r.logical_id) })),
  };
}

function firstTime(stack: StackLike, status: string): number | null {
  const change = stack.status_history.find((c) => c.status === status);
  return change ? Date.parse(String(change.at)) : null;
}

/**
 * The seed's validation rules that a JSON Schema cannot express (plus the failed-needs-a-reason
 * rule, which the schema also has). Meant for a record that passes {@link validateRecord}; empty
 * when every rule holds.
 */
export function modelErrors(input: unknown): string[] {
  const record = normalize(input);
  if (!record) return ['not a deployment record: no deployment object'];
  const errors: string[] = [];
  const { deployment, stacks, resources } = record;
  const byName = new Map(stacks.map((s) => [s.name, s]));

  // Failed deployments must have rollback_reason.
  if (
    (deployment.status === 'failed' || deployment.status === 'rolled_back') &&
    !deployment.rollback_reason
  ) {
    errors.push(`deployment is ${deployment.status} but has no rollback_reason`);
  }

  // Stacks_order must respect dependency constraints.
  const position = new Map(deployment.stacks_order.map((name, i) => [name, i]));
  for (const stack of stacks) {
    const at = position.get(stack.name);
    for (const dependency of stack.dependencies) {
      if (!byName.has(dependency)) continue; // not part of this deployment: already in place
      const dependencyAt = position.get(dependency);
      if (at === undefined || dependencyAt === undefined) {
        errors.push(
          `stacks_order lacks ${at === undefined ? stack.name : dependency}, so it cannot order '${stack.name}' after its dependency '${dependency}'`,
        );
      } else if (dependencyAt >= at) {
        errors.push(`stacks_order puts '${stack.name}' before its dependency '${dependency}'`);
      }
    }
  }

  // Every stack belongs to this deployment; every resource to one of its stacks.
  for (const stack of stacks) {
    if (stack.deployment_id !== deployment.id) {
      errors.push(
        `stack '${stack.name}' has deployment_id ${stack.deployment_id}, not the deployment's ${deployment.id}`,
      );
    }
  }
  const stackIds = new Set(stacks.map((s) => s.id));
  for (const resource of resources) {
    if (!stackIds.has(resource.stack_id)) {
      errors.push(
        `resource '${resource.logical_id}' has stack_id ${resource.stack_id}, which is no stack of the record`,
      );
    }
  }

  // Dependencies must be deployed before this stack.
  for (const stack of stacks) {
    const startedAt = firstTime(stack, 'deploying');
    if (startedAt === null) continue;
    for (const name of stack.dependencies) {
      const dependency = byName.get(name);
      if (!dependency) continue;
      const deployedAt = firstTime(dependency, 'deployed');
      if (deployedAt === null) {
        errors.push(
          `stack '${stack.name}' started deploying but its dependency '${name}' was never deployed`,
        );
      } else if (deployedAt > startedAt) {
        errors.push(
          `stack '${stack.name}' started deploying before its dependency '${name}' was deployed`,
        );
      }
    }
  }

  // A plan id covers every stack of the run: each has the digest it was computed from.
  if (deployment.plan_id !== null) {
    for (const stack of stacks) {
      if (stack.plan_digest === null) {
        errors.push(`deployment has plan_id but stack '${stack.name}' has no plan_digest`);
      }
    }
  }

  // The history ends where the entity is.
  const last = <S>(history: readonly { status: S }[]): S | undefined => history.at(-1)?.status;
  if (last(deployment.status_history) !== deployment.status) {
    errors.push(`deployment status_history does not end with its status '${deployment.status}'`);
  }
  for (const stack of stacks) {
    if (last(stack.status_history) !== stack.status) {
      errors.push(
        `stack '${stack.name}' status_history does not end with its status '${stack.status}'`,
      );
    }
  }
  return errors;
}
