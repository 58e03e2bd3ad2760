import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../src/verify/contract/load-contract.js';

const schemaPath = fileURLToPath(
  new URL('../../src/verify/contract/contract.schema.json', import.meta.url),
);
const readmePath = fileURLToPath(new URL('../../src/verify/contract/README.md', import.meta.url));
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/contracts/${name}`, import.meta.url)), 'utf8');

/** The published schema as any draft 2020-12 validator reads it, formats included. */
function publishedValidator() {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
}

describe('contract.schema.json', () => {
  it('is a draft 2020-12 schema that compiles in strict mode', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => publishedValidator()).not.toThrow();
  });

  it('accepts the valid fixtures and rejects the invalid ones, as the loader does', () => {
    const validate = publishedValidator();
    for (const name of ['demo.yml', 'demo.json', 'json-content.txt', 'unknown-stack.yml']) {
      expect(validate(parse(fixture(name))), name).toBe(true);
    }
    for (const name of ['schema-errors.yml', 'unknown-shape.yml', 'bad-regex.yml']) {
      expect(validate(parse(fixture(name))), name).toBe(false);
    }
  });

  it('is what every example in the README is checked against', () => {
    const readme = readFileSync(readmePath, 'utf8');
    const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((match) => match[1] ?? '')
      .filter((text) => /^version: 1$/m.test(text));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of examples) {
      expect(() => parseContract(example, 'README.md')).not.toThrow();
    }
  });
});
