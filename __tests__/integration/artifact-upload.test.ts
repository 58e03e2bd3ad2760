/**
 * The real `@actions/artifact` client, loaded the way the action loads it (the lazy import in
 * `artifactServiceUploader`), against a local fake of the artifact service: this machine has no
 * GitHub artifact service, so a node:http server on 127.0.0.1 stands in for both the results
 * service (the Twirp calls CreateArtifact / FinalizeArtifact) and the Azure blob storage its
 * signed URL points to (Put Block / Put Block List). The test unzips what was uploaded and checks
 * the names and contents of the files in the artifact.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  artifactFolder,
  deploymentArtifactFiles,
} from '../../src/report/artifact/deployment-artifact.js';
import { publishArtifact } from '../../src/report/artifact/publish-artifact.js';
import { recordFiles, type RecordFiles } from '../../src/report/record-files.js';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService';

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** The fake artifact service (results API + blob storage) in one server. */
class FakeArtifactService {
  readonly calls: Call[] = [];
  readonly blocks = new Map<string, Buffer>();
  blob: Buffer | null = null;
  createStatus = 200;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(
        ({ status, body }) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(body);
        },
        (error: Error) => {
          response.writeHead(500);
          response.end(error.message);
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  reset(): void {
    this.calls.length = 0;
    this.blocks.clear();
    this.blob = null;
    this.createStatus = 200;
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', this.url);
    if (url.pathname.startsWith(SERVICE)) {
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
      this.calls.push({ method: url.pathname.slice(SERVICE.length + 1), path: url.pathname, body });
      if (url.pathname.endsWith('/CreateArtifact')) {
        if (this.createStatus !== 200) {
          return {
            status: this.createStatus,
            body: JSON.stringify({
              code: 'already_exists',
              msg: 'an artifact with this name already exists on the workflow run',
            }),
          };
        }
        return {
          status: 200,
          body: JSON.stringify({
            ok: true,
            signedUploadUrl: `${this.url}/blob/artifact.zip?sig=secret`,
          }),
        };
      }
      if (url.pathname.endsWith('/FinalizeArtifact')) {
        return { status: 200, body: JSON.stringify({ ok: true, artifactId: '4242' }) };
      }
      return { status: 404, body: '{}' };
    }
    if (url.pathname.startsWith('/blob/') && request.method === 'PUT') {
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        this.blocks.set(url.searchParams.get('blockid') ?? '', raw);
        return { status: 201, body: '' };
      }
      if (comp === 'blocklist') {
        const ids = [
          ...raw.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g),
        ];
        this.blob = Buffer.concat(
          ids.map((match) => this.blocks.get(match[1] ?? '') ?? Buffer.alloc(0)),
        );
        return { status: 201, body: '' };
      }
      this.blob = raw;
      return { status: 201, body: '' };
    }
    return { status: 404, body: '{}' };
  }
}

/** The files of a zip, by name, from its central directory (stored or deflated entries). */
function unzip(zip: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart =
      localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith('/')) {
      files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** An unsigned runtime token with the claim the client reads the run and job ids from. */
function runtimeToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: 'Actions.GenericRead Actions.Results:run-backend-1:job-backend-1' })}.sig`;
}

const service = new FakeArtifactService();
let root: string;
let files: RecordFiles;
let runtimeEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  await service.start();
  runtimeEnv = {
    ACTIONS_RUNTIME_TOKEN: runtimeToken(),
    ACTIONS_RESULTS_URL: `${service.url}/`,
    GITHUB_SERVER_URL: 'https://github.com',
  };
});

afterAll(async () => {
  await service.stop();
});

beforeEach(() => {
  service.reset();
  // The library reads the runtime variables from process.env itself.
  for (const [name, value] of Object.entries(runtimeEnv)) vi.stubEnv(name, value);
  root = mkdtempSync(join(tmpdir(), 'artifact-upload-'));
  files = recordFiles(join(root, 'out'), '3f2a9c1e-7b4d-4e1a-9c2b-5d6e7f8a9b0c');
  mkdirSync(files.directory, { recursive: true });
  writeFileSync(files.recordFile, '{"deployment":{"id":"3f2a9c1e"}}\n');
  writeFileSync(files.outputsFile, '{"App":{"Url":"https://x"}}\n');
  writeFileSync(join(root, 'App.template.json'), '{"Resources":{}}');
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

function contents() {
  return deploymentArtifactFiles({
    recordFiles: files,
    stacks: [{ name: 'App', templatePath: join(root, 'App.template.json') }],
    summaryMarkdown: '# Deployed\n',
  });
}

describe('publishArtifact with the real @actions/artifact client (a local fake stands in for the artifact service, which this machine does not have)', () => {
  it('uploads one zip with the staged files under their names in the artifact', async () => {
    const result = await publishArtifact({
      name: 'cdk-deployment-prod-3f2a9c1e',
      files: contents(),
      folder: artifactFolder(files),
      env: runtimeEnv,
      retentionDays: 5,
    });

    expect(result).toMatchObject({ uploaded: true, id: 4242 });
    expect(result.notice).toBeUndefined();
    expect(service.calls.map((call) => call.method)).toEqual([
      'CreateArtifact',
      'FinalizeArtifact',
    ]);
    const create = service.calls[0]!.body;
    expect(create).toMatchObject({
      name: 'cdk-deployment-prod-3f2a9c1e',
      workflow_run_backend_id: 'run-backend-1',
      workflow_job_run_backend_id: 'job-backend-1',
    });
    expect(create.expires_at).toBeDefined();

    expect(service.blob).not.toBeNull();
    const zipped = unzip(service.blob!);
    expect([...zipped.keys()].sort()).toEqual([
      'deployment-record.json',
      'job-summary.md',
      'outputs.json',
      'templates/App.template.json',
    ]);
    expect(zipped.get('templates/App.template.json')).toBe('{"Resources":{}}');
    expect(zipped.get('job-summary.md')).toBe('# Deployed\n');
    expect(zipped.get('outputs.json')).toBe('{"App":{"Url":"https://x"}}\n');
  });

  it('turns the service refusing the artifact into a warning, with the files left in the folder', async () => {
    service.createStatus = 409;
    const result = await publishArtifact({
      name: 'cdk-deployment-prod-3f2a9c1e',
      files: contents(),
      folder: artifactFolder(files),
      env: runtimeEnv,
    });
    expect(result.uploaded).toBe(false);
    expect(result.noticeLevel).toBe('warning');
    expect(result.notice).toContain('Uploading the deployment artifact');
    expect(result.notice).toContain('CreateArtifact');
    expect(result.notice).toContain(result.folder);
    expect(service.calls.map((call) => call.method)).toEqual(['CreateArtifact']);
  });
});
