import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../src/verify/contract/contract-error.js';
import { loadContract, parseContract } from '../../src/verify/contract/load-contract.js';

const fixtures = fileURLToPath(new URL('../fixtures/contracts/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);
const scratch = mkdtempSync(join(tmpdir(), 'contract-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function contractError(load: () => unknown): ContractError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('expected a ContractError');
}

const parseError = (text: string) => contractError(() => parseContract(text, 'contract.yml'));

describe('loadContract', () => {
  it('reads a YAML contract into typed, frozen rules', () => {
    const contract = loadContract(fixture('demo.yml'));
    expect(contract.file).toBe(fixture('demo.yml'));
    expect(contract.version).toBe(1);
    expect(contract.outputs).toContainEqual({
      stack: 'DemoData',
      output: 'TableName',
      expectation: { kind: 'exists', exists: true },
      environments: null,
      location: { pointer: '/outputs/DemoData/TableName', line: 6 },
    });
    expect(contract.outputs).toContainEqual(
      expect.objectContaining({
        stack: 'DemoQueue',
        output: 'TopicArn',
        expectation: { kind: 'exists', exists: true },
        environments: ['prod'],
      }),
    );
    const table = contract.resources[1];
    expect(table).toMatchObject({
      index: 1,
      label: 'resources[1] AWS::DynamoDB::Table',
      type: 'AWS::DynamoDB::Table',
      environments: ['prod'],
      stack: 'DemoData',
      logicalId: 'Requests*',
      properties: [
        {
          path: 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled',
          expectation: { kind: 'equals', equals: true },
        },
      ],
    });
    expect(contract.resources[0]?.label).toBe('resources[0] "buckets are encrypted and private"');
    expect(contract.resources[2]?.properties[0]?.expectation).toEqual({
      kind: 'pattern',
      pattern: '^nodejs(20|22)\\.x$',
    });
    expect(contract.tags).toEqual({
      required: ['owner', 'cost-center'],
      environments: { prod: ['data-classification'] },
    });
    expect(Object.isFrozen(contract)).toBe(true);
    expect(Object.isFrozen(contract.resources[1]?.properties[0]?.expectation)).toBe(true);
    expect(Object.isFrozen(contract.tags.environments.prod)).toBe(true);
  });

  it('reads the same contract from JSON, with a $schema key, to the same rules', () => {
    const fromYaml = loadContract(fixture('demo.yml'));
    const fromJson = loadContract(fixture('demo.json'));
    // The same rules, at other lines of another file.
    const strip = (c: typeof fromYaml) =>
      JSON.parse(
        JSON.stringify({ ...c, file: null }, (key, value: unknown) =>
          key === 'location' ? undefined : value,
        ),
      ) as unknown;
    expect(strip(fromJson)).toEqual(strip(fromYaml));
  });

  it('tells JSON from YAML by the content, not the file name', () => {
    expect(loadContract(fixture('json-content.txt')).tags.required).toEqual(['owner']);
    const yamlInJson = join(scratch, 'contract.json');
    writeFileSync(yamlInJson, 'version: 1\ntags:\n  required: [team]\n');
    expect(loadContract(yamlInJson).tags.required).toEqual(['team']);
    // A YAML flow mapping opens like JSON but is not JSON: still read as YAML.
    expect(
      parseContract("{ version: 1, tags: { required: ['a'] } }", 'c.yml').tags.required,
    ).toEqual(['a']);
  });

  it('takes an output named with nothing after the colon as "must exist"', () => {
    const contract = parseContract('version: 1\noutputs:\n  Api:\n    Url:\n', 'c.yml');
    expect(contract.outputs[0]?.expectation).toEqual({ kind: 'exists', exists: true });
  });

  it('takes a list of expectations per output, one per environment', () => {
    const contract = parseContract(
      [
        'version: 1',
        'outputs:',
        '  Prod/Api:',
        '    Stage:',
        '      - { equals: prod, environments: [prod] }',
        '      - { equals: staging, environments: [staging] }',
      ].join('\n'),
      'c.yml',
    );
    expect(contract.outputs).toEqual([
      expect.objectContaining({
        stack: 'Prod/Api',
        output: 'Stage',
        expectation: { kind: 'equals', equals: 'prod' },
        environments: ['prod'],
        location: { pointer: '/outputs/Prod~1Api/Stage/0', line: 5 },
      }),
      expect.objectContaining({
        expectation: { kind: 'equals', equals: 'staging' },
        environments: ['staging'],
      }),
    ]);
  });

  it('names the file when it cannot be read', () => {
    const missing = join(scratch, 'missing.yml');
    const error = contractError(() => loadContract(missing));
    expect(error.file).toBe(missing);
    expect(error.message).toBe(
      `Contract ${missing}: the file does not exist. Fix: check the path given in the 'contract' input`,
    );
    expect(error.cause).toMatchObject({ code: 'ENOENT' });
    expect(contractError(() => loadContract(scratch)).message).toContain('is a directory');
  });
});

describe('a contract that is not YAML or JSON', () => {
  it('gives the YAML error with its line', () => {
    const error = contractError(() => loadContract(fixture('not-yaml.txt')));
    expect(error.problems).toEqual([
      {
        pointer: '',
        line: 3,
        message: 'not valid YAML: Nested mappings are not allowed in compact mappings',
        fix: "correct the YAML syntax there; a contract is a YAML mapping (or a JSON object) that starts with 'version: 1'",
      },
    ]);
    expect(error.message).toMatch(/^Contract .*not-yaml\.txt: line 3: not valid YAML: /);
  });

  it("gives JSON's error with its line when the text opens like JSON and is neither", () => {
    const error = contractError(() => loadContract(fixture('not-json.txt')));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ pointer: '', line: 5 });
    expect(error.problems[0]?.message).toMatch(/^not valid JSON: /);
    expect(error.problems[0]?.fix).toBe(
      'correct the JSON syntax there, or write the contract as YAML',
    );
  });

  it('says a plain text file is not a mapping', () => {
    const error = contractError(() => loadContract(fixture('plain-text.txt')));
    expect(error.message).toMatch(
      /plain-text\.txt: line 1: the file holds a plain string, not a mapping\. Fix: write a YAML mapping \(or a JSON object\) that starts with 'version: 1'$/,
    );
  });

  it('says an empty file or a list is not a contract', () => {
    expect(parseError('').message).toBe(
      "Contract contract.yml: the file holds nothing (it is empty), not a mapping. Fix: write a YAML mapping (or a JSON object) that starts with 'version: 1'",
    );
    expect(parseError('- a\n- b\n').problems[0]?.message).toBe(
      'the file holds a list, not a mapping',
    );
  });

  it('says a mapping with none of the keys of a contract is not a contract, once', () => {
    const error = parseError('name: my app\nowner: me\n');
    expect(error.problems).toEqual([
      expect.objectContaining({
        message: "the file holds none of a contract's keys (version, outputs, resources, tags)",
      }),
    ]);
  });

  it('rejects duplicate keys, which JSON.parse would let pass', () => {
    expect(parseError('version: 1\ntags: {}\ntags: {}\n').problems[0]).toMatchObject({
      line: 3,
      message: 'a key appears twice in the same mapping',
    });
    expect(parseError('{ "version": 1, "version": 1 }').problems[0]?.message).toBe(
      'a key appears twice in the same mapping',
    );
  });

  it('rejects several YAML documents in one file', () => {
    expect(parseError('version: 1\n---\nversion: 1\n').problems[0]).toMatchObject({
      line: 2,
      message: 'the file holds more than one YAML document',
    });
  });
});

describe('a contract that fails its schema', () => {
  it('lists every problem in file order, each with its line, JSON pointer and fix', () => {
    const error = contractError(() => loadContract(fixture('schema-errors.yml')));
    expect(error.problems.map((p) => [p.line, p.pointer, p.message, p.fix])).toEqual([
      [
        1,
        '/version',
        'version 2 is not supported',
        "write 'version: 1', the contract version this action reads",
      ],
      [
        4,
        '/outputs/DemoApi/Api-Url',
        "'Api-Url' is not a CloudFormation output name",
        "use the output's name as in the template's Outputs: letters and digits only",
      ],
      [
        5,
        '/resource',
        "unknown key 'resource'",
        "did you mean 'resources'? Keys allowed here: version, outputs, resources, tags",
      ],
      [
        8,
        '/resources/0',
        "'type' is missing",
        "add the CloudFormation resource type, e.g. 'type: AWS::S3::Bucket'",
      ],
      [
        10,
        '/resources/0/properties/BucketEncryption/exists',
        '"yes" is a plain string, not a boolean',
        'write true or false',
      ],
      [
        11,
        '/resources/1/type',
        "'S3::Bucket' is not a CloudFormation resource type",
        'write the type as CloudFormation does, e.g. AWS::S3::Bucket or AWS::DynamoDB::Table',
      ],
      [
        12,
        '/resources/1/environments',
        '"prod" is a plain string, not a list',
        'write a list of environment names, e.g. [prod]',
      ],
      [13, '/resources/1/properties', 'is empty', 'add at least one property expectation'],
      [15, '/tags/required', 'lists "owner" twice', 'remove the duplicate'],
    ]);
    expect(error.message.split('\n')[0]).toMatch(/^Contract .*schema-errors\.yml has 9 problems:$/);
    expect(error.message).toContain(
      "  - line 5 at /resource: unknown key 'resource'. Fix: did you mean 'resources'?",
    );
  });

  it('names a missing version and a resource type that is not one', () => {
    expect(parseError('tags: { required: [owner] }\n').message).toBe(
      "Contract contract.yml: line 1: 'version' is missing. Fix: add 'version: 1' at the top of the file",
    );
    expect(
      parseError(
        'version: 1\nresources:\n  - type: S3::Bucket\n    properties: { A: { exists: true } }\n',
      ).problems[0],
    ).toEqual({
      pointer: '/resources/0/type',
      line: 3,
      message: "'S3::Bucket' is not a CloudFormation resource type",
      fix: 'write the type as CloudFormation does, e.g. AWS::S3::Bucket or AWS::DynamoDB::Table',
    });
  });

  it('rejects a property path that is not a dot path, and a logical id glob with other characters', () => {
    const error = parseError(
      'version: 1\nresources:\n  - type: AWS::S3::Bucket\n    logicalId: Reports-*\n    properties:\n      A..B: { exists: true }\n',
    );
    expect(error.problems.map((p) => [p.pointer, p.message])).toEqual([
      ['/resources/0/logicalId', "'Reports-*' is not a logical id"],
      ['/resources/0/properties/A..B', "'A..B' is not a property path"],
    ]);
  });
});

describe('an unknown expectation shape', () => {
  it('names the path and the shapes allowed', () => {
    const error = contractError(() => loadContract(fixture('unknown-shape.yml')));
    const shapes =
      "write exactly one of { exists: true } (or false), { equals: <any JSON value> } or { pattern: '<regular expression>' }";
    expect(error.problems).toEqual([
      {
        pointer: '/resources/0/properties/BucketEncryption',
        line: 5,
        message: 'unknown property expectation {"present":true}',
        fix: shapes,
      },
      {
        pointer:
          '/resources/1/properties/PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled',
        line: 8,
        message: 'unknown property expectation true',
        fix: `${shapes}; for this value: { equals: true }`,
      },
      {
        pointer: '/resources/1/properties/BillingMode',
        line: 9,
        message: 'unknown property expectation {"equals":"PAY_PER_REQUEST","pattern":"^PAY"}',
        fix: shapes,
      },
    ]);
  });

  it('names the output shapes for an output', () => {
    const error = parseError(
      "version: 1\noutputs:\n  Api:\n    Url: '^https://'\n    Arn: { matches: x }\n    Name: { exists: true, equals: x }\n",
    );
    expect(error.problems.map((p) => [p.line, p.pointer, p.message])).toEqual([
      [4, '/outputs/Api/Url', 'unknown output expectation "^https://"'],
      [5, '/outputs/Api/Arn', 'unknown output expectation {"matches":"x"}'],
      [6, '/outputs/Api/Name', 'unknown output expectation {"exists":true,"equals":"x"}'],
    ]);
    expect(error.problems[0]?.fix).toBe(
      "write one of {} (the output exists), { exists: true|false }, { equals: '<value>' } or { pattern: '<regular expression>' }, each optionally with environments: [<name>, ...]",
    );
  });
});

describe('a pattern that is not a regular expression', () => {
  it('names each one with its place and JavaScript’s reason', () => {
    const error = contractError(() => loadContract(fixture('bad-regex.yml')));
    expect(error.problems.map((p) => [p.line, p.pointer])).toEqual([
      [4, '/outputs/DemoApi/ApiFunctionArn/pattern'],
      [8, '/resources/0/properties/Runtime/pattern'],
    ]);
    expect(error.problems[0]?.message).toMatch(
      /^pattern "\^arn:\(aws" is not a regular expression \(Invalid regular expression: .*\)$/,
    );
    expect(error.problems[1]?.fix).toMatch(/^write a JavaScript regular expression/);
  });
});
