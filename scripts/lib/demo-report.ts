/** What `npm run demo` prints from a run's deployment record. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionRunResult } from './run-action.js';

/** The fields of a record stack the demo prints (src/model/deployment-record.schema.json). */
export interface RecordStack {
  readonly name: string;
  readonly status: string;
  readonly no_op: boolean;
  readonly change_set_arn: string | null;
  readonly changes: number;
  readonly cloudformation_status?: string | null;
  readonly plan?: { readonly outcome: string; readonly message: string } | null;
}

export interface DemoRecord {
  readonly deployment: { readonly status: string; readonly mode?: string };
  readonly stacks: readonly RecordStack[];
}

export function readRecord(path: string | undefined): DemoRecord | null {
  if (!path) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DemoRecord;
  } catch {
    return null;
  }
}

/** JSON from a step output, or the fallback when the output is missing or empty. */
export function parseOutputJson<T>(text: string | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function stackDetail(stack: RecordStack): string {
  if (stack.plan) return stack.plan.message || `plan ${stack.plan.outcome}`;
  if (!stack.no_op) return plural(stack.changes, 'change');
  if (stack.change_set_arn === null) return 'unchanged: skipped without a change set';
  return 'unchanged: its change set was empty and deleted';
}

/** How a stack of the record came out, e.g. "deployed, unchanged: skipped without a change set". */
export function stackResult(stack: RecordStack): string {
  return `${stack.status}, ${stackDetail(stack)}`;
}

/** The redeploy's line, e.g. "second deploy: 3 stacks unchanged, skipped without a change set". */
export function secondDeploySummary(record: DemoRecord): string {
  const skipped = record.stacks.filter((s) => s.no_op && s.change_set_arn === null).length;
  const emptyChangeSet = record.stacks.filter((s) => s.no_op && s.change_set_arn !== null).length;
  const changed = record.stacks.filter((s) => !s.no_op).length;
  const parts: string[] = [];
  if (skipped > 0) {
    parts.push(`${plural(skipped, 'stack')} unchanged, skipped without a change set`);
  }
  if (emptyChangeSet > 0) {
    parts.push(`${plural(emptyChangeSet, 'stack')} unchanged after an empty change set`);
  }
  if (changed > 0) parts.push(`${plural(changed, 'stack')} changed`);
  const stacks = parts.length > 0 ? parts.join('; ') : 'no stacks';
  return `second deploy: ${stacks} (status ${record.deployment.status})`;
}

/** Where a run left its files: job summary, record, outputs file and artifact folder. */
export function fileLocations(result: Pick<ActionRunResult, 'outputs' | 'runnerTemp'>): string[] {
  const { outputs } = result;
  const or = (value: string | undefined): string => (value ? value : '(not written)');
  return [
    `  job summary:     ${join(result.runnerTemp, 'summary')} (GITHUB_STEP_SUMMARY)`,
    `  record:          ${or(outputs['record-file'])}`,
    `  outputs file:    ${or(outputs['outputs-file'])}`,
    `  artifact folder: ${or(outputs['artifact-path'])}`,
  ];
}
