import { describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from '../../src/assembly/stack-artifact.js';
import {
  exportedNames,
  exportUnchanged,
  importedExports,
  readsParametersAtChangeSet,
} from '../../src/plan/known-inputs.js';

const exporting = (resources: Record<string, unknown>, value: unknown): CloudFormationTemplate =>
  ({
    Resources: resources,
    Outputs: { Url: { Value: value, Export: { Name: 'A:Url' } } },
  }) as CloudFormationTemplate;

const queue = { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: 1 } };

describe('what a template imports and exports', () => {
  it('lists literal import names, and gives up on a computed one', () => {
    const literal = {
      Resources: { P: { Type: 'X', Properties: { V: { 'Fn::ImportValue': 'A:Url' } } } },
      Outputs: { O: { Value: { 'Fn::ImportValue': 'B:Arn' } } },
    } as CloudFormationTemplate;
    expect(importedExports(literal)?.sort()).toEqual(['A:Url', 'B:Arn']);
    const computed = {
      Resources: {
        P: { Type: 'X', Properties: { V: { 'Fn::ImportValue': { 'Fn::Sub': '${Env}:Url' } } } },
      },
    } as CloudFormationTemplate;
    expect(importedExports(computed)).toBeNull();
    expect(exportedNames(exporting({ Q: queue }, { Ref: 'Q' }))).toEqual(['A:Url']);
  });

  it('tells SSM parameter types, resolved when a change set is made, from the bootstrap version', () => {
    const params = (p: Record<string, { Type: string }>) =>
      ({ Parameters: p }) as CloudFormationTemplate;
    expect(
      readsParametersAtChangeSet(
        params({ BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>' } }),
      ),
    ).toBe(false);
    expect(
      readsParametersAtChangeSet(params({ Ami: { Type: 'AWS::SSM::Parameter::Value<String>' } })),
    ).toBe(true);
  });
});

describe('whether an export keeps its value', () => {
  it('does when the output and the resources it is computed from are unchanged', () => {
    const before = exporting({ Q: queue }, { 'Fn::GetAtt': ['Q', 'Arn'] });
    const after = exporting(
      { Q: queue, Extra: { Type: 'AWS::SNS::Topic' } },
      { 'Fn::GetAtt': ['Q', 'Arn'] },
    );
    expect(exportUnchanged(before, after, 'A:Url')).toBe(true);
  });

  it('follows references through resources and Fn::Sub', () => {
    const role = { Type: 'AWS::IAM::Role', Properties: { Name: { Ref: 'Q' } } };
    const before = exporting({ Q: queue, R: role }, { 'Fn::Sub': 'arn:${R.Arn}' });
    const changedQueue = { ...queue, Properties: { DelaySeconds: 2 } };
    const after = exporting({ Q: changedQueue, R: role }, { 'Fn::Sub': 'arn:${R.Arn}' });
    expect(exportUnchanged(before, before, 'A:Url')).toBe(true);
    expect(exportUnchanged(before, after, 'A:Url')).toBe(false);
  });

  it('does not when the resource changes, the output changes, or the export is new', () => {
    const before = exporting({ Q: queue }, { Ref: 'Q' });
    const changed = exporting({ Q: { ...queue, Properties: {} } }, { Ref: 'Q' });
    expect(exportUnchanged(before, changed, 'A:Url')).toBe(false);
    const otherValue = exporting({ Q: queue }, { 'Fn::GetAtt': ['Q', 'Arn'] });
    expect(exportUnchanged(before, otherValue, 'A:Url')).toBe(false);
    expect(exportUnchanged({ Resources: {} }, before, 'A:Url')).toBe(false);
  });

  it('does not know through a parameter or another import', () => {
    const withParameter = exporting({ Q: queue }, { Ref: 'Stage' });
    expect(exportUnchanged(withParameter, withParameter, 'A:Url')).toBe(false);
    const throughImport = exporting({ Q: queue }, { 'Fn::ImportValue': 'Z:Url' });
    expect(exportUnchanged(throughImport, throughImport, 'A:Url')).toBe(false);
    const pseudo = exporting({ Q: queue }, { 'Fn::Sub': '${AWS::Region}-${Q}' });
    expect(exportUnchanged(pseudo, pseudo, 'A:Url')).toBe(true);
  });
});
