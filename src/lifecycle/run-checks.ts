import { resolve } from 'node:path';
import type { Settings } from '../settings/settings.js';
import type { Contract } from '../verify/contract/contract.js';
import { requiredTagKeys } from '../verify/tags/required-tag-keys.js';

/** The contract (when the input names one) and the tag keys the run checks. */
export async function loadRunChecks(
  settings: Settings,
): Promise<{ contract: Contract | null; requiredTags: string[] }> {
  const contract = settings.contract
    ? // Loaded only for a run with a contract: its YAML parser and schema validator are large.
      (await import('../verify/contract/load-contract.js')).loadContract(
        resolve(settings.workingDirectory, settings.contract),
      )
    : null;
  return {
    contract,
    requiredTags: requiredTagKeys(settings.requiredTags, contract, settings.environment),
  };
}
