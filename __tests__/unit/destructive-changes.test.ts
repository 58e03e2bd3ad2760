import type { Change, ResourceChange } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from '../../src/assembly/stack-artifact.js';
import {
  changeKind,
  classifyChanges,
  describeDestructive,
  destructiveReason,
  STATEFUL_RESOURCE_TYPES,
  templateAdditions,
} from '../../src/cloudformation/classify-changes.js';

function change(
  action: ResourceChange['Action'],
  resourceType: string,
  extra: Partial<ResourceChange> = {},
  logicalId = 'Res',
): Change {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: action,
      LogicalResourceId: logicalId,
      ResourceType: resourceType,
      ...extra,
    },
  };
}

const TABLE = 'AWS::DynamoDB::Table';

function withPolicy(
  logicalId: string,
  policy: Record<string, string>,
  type = TABLE,
): CloudFormationTemplate {
  return { Resources: { [logicalId]: { Type: type, ...policy } } };
}

describe('changeKind', () => {
  it.each([
    ['Add', undefined, 'addition'],
    ['Import', undefined, 'addition'],
    ['Remove', undefined, 'removal'],
    ['Modify', 'True', 'replacement'],
    ['Modify', 'Conditional', 'replacement'],
    ['Modify', 'False', 'modification'],
    ['Modify', undefined, 'modification'],
    ['Dynamic', undefined, 'modification'],
  ] as const)('%s with Replacement %s is a %s', (action, replacement, kind) => {
    expect(changeKind(change(action, TABLE, { Replacement: replacement }))).toBe(kind);
  });

  it('ignores entries that are not resource changes', () => {
    expect(changeKind({ Type: 'Resource' })).toBeNull();
    expect(changeKind({ ...change('Add', TABLE), Type: 'Other' as Change['Type'] })).toBeNull();
  });
});

describe('destructiveReason', () => {
  it('flags the removal and the replacement of a stateful resource', () => {
    expect(destructiveReason(change('Remove', TABLE))).toBe(
      "removed: the table's items would be deleted",
    );
    expect(destructiveReason(change('Modify', TABLE, { Replacement: 'True' }))).toBe(
      "replaced: the table's items would be deleted with the old resource",
    );
    expect(destructiveReason(change('Modify', TABLE, { Replacement: 'Conditional' }))).toBe(
      "may be replaced: the table's items would be deleted with the old resource",
    );
  });

  it('does not flag additions, in-place modifications, or stateless types', () => {
    expect(destructiveReason(change('Add', TABLE))).toBeNull();
    expect(destructiveReason(change('Modify', TABLE, { Replacement: 'False' }))).toBeNull();
    expect(destructiveReason(change('Modify', TABLE))).toBeNull();
    expect(
      destructiveReason(change('Modify', 'AWS::Lambda::Function', { Replacement: 'True' })),
    ).toBeNull();
    expect(destructiveReason(change('Remove', 'AWS::IAM::Role'))).toBeNull();
    expect(destructiveReason(change('Remove', 'AWS::SNS::Topic'))).toBeNull();
  });

  it.each([
    'AWS::DynamoDB::Table',
    'AWS::S3::Bucket',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBCluster',
    'AWS::EFS::FileSystem',
    'AWS::Logs::LogGroup',
    'AWS::KMS::Key',
    'AWS::Cognito::UserPool',
    'AWS::Kinesis::Stream',
    'AWS::SQS::Queue',
  ])('counts %s as stateful', (type) => {
    expect(STATEFUL_RESOURCE_TYPES[type]).toBeTruthy();
    expect(destructiveReason(change('Remove', type))).toMatch(/^removed: .+ would be deleted$/);
  });

  it('lists only well-formed resource types', () => {
    for (const type of Object.keys(STATEFUL_RESOURCE_TYPES)) {
      expect(type).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
    }
  });

  it('spares a removal the deployed template retains (DeletionPolicy Retain)', () => {
    const removal = change('Remove', TABLE, {}, 'Table');
    for (const policy of ['Retain', 'RetainExceptOnCreate']) {
      const deployed = withPolicy('Table', { DeletionPolicy: policy });
      expect(destructiveReason(removal, { deployed, proposed: null })).toBeNull();
    }
    const deleted = withPolicy('Table', { DeletionPolicy: 'Delete' });
    expect(destructiveReason(removal, { deployed: deleted, proposed: null })).not.toBeNull();
    const snapshot = withPolicy('Db', { DeletionPolicy: 'Snapshot' }, 'AWS::RDS::DBInstance');
    expect(
      destructiveReason(change('Remove', 'AWS::RDS::DBInstance', {}, 'Db'), {
        deployed: snapshot,
        proposed: null,
      }),
    ).not.toBeNull();
  });

  it('spares a replacement the new template retains (UpdateReplacePolicy Retain)', () => {
    const replacement = change('Modify', TABLE, { Replacement: 'True' }, 'Table');
    const retained = withPolicy('Table', { UpdateReplacePolicy: 'Retain' });
    expect(destructiveReason(replacement, { deployed: null, proposed: retained })).toBeNull();
    // the deployed template's DeletionPolicy does not keep a replaced resource
    const deployedOnly = withPolicy('Table', { DeletionPolicy: 'Retain' });
    expect(
      destructiveReason(replacement, { deployed: deployedOnly, proposed: null }),
    ).not.toBeNull();
  });

  it("takes CloudFormation's PolicyAction over the templates when the change set has one", () => {
    const retainedInTemplate = withPolicy('Table', { DeletionPolicy: 'Retain' });
    const templates = { deployed: retainedInTemplate, proposed: null };
    expect(
      destructiveReason(change('Remove', TABLE, { PolicyAction: 'Delete' }, 'Table'), templates),
    ).not.toBeNull();
    expect(destructiveReason(change('Remove', TABLE, { PolicyAction: 'Retain' }))).toBeNull();
    expect(
      destructiveReason(
        change('Modify', TABLE, { Replacement: 'True', PolicyAction: 'ReplaceAndRetain' }),
      ),
    ).toBeNull();
    expect(
      destructiveReason(
        change('Modify', TABLE, { Replacement: 'True', PolicyAction: 'ReplaceAndDelete' }),
      ),
    ).not.toBeNull();
  });
});

