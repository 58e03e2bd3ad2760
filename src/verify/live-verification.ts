import type { Limiter } from '../util/limiter.js';
import type { CheckResult } from '../model/check-result.js';
import type { Resource } from '../model/resource.js';
import type { LiveReadResult, LiveResourceReader } from './live/live-resource.js';

export interface LiveReading {
  readonly resource: Resource;
  readonly result: LiveReadResult;
}

async function readAll(
  resources: readonly Resource[],
  reader: LiveResourceReader,
  limit: Limiter,
): Promise<LiveReading[]> {
  return Promise.all(
    resources.map((resource) =>
      limit(async () => ({
        resource,
        result: await reader.read({
          resourceType: resource.description.resourceType,
          logicalId: resource.description.logicalId,
          physicalId: resource.description.physicalId,
          templateProperties: resource.description.properties,
        }),
      })),
    ),
  );
}

/** Reads every resource still `creating` back through its service's API; changes nothing. */
export function readLiveResources(
  resources: readonly Resource[],
  reader: LiveResourceReader,
  limit: Limiter,
): Promise<LiveReading[]> {
  return readAll(
    resources.filter((r) => r.status === 'creating'),
    reader,
    limit,
  );
}

/**
 * Reads every resource back through its service's API (at most as many at once as `limit` lets) and moves it creating -> available, or
 * failed when it cannot be read. A type without a reader stays `creating`, marked not verified:
 * never reported available without a read.
 */
export async function verifyLiveResources(
  stackName: string,
  resources: readonly Resource[],
  reader: LiveResourceReader,
  limit: Limiter,
): Promise<{ readings: LiveReading[]; results: CheckResult[] }> {
  return applyLiveReadings(stackName, await readLiveResources(resources, reader, limit));
}

/** What reads taken earlier say: each resource moved to available or failed, and the checks. */
export function applyLiveReadings(
  stackName: string,
  readings: readonly LiveReading[],
): { readings: LiveReading[]; results: CheckResult[] } {
  const results: CheckResult[] = [];
  let available = 0;
  for (const { resource, result } of readings) {
    const logicalId = resource.description.logicalId;
    switch (result.outcome) {
      case 'found':
        resource.transition('available', 'read back through its service API');
        available++;
        break;
      case 'unsupported':
        resource.statusReason = result.message;
        results.push({
          check: 'live-resource',
          stack: stackName,
          resource: logicalId,
          passed: true,
          skipped: true,
          message: result.message,
        });
        break;
      default:
        resource.transition('failed', result.message);
        results.push({
          check: 'live-resource',
          stack: stackName,
          resource: logicalId,
          passed: false,
          message: `${resource.description.resourceType} ${resource.description.physicalId} cannot be read: ${result.message}`,
        });
    }
  }
  if (results.every((r) => r.passed)) {
    results.unshift({
      check: 'live-resource',
      stack: stackName,
      passed: true,
      message: `${available} of ${readings.length} resource(s) read back live`,
    });
  }
  return { readings: [...readings], results };
}
