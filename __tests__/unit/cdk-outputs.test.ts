import { describe, expect, it } from 'vitest';
import { Stack } from '../../src/model/stack.js';
import type { StackStatus } from '../../src/model/transitions.js';
import { cdkOutputs, stackOutputName } from '../../src/report/cdk-outputs.js';

const DEPLOYMENT_ID = '33333333-3333-4333-8333-333333333333';

const PATHS: Record<StackStatus, StackStatus[]> = {
  pending: [],
  synthesizing: ['synthesizing'],
  deploying: ['synthesizing', 'deploying'],
  deployed: ['synthesizing', 'deploying', 'deployed'],
  failed: ['synthesizing', 'deploying', 'failed'],
};

function stack(name: string, status: StackStatus, outputs: Record<string, string>): Stack {
  const s = new Stack(DEPLOYMENT_ID, {
    name,
    artifactId: name,
    environment: 'aws://111111111111/eu-west-1',
    templatePath: `/cdk.out/${name}.template.json`,
    dependencies: [],
  });
  for (const step of PATHS[status]) s.transition(step);
  s.outputs = outputs;
  return s;
}

describe('stackOutputName', () => {
  it.each([
    ['Api', 'Url', 'Api_Url'],
    ['Api-Stack', 'Url', 'Api-Stack_Url'],
    ['my.stack', 'Out Key', 'my_stack_Out_Key'],
    ['Prod/Api', 'Url', 'Prod_Api_Url'],
    ['Api', 'Url:Ü', 'Api_Url__'],
    ['1stack', 'Url', '_1stack_Url'],
    ['-stack', 'Url', '_-stack_Url'],
    ['_private', 'Url', '_private_Url'],
  ])('%s + %s -> %s', (stackName, key, expected) => {
    const name = stackOutputName(stackName, key);
    expect(name).toBe(expected);
    // GitHub's rule for output ids: start with a letter or '_', then letters, digits, '-', '_'
    expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
  });
});

describe('cdkOutputs', () => {
  it('includes only deployed stacks with outputs, in the shape of cdk deploy --outputs-file', () => {
    const stacks = [
      stack('Network', 'deployed', { VpcId: 'vpc-1' }),
      stack('Api', 'failed', { Url: 'https://half.example.com' }),
      stack('Web', 'deploying', { Url: 'https://soon.example.com' }),
      stack('Queue', 'pending', {}),
      stack('Empty', 'deployed', {}),
    ];
    // A stack without outputs is left out, as `cdk deploy --outputs-file` leaves it out.
    expect(cdkOutputs(stacks)).toEqual({ Network: { VpcId: 'vpc-1' } });
  });

  it('drops a stack that was deployed and then failed its verification', () => {
    const verified = stack('Api', 'deployed', { Url: 'https://api.example.com' });
    expect(cdkOutputs([verified])).toEqual({ Api: { Url: 'https://api.example.com' } });
    verified.fail('output Url does not answer');
    expect(cdkOutputs([verified])).toEqual({});
  });

  it('copies the outputs rather than sharing the stack object', () => {
    const network = stack('Network', 'deployed', { VpcId: 'vpc-1' });
    const outputs = cdkOutputs([network]);
    outputs.Network!.VpcId = 'changed';
    expect(network.outputs.VpcId).toBe('vpc-1');
  });

  it('is empty for no stacks', () => {
    expect(cdkOutputs([])).toEqual({});
  });
});
