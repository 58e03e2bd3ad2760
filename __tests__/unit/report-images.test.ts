import { describe, expect, it } from 'vitest';
import type { StackImage } from '../../src/model/image.js';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import type { StackRecord } from '../../src/model/stack.js';
import { imagesSection } from '../../src/report/summary/images-section.js';
import { renderJobSummary } from '../../src/report/summary/job-summary.js';
import { JOB_SUMMARY_STYLE } from '../../src/report/summary/section-style.js';
import { at, stack } from '../support/record-builders.js';

const URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets';

function image(assetId: string, overrides: Partial<StackImage> = {}): StackImage {
  return {
    asset_id: assetId,
    image_uri: `${URI}:${assetId}`,
    outcome: 'pushed',
    build_ms: 12_340,
    push_ms: 910,
    build_cache: 'gha',
    published_by: 'WorkerA',
    ...overrides,
  };
}

function record(stacks: StackRecord[]): DeploymentRecordFile {
  return {
    deployment: {
      id: '11111111-1111-4111-8111-111111111111',
      status: 'completed',
      start_time: at(0),
      end_time: at(60),
      environment: 'dev',
      stacks_order: stacks.map((s) => s.name),
      logs: [],
      rollback_reason: null,
      mode: 'deploy',
      status_history: [{ status: 'pending', at: at(0) }],
      checks: [],
      rollback: null,
    },
    stacks,
    resources: [],
  } as unknown as DeploymentRecordFile;
}

const shared = 'a'.repeat(64);
const present = 'b'.repeat(64);
const stacks = [
  stack('WorkerA', { images: [image(shared)] }),
  stack('WorkerB', { images: [image(shared)] }),
  stack('Api', {
    images: [image(present, { outcome: 'skipped-present', build_ms: null, push_ms: null })],
  }),
];

describe('the images section of the job summary', () => {
  it('lists each image once, with its outcome, times, cache and the stacks that use it', () => {
    const section = imagesSection(record(stacks), JOB_SUMMARY_STYLE);
    expect(section?.head).toContain('### Images (2)');
    expect(section?.items).toHaveLength(2);
    const [built, skipped] = section?.items ?? [];
    expect(built).toContain('✅ built and pushed');
    expect(built).toContain('| 12.3s | 0.9s | GitHub Actions |');
    expect(built).toContain('`WorkerA`, `WorkerB`');
    expect(skipped).toContain('⏭️ already in ECR | — | — |');
  });

  it('is left out when no stack has an image, and shown in the summary when one has', () => {
    expect(imagesSection(record([stack('Plain')]), JOB_SUMMARY_STYLE)).toBeNull();
    expect(renderJobSummary(record([stack('Plain')]))).not.toContain('### Images');
    const md = renderJobSummary(record(stacks));
    expect(md.indexOf('### Images')).toBeGreaterThan(md.indexOf('### Stacks'));
  });

  it('says which image failed and how', () => {
    const failed = record([
      stack('Api', { images: [image(present, { outcome: 'failed', push_ms: null })] }),
      stack('Web', { images: [image(shared, { outcome: 'built' })] }),
    ]);
    const items = imagesSection(failed, JOB_SUMMARY_STYLE)?.items ?? [];
    expect(items[0]).toContain('❌ not built');
    expect(items[1]).toContain('❌ built, push failed');
  });
});
