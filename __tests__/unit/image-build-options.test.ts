import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheOf, loadedInto, withBuildCache } from '../../src/assets/build-cache.js';
import { credentialStoreClash } from '../../src/assets/docker-config.js';

const use = { use: true, driver: 'docker-container' } as const;
const unused = { use: false, reason: 'no', driver: undefined } as const;

describe('the build cache an image gets', () => {
  it('is the GitHub Actions cache only when the run can use it and the app sets none', () => {
    expect(cacheOf({ directory: 'a' }, use)).toBe('gha');
    expect(cacheOf({ directory: 'a' }, unused)).toBe('none');
    expect(cacheOf({ directory: 'a', cacheFrom: [{ type: 'registry' }] }, use)).toBe('app');
    expect(cacheOf({ directory: 'a', cacheTo: { type: 'local' } }, use)).toBe('app');
    expect(cacheOf({ directory: 'a', cacheDisabled: true }, use)).toBe('none');
    expect(cacheOf({ executable: ['build.sh'] }, use)).toBe('none');
  });

  it('adds the cache scoped by the construct path and loads the result into the image store', () => {
    const source = withBuildCache({ directory: 'a', dockerBuildTarget: 't' }, 'Api/Image AB');
    expect(source).toEqual({
      directory: 'a',
      dockerBuildTarget: 't',
      cacheFrom: [{ type: 'gha', params: { scope: 'Api/Image-AB' } }],
      cacheTo: {
        type: 'gha',
        params: { mode: 'max', 'ignore-error': 'true', scope: 'Api/Image-AB' },
      },
      dockerOutputs: ['type=docker'],
    });
    expect(
      withBuildCache({ directory: 'a', dockerOutputs: ['type=oci'] }, 's').dockerOutputs,
    ).toEqual(['type=oci']);
  });
});

describe('an image built by a builder that does not load its result', () => {
  it('is loaded into the image store unless the app chose its outputs or builds by a command', () => {
    expect(loadedInto({ directory: 'a' }).dockerOutputs).toEqual(['type=docker']);
    expect(loadedInto({ directory: 'a', dockerOutputs: ['type=oci'] }).dockerOutputs).toEqual([
      'type=oci',
    ]);
    expect(loadedInto({ executable: ['build.sh'] })).toEqual({ executable: ['build.sh'] });
  });
});

describe('a docker config that clashes with the ECR login', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  const bin = mkdtempSync(join(tmpdir(), 'docker-helpers-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
  });
  const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
  const clash = (config: object | string, path = ''): string | undefined => {
    writeFileSync(
      join(dir, 'config.json'),
      typeof config === 'string' ? config : JSON.stringify(config),
    );
    return credentialStoreClash(registry, { DOCKER_CONFIG: dir, PATH: path });
  };

  it('is none without a credential store, or with one whose helper is installed', () => {
    expect(clash({ auths: {} })).toBeUndefined();
    expect(clash('not json')).toBeUndefined();
    writeFileSync(join(bin, 'docker-credential-pass'), '#!/bin/sh\n');
    chmodSync(join(bin, 'docker-credential-pass'), 0o755);
    expect(clash({ credsStore: 'pass' }, bin)).toBeUndefined();
    expect(clash({ credHelpers: { 'public.ecr.aws': 'ecr-login' } })).toBeUndefined();
  });

  it('names the file and the setting to change', () => {
    expect(clash({ credsStore: 'osxkeychain' })).toContain(
      `${join(dir, 'config.json')} sets credsStore to "osxkeychain"`,
    );
    expect(clash({ credHelpers: { [registry]: 'ecr-login' } })).toContain('Remove that entry');
  });
});
