import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../src/verify/contract/contract-error.js';
import {
  checkContractStacks,
  loadContract,
  parseContract,
} from '../../src/verify/contract/load-contract.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/contracts/${name}`, import.meta.url));

const demoStacks = [
  { id: 'DemoData', stackName: 'DemoData' },
  { id: 'DemoQueue', stackName: 'DemoQueue' },
  { id: 'DemoApi', stackName: 'DemoApi' },
];

function contractError(check: () => void): ContractError {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('expected a ContractError');
}

describe('checkContractStacks', () => {
  it('accepts a contract whose stacks are all in the assembly', () => {
    expect(() => checkContractStacks(loadContract(fixture('demo.yml')), demoStacks)).not.toThrow();
  });

  it('names every unknown stack, where the contract names it, and the stacks that exist', () => {
    const file = fixture('unknown-stack.yml');
    const error = contractError(() => checkContractStacks(loadContract(file), demoStacks));
    expect(error.file).toBe(file);
    expect(error.problems).toEqual([
      {
        pointer: '/outputs/DemoAPI',
        line: 4,
        message:
          "stack 'DemoAPI' is not in the cloud assembly; its stacks are DemoData, DemoQueue, DemoApi",
        fix: "did you mean 'DemoApi'? Stack ids and names are case-sensitive",
      },
      {
        pointer: '/resources/0/stack',
        line: 8,
        message:
          "stack 'Missing' is not in the cloud assembly; its stacks are DemoData, DemoQueue, DemoApi",
        fix: "name a stack by its id (such as 'Prod/Api' inside a Stage) or its stack name, or remove the entry",
      },
    ]);
    expect(error.message).toMatch(
      /^Contract .*unknown-stack\.yml has 2 problems:\n {2}- line 4 at/,
    );
  });

  it('knows a stack by its hierarchical id or its stack name', () => {
    const stacks = [{ id: 'Prod/Api', stackName: 'prod-api' }];
    const byId = parseContract('version: 1\noutputs:\n  Prod/Api: { Url: {} }\n', 'c.yml');
    const byName = parseContract(
      'version: 1\nresources:\n  - { type: AWS::SQS::Queue, stack: prod-api, properties: { A: { exists: true } } }\n',
      'c.yml',
    );
    expect(() => checkContractStacks(byId, stacks)).not.toThrow();
    expect(() => checkContractStacks(byName, stacks)).not.toThrow();
    const error = contractError(() =>
      checkContractStacks(
        parseContract('version: 1\noutputs:\n  Api: { Url: {} }\n', 'c.yml'),
        stacks,
      ),
    );
    expect(error.message).toBe(
      "Contract c.yml: line 3 at /outputs/Api: stack 'Api' is not in the cloud assembly; its stacks are Prod/Api (stack name prod-api). Fix: name a stack by its id (such as 'Prod/Api' inside a Stage) or its stack name, or remove the entry",
    );
  });
});
