import type { Contract } from '../contract/contract.js';

/**
 * The tag keys every taggable resource must carry in `environment`: those of the `required-tags`
 * input, the contract's `tags.required`, and the contract's `tags.environments[environment]`,
 * each once, in that order.
 */
export function requiredTagKeys(
  requiredTagsInput: readonly string[],
  contract: Contract | null,
  environment: string,
): string[] {
  const keys = [
    ...requiredTagsInput,
    ...(contract?.tags.required ?? []),
    ...(contract?.tags.environments[environment] ?? []),
  ]
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  return [...new Set(keys)];
}
