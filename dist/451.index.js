export const id = 451;
export const ids = [451];
export const modules = {

/***/ 59451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ImagePublisher: () => (/* binding */ ImagePublisher)
});

// EXTERNAL MODULE: ./src/util/limiter.ts
var limiter = __webpack_require__(2280);
// EXTERNAL MODULE: ./src/util/global-dirname.ts
var global_dirname = __webpack_require__(24668);
;// CONCATENATED MODULE: ./src/assets/build-cache.ts
const NEEDS_BUILDX = 'add docker/setup-buildx-action before this step';
async function currentDriver(docker) {
    if ((await docker(['buildx', 'version'])).code !== 0)
        return undefined;
    const builder = await docker(['buildx', 'inspect']);
    return builder.code === 0 ? /^Driver:\s*(\S+)/m.exec(builder.stdout)?.[1] : undefined;
}
/**
 * The runner offers BuildKit its cache when a JavaScript action gets the cache service's
 * variables (it does by default on GitHub.com) and buildx's current builder can export a cache:
 * the plain `docker` driver cannot, the `docker-container` one that docker/setup-buildx-action
 * creates can.
 */
async function decideBuildCache(env, docker) {
    const driver = await currentDriver(docker);
    if (!env.ACTIONS_RUNTIME_TOKEN || !(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL)) {
        return {
            use: false,
            driver,
            reason: 'the GitHub Actions cache service is not offered to this step (ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL are not set: not on GitHub Actions, or a GitHub Enterprise Server without the cache)',
        };
    }
    if (!driver) {
        return {
            use: false,
            driver,
            reason: `docker buildx is not installed, or has no builder (${NEEDS_BUILDX})`,
        };
    }
    if (driver === 'docker') {
        return {
            use: false,
            driver,
            reason: `the current buildx builder uses the 'docker' driver, which cannot export a cache to GitHub Actions (${NEEDS_BUILDX})`,
        };
    }
    return { use: true, driver };
}
function cacheOf(source, decision) {
    if (source.cacheFrom || source.cacheTo)
        return 'app';
    if (!decision?.use || source.cacheDisabled || source.executable)
        return 'none';
    return 'gha';
}
/**
 * The source with the GitHub Actions cache added, scoped by the image's construct path (the
 * manifest's display name) so that a changed Dockerfile still finds its unchanged layers; the
 * asset id, which changes with every change of the source, when there is no display name.
 */
function withBuildCache(source, scope) {
    const params = { scope: scope.replace(/[^A-Za-z0-9._/-]/g, '-') };
    return {
        ...loadedInto(source),
        cacheFrom: [{ type: 'gha', params }],
        // A cache that cannot be saved (the service's rate limit, its size limit) never fails a build.
        cacheTo: { type: 'gha', params: { mode: 'max', 'ignore-error': 'true', ...params } },
    };
}
/**
 * The source built so that the image lands in docker's image store, where the tag and push that
 * follow look for it: a builder other than `docker` (a docker-container one, as
 * docker/setup-buildx-action makes) keeps its result in its build cache unless told to load it.
 */
function loadedInto(source) {
    if (source.executable || source.dockerOutputs)
        return source;
    return { ...source, dockerOutputs: ['type=docker'] };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./src/assets/docker-cli.ts

/** The container client the CDK's publisher runs: `CDK_DOCKER`, else `docker`. */
function dockerCommand(env = process.env) {
    return env.CDK_DOCKER || 'docker';
}
/** Runs one short docker command (a probe, never a build) and collects what it says. */
function runDocker(args, timeoutMs = 30_000) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(dockerCommand(), [...args], { timeout: timeoutMs }, (error, stdout, stderr) => {
            const failure = error;
            if (failure && typeof failure.code === 'string') {
                resolve({ code: null, stdout, stderr, spawnError: failure });
                return;
            }
            const code = failure ? (typeof failure.code === 'number' ? failure.code : 1) : 0;
            resolve({ code, stdout, stderr });
        });
    });
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/assets/docker-config.ts



