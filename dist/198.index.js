export const id = 198;
export const ids = [198];
export const modules = {

/***/ 11198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ContractError: () => (/* reexport */ contract_error/* ContractError */.V),
  checkContractStacks: () => (/* reexport */ contract_stacks/* checkContractStacks */.u),
  loadContract: () => (/* binding */ loadContract),
  parseContract: () => (/* binding */ parseContract)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(52210);
var _2020_default = /*#__PURE__*/__webpack_require__.n(_2020);
;// CONCATENATED MODULE: ./src/verify/contract/contract.schema.json
const contract_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:cdk-deploy-action:contract:1","title":"Deployment contract","description":"What a deployed CDK app must provide: stack outputs, resource properties and governance tags. Read by the `contract` input of the cdk-deploy-action; see src/verify/contract/README.md.","type":"object","required":["version"],"additionalProperties":false,"properties":{"$schema":{"description":"The schema an editor validates this file with; ignored by the action.","type":"string"},"version":{"description":"The contract format\'s version.","const":1},"outputs":{"description":"Per stack (hierarchical id such as `Prod/Api`, or stack name), the outputs it must have.","type":"object","propertyNames":{"$ref":"#/$defs/stackRef"},"additionalProperties":{"$ref":"#/$defs/stackOutputs"}},"resources":{"description":"Expectations on resource properties, per resource type.","type":"array","items":{"$ref":"#/$defs/resourceRule"}},"tags":{"$ref":"#/$defs/tags"}},"$defs":{"stackRef":{"description":"A stack\'s hierarchical id (`Api`, `Prod/Api`) or its stack name.","type":"string","minLength":1},"environments":{"description":"The deployment environments (the `environment` input) a rule applies in; absent = all.","type":"array","items":{"type":"string","minLength":1},"minItems":1,"uniqueItems":true},"stackOutputs":{"description":"Output name (as in the template\'s Outputs) -> expectation, or a list of them (one per environment, say).","type":"object","minProperties":1,"propertyNames":{"pattern":"^[A-Za-z0-9]+$"},"additionalProperties":{"if":{"type":"array"},"then":{"type":"array","minItems":1,"items":{"$ref":"#/$defs/outputExpectation"}},"else":{"$ref":"#/$defs/outputExpectation"}}},"outputExpectation":{"description":"`{}` (or empty): the output exists. Otherwise one of `exists`, `equals`, `pattern`, optionally with `environments`.","type":["object","null"],"additionalProperties":false,"properties":{"exists":{"type":"boolean"},"equals":{"type":["string","number","boolean"]},"pattern":{"type":"string","minLength":1,"format":"regex"},"environments":{"$ref":"#/$defs/environments"}},"not":{"type":"object","anyOf":[{"required":["exists","equals"]},{"required":["exists","pattern"]},{"required":["equals","pattern"]}]}},"resourceRule":{"type":"object","required":["type","properties"],"additionalProperties":false,"properties":{"type":{"description":"The CloudFormation resource type: AWS::S3::Bucket, a registry type (Org::Service::Resource) or Custom::Name.","type":"string","pattern":"^([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(::MODULE)?|Custom::[A-Za-z0-9_@-]+)$"},"description":{"description":"How results name this rule.","type":"string","minLength":1},"environments":{"$ref":"#/$defs/environments"},"stack":{"$ref":"#/$defs/stackRef"},"logicalId":{"description":"The logical id, `*` matching any characters (CDK appends a hash: `Requests*`).","type":"string","pattern":"^[A-Za-z0-9*]+$"},"properties":{"description":"Dot path into the CloudFormation properties (`A.B`, `List.0.C`) -> expectation.","type":"object","minProperties":1,"propertyNames":{"pattern":"^[^.\\\\s]+(\\\\.[^.\\\\s]+)*$"},"additionalProperties":{"$ref":"#/$defs/propertyExpectation"}}}},"propertyExpectation":{"description":"Exactly one of `{ exists: true|false }`, `{ equals: <any JSON> }`, `{ pattern: <regex> }`.","type":"object","minProperties":1,"maxProperties":1,"additionalProperties":false,"properties":{"exists":{"type":"boolean"},"equals":true,"pattern":{"type":"string","minLength":1,"format":"regex"}}},"tagKeys":{"type":"array","items":{"type":"string","minLength":1,"maxLength":128},"uniqueItems":true},"tags":{"description":"Governance tags every taggable resource carries, non-empty.","type":"object","additionalProperties":false,"properties":{"required":{"$ref":"#/$defs/tagKeys"},"environments":{"description":"Environment name -> tag keys required in addition there.","type":"object","propertyNames":{"minLength":1},"additionalProperties":{"$ref":"#/$defs/tagKeys"}}}}}}');
// EXTERNAL MODULE: ./src/verify/contract/contract-error.ts
var contract_error = __webpack_require__(56239);
;// CONCATENATED MODULE: ./src/verify/contract/normalize-contract.ts

