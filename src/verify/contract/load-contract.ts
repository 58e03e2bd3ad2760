import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import schema from './contract.schema.json';
import { ContractError, type ContractProblem } from './contract-error.js';
import type { Contract } from './contract.js';
import { ContractBuilder, deepFreeze, type RawContract } from './normalize-contract.js';
import { parseContractText } from './parse-document.js';
import { locate, notAContract, schemaProblems } from './schema-errors.js';

export { ContractError } from './contract-error.js';
export { checkContractStacks } from './contract-stacks.js';

let compiled: ValidateFunction | undefined;

/** The published schema, compiled once. Regexes are checked by the builder, so formats are not. */
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({
    allErrors: true,
    strict: true,
    // `required` inside `not` (exists/equals/pattern are exclusive) names properties declared beside it.
    strictRequired: false,
    allowUnionTypes: true,
    validateFormats: false,
    verbose: true,
  }).compile(schema);
  return compiled;
}

/**
 * A contract from its text (YAML or JSON, told apart by the content). `file` names it in errors.
 * Throws one ContractError listing every problem, each with its line, JSON pointer and fix.
 */
export function parseContract(text: string, file: string): Contract {
  const parsed = parseContractText(text);
  if (!parsed.ok) throw new ContractError(file, [parsed.problem]);
  const { value, lineOf } = parsed.document;
  const validate = validator();
  if (!validate(value)) {
    const problems = [notAContract(value) ?? schemaProblems(validate.errors ?? [])].flat();
    throw new ContractError(file, locate(problems, lineOf));
  }
  const builder = new ContractBuilder(file, lineOf);
  const contract = builder.build(value as RawContract);
  if (builder.problems.length > 0) throw new ContractError(file, locate(builder.problems, lineOf));
  return deepFreeze(contract);
}

/** Reads and validates the contract file at `path`; every problem is a ContractError. */
export function loadContract(path: string): Contract {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem: ContractProblem = {
      pointer: '',
      line: null,
      message:
        code === 'ENOENT'
          ? 'the file does not exist'
          : code === 'EISDIR'
            ? 'is a directory, not a file'
            : `cannot be read (${(error as Error).message})`,
      fix: "check the path given in the 'contract' input",
    };
    throw new ContractError(path, [problem], { cause: error });
  }
  return parseContract(text, path);
}