describe('classifyChanges', () => {
  it('sorts a change set into additions, modifications, replacements and removals', () => {
    const changes: Change[] = [
      change('Add', 'AWS::SQS::Queue', {}, 'NewQueue'),
      change(
        'Modify',
        'AWS::SSM::Parameter',
        { Replacement: 'False', PhysicalResourceId: '/p' },
        'Param',
      ),
      change('Modify', TABLE, { Replacement: 'True', PhysicalResourceId: 'tbl-1' }, 'Table'),
      change('Modify', 'AWS::Lambda::Function', { Replacement: 'Conditional' }, 'Fn'),
      change('Remove', 'AWS::S3::Bucket', { PhysicalResourceId: 'bucket-1' }, 'Bucket'),
      change('Remove', 'AWS::SNS::Topic', {}, 'Topic'),
      { Type: 'Resource' },
    ];
    const result = classifyChanges(changes);
    const ids = (list: { logical_id: string }[]) => list.map((c) => c.logical_id);
    expect(ids(result.additions)).toEqual(['NewQueue']);
    expect(ids(result.modifications)).toEqual(['Param']);
    expect(ids(result.replacements)).toEqual(['Table', 'Fn']);
    expect(ids(result.removals)).toEqual(['Bucket', 'Topic']);
    expect(result.modifications[0]).toEqual({
      logical_id: 'Param',
      resource_type: 'AWS::SSM::Parameter',
      physical_id: '/p',
      replacement: 'False',
    });
    expect(result.additions[0]?.physical_id).toBeNull();
    expect(result.destructive).toEqual([
      {
        logical_id: 'Table',
        resource_type: TABLE,
        physical_id: 'tbl-1',
        replacement: 'True',
        action: 'replace',
        reason: "replaced: the table's items would be deleted with the old resource",
      },
      {
        logical_id: 'Bucket',
        resource_type: 'AWS::S3::Bucket',
        physical_id: 'bucket-1',
        replacement: null,
        action: 'remove',
        reason: "removed: the bucket's objects would be deleted",
      },
    ]);
    expect(describeDestructive('Data', result.destructive[1] as never)).toBe(
      "Data: Bucket (AWS::S3::Bucket) removed: the bucket's objects would be deleted",
    );
  });

  it('finds nothing destructive in an empty change set', () => {
    expect(classifyChanges([])).toEqual({
      additions: [],
      modifications: [],
      replacements: [],
      removals: [],
      destructive: [],
    });
  });
});

describe('templateAdditions', () => {
  it('adds every resource of the template, with its type', () => {
    const template: CloudFormationTemplate = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue' },
        Table: { Type: TABLE, Properties: {} },
      },
    };
    const additions = classifyChanges(templateAdditions(template)).additions;
    expect(additions.map((a) => [a.logical_id, a.resource_type])).toEqual([
      ['Queue', 'AWS::SQS::Queue'],
      ['Table', TABLE],
    ]);
    expect(templateAdditions({})).toEqual([]);
  });
});