/** Builds the typed contract from a document the schema accepted; problems the schema cannot see. */
class ContractBuilder {
    file;
    lineOf;
    problems = [];
    constructor(file, lineOf) {
        this.file = file;
        this.lineOf = lineOf;
    }
    location(segments) {
        return {
            pointer: (0,contract_error/* pointerOf */.r)(segments),
            line: this.lineOf(segments),
        };
    }
    expectation(raw, segments) {
        if (raw?.pattern !== undefined) {
            try {
                new RegExp(raw.pattern);
            }
            catch (error) {
                this.problems.push({
                    segments: [...segments, 'pattern'],
                    message: `pattern ${JSON.stringify(raw.pattern)} is not a regular expression (${error.message})`,
                    fix: "write a JavaScript regular expression; in YAML, quote it with single quotes so '\\' stays as written",
                });
            }
            return { kind: 'pattern', pattern: raw.pattern };
        }
        if (raw && 'equals' in raw)
            return { kind: 'equals', equals: raw.equals };
        return { kind: 'exists', exists: raw?.exists ?? true };
    }
    outputs(raw) {
        const rules = [];
        for (const [stack, outputs] of Object.entries(raw ?? {})) {
            for (const [output, value] of Object.entries(outputs)) {
                const base = ['outputs', stack, output];
                const entries = Array.isArray(value)
                    ? value.map((v, i) => ({ raw: v, segments: [...base, String(i)] }))
                    : [{ raw: value, segments: base }];
                for (const entry of entries) {
                    rules.push({
                        stack,
                        output,
                        expectation: this.expectation(entry.raw, entry.segments),
                        environments: entry.raw?.environments ?? null,
                        location: this.location(entry.segments),
                    });
                }
            }
        }
        return rules;
    }
    resources(raw) {
        return (raw ?? []).map((rule, index) => {
            const segments = ['resources', String(index)];
            const properties = Object.entries(rule.properties).map(([path, value]) => {
                const at = [...segments, 'properties', path];
                return { path, expectation: this.expectation(value, at), location: this.location(at) };
            });
            return {
                index,
                label: rule.description
                    ? `resources[${index}] "${rule.description}"`
                    : `resources[${index}] ${rule.type}`,
                type: rule.type,
                description: rule.description ?? null,
                environments: rule.environments ?? null,
                stack: rule.stack ?? null,
                logicalId: rule.logicalId ?? null,
                properties,
                location: this.location(segments),
            };
        });
    }
    tags(raw) {
        return { required: raw?.required ?? [], environments: raw?.environments ?? {} };
    }
    build(raw) {
        return {
            file: this.file,
            version: 1,
            outputs: this.outputs(raw.outputs),
            resources: this.resources(raw.resources),
            tags: this.tags(raw.tags),
        };
    }
}
/** Freezes a plain value and everything in it. */
function deepFreeze(value) {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value))
            deepFreeze(child);
    }
    return value;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/verify/contract/parse-document.ts

