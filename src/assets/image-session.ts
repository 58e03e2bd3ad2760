import type {
  AssetPublishing,
  DockerImageManifestEntry,
  EventType,
  IAws,
  IPublishProgress,
} from '@aws-cdk/cdk-assets-lib';
import type { DockerImageSource } from '@aws-cdk/cloud-assembly-schema';
import schemaVersion from '@aws-cdk/cloud-assembly-schema/schema/version.json';
import type { AssetLog } from './asset-log.js';

type Library = typeof import('@aws-cdk/cdk-assets-lib');

const OUTPUT_LINES_KEPT = 40;
/** docker's output lines of one image that go to the (debug) log and the record; the rest do not. */
const OUTPUT_LINES_LOGGED = 200;

/**
 * One image asset in a publishing session of its own, so that every event and every line docker
 * prints belongs to that image (a session shared by images running in parallel would mix them).
 */
export class ImageSession {
  readonly publishing: AssetPublishing;
  readonly entry: DockerImageManifestEntry;
  /** The image's `<repository URI>:<tag>`, once the library has looked the repository up. */
  imageUri: string | undefined;
  /** Whether docker build has started: a failure before it is not a build failure. */
  buildStarted = false;
  /** The last lines docker printed, for the message of a failed build. */
  readonly output: string[] = [];
  private linesLogged = 0;
  /** The library's last debug message: where it says why a lookup failed. */
  lastDebug: string | undefined;

  constructor(
    library: Library,
    aws: IAws,
    entry: DockerImageManifestEntry,
    directory: string,
    source: DockerImageSource,
    private readonly log: AssetLog,
  ) {
    const { assetId, destinationId } = entry.id;
    const manifest = new library.AssetManifest(directory, {
      version: `${schemaVersion.revision}.0.0`,
      dockerImages: {
        [assetId]: {
          displayName: entry.displayName(false),
          source,
          destinations: { [destinationId]: entry.destination },
        },
      },
    });
    this.entry = manifest.entries[0] as DockerImageManifestEntry;
    this.publishing = new library.AssetPublishing(manifest, {
      aws,
      throwOnError: false,
      subprocessOutputDestination: 'publish',
      progressListener: { onPublishEvent: (type, event) => this.onEvent(type, event) },
    });
  }

  private onEvent(type: EventType, event: IPublishProgress): void {
    const message = event.message;
    if (type === ('debug' as EventType)) this.lastDebug = message;
    switch (type as `${EventType}`) {
      case 'check':
        this.imageUri ??= message.replace(/^Check /, '');
        return;
      case 'build':
        // Emitted right before docker build starts.
        this.buildStarted = true;
        this.log('debug', message);
        return;
      case 'debug':
      case 'shell_open':
      case 'shell_stdout':
      case 'shell_stderr':
        // During a build the library hands docker's output on as debug events.
        for (const line of message.split(/\r?\n/)) {
          if (line.trim().length === 0) continue;
          this.output.push(line);
          if (this.output.length > OUTPUT_LINES_KEPT) this.output.shift();
          this.linesLogged++;
          if (this.linesLogged <= OUTPUT_LINES_LOGGED) this.log('debug', line);
          else if (this.linesLogged === OUTPUT_LINES_LOGGED + 1) {
            this.log('debug', `(docker's further output for this image is not logged)`);
          }
        }
        return;
      case 'fail':
        return;
      default:
        this.log('debug', message);
    }
  }

  /** The error the session recorded for its image, if publishing it failed. */
  lastFailure(): Error | undefined {
    return this.publishing.failures.at(-1)?.error;
  }
}
