// A TEST STAND-IN for what lets an IAM principal into an EKS cluster, for tests against the k8s-testenv
// kube-apiserver. It plays two AWS parts on one loopback HTTP server:
//   - EKS's aws-iam-authenticator, the apiserver's token webhook (POST /authenticate, a TokenReview): it accepts
//     `k8s-aws-v1.` tokens, i.e. presigned STS GetCallerIdentity URLs, and maps the caller to a Kubernetes user;
//   - AWS STS (POST /, SigV4 signed form requests): AssumeRole, issuing temporary credentials, and
//     GetCallerIdentity, the two actions Backstage's AwsIamStrategy and DefaultAwsCredentialsManager call.
// The real authenticator forwards the presigned URL to STS; this one checks the SigV4 signature itself against
// the static test credentials and the temporary ones it issued. It calls no AWS endpoint, implements only what
// those callers need, and is no security boundary. Node built-ins only, like testCluster.ts.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import http from 'http';

/** An IAM user whose static keys the stand-in knows: the base credentials of `aws.mainAccount`. */
export interface AwsTestUser {
  /** e.g. arn:aws:iam::111122223333:user/backstage */
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The Kubernetes user for tokens signed with these keys directly; without it they are refused. */
  kubernetes?: KubernetesMapping;
}

/** An IAM role any test user may assume, and the Kubernetes user its sessions map to (EKS's access entry). */
export interface AwsTestRole {
  /** e.g. arn:aws:iam::111122223333:role/backstage-redis */
  arn: string;
  /** The trust policy's sts:ExternalId condition; AssumeRole without exactly this value is denied. */
  externalId?: string;
  kubernetes?: KubernetesMapping;
}

export interface KubernetesMapping {
  /**
   * `{{SessionName}}` and `{{AccountID}}` are replaced. Default: the session's ARN for a role
   * (arn:aws:sts::<account>:assumed-role/<role>/<session>, as an EKS access entry), the ARN for a user.
   */
  username?: string;
  groups?: string[];
}

export interface KubernetesUser {
  username: string;
  uid: string;
  groups: string[];
  extra: Record<string, string[]>;
}

/** One TokenReview the apiserver sent, and the answer. */
export interface TokenReviewRecord {
  token: string;
  authenticated: boolean;
  user?: KubernetesUser;
  error?: string;
  /** The presigned URL's host and decoded query parameters, when the token decoded to a URL. */
  presigned?: { host: string; query: Record<string, string> };
}

/** One STS request, and the outcome. */
export interface StsCallRecord {
  /** The form's Action, e.g. AssumeRole. */
  action: string;
  /** Whose signature the request carried (from its Authorization header), verified or not. */
  accessKeyId?: string;
  /** The form fields, e.g. RoleArn, ExternalId, RoleSessionName. */
  params: Record<string, string>;
  /** `<Code>: <Message>` of the STS error answered; undefined when the call succeeded. */
  error?: string;
  /** The temporary credentials an AssumeRole issued. */
  issued?: { accessKeyId: string; sessionToken: string; expiration: string };
}

export interface AwsIamAuthenticatorOptions {
  /** The port the apiserver's webhook config names (testCluster.ts `awsIamAuthenticatorPort`); 0 for any. */
  port: number;
  /** The EKS cluster id the token must be signed for (its `x-k8s-aws-id` header): Backstage's cluster name. */
  clusterId: string;
  users: AwsTestUser[];
  roles: AwsTestRole[];
  /** The stand-in's clock in ms, to test expiry; Date.now by default. */
  now?: () => number;
}

export interface AwsIamAuthenticator {
  /** http://127.0.0.1:<port>: the STS endpoint (AWS_ENDPOINT_URL_STS); the webhook is <url>/authenticate. */
  url: string;
  tokenReviews: TokenReviewRecord[];
  stsCalls: StsCallRecord[];
  stop(): Promise<void>;
}

