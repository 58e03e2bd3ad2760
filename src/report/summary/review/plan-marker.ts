/**
 * The plan id in the pull-request comment, in a hidden line a later deploy can read back: the run's
 * id and each stack's digest, so that a deploy bound to the comment names the stacks that differ.
 */
import { isPlanId } from '../../../model/plan-id.js';

const MARKER = 'cdk-deploy-action:plan';

export interface PlanMarker {
  readonly planId: string;
  /** Digest by stack name. */
  readonly stacks: Readonly<Record<string, string>>;
  /** Every stack was planned: the comment shows the whole plan, not a run in progress or failed. */
  readonly complete: boolean;
}

/** `<!-- cdk-deploy-action:plan {"id":"plan-v1:…","stacks":{…}} -->`; JSON cannot hold `-->` unescaped here. */
export function planMarker(marker: PlanMarker): string {
  const json = JSON.stringify({
    id: marker.planId,
    stacks: marker.stacks,
    complete: marker.complete,
  }).replace(/>/g, '\\u003e');
  return `<!-- ${MARKER} ${json} -->`;
}

/** The plan marker in a comment body, or null when there is none (or it is not well formed). */
export function readPlanMarker(body: string): PlanMarker | null {
  const start = body.indexOf(`<!-- ${MARKER} `);
  if (start < 0) return null;
  const end = body.indexOf(' -->', start);
  if (end < 0) return null;
  try {
    const parsed = JSON.parse(body.slice(start + MARKER.length + 6, end)) as {
      id?: unknown;
      stacks?: unknown;
      complete?: unknown;
    };
    if (typeof parsed.id !== 'string' || !isPlanId(parsed.id)) return null;
    const stacks: Record<string, string> = {};
    if (parsed.stacks && typeof parsed.stacks === 'object') {
      for (const [name, digest] of Object.entries(parsed.stacks as Record<string, unknown>)) {
        if (typeof digest === 'string') stacks[name] = digest;
      }
    }
    return { planId: parsed.id, stacks, complete: parsed.complete === true };
  } catch {
    return null;
  }
}
