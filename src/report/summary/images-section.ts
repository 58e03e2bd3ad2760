/** The job summary's table of Docker image assets: each image once, with what publishing did. */
import type { ImageOutcome, StackImage } from '../../model/image.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { Section } from './fit-to-limit.js';
import { code, codeCell, count, formatDuration, tableHead, tableRow } from './markdown.js';
import { cutNote, droppedNote } from './notes.js';
import type { SectionStyle } from './section-style.js';

const OUTCOME_LABELS: Readonly<Record<ImageOutcome, string>> = {
  pushed: '✅ built and pushed',
  'skipped-present': '⏭️ already in ECR',
  built: '❌ built, push failed',
  failed: '❌ not built',
};

const CACHE_LABELS: Readonly<Record<StackImage['build_cache'], string>> = {
  gha: 'GitHub Actions',
  app: "the app's",
  none: '—',
};

/** Tenths of a second under a minute: image steps are often a few seconds. */
const time = (ms: number | null): string =>
  ms === null ? '—' : ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : formatDuration(ms);

export function imagesSection(record: DeploymentRecordFile, style: SectionStyle): Section | null {
  const byImage = new Map<string, { image: StackImage; stacks: string[] }>();
  for (const stack of record.stacks) {
    for (const image of stack.images ?? []) {
      const key = image.image_uri ?? image.asset_id;
      const seen = byImage.get(key);
      if (seen) seen.stacks.push(stack.name);
      else byImage.set(key, { image, stacks: [stack.name] });
    }
  }
  if (byImage.size === 0) return null;
  const max = style.max;
  const items = [...byImage.values()].map(({ image, stacks }) =>
    tableRow([
      codeCell(image.asset_id.slice(0, 12), max.id),
      OUTCOME_LABELS[image.outcome],
      time(image.build_ms),
      time(image.push_ms),
      CACHE_LABELS[image.build_cache],
      stacks.map(code).join(', '),
      codeCell(image.image_uri, max.id),
    ]),
  );
  return {
    name: 'images',
    label: 'images',
    head: `### Images (${count(byImage.size)})\n\n${tableHead(['Asset', 'Outcome', 'Build', 'Push', 'Build cache', 'Stacks', 'Image URI'])}`,
    items,
    cutNote: cutNote('images'),
    droppedNote: droppedNote('Images', 'images'),
    tail: '\n',
  };
}