const TOKEN_PREFIX = 'k8s-aws-v1.';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
/** EKS accepts a token for 15 minutes after it was signed, whatever its X-Amz-Expires says. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** How far a signed request's X-Amz-Date may be from the clock, as AWS allows. */
const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_BODY_BYTES = 64 * 1024;
const EMPTY_SHA256 = sha256Hex('');
const PRESIGNED_PARAMS = new Set([
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

/** An STS error answer; `message` is also the TokenReview's error. */
class StsError extends Error {
  constructor(readonly code: string, message: string, readonly status = 403) {
    super(message);
  }
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** URI encoding as SigV4 wants it: RFC 3986 unreserved characters stay, everything else is %XX. */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Code-unit order, as SigV4 sorts (not locale order). */
function compareOrdinal(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function canonicalQueryString(params: Array<[string, string]>): string {
  return params
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)])
    .sort(
      ([k1, v1], [k2, v2]) => compareOrdinal(k1, k2) || compareOrdinal(v1, v2),
    )
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

interface SignatureInput {
  method: string;
  /** Query parameters without X-Amz-Signature. */
  query: Array<[string, string]>;
  /** Lowercase name -> value of each signed header. */
  headers: Map<string, string>;
  payloadSha256: string;
  amzDate: string;
  /** <date>/<region>/<service>/aws4_request */
  scope: string;
  secretAccessKey: string;
}

/** The SigV4 signature (hex) of a request to the path "/". */
function sigV4Signature(input: SignatureInput): string {
  const names = [...input.headers.keys()].sort();
  const canonicalRequest = [
    input.method,
    '/',
    canonicalQueryString(input.query),
    ...names.map(
      name => `${name}:${input.headers.get(name)!.trim().replace(/\s+/g, ' ')}`,
    ),
    '',
    names.join(';'),
    input.payloadSha256,
  ].join('\n');
  const stringToSign = [
    ALGORITHM,
    input.amzDate,
    input.scope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const [date, region, service] = input.scope.split('/');
  const signingKey = [date, region, service, 'aws4_request'].reduce<
    string | Buffer
  >((key, part) => hmac(key, part), `AWS4${input.secretAccessKey}`);
  return hmac(signingKey, stringToSign).toString('hex');
}

function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Milliseconds of a SigV4 date, 20261201T141250Z. */
function parseAmzDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) {
    throw new StsError('IncompleteSignature', `bad X-Amz-Date '${value}'`, 400);
  }
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The parts of `<access key id>/<date>/<region>/sts/aws4_request`, checked against the request's date. */
function parseCredentialScope(credential: string, amzDate: string) {
  const parts = credential.split('/');
  if (
    parts.length !== 5 ||
    parts[3] !== 'sts' ||
    parts[4] !== 'aws4_request' ||
    !/^\d{8}$/.test(parts[1]) ||
    !/^[a-z0-9-]+$/.test(parts[2])
  ) {
    throw new StsError(
      'IncompleteSignature',
      `credential '${credential}' is not <key>/<date>/<region>/sts/aws4_request`,
      400,
    );
  }
  if (parts[1] !== amzDate.slice(0, 8)) {
    throw new StsError(
      'SignatureDoesNotMatch',
      `credential date ${parts[1]} is not the date of X-Amz-Date ${amzDate}`,
    );
  }
  return {
    accessKeyId: parts[0],
    region: parts[2],
    scope: parts.slice(1).join('/'),
  };
}

/** Temporary credentials issued by AssumeRole. */
interface RoleSession {
  role: AwsTestRole;
  accountId: string;
  sessionName: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  principalId: string;
}

/** Who signed: a test user, or a role session. */
interface Principal {
  accessKeyId: string;
  secretAccessKey: string;
  user?: AwsTestUser;
  session?: RoleSession;
}

function accountOf(arn: string): string {
  const account = arn.split(':')[4];
  if (!/^\d{12}$/.test(account ?? '')) {
    throw new Error(`'${arn}' has no 12-digit account id`);
  }
  return account;
}

function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

function sessionArn(session: RoleSession): string {
  return `arn:aws:sts::${session.accountId}:assumed-role/${roleNameOf(
    session.role.arn,
  )}/${session.sessionName}`;
}

/** What GetCallerIdentity answers for a principal. */
function callerIdentity(principal: Principal) {
  if (principal.session) {
    return {
      arn: sessionArn(principal.session),
      userId: principal.session.principalId,
      account: principal.session.accountId,
    };
  }
  const user = principal.user!;
  return {
    arn: user.arn,
    // Stable per user, shaped like an IAM user's unique id.
    userId: `AIDA${sha256Hex(user.arn).slice(0, 17).toUpperCase()}`,
    account: accountOf(user.arn),
  };
}

function xmlEscape(value: string): string {
  return value.replace(
    /[<>&'"]/g,
    c =>
      ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[
        c
      ]!),
  );
}

function xmlElements(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join('');
}

function randomUpperAlnum(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(length)].map(b => alphabet[b % 32]).join('');
}

/** ISO 8601 without milliseconds, as STS writes Expiration. */
function stsTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The raw query of a URL as decoded pairs, refusing a repeated key (URLSearchParams would read + as space). */
function decodeQuery(search: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    if (seen.has(key)) throw new Error(`query parameter ${key} is repeated`);
    seen.add(key);
    pairs.push([key, value]);
  }
  return pairs;
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy(new Error('request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Starts the stand-in on 127.0.0.1:`port`. Fails if the port is taken (e.g. another test runs one). */
export async function startAwsIamAuthenticator(
  options: AwsIamAuthenticatorOptions,
): Promise<AwsIamAuthenticator> {
  const now = options.now ?? Date.now;
  const tokenReviews: TokenReviewRecord[] = [];
  const stsCalls: StsCallRecord[] = [];
  const usersByKey = new Map(options.users.map(u => [u.accessKeyId, u]));
  const rolesByArn = new Map(options.roles.map(r => [r.arn, r]));
  for (const item of [...options.users, ...options.roles]) accountOf(item.arn);
  const sessions = new Map<string, RoleSession>();

  /** The principal of an access key, checking the session token that must (or must not) come with it. */
  function principalFor(
    accessKeyId: string,
    sessionToken: string | undefined,
  ): Principal {
    const user = usersByKey.get(accessKeyId);
    if (user) {
      if (sessionToken !== undefined) {
        throw new StsError(
          'InvalidClientTokenId',
          `${accessKeyId} is a user's key, it takes no session token`,
        );
      }
      return { accessKeyId, secretAccessKey: user.secretAccessKey, user };
    }
    const session = sessions.get(accessKeyId);
    if (!session) {
      throw new StsError(
        'InvalidClientTokenId',
        `the security token included in the request is invalid: unknown access key ${accessKeyId}`,
      );
    }
    if (sessionToken === undefined || sessionToken !== session.sessionToken) {
      throw new StsError(
        'InvalidClientTokenId',
        `${accessKeyId} is a temporary key and needs the session token it was issued with`,
      );
    }
    if (now() >= session.expiresAt) {
      throw new StsError(
        'ExpiredToken',
        `the temporary credentials ${accessKeyId} have expired`,
      );
    }
    return {
      accessKeyId,
      secretAccessKey: session.secretAccessKey,
      session,
    };
  }

  /** Checks the Authorization header of an STS request and returns who signed it. */
  function verifySignedRequest(
    request: http.IncomingMessage,
    body: Buffer,
    record: StsCallRecord,
  ): Principal {
    const authorization = request.headers.authorization ?? '';
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (!match) {
      throw new StsError(
        'IncompleteSignature',
        'no AWS4-HMAC-SHA256 Authorization header',
        400,
      );
    }
    const [, credential, signedHeaderList, signature] = match;
    record.accessKeyId = credential.split('/')[0];
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    const signedAt = parseAmzDate(amzDate);
    if (Math.abs(now() - signedAt) > CLOCK_SKEW_MS) {
      throw new StsError(
        'RequestExpired',
        `request signed at ${amzDate}, too far from the server's time`,
        400,
      );
    }
    const { accessKeyId, scope } = parseCredentialScope(credential, amzDate);
    const signedHeaders = signedHeaderList.split(';');
    for (const required of ['host', 'x-amz-date']) {
      if (!signedHeaders.includes(required)) {
        throw new StsError(
          'IncompleteSignature',
          `header ${required} is not signed`,
          400,
        );
      }
    }
    const headers = new Map<string, string>();
    for (const name of signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) {
        throw new StsError(
          'IncompleteSignature',
          `signed header ${name} is missing`,
          400,
        );
      }
      headers.set(name, Array.isArray(value) ? value.join(',') : value);
    }
    const payloadSha256 = sha256Hex(body);
    const declaredSha256 = request.headers['x-amz-content-sha256'];
    if (declaredSha256 !== undefined && declaredSha256 !== payloadSha256) {
      throw new StsError(
        'SignatureDoesNotMatch',
        'x-amz-content-sha256 is not the hash of the body',
      );
    }
    const tokenHeader = request.headers['x-amz-security-token'];
    const sessionToken = Array.isArray(tokenHeader)
      ? tokenHeader.join(',')
      : tokenHeader;
    if (sessionToken !== undefined && !headers.has('x-amz-security-token')) {
      throw new StsError(
        'IncompleteSignature',
        'x-amz-security-token is not signed',
        400,
      );
    }
    const principal = principalFor(accessKeyId, sessionToken);
    const path = new URL(request.url ?? '/', 'http://localhost');
    if (path.pathname !== '/') {
      throw new StsError('InvalidAction', `no STS at ${path.pathname}`, 400);
    }
    const expected = sigV4Signature({
      method: request.method ?? 'POST',
      query: decodeQuery(path.search),
      headers,
      payloadSha256,
      amzDate,
      scope,
      secretAccessKey: principal.secretAccessKey,
    });
    if (!signaturesEqual(expected, signature)) {
      throw new StsError(
        'SignatureDoesNotMatch',
        `the request signature of ${accessKeyId} does not match (wrong secret access key?)`,
      );
    }
    return principal;
  }

  function assumeRole(
    caller: Principal,
    params: Record<string, string>,
    record: StsCallRecord,
  ): string {
    const roleArn = params.RoleArn ?? '';
    const sessionName = params.RoleSessionName ?? '';
    if (!roleArn || !sessionName) {
      throw new StsError(
        'ValidationError',
        'RoleArn and RoleSessionName are required',
        400,
      );
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new StsError(
        'ValidationError',
        `RoleSessionName '${sessionName}' is not 2-64 of [\\w+=,.@-]`,
        400,
      );
    }
    const callerArn = callerIdentity(caller).arn;
    const role = rolesByArn.get(roleArn);
    if (!role || !caller.user) {
      throw new StsError(
        'AccessDenied',
        `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    if (
      role.externalId !== undefined &&
      params.ExternalId !== role.externalId
    ) {
      throw new StsError(
        'AccessDenied',
        `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} (ExternalId ${
          params.ExternalId === undefined ? 'missing' : 'does not match'
        })`,
      );
    }
    const durationSeconds = Number(params.DurationSeconds ?? 3600);
    if (
      !Number.isInteger(durationSeconds) ||
      durationSeconds < 900 ||
      durationSeconds > 43200
    ) {
      throw new StsError(
        'ValidationError',
        `DurationSeconds ${params.DurationSeconds} is not 900-43200`,
        400,
      );
    }
    const accountId = accountOf(role.arn);
    const roleId = `AROA${sha256Hex(role.arn).slice(0, 17).toUpperCase()}`;
    const accessKeyId = `ASIA${randomUpperAlnum(16)}`;
    const session: RoleSession = {
      role,
      accountId,
      sessionName,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiresAt: now() + durationSeconds * 1000,
      principalId: `${roleId}:${sessionName}`,
    };
    sessions.set(accessKeyId, session);
    const expiration = stsTimestamp(session.expiresAt);
    record.issued = {
      accessKeyId,
      sessionToken: session.sessionToken,
      expiration,
    };
    return (
      `<Credentials>${xmlElements({
        AccessKeyId: accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: expiration,
      })}</Credentials>` +
      `<AssumedRoleUser>${xmlElements({
        AssumedRoleId: session.principalId,
        Arn: sessionArn(session),
      })}</AssumedRoleUser>`
    );
  }

  async function handleSts(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const requestId = randomBytes(16).toString('hex');
    const body = await readBody(request);
    const params = Object.fromEntries(
      new URLSearchParams(body.toString('utf8')),
    );
    const record: StsCallRecord = { action: params.Action ?? '', params };
    stsCalls.push(record);
    let result: string;
    try {
      if (request.method !== 'POST') {
        throw new StsError('InvalidAction', 'STS takes POST here', 400);
      }
      const caller = verifySignedRequest(request, body, record);
      if (params.Version !== '2011-06-15') {
        throw new StsError(
          'InvalidParameterValue',
          `Version ${params.Version} is not 2011-06-15`,
          400,
        );
      }
      if (record.action === 'AssumeRole') {
        result = assumeRole(caller, params, record);
      } else if (record.action === 'GetCallerIdentity') {
        const identity = callerIdentity(caller);
        result = xmlElements({
          Arn: identity.arn,
          UserId: identity.userId,
          Account: identity.account,
        });
      } else {
        throw new StsError(
          'InvalidAction',
          `the stand-in does not implement ${record.action}`,
          400,
        );
      }
    } catch (error) {
      const stsError =
        error instanceof StsError
          ? error
          : new StsError('InternalFailure', String(error), 500);
      record.error = `${stsError.code}: ${stsError.message}`;
      response.writeHead(stsError.status, {
        'Content-Type': 'text/xml',
        'x-amzn-RequestId': requestId,
      });
      response.end(
        `<ErrorResponse xmlns="${STS_XMLNS}"><Error>${xmlElements({
          Type: stsError.status >= 500 ? 'Receiver' : 'Sender',
          Code: stsError.code,
          Message: stsError.message,
        })}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/xml',
      'x-amzn-RequestId': requestId,
    });
    const action = record.action;
    response.end(
      `<${action}Response xmlns="${STS_XMLNS}"><${action}Result>${result}</${action}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    );
  }

  function kubernetesUser(principal: Principal): KubernetesUser {
    const identity = callerIdentity(principal);
    const session = principal.session;
    const mapping = session
      ? session.role.kubernetes
      : principal.user!.kubernetes;
    if (!mapping) {
      throw new Error(`${identity.arn} is not mapped to a Kubernetes user`);
    }
    const username = (mapping.username ?? identity.arn)
      .replace(/\{\{SessionName\}\}/g, session?.sessionName ?? '')
      .replace(/\{\{AccountID\}\}/g, identity.account);
    return {
      username,
      uid: `aws-iam-authenticator:${identity.account}:${identity.userId}`,
      groups: mapping.groups ?? [],
      extra: {
        arn: [identity.arn],
        canonicalArn: [session ? session.role.arn : identity.arn],
        accessKeyId: [principal.accessKeyId],
        principalId: [identity.userId],
        ...(session ? { sessionName: [session.sessionName] } : {}),
      },
    };
  }

  /** The Kubernetes user of a `k8s-aws-v1.` token, or an Error saying why it is refused. */
  function verifyToken(
    token: string,
    record: TokenReviewRecord,
  ): KubernetesUser {
    if (!token.startsWith(TOKEN_PREFIX)) {
      throw new Error(`token does not start with ${TOKEN_PREFIX}`);
    }
    const encoded = token.slice(TOKEN_PREFIX.length);
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) {
      throw new Error('token is not base64url');
    }
    let url: URL;
    try {
      url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
    } catch {
      throw new Error('token is not a base64url-encoded URL');
    }
    const pairs = decodeQuery(url.search);
    const query = Object.fromEntries(pairs);
    record.presigned = { host: url.host, query };
    const hostRegion = /^sts(?:\.([a-z0-9-]+))?\.amazonaws\.com$/.exec(
      url.host,
    );
    if (
      url.protocol !== 'https:' ||
      !hostRegion ||
      url.pathname !== '/' ||
      url.username ||
      url.hash
    ) {
      throw new Error(`${url.origin}${url.pathname} is not an STS endpoint`);
    }
    for (const [key] of pairs) {
      if (!PRESIGNED_PARAMS.has(key)) {
        throw new Error(`unexpected query parameter ${key}`);
      }
    }
    for (const key of PRESIGNED_PARAMS) {
      if (key !== 'X-Amz-Security-Token' && !query[key]) {
        throw new Error(`query parameter ${key} is missing`);
      }
    }
    if (
      query.Action !== 'GetCallerIdentity' ||
      query.Version !== '2011-06-15'
    ) {
      throw new Error(
        `the URL is ${query.Action} ${query.Version}, not GetCallerIdentity 2011-06-15`,
      );
    }
    if (query['X-Amz-Algorithm'] !== ALGORITHM) {
      throw new Error(`X-Amz-Algorithm is not ${ALGORITHM}`);
    }
    const signedHeaders = query['X-Amz-SignedHeaders'];
    // Only these two: the authenticator knows no other header's value to sign with.
    if (signedHeaders !== 'host;x-k8s-aws-id') {
      throw new Error(
        `X-Amz-SignedHeaders is '${signedHeaders}', not 'host;x-k8s-aws-id'`,
      );
    }
    const amzDate = query['X-Amz-Date'];
    const signedAt = parseAmzDate(amzDate);
    const { accessKeyId, region, scope } = parseCredentialScope(
      query['X-Amz-Credential'],
      amzDate,
    );
    if (region !== (hostRegion[1] ?? 'us-east-1')) {
      throw new Error(`signed for region ${region}, sent to ${url.host}`);
    }
    const expires = query['X-Amz-Expires'];
    if (!/^\d+$/.test(expires) || Number(expires) > 900) {
      throw new Error(`X-Amz-Expires '${expires}' is not 0-900 seconds`);
    }
    if (now() > signedAt + TOKEN_LIFETIME_MS) {
      throw new Error(`token expired: signed at ${amzDate}, valid 15 minutes`);
    }
    if (signedAt > now() + CLOCK_SKEW_MS) {
      throw new Error(`token signed in the future (${amzDate})`);
    }
    const principal = principalFor(accessKeyId, query['X-Amz-Security-Token']);
    const expected = sigV4Signature({
      method: 'GET',
      query: pairs.filter(([key]) => key !== 'X-Amz-Signature'),
      headers: new Map([
        ['host', url.host],
        // What the real authenticator adds when it forwards the URL: the token only verifies for this cluster.
        ['x-k8s-aws-id', options.clusterId],
      ]),
      payloadSha256: EMPTY_SHA256,
      amzDate,
      scope,
      secretAccessKey: principal.secretAccessKey,
    });
    if (!signaturesEqual(expected, query['X-Amz-Signature'])) {
      throw new Error(
        `signature does not match: signed with other credentials than ${accessKeyId}'s, or for another cluster than ${options.clusterId}`,
      );
    }
    return kubernetesUser(principal);
  }

  async function handleTokenReview(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    let review: any;
    try {
      review = JSON.parse((await readBody(request)).toString('utf8'));
    } catch {
      review = undefined;
    }
    if (
      request.method !== 'POST' ||
      review?.apiVersion !== 'authentication.k8s.io/v1' ||
      review?.kind !== 'TokenReview' ||
      typeof review?.spec?.token !== 'string'
    ) {
      response.writeHead(400, { 'Content-Type': 'text/plain' });
      response.end(
        'expected a POST of an authentication.k8s.io/v1 TokenReview',
      );
      return;
    }
    const record: TokenReviewRecord = {
      token: review.spec.token,
      authenticated: false,
    };
    tokenReviews.push(record);
    let status: Record<string, unknown>;
    try {
      record.user = verifyToken(review.spec.token, record);
      record.authenticated = true;
      status = { authenticated: true, user: record.user };
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      status = { authenticated: false, error: record.error };
    }
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(
      JSON.stringify({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        status,
      }),
    );
  }

  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const handle = pathname === '/authenticate' ? handleTokenReview : handleSts;
    handle(request, response).catch(error => {
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/plain' });
      }
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', error =>
      reject(
        new Error(
          `the AWS IAM authenticator stand-in cannot listen on 127.0.0.1:${options.port}: ${error.message}`,
        ),
      ),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    tokenReviews,
    stsCalls,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
