export const id = 117;
export const ids = [117];
export const modules = {

/***/ 46117:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AssetAws: () => (/* binding */ AssetAws)
/* harmony export */ });
/* unused harmony export forceS3PathStyle */
/* harmony import */ var _aws_cdk_cdk_assets_lib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64925);
/* harmony import */ var _aws_cdk_cdk_assets_lib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(_aws_cdk_cdk_assets_lib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53711);
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(71695);
/* harmony import */ var _aws_sdk_credential_providers__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(29719);
/* harmony import */ var _aws_sdk_lib_storage__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22358);
/* harmony import */ var _aws_call_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(11560);






/** As the CDK's: path-style S3 URLs when asked for, or for an endpoint on this machine. */
function forceS3PathStyle(env = process.env) {
    if (env.CDK_S3_FORCE_PATH_STYLE)
        return true;
    const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
    if (!endpoint)
        return undefined;
    let host;
    try {
        host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    }
    catch {
        return undefined;
    }
    return host === 'localhost' || host.startsWith('127.') || host === '::1' ? true : undefined;
}
/**
 * cdk-assets' DefaultAwsClient (the default credentials, the file or image publishing role
 * assumed per destination) with the action's retry settings on its S3, ECR and STS clients, which
 * it offers no way to pass. The ECR client is loaded only when a run has image assets.
 */
class AssetAws extends _aws_cdk_cdk_assets_lib__WEBPACK_IMPORTED_MODULE_0__.DefaultAwsClient {
    retrySettings;
    credentialChain = (0,_aws_sdk_credential_providers__WEBPACK_IMPORTED_MODULE_3__.fromNodeProviderChain)();
    currentAccount;
    constructor(retrySettings) {
        super();
        this.retrySettings = retrySettings;
    }
    clientConfig(options = {}) {
        const settings = this.retrySettings();
        const credentials = options.assumeRoleArn
            ? (0,_aws_sdk_credential_providers__WEBPACK_IMPORTED_MODULE_3__.fromTemporaryCredentials)({
                masterCredentials: this.credentialChain,
                params: {
                    RoleArn: options.assumeRoleArn,
                    ExternalId: options.assumeRoleExternalId,
                    RoleSessionName: `cdk-deploy-action-assets-${Date.now()}`,
                    TransitiveTagKeys: options.assumeRoleAdditionalOptions?.Tags?.map((t) => t.Key ?? ''),
                    ...options.assumeRoleAdditionalOptions,
                },
                clientConfig: { region: options.region, ...settings },
                clientPlugins: [_aws_call_names_js__WEBPACK_IMPORTED_MODULE_2__/* .CALL_NAMES */ .s8],
            })
            : this.credentialChain;
        return { ...settings, region: options.region, credentials };
    }
    async s3Client(options) {
        const client = (0,_aws_call_names_js__WEBPACK_IMPORTED_MODULE_2__/* .nameFailedAttempts */ .fF)(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.S3Client({ ...this.clientConfig(options), forcePathStyle: forceS3PathStyle() }));
        return {
            getBucketEncryption: (input) => client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.GetBucketEncryptionCommand(input)),
            getBucketLocation: (input) => client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.GetBucketLocationCommand(input)),
            listObjectsV2: (input) => client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.ListObjectsV2Command(input)),
            // Upload sends the file in buffered parts, so a failed part can be retried.
            upload: (input) => new _aws_sdk_lib_storage__WEBPACK_IMPORTED_MODULE_1__.Upload({ client, params: input }).done(),
        };
    }
    async ecrClient(options) {
        const { ECRClient, DescribeImagesCommand, DescribeRepositoriesCommand, GetAuthorizationTokenCommand, } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 28249, 19));
        const client = (0,_aws_call_names_js__WEBPACK_IMPORTED_MODULE_2__/* .nameFailedAttempts */ .fF)(new ECRClient(this.clientConfig(options)));
        return {
            describeImages: (input) => client.send(new DescribeImagesCommand(input)),
            describeRepositories: (input) => client.send(new DescribeRepositoriesCommand(input)),
            getAuthorizationToken: (input) => client.send(new GetAuthorizationTokenCommand(input ?? {})),
        };
    }
    async discoverPartition() {
        return (await this.discoverCurrentAccount()).partition;
    }
    discoverCurrentAccount() {
        if (!this.currentAccount) {
            const lookup = this.lookUpAccount(this.clientConfig());
            this.currentAccount = lookup;
            lookup.catch(() => {
                if (this.currentAccount === lookup)
                    this.currentAccount = undefined;
            });
        }
        return this.currentAccount;
    }
    discoverTargetAccount(options) {
        return this.lookUpAccount(this.clientConfig(options));
    }
    async lookUpAccount(config) {
        const sts = (0,_aws_call_names_js__WEBPACK_IMPORTED_MODULE_2__/* .nameFailedAttempts */ .fF)(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_5__.STSClient(config));
        try {
            const identity = await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_5__.GetCallerIdentityCommand({}));
            if (!identity.Account || !identity.Arn) {
                throw new Error(`Unrecognized response from STS: '${JSON.stringify(identity)}'`);
            }
            return { accountId: identity.Account, partition: identity.Arn.split(':')[1] ?? 'aws' };
        }
        finally {
            sts.destroy();
        }
    }
}


/***/ })

};
