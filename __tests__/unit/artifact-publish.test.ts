import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  artifactFolder,
  deploymentArtifactFiles,
} from '../../src/report/artifact/deployment-artifact.js';
import { publishArtifact } from '../../src/report/artifact/publish-artifact.js';
import type { Uploader } from '../../src/report/artifact/uploader.js';
import { recordFiles, type RecordFiles } from '../../src/report/record-files.js';

const DEPLOYMENT_ID = '3f2a9c1e-7b4d-4e1a-9c2b-5d6e7f8a9b0c';
const RUNTIME_ENV = {
  ACTIONS_RUNTIME_TOKEN: 'token',
  ACTIONS_RESULTS_URL: 'https://results-receiver.actions.githubusercontent.com/',
  GITHUB_SERVER_URL: 'https://github.com',
};
const SUMMARY = '# Deployment completed\n\n| Stack | Status |\n';

let root: string;
let files: RecordFiles;
let stacks: { name: string; templatePath: string }[];

function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'artifact-publish-'));
  const outputDirectory = join(root, 'out');
  files = recordFiles(outputDirectory, DEPLOYMENT_ID);
  mkdirSync(files.directory, { recursive: true });
  writeFileSync(files.recordFile, '{"deployment":{"id":"x"}}\n');
  writeFileSync(files.outputsFile, '{"App":{"Url":"https://x"}}\n');
  const assembly = join(root, 'cdk.out');
  mkdirSync(join(assembly, 'assembly-Prod'), { recursive: true });
  stacks = [
    { name: 'Network', templatePath: join(assembly, 'Network.template.json') },
    { name: 'App', templatePath: join(assembly, 'App.template.json') },
    // A nested Stage whose template has the same file name as a top-level one.
    { name: 'Prod-App', templatePath: join(assembly, 'assembly-Prod', 'App.template.json') },
  ];
  for (const stack of stacks) writeFileSync(stack.templatePath, `{"stack":"${stack.name}"}`);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function request(env: NodeJS.ProcessEnv, upload?: Uploader) {
  return {
    name: 'cdk-deployment-prod-3f2a9c1e',
    files: deploymentArtifactFiles({ recordFiles: files, stacks, summaryMarkdown: SUMMARY }),
    folder: artifactFolder(files),
    env,
    ...(upload ? { upload } : {}),
  };
}

describe('deployment artifact contents', () => {
  it('lists the record, the outputs, each selected template once and the summary', () => {
    const list = deploymentArtifactFiles({
      recordFiles: files,
      stacks: [...stacks, stacks[0]!],
      summaryMarkdown: SUMMARY,
    });
    expect(list.map((file) => file.nameInArtifact)).toEqual([
      'deployment-record.json',
      'outputs.json',
      'templates/Network.template.json',
      'templates/App.template.json',
      'templates/App.template.json',
      'job-summary.md',
    ]);
  });

  it('stages in <output-directory>/<deployment-id>/artifact', () => {
    expect(artifactFolder(files)).toBe(join(root, 'out', DEPLOYMENT_ID, 'artifact'));
  });
});