function onPath(command, env) {
    return (env.PATH ?? '')
        .split(external_node_path_.delimiter)
        .some((dir) => dir.length > 0 && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, command)));
}
/**
 * Why `docker login` to an ECR registry would fail with the docker config the job has, or
 * undefined: a credential helper for that registry (docker then stores the login through it, and
 * amazon-ecr-credential-helper cannot store), or a `credsStore` whose helper is not installed
 * (a config copied from a desktop, where it is `desktop` or `osxkeychain`).
 */
function credentialStoreClash(registry, env = process.env) {
    const file = (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), 'config.json');
    let config;
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return undefined;
    }
    const helper = config.credHelpers?.[registry];
    if (typeof helper === 'string' && helper.length > 0) {
        return `${file} sets credHelpers["${registry}"] to "${helper}", so docker keeps the login to that registry in docker-credential-${helper}, which the ECR login the CDK's publisher does cannot use. Remove that entry (the action logs in to ECR itself with the image publishing role), or point DOCKER_CONFIG at a folder without it for this step.`;
    }
    const store = config.credsStore;
    if (typeof store === 'string' && store.length > 0 && !onPath(`docker-credential-${store}`, env)) {
        return `${file} sets credsStore to "${store}", and docker-credential-${store} is not on the PATH, so docker login cannot store the ECR token. Remove "credsStore" from that file (docker then keeps the short-lived token in the file), install that helper, or point DOCKER_CONFIG at an empty folder for this step.`;
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/assets/docker-failures.ts


const DAEMON_DOWN = /Cannot connect to the Docker daemon|Is the docker daemon running|docker daemon is not running|error during connect/i;
const PUSH_REFUSED = /denied|unauthorized|not authorized|no basic auth credentials|authentication required|403 Forbidden/i;
const CREDENTIAL_STORE = /error (storing|getting) credentials|docker-credential-/i;
const NOT_FOUND = /Failed to find and execute/;
const BUILD_OUTPUT_LINES = 20;
function lastLines(text, count) {
    return text
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .slice(-count)
        .join('\n');
}
function noDockerError(stack, assetId, cause) {
    const command = dockerCommand();
    return new errors/* DeploymentError */.gt(`Stack ${stack}: image asset ${assetId} needs '${command}' to build it, and '${command}' is not on the PATH. Install Docker on the runner (GitHub-hosted Ubuntu runners have it), or set CDK_DOCKER to a compatible client (e.g. podman or finch) that is on the PATH.`, { stack, cause });
}
function daemonDownError(stack, assetId, cause) {
    return new errors/* DeploymentError */.gt(`Stack ${stack}: image asset ${assetId} cannot be built: the Docker daemon is not running ('${dockerCommand()}' says "Cannot connect to the Docker daemon"). Start it before this step, or run the job on a runner with Docker (GitHub-hosted Ubuntu runners have it; macOS and Windows ones and most containers do not).`, { stack, cause });
}
function lookupError(stack, assetId, said) {
    return new errors/* DeploymentError */.gt(`Stack ${stack}: image asset ${assetId} cannot be published: ${said} (the CDK bootstrap creates the container assets repository; the image publishing role needs ecr:DescribeRepositories and ecr:DescribeImages on it).`, { stack });
}
function credentialStoreError(stack, assetId, detail, cause) {
    return new errors/* DeploymentError */.gt(`Stack ${stack}: image asset ${assetId}: the ECR login cannot be stored: ${detail}`, { stack, cause });
}
/** The publisher's error, said in words the user can act on. */
function describeImageFailure(error, context) {
    const { stack, assetId, repository } = context;
    const message = error.message;
    if (error.code === 'ENOENT' || NOT_FOUND.test(message)) {
        return noDockerError(stack, assetId, error);
    }
    if (DAEMON_DOWN.test(message))
        return daemonDownError(stack, assetId, error);
    if (CREDENTIAL_STORE.test(message)) {
        return credentialStoreError(stack, assetId, `${lastLines(message, 3)}. Remove 'credsStore' (or the 'credHelpers' entry for the registry) from the docker config (DOCKER_CONFIG, else ~/.docker/config.json), or install that credential helper.`, error);
    }
    if (context.stage === 'build') {
        // The error holds what docker wrote to stderr (BuildKit's progress); else the lines logged.
        const output = message.split('\n').length > 2 ? message : (context.output ?? []).join('\n');
        return new errors/* DeploymentError */.gt(`Stack ${stack}: building image asset ${assetId} failed. The build's last lines:\n${lastLines(output, BUILD_OUTPUT_LINES)}`, { stack, cause: error });
    }
    if (context.stage === 'push' && PUSH_REFUSED.test(message)) {
        return new errors/* DeploymentError */.gt(`Stack ${stack}: pushing image asset ${assetId} to ${repository} was refused: ${lastLines(message, 2)}. The image publishing role (or the job's credentials) needs ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:BatchCheckLayerAvailability and ecr:PutImage on ${repository}, and the docker login must be to its registry.`, { stack, cause: error });
    }
    return new errors/* DeploymentError */.gt(`Stack ${stack}: publishing image asset ${assetId} to ${repository} failed: ${lastLines(message, BUILD_OUTPUT_LINES)}`, { stack, cause: error });
}
/**
 * What `docker version` says about the container client the run has: undefined when it can build,
 * or when it fails for another reason than a missing client or daemon (e.g. a client whose
 * `version` differs), which the build then reports in its own words.
 */
function dockerProblem(answer, assetId) {
    const cause = answer.spawnError;
    if (cause) {
        return cause.code === 'ENOENT' || cause.code === 'EACCES'
            ? (stack) => noDockerError(stack, assetId, cause)
            : (stack) => describeImageFailure(cause, { stack, assetId, repository: '', stage: 'check' });
    }
    const said = `${answer.stderr}\n${answer.stdout}`.trim();
    if (answer.code === 0 || !DAEMON_DOWN.test(said))
        return undefined;
    return (stack) => daemonDownError(stack, assetId, new Error(said));
}

// EXTERNAL MODULE: ./node_modules/@aws-cdk/cloud-assembly-schema/schema/version.json
var version = __webpack_require__(70619);
;// CONCATENATED MODULE: ./src/assets/image-session.ts

const OUTPUT_LINES_KEPT = 40;
/** docker's output lines of one image that go to the (debug) log and the record; the rest do not. */
const OUTPUT_LINES_LOGGED = 200;
/**
 * One image asset in a publishing session of its own, so that every event and every line docker
 * prints belongs to that image (a session shared by images running in parallel would mix them).
 */
class ImageSession {
    log;
    publishing;
    entry;
    /** The image's `<repository URI>:<tag>`, once the library has looked the repository up. */
    imageUri;
    /** Whether docker build has started: a failure before it is not a build failure. */
    buildStarted = false;
    /** The last lines docker printed, for the message of a failed build. */
    output = [];
    linesLogged = 0;
    /** The library's last debug message: where it says why a lookup failed. */
    lastDebug;
    constructor(library, aws, entry, directory, source, log) {
        this.log = log;
        const { assetId, destinationId } = entry.id;
        const manifest = new library.AssetManifest(directory, {
            version: `${version.revision}.0.0`,
            dockerImages: {
                [assetId]: {
                    displayName: entry.displayName(false),
                    source,
                    destinations: { [destinationId]: entry.destination },
                },
            },
        });
        this.entry = manifest.entries[0];
        this.publishing = new library.AssetPublishing(manifest, {
            aws,
            throwOnError: false,
            subprocessOutputDestination: 'publish',
            progressListener: { onPublishEvent: (type, event) => this.onEvent(type, event) },
        });
    }
    onEvent(type, event) {
        const message = event.message;
        if (type === 'debug')
            this.lastDebug = message;
        switch (type) {
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
                    if (line.trim().length === 0)
                        continue;
                    this.output.push(line);
                    if (this.output.length > OUTPUT_LINES_KEPT)
                        this.output.shift();
                    this.linesLogged++;
                    if (this.linesLogged <= OUTPUT_LINES_LOGGED)
                        this.log('debug', line);
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
    lastFailure() {
        return this.publishing.failures.at(-1)?.error;
    }
}

;// CONCATENATED MODULE: ./src/assets/image-publisher.ts







const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** An image's destination as the manifest writes it: the same one for every stack that uses it. */
function destinationKey(entry) {
    const { repositoryName, imageTag, region, assumeRoleArn } = entry.destination;
    return JSON.stringify([repositoryName, imageTag, region, assumeRoleArn]);
}
/**
 * Publishes the Docker image assets of every stack of a run with the CDK's publisher: an image
 * already in its repository is skipped, one that is not is built (at most `buildConcurrency` at
 * once), tagged and pushed. An image is published once per run however many stacks use it, docker
 * is probed once (missing, or no daemon, is one clear error) and the ECR login happens once per
 * registry per run.
 */
class ImagePublisher {
    published = new Map();
    buildsByAsset = new Map();
    buildSlots;
    env;
    docker;
    dockerProbe;
    cacheDecision;
    /** The library's docker login bookkeeping, shared by every session of the run. */
    dockerFactory;
    constructor(options) {
        (0,global_dirname/* giveBundledPublisherADirname */.B)();
        this.buildSlots = (0,limiter/* createLimiter */.z)(options.buildConcurrency);
        this.env = options.env ?? process.env;
        this.docker = options.docker ?? runDocker;
    }
    /**
     * Publishes one image of `stack` (or waits for the run's publishing of it) and hands its
     * record to `onImage`; throws the image's failure, worded for `stack`.
     */
    async publish(library, aws, stack, directory, entry, log, onImage) {
        const key = destinationKey(entry);
        let pending = this.published.get(key);
        if (pending) {
            log('info', `Image ${entry.id.assetId}: published once per run; ${stack} shares it`);
        }
        else {
            pending = this.publishOnce(library, aws, stack, directory, entry, log);
            this.published.set(key, pending);
        }
        const { image, failure } = await pending;
        onImage({ ...image });
        if (failure)
            throw failure(stack);
    }
    async publishOnce(library, aws, stack, directory, entry, log) {
        const assetId = entry.id.assetId;
        const check = this.session(library, aws, entry, directory, entry.source, log);
        const base = { asset_id: assetId, published_by: stack, build_ms: null, push_ms: null };
        let repository = entry.destination.repositoryName;
        const failed = (outcome, session, build, failure) => ({
            image: {
                ...base,
                ...build,
                image_uri: session.imageUri ?? null,
                outcome,
                build_cache: build.build_cache ?? 'none',
            },
            failure,
        });
        if (await check.publishing.isEntryPublished(check.entry)) {
            log('info', `Image ${assetId} is already in ${check.imageUri ?? repository}: not built`);
            const cache = cacheOf(entry.source, undefined);
            return {
                image: {
                    ...base,
                    image_uri: check.imageUri ?? null,
                    outcome: 'skipped-present',
                    build_cache: cache,
                },
            };
        }
        if (!check.imageUri) {
            // The repository could not be looked up (not there, or no access): the library said why.
            const said = check.lastDebug ?? `the repository ${repository} could not be looked up`;
            return failed('failed', check, {}, (s) => lookupError(s, assetId, said));
        }
        repository = check.imageUri.replace(/:[^:/]+$/, '');
        const unusable = await this.dockerUnusable(assetId);
        if (unusable)
            return failed('failed', check, {}, unusable);
        const clash = credentialStoreClash(check.imageUri.split('/')[0] ?? '', this.env);
        if (clash)
            return failed('failed', check, {}, (s) => credentialStoreError(s, assetId, clash));
        const decision = await this.buildCacheDecision(log);
        const cache = cacheOf(entry.source, decision);
        const scope = entry.displayName(false) || assetId;
        const loads = decision.driver !== undefined && decision.driver !== 'docker';
        const source = cache === 'gha'
            ? withBuildCache(entry.source, scope)
            : loads
                ? loadedInto(entry.source)
                : entry.source;
        const session = this.session(library, aws, entry, directory, source, log);
        session.imageUri = check.imageUri;
        // Two destinations of one asset (regions, accounts) build it once: the second finds the
        // library's local tag of the first and only tags it.
        const previousBuild = this.buildsByAsset.get(assetId);
        let release = () => undefined;
        this.buildsByAsset.set(assetId, new Promise((done) => (release = done)));
        await previousBuild;
        const buildStart = Date.now();
        let buildMs = 0;
        const built = await this.buildSlots(async () => {
            log('info', `Building image ${assetId}${cache === 'gha' ? ' (GitHub Actions cache)' : ''}`);
            const started = Date.now();
            const ok = await session.publishing.buildEntry(session.entry);
            buildMs = Date.now() - started;
            return ok && !session.lastFailure();
        }).finally(release);
        if (!built) {
            const error = session.lastFailure() ?? new Error('the build did not finish');
            const stage = session.buildStarted ? 'build' : 'check';
            return failed('failed', session, { build_ms: buildMs, build_cache: cache }, (s) => describeImageFailure(error, {
                stack: s,
                assetId,
                repository,
                stage,
                output: session.output,
            }));
        }
        const waited = Date.now() - buildStart - buildMs;
        log('info', `Built image ${assetId} in ${seconds(buildMs)}${waited >= 1000 ? ` (after ${seconds(waited)} waiting for a build slot)` : ''}`);
        const pushStart = Date.now();
        const pushed = await session.publishing.publishEntry(session.entry);
        const pushMs = Date.now() - pushStart;
        const target = session.imageUri ?? repository;
        if (!pushed || session.publishing.failures.length > 0) {
            const error = session.lastFailure() ?? new Error('the push did not finish');
            return failed('built', session, { build_ms: buildMs, push_ms: pushMs, build_cache: cache }, (s) => describeImageFailure(error, { stack: s, assetId, repository: target, stage: 'push' }));
        }
        log('info', `Pushed image ${target} in ${seconds(pushMs)}`);
        return {
            image: {
                ...base,
                image_uri: session.imageUri ?? null,
                outcome: 'pushed',
                build_ms: buildMs,
                push_ms: pushMs,
                build_cache: cache,
            },
        };
    }
    session(library, aws, entry, directory, source, log) {
        const session = new ImageSession(library, aws, entry, directory, source, log);
        this.shareDockerLogins(session);
        return session;
    }
    /**
     * The library keeps which registries it logged in to in a DockerFactory of each publishing
     * session and offers no option to pass one; sessions of one run share the first one's, so the
     * run logs in once per registry. If a later version of the library moves it, each session logs
     * in again: slower, still correct.
     */
    shareDockerLogins(session) {
        const host = session.publishing
            .handlerHost;
        if (!host || host.dockerFactory === undefined)
            return;
        this.dockerFactory ??= host.dockerFactory;
        host.dockerFactory = this.dockerFactory;
    }
    /** Why docker cannot build (not installed, no daemon), probed once per run; else undefined. */
    async dockerUnusable(assetId) {
        this.dockerProbe ??= this.docker(['version']);
        return dockerProblem(await this.dockerProbe, assetId);
    }
    buildCacheDecision(log) {
        if (!this.cacheDecision) {
            this.cacheDecision = (async () => {
                const decision = await decideBuildCache(this.env, this.docker);
                log('info', decision.use
                    ? `Image builds use the GitHub Actions cache (buildx driver ${decision.driver}), unless an image sets its own cacheFrom/cacheTo`
                    : `Image builds do not use the GitHub Actions cache: ${decision.reason}`);
                return decision;
            })();
        }
        return this.cacheDecision;
    }
}


/***/ })

};
