import { describe, expect, it } from 'vitest';
import { MASK, Secrets } from '../../src/report/secrets.js';

const stacks: { name: string; outputs: Record<string, string> }[] = [
  { name: 'Api', outputs: { ApiKey: 'k-123', Url: 'https://api.example.com', Empty: '' } },
  { name: 'Db', outputs: { Password: 'hunter2', ApiKey: 'k-456', Endpoint: 'db.local' } },
];

function secretsFor(patterns: string[]) {
  const masked: string[] = [];
  const secrets = new Secrets((value) => masked.push(value));
  secrets.nameOutputs(patterns);
  secrets.reveal(stacks);
  return { secrets, masked };
}

describe('Secrets', () => {
  it.each([
    [['ApiKey'], ['k-123', 'k-456']],
    [['Db.ApiKey'], ['k-456']],
    [
      ['*Key', 'Pass*'],
      ['k-123', 'hunter2', 'k-456'],
    ],
    [['Api.*'], ['k-123', 'https://api.example.com']],
    [['Missing'], []],
    [[], []],
  ])('masks the outputs named by %j', (patterns, expected) => {
    expect(secretsFor(patterns).masked).toEqual(expected);
  });

  it('masks added values such as tokens once, and skips empty ones', () => {
    const { secrets, masked } = secretsFor([]);
    secrets.add('ghs_token');
    secrets.add('ghs_token');
    secrets.add('');
    secrets.add(undefined);
    expect(masked).toEqual(['ghs_token']);
    expect(secrets.redact({ log: 'Bearer ghs_token' })).toEqual({ log: `Bearer ${MASK}` });
  });

  it('treats pattern characters other than * literally', () => {
    expect(secretsFor(['Api.Url']).masked).toEqual(['https://api.example.com']);
    expect(secretsFor(['Api?Url', 'A.i.Url']).masked).toEqual([]);
  });

  it('masks a value once, however often it is revealed', () => {
    const { secrets, masked } = secretsFor(['Password']);
    secrets.reveal(stacks);
    expect(masked).toEqual(['hunter2']);
  });

  it('replaces secret values wherever they appear in strings, leaving the rest', () => {
    const { secrets } = secretsFor(['Password']);
    const record = {
      stacks: [{ outputs: { Password: 'hunter2', Endpoint: 'db.local' } }],
      logs: [{ message: 'verify-command printed hunter2 and hunter2' }],
      count: 2,
    };
    expect(secrets.redact(record)).toEqual({
      stacks: [{ outputs: { Password: MASK, Endpoint: 'db.local' } }],
      logs: [{ message: `verify-command printed ${MASK} and ${MASK}` }],
      count: 2,
    });
    expect(record.stacks[0]?.outputs.Password).toBe('hunter2');
  });
});