const CONTRACT_EXAMPLE = "write a YAML mapping (or a JSON object) that starts with 'version: 1'";
/** JSON by content: the first character that is not white space opens an object or array. */
function looksLikeJson(text) {
    return /^\s*[{[]/.test(text);
}
/** The line of an offset; past the end (JSON's "unexpected end"), the last line with text. */
function lineAt(text, offset) {
    const end = Math.min(offset, text.trimEnd().length - 1);
    let line = 1;
    for (let i = 0; i < end; i++)
        if (text[i] === '\n')
            line++;
    return line;
}
/** Where a YAML node starts in the text, when it is a node. */
function start(node) {
    return (0,dist/* isNode */.Ll)(node) ? node.range?.[0] : undefined;
}
/** The YAML node's line for each pointer, walking maps by key and sequences by index. */
function locator(doc, lines) {
    return (segments) => {
        let node = doc.contents;
        let offset = start(node);
        for (const segment of segments) {
            if ((0,dist/* isMap */.jh)(node)) {
                const pair = node.items.find((item) => (0,dist/* isScalar */.jn)(item.key) && String(item.key.value) === segment);
                if (!(0,dist/* isPair */.tO)(pair))
                    break;
                offset = start(pair.key) ?? offset;
                node = pair.value;
            }
            else if ((0,dist/* isSeq */.oP)(node)) {
                const item = node.items[Number(segment)];
                if (item === undefined)
                    break;
                offset = start(item) ?? offset;
                node = item;
            }
            else {
                break;
            }
        }
        return offset === undefined ? null : lines.linePos(offset).line;
    };
}
/** The parser's message without its code frame and position (the problem names the line). */
function firstLine(message) {
    return (message.split('\n')[0] ?? message)
        .replace(/:$/, '')
        .replace(/ at line \d+, column \d+$/, '');
}
function jsonProblem(content, error) {
    const message = error.message.replace(/ \(line \d+ column \d+\)$/, '');
    const position = /position (\d+)/.exec(message)?.[1];
    return {
        pointer: '',
        line: position === undefined ? null : lineAt(content, Number(position)),
        message: `not valid JSON: ${message}`,
        fix: 'correct the JSON syntax there, or write the contract as YAML',
    };
}
function yamlProblem(error) {
    const line = error.linePos?.[0].line ?? null;
    switch (error.code) {
        case 'DUPLICATE_KEY':
            return {
                pointer: '',
                line,
                message: 'a key appears twice in the same mapping',
                fix: 'keep one entry per key; merge the two entries',
            };
        case 'MULTIPLE_DOCS':
            return {
                pointer: '',
                line,
                message: 'the file holds more than one YAML document',
                fix: "keep a single document: remove the '---' separators",
            };
        default:
            return {
                pointer: '',
                line,
                message: `not valid YAML: ${firstLine(error.message)}`,
                fix: "correct the YAML syntax there; a contract is a YAML mapping (or a JSON object) that starts with 'version: 1'",
            };
    }
}
/**
 * Parses a contract's text, JSON or YAML by its content (not the file name). Text that opens like
 * JSON is parsed as JSON; if that fails it may still be a YAML flow mapping, and only when it is
 * neither is it JSON's error that is reported. Every document is also read as YAML, which keeps
 * the line of every value and rejects duplicate keys (which JSON.parse lets pass).
 */
function parseContractText(text) {
    const content = text.replace(/^\uFEFF/, '');
    const lines = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(content, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    const [yamlError] = doc.errors;
    let format = 'YAML';
    let value;
    if (looksLikeJson(content)) {
        try {
            value = JSON.parse(content);
            format = 'JSON';
        }
        catch (error) {
            if (yamlError)
                return { ok: false, problem: jsonProblem(content, error) };
        }
    }
    if (format === 'JSON') {
        // Valid JSON: of YAML's objections only a duplicate key matters (JSON.parse keeps the last).
        const duplicate = doc.errors.find((error) => error.code === 'DUPLICATE_KEY');
        if (duplicate)
            return { ok: false, problem: yamlProblem(duplicate) };
    }
    else if (yamlError) {
        return { ok: false, problem: yamlProblem(yamlError) };
    }
    else {
        value = doc.toJS();
    }
    return { ok: true, document: { format, value, lineOf: locator(doc, lines) } };
}
/** What the file holds, for a message when it is not a mapping. */
function describeValue(value) {
    if (value === null || value === undefined)
        return 'nothing (it is empty)';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'string')
        return 'a plain string';
    return `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./src/verify/contract/schema-errors.ts



const PROPERTY_SHAPES = "{ exists: true } (or false), { equals: <any JSON value> } or { pattern: '<regular expression>' }";
const OUTPUT_SHAPES = "{} (the output exists), { exists: true|false }, { equals: '<value>' } or { pattern: '<regular expression>' }, each optionally with environments: [<name>, ...]";
const defs = contract_schema_namespaceObject.$defs;
const ROLES = new Map([
    [contract_schema_namespaceObject, 'root'],
    [defs.propertyExpectation, 'propertyExpectation'],
    [defs.outputExpectation, 'outputExpectation'],
    [defs.outputExpectation.not, 'outputExpectation'],
    [defs.stackOutputs.additionalProperties.then, 'outputList'],
    [defs.stackOutputs, 'stackOutputs'],
    [defs.stackOutputs.propertyNames, 'outputName'],
    [defs.resourceRule.properties.type, 'resourceType'],
    [defs.resourceRule.properties.logicalId, 'logicalId'],
    [defs.resourceRule.properties.properties, 'propertyMap'],
    [defs.resourceRule.properties.properties.propertyNames, 'propertyPath'],
    [defs.environments, 'environments'],
    [defs.propertyExpectation.properties.exists, 'exists'],
    [defs.outputExpectation.properties.exists, 'exists'],
    [defs.tagKeys, 'tagKeys'],
]);
function segmentsOf(instancePath) {
    if (!instancePath)
        return [];
    return instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function preview(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
function editDistance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0] ?? 0;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j] ?? 0;
            row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length] ?? Number.MAX_SAFE_INTEGER;
}
/** A key close to a misspelt one: the same but for case, or at most two letters apart. */
function closest(key, allowed) {
    const lower = key.toLowerCase();
    return allowed.find((candidate) => editDistance(candidate.toLowerCase(), lower) <= 2);
}
function article(type) {
    if (type === 'array')
        return 'a list';
    if (type === 'object')
        return 'a mapping';
    return `a ${type}`;
}
const REQUIRED_FIX = {
    version: "add 'version: 1' at the top of the file",
    type: "add the CloudFormation resource type, e.g. 'type: AWS::S3::Bucket'",
    properties: "add 'properties:' with at least one expectation, e.g. 'BucketEncryption: { exists: true }'",
};
const PATTERN_PROBLEM = {
    resourceType: {
        what: 'a CloudFormation resource type',
        fix: 'write the type as CloudFormation does, e.g. AWS::S3::Bucket or AWS::DynamoDB::Table',
    },
    logicalId: {
        what: 'a logical id',
        fix: "use letters and digits, with '*' for any characters (CDK adds a hash: 'Requests*')",
    },
    outputName: {
        what: 'a CloudFormation output name',
        fix: "use the output's name as in the template's Outputs: letters and digits only",
    },
    propertyPath: {
        what: 'a property path',
        fix: 'write a dot path of CloudFormation property names, e.g. PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled',
    },
};
function shapeProblem(role, segments, value) {
    if (role === 'outputExpectation') {
        return {
            segments,
            message: `unknown output expectation ${preview(value)}`,
            fix: `write one of ${OUTPUT_SHAPES}`,
        };
    }
    const scalar = value === null || typeof value !== 'object';
    return {
        segments,
        message: `unknown property expectation ${preview(value)}`,
        fix: `write exactly one of ${PROPERTY_SHAPES}${scalar ? `; for this value: { equals: ${preview(value)} }` : ''}`,
    };
}
/** The problem one schema error stands for; null for errors another error explains better. */
function problemOf(error) {
    // `if` only chooses between a list and one expectation; a key name's own error says more.
    if (error.keyword === 'if' || error.keyword === 'propertyNames')
        return null;
    const params = error.params;
    const role = ROLES.get(error.parentSchema) ?? null;
    const segments = segmentsOf(error.instancePath);
    if (error.propertyName !== undefined)
        segments.push(error.propertyName);
    const value = error.data;
    if ((role === 'propertyExpectation' || role === 'outputExpectation') &&
        ['type', 'additionalProperties', 'minProperties', 'maxProperties', 'not'].includes(error.keyword)) {
        return shapeProblem(role, segments, value);
    }
    switch (error.keyword) {
        case 'additionalProperties': {
            const key = String(params.additionalProperty);
            const allowed = Object.keys(error.parentSchema?.properties ?? {}).filter((k) => k !== '$schema');
            const suggestion = closest(key, allowed);
            return {
                segments: [...segments, key],
                message: `unknown key '${key}'`,
                fix: suggestion
                    ? `did you mean '${suggestion}'? Keys allowed here: ${allowed.join(', ')}`
                    : `remove it; keys allowed here: ${allowed.join(', ')}`,
            };
        }
        case 'required': {
            const key = String(params.missingProperty);
            return { segments, message: `'${key}' is missing`, fix: REQUIRED_FIX[key] ?? `add '${key}'` };
        }
        case 'const':
            return {
                segments,
                message: `version ${preview(value)} is not supported`,
                fix: "write 'version: 1', the contract version this action reads",
            };
        case 'type': {
            const expected = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type);
            if (role === 'root') {
                return {
                    segments,
                    message: `the file holds ${describeValue(value)}, not a mapping`,
                    fix: CONTRACT_EXAMPLE,
                };
            }
            const fix = role === 'exists'
                ? 'write true or false'
                : role === 'environments'
                    ? 'write a list of environment names, e.g. [prod]'
                    : role === 'tagKeys'
                        ? 'write a list of tag keys, e.g. [owner, cost-center]'
                        : `write ${article(expected)} there`;
            return {
                segments,
                message: `${preview(value)} is ${describeValue(value)}, not ${article(expected)}`,
                fix,
            };
        }
        case 'pattern': {
            const known = role ? PATTERN_PROBLEM[role] : undefined;
            return {
                segments,
                message: `'${String(value)}' is not ${known?.what ?? `what is expected (${error.message ?? 'pattern'})`}`,
                fix: known?.fix ?? 'correct it',
            };
        }
        case 'minProperties':
            return role === 'stackOutputs'
                ? {
                    segments,
                    message: 'names no output',
                    fix: 'name at least one output of this stack, or remove the stack',
                }
                : { segments, message: 'is empty', fix: 'add at least one property expectation' };
        case 'minItems':
            return {
                segments,
                message: 'is an empty list',
                fix: role === 'environments'
                    ? "name at least one environment, or remove 'environments' to apply in all of them"
                    : 'give at least one entry, or remove the key',
            };
        case 'uniqueItems': {
            const items = Array.isArray(value) ? value : [];
            return {
                segments,
                message: `lists ${preview(items[Number(params.i)])} twice`,
                fix: 'remove the duplicate',
            };
        }
        case 'minLength':
            return { segments, message: 'is empty', fix: 'write a non-empty value' };
        case 'maxLength':
            return {
                segments,
                message: `is longer than ${String(params.limit)} characters`,
                fix: 'shorten it (tag keys are at most 128 characters)',
            };
        default:
            return {
                segments,
                message: error.message ?? `fails '${error.keyword}'`,
                fix: 'see contract.schema.json',
            };
    }
}
/** The schema's errors as problems, one per place in the file (the first error there). */
function schemaProblems(errors) {
    const byPointer = new Map();
    for (const error of errors) {
        const problem = problemOf(error);
        if (!problem)
            continue;
        const pointer = (0,contract_error/* pointerOf */.r)(problem.segments);
        if (!byPointer.has(pointer))
            byPointer.set(pointer, problem);
    }
    return [...byPointer.values()];
}
/** A mapping that has none of a contract's keys is not a contract at all: one problem, not many. */
function notAContract(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
        return null;
    const known = Object.keys(contract_schema_namespaceObject.properties);
    if (Object.keys(value).some((key) => known.includes(key)))
        return null;
    return {
        segments: [],
        message: `the file holds none of a contract's keys (${known.filter((k) => k !== '$schema').join(', ')})`,
        fix: CONTRACT_EXAMPLE,
    };
}
/** Located problems, in the order they appear in the file. */
function locate(problems, lineOf) {
    return problems
        .map((p) => ({
        pointer: (0,contract_error/* pointerOf */.r)(p.segments),
        line: lineOf(p.segments),
        message: p.message,
        fix: p.fix,
    }))
        .sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
        a.pointer.localeCompare(b.pointer));
}

