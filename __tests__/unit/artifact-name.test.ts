import { describe, expect, it } from 'vitest';
import {
  artifactName,
  defaultArtifactName,
  sanitizeArtifactName,
  sanitizePathInArtifact,
} from '../../src/report/artifact/artifact-name.js';
import {
  artifactServiceAvailability,
  isEnterpriseServer,
} from '../../src/report/artifact/artifact-service.js';

const ID = '3f2a9c1e-7b4d-4e1a-9c2b-5d6e7f8a9b0c';
/** Every character `@actions/artifact` refuses in an artifact name. */
const REFUSED = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];

describe('artifact names', () => {
  it('defaults to cdk-deployment-<environment>-<short deployment id>', () => {
    expect(defaultArtifactName('prod', ID)).toBe('cdk-deployment-prod-3f2a9c1e');
  });

  it('replaces every character the artifact service refuses', () => {
    for (const character of REFUSED) {
      const name = sanitizeArtifactName(`a${character}b`);
      expect(name, JSON.stringify(character)).toBe('a-b');
    }
    const all = sanitizeArtifactName(`deploy ${REFUSED.join('')} end`);
    for (const character of REFUSED) expect(all).not.toContain(character);
    expect(all.startsWith('deploy ')).toBe(true);
  });

  it('keeps a valid name as it is, trims surrounding spaces', () => {
    expect(sanitizeArtifactName('  my deployment (prod) #1  ')).toBe('my deployment (prod) #1');
  });

  it('sanitizes the environment inside the default name', () => {
    expect(defaultArtifactName('eu/prod:blue', ID)).toBe('cdk-deployment-eu-prod-blue-3f2a9c1e');
  });

  it('falls back when nothing usable is left', () => {
    expect(sanitizeArtifactName('', 'fallback')).toBe('fallback');
    expect(sanitizeArtifactName(' /:* ', 'fallback')).toBe('fallback');
    expect(sanitizeArtifactName('///', '???')).toBe('cdk-deployment');
  });

  it('uses the input when set and the default when blank', () => {
    expect(artifactName('release/v1', 'prod', ID)).toBe('release-v1');
    expect(artifactName('   ', 'prod', ID)).toBe('cdk-deployment-prod-3f2a9c1e');
    expect(artifactName('"*"', 'prod', ID)).toBe('cdk-deployment-prod-3f2a9c1e');
  });

  it('makes paths inside the artifact safe and keeps them inside it', () => {
    expect(sanitizePathInArtifact('templates/App.template.json')).toBe(
      'templates/App.template.json',
    );
    expect(sanitizePathInArtifact('templates\\a:b?.json')).toBe('templates/a-b-.json');
    expect(sanitizePathInArtifact('../../etc/passwd')).toBe('etc/passwd');
    expect(sanitizePathInArtifact('/abs/./x.json')).toBe('abs/x.json');
    expect(sanitizePathInArtifact('../..')).toBeNull();
    expect(sanitizePathInArtifact('')).toBeNull();
  });
});

describe('artifact service detection', () => {
  const runtime = {
    ACTIONS_RUNTIME_TOKEN: 'token',
    ACTIONS_RESULTS_URL: 'https://results-receiver.actions.githubusercontent.com/',
  };

  it('is available on github.com with the runtime variables', () => {
    expect(artifactServiceAvailability(runtime)).toEqual({ available: true });
    expect(
      artifactServiceAvailability({ ...runtime, GITHUB_SERVER_URL: 'https://github.com' }),
    ).toEqual({ available: true });
  });

  it('detects GitHub Enterprise Server from GITHUB_SERVER_URL', () => {
    expect(isEnterpriseServer(undefined)).toBe(false);
    expect(isEnterpriseServer('')).toBe(false);
    expect(isEnterpriseServer('https://github.com')).toBe(false);
    expect(isEnterpriseServer('https://GitHub.com/')).toBe(false);
    // GitHub Enterprise Cloud with data residency has the artifact service, as @actions/artifact says.
    expect(isEnterpriseServer('https://acme.ghe.com')).toBe(false);
    expect(isEnterpriseServer('https://github.acme.internal')).toBe(true);
    expect(isEnterpriseServer('https://ghes.example.com:8443')).toBe(true);
    expect(isEnterpriseServer('not a url')).toBe(true);
  });

  it('is not available on Enterprise Server even with the runtime variables', () => {
    const service = artifactServiceAvailability({
      ...runtime,
      GITHUB_SERVER_URL: 'https://github.acme.internal',
    });
    expect(service.available).toBe(false);
    if (service.available) return;
    expect(service.reason).toContain('GitHub Enterprise Server');
    expect(service.reason).toContain('https://github.acme.internal');
  });

  it('names the missing runtime variables', () => {
    const none = artifactServiceAvailability({});
    expect(none).toMatchObject({ available: false });
    if (!none.available) {
      expect(none.reason).toContain('ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set');
    }
    const noUrl = artifactServiceAvailability({ ACTIONS_RUNTIME_TOKEN: 'token' });
    if (noUrl.available) throw new Error('expected unavailable');
    expect(noUrl.reason).toContain('ACTIONS_RESULTS_URL is not set');
    expect(noUrl.reason).not.toContain('ACTIONS_RUNTIME_TOKEN');
    const blank = artifactServiceAvailability({ ...runtime, ACTIONS_RUNTIME_TOKEN: ' ' });
    expect(blank.available).toBe(false);
  });
});
