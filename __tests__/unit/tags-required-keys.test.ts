import { describe, expect, it } from 'vitest';
import { parseContract } from '../../src/verify/contract/load-contract.js';
import { requiredTagKeys } from '../../src/verify/tags/required-tag-keys.js';

const contract = parseContract(
  [
    'version: 1',
    'tags:',
    '  required: [cost-center, team]',
    '  environments:',
    '    prod: [data-classification, owner]',
  ].join('\n'),
  'c.yml',
);

describe('requiredTagKeys', () => {
  it('takes the required-tags input alone when there is no contract', () => {
    expect(requiredTagKeys(['owner', ' cost-center ', ''], null, 'prod')).toEqual([
      'owner',
      'cost-center',
    ]);
    expect(requiredTagKeys([], null, 'dev')).toEqual([]);
  });

  it("adds the contract's keys, and its environment's keys only in that environment, each once", () => {
    expect(requiredTagKeys(['owner'], contract, 'staging')).toEqual([
      'owner',
      'cost-center',
      'team',
    ]);
    expect(requiredTagKeys(['owner'], contract, 'prod')).toEqual([
      'owner',
      'cost-center',
      'team',
      'data-classification',
    ]);
  });

  it('takes a contract without tags as requiring nothing more', () => {
    expect(requiredTagKeys(['owner'], parseContract('version: 1\n', 'c.yml'), 'prod')).toEqual([
      'owner',
    ]);
  });
});