// EXTERNAL MODULE: ./src/verify/contract/contract-stacks.ts
var contract_stacks = __webpack_require__(34504);
;// CONCATENATED MODULE: ./src/verify/contract/load-contract.ts









let compiled;
/** The published schema, compiled once. Regexes are checked by the builder, so formats are not. */
function validator() {
    compiled ??= new (_2020_default())({
        allErrors: true,
        strict: true,
        // `required` inside `not` (exists/equals/pattern are exclusive) names properties declared beside it.
        strictRequired: false,
        allowUnionTypes: true,
        validateFormats: false,
        verbose: true,
    }).compile(contract_schema_namespaceObject);
    return compiled;
}
/**
 * A contract from its text (YAML or JSON, told apart by the content). `file` names it in errors.
 * Throws one ContractError listing every problem, each with its line, JSON pointer and fix.
 */
function parseContract(text, file) {
    const parsed = parseContractText(text);
    if (!parsed.ok)
        throw new contract_error/* ContractError */.V(file, [parsed.problem]);
    const { value, lineOf } = parsed.document;
    const validate = validator();
    if (!validate(value)) {
        const problems = [notAContract(value) ?? schemaProblems(validate.errors ?? [])].flat();
        throw new contract_error/* ContractError */.V(file, locate(problems, lineOf));
    }
    const builder = new ContractBuilder(file, lineOf);
    const contract = builder.build(value);
    if (builder.problems.length > 0)
        throw new contract_error/* ContractError */.V(file, locate(builder.problems, lineOf));
    return deepFreeze(contract);
}
/** Reads and validates the contract file at `path`; every problem is a ContractError. */
function loadContract(path) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        const problem = {
            pointer: '',
            line: null,
            message: code === 'ENOENT'
                ? 'the file does not exist'
                : code === 'EISDIR'
                    ? 'is a directory, not a file'
                    : `cannot be read (${error.message})`,
            fix: "check the path given in the 'contract' input",
        };
        throw new contract_error/* ContractError */.V(path, [problem], { cause: error });
    }
    return parseContract(text, path);
}


/***/ })

};
