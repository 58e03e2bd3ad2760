/** The plan id and whether the plan needs approval, at the top of the changes; never trimmed. */
import type { DeploymentRecordFile } from '../../../model/record.js';
import type { Section } from '../fit-to-limit.js';
import { code, text } from '../markdown.js';
import { planMarker } from './plan-marker.js';

export function planIdSection(
  record: DeploymentRecordFile,
  options: { readonly marker: boolean },
): Section | null {
  const { plan_id: planId, approval } = record.deployment;
  if (!planId) return null;
  let head = '';
  if (options.marker) {
    const stacks: Record<string, string> = {};
    for (const stack of record.stacks)
      if (stack.plan_digest) stacks[stack.name] = stack.plan_digest;
    const complete =
      record.stacks.length > 0 && record.stacks.every((s) => s.status === 'deployed');
    head += `${planMarker({ planId, stacks, complete })}\n`;
  }
  head += `**Plan id:** ${code(planId)}\n\n`;
  if (approval?.required) {
    head += `⚠️ **Approval required** (require-approval: ${code(approval.require_approval)}): ${approval.reasons.map(text).join('; ')}\n\n`;
  } else if (approval && approval.require_approval !== 'never') {
    head += `No change needs approval (require-approval: ${code(approval.require_approval)}).\n\n`;
  }
  return { name: 'plan-id', label: 'plan id', head, items: [] };
}
