/** The plan id's form, `plan-v1:` and a SHA-256 in hex; how it is computed is src/review/plan-digest.ts. */
export const PLAN_ID_PREFIX = 'plan-v1:';

const PLAN_ID = /^plan-v1:[0-9a-f]{64}$/;

export function isPlanId(value: string): boolean {
  return PLAN_ID.test(value);
}