describe('publishArtifact without the artifact service', () => {
  it('copies the files into the folder, names them, and says why nothing was uploaded', async () => {
    const upload = vi.fn<Uploader>();
    const result = await publishArtifact(request({}, upload));

    expect(upload).not.toHaveBeenCalled();
    expect(result.uploaded).toBe(false);
    expect(result.id).toBeUndefined();
    expect(result.folder).toBe(join(root, 'out', DEPLOYMENT_ID, 'artifact'));
    expect(result.noticeLevel).toBe('notice');
    expect(result.notice).toContain("'cdk-deployment-prod-3f2a9c1e' was not uploaded");
    expect(result.notice).toContain('ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set');
    expect(result.notice).toContain(result.folder);

    const expected = [
      'deployment-record.json',
      'job-summary.md',
      'outputs.json',
      'templates/App-2.template.json',
      'templates/App.template.json',
      'templates/Network.template.json',
    ];
    expect(listFiles(result.folder)).toEqual(expected);
    expect([...result.files].sort()).toEqual(expected);
    expect(result.skipped).toEqual([]);
    const read = (name: string) => readFileSync(join(result.folder, name), 'utf8');
    expect(read('deployment-record.json')).toBe(readFileSync(files.recordFile, 'utf8'));
    expect(read('outputs.json')).toBe(readFileSync(files.outputsFile, 'utf8'));
    expect(read('templates/App.template.json')).toBe('{"stack":"App"}');
    expect(read('templates/App-2.template.json')).toBe('{"stack":"Prod-App"}');
    expect(read('job-summary.md')).toBe(SUMMARY);
  });

  it('says GitHub Enterprise Server is why, even with the runtime variables set', async () => {
    const upload = vi.fn<Uploader>();
    const result = await publishArtifact(
      request({ ...RUNTIME_ENV, GITHUB_SERVER_URL: 'https://github.acme.internal' }, upload),
    );
    expect(upload).not.toHaveBeenCalled();
    expect(result.uploaded).toBe(false);
    expect(result.notice).toContain('GitHub Enterprise Server (https://github.acme.internal)');
    expect(listFiles(result.folder)).toHaveLength(6);
  });

  it('leaves out a missing template, keeps the rest and warns', async () => {
    rmSync(stacks[0]!.templatePath);
    const result = await publishArtifact(request({}));
    expect(result.uploaded).toBe(false);
    expect(result.files).not.toContain('templates/Network.template.json');
    expect(result.files).toContain('deployment-record.json');
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]?.nameInArtifact).toBe('templates/Network.template.json');
    expect(result.noticeLevel).toBe('warning');
    expect(result.notice).toContain('Left out: templates/Network.template.json');
  });

  it('sanitizes the artifact name it reports', async () => {
    const result = await publishArtifact({ ...request({}), name: 'deploy: prod/eu' });
    expect(result.name).toBe('deploy- prod-eu');
    expect(result.notice).toContain("'deploy- prod-eu'");
  });

  it('returns a warning, never throws, when the folder cannot be created', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, '');
    const result = await publishArtifact({ ...request({}), folder: join(blocker, 'artifact') });
    expect(result.uploaded).toBe(false);
    expect(result.noticeLevel).toBe('warning');
    expect(result.notice).toContain('cannot be written');
  });
});

describe('publishArtifact with the artifact service (a fake uploader stands in for the artifact service, which this machine does not have)', () => {
  it('uploads the staged files from the folder as one artifact', async () => {
    const upload = vi.fn<Uploader>(async () => ({ id: 4242, size: 1234 }));
    const result = await publishArtifact({ ...request(RUNTIME_ENV, upload), retentionDays: 7 });

    expect(upload).toHaveBeenCalledTimes(1);
    const [name, uploaded, rootDirectory, options] = upload.mock.calls[0]!;
    expect(name).toBe('cdk-deployment-prod-3f2a9c1e');
    expect(rootDirectory).toBe(result.folder);
    expect(options).toEqual({ retentionDays: 7 });
    expect(
      uploaded.map((path) => relative(rootDirectory, path).split('\\').join('/')).sort(),
    ).toEqual(listFiles(result.folder));
    expect(result).toMatchObject({ uploaded: true, id: 4242, name });
    expect(result.notice).toBeUndefined();
  });

  it('passes the sanitized name and no retention when none valid is given', async () => {
    const upload = vi.fn<Uploader>(async () => ({ id: 1 }));
    await publishArtifact({
      ...request(RUNTIME_ENV, upload),
      name: 'a|b',
      retentionDays: 0,
    });
    expect(upload.mock.calls[0]?.[0]).toBe('a-b');
    expect(upload.mock.calls[0]?.[3]).toEqual({});
  });

  it('turns an upload error into a warning and keeps the files in the folder', async () => {
    const upload = vi.fn<Uploader>(async () => {
      throw new Error('Failed to CreateArtifact: Received non-retryable error: (409) Conflict');
    });
    const result = await publishArtifact(request(RUNTIME_ENV, upload));
    expect(upload).toHaveBeenCalledTimes(1);
    expect(result.uploaded).toBe(false);
    expect(result.noticeLevel).toBe('warning');
    expect(result.notice).toContain(
      "Uploading the deployment artifact 'cdk-deployment-prod-3f2a9c1e' failed: Failed to CreateArtifact",
    );
    expect(result.notice).toContain('(409) Conflict');
    expect(result.notice).toContain(result.folder);
    expect(listFiles(result.folder)).toHaveLength(6);
  });

  it('does not upload when no file could be staged', async () => {
    const upload = vi.fn<Uploader>(async () => ({ id: 1 }));
    const result = await publishArtifact({
      name: 'x',
      files: [{ path: join(root, 'missing.json'), nameInArtifact: 'missing.json' }],
      folder: join(root, 'empty'),
      env: RUNTIME_ENV,
      upload,
    });
    expect(upload).not.toHaveBeenCalled();
    expect(result.uploaded).toBe(false);
    expect(result.notice).toContain('none of its files could be staged');
  });
});
