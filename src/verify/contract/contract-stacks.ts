import {
  ContractError,
  pointerOf,
  type ContractLocation,
  type ContractProblem,
} from './contract-error.js';
import { namesStack, type Contract } from './contract.js';

export interface AssemblyStack {
  /** The hierarchical id (`Api`, `Prod/Api`). */
  readonly id: string;
  readonly stackName: string;
}

function describeStack(stack: AssemblyStack): string {
  return stack.id === stack.stackName ? stack.id : `${stack.id} (stack name ${stack.stackName})`;
}

/**
 * Throws a ContractError when the contract names a stack (an `outputs` key, or a rule's `stack`)
 * that the cloud assembly does not hold, listing the stacks it holds. Called before deploying.
 */
export function checkContractStacks(contract: Contract, stacks: readonly AssemblyStack[]): void {
  const named = new Map<string, ContractLocation>();
  for (const rule of contract.outputs) {
    if (!named.has(rule.stack)) {
      named.set(rule.stack, {
        pointer: pointerOf(['outputs', rule.stack]),
        line: rule.location.line,
      });
    }
  }
  for (const rule of contract.resources) {
    if (rule.stack !== null && !named.has(rule.stack)) {
      named.set(rule.stack, {
        pointer: `${rule.location.pointer}/stack`,
        line: rule.location.line,
      });
    }
  }
  const existing = stacks.length
    ? stacks.map(describeStack).join(', ')
    : 'none (the assembly holds no stack)';
  const problems: ContractProblem[] = [];
  for (const [name, location] of named) {
    if (stacks.some((stack) => namesStack(name, stack))) continue;
    const lower = name.toLowerCase();
    const near = stacks.find(
      (s) => s.id.toLowerCase() === lower || s.stackName.toLowerCase() === lower,
    );
    problems.push({
      ...location,
      message: `stack '${name}' is not in the cloud assembly; its stacks are ${existing}`,
      fix: near
        ? `did you mean '${near.id}'? Stack ids and names are case-sensitive`
        : "name a stack by its id (such as 'Prod/Api' inside a Stage) or its stack name, or remove the entry",
    });
  }
  if (problems.length > 0) throw new ContractError(contract.file, problems);
}
