// Test helper for the k8s-testenv kube-apiserver: starts it once (up.sh), then namespaces and scoped tokens.
// Node built-ins only, so any package's tests can import it by relative path without a workspace.
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import fs from 'fs';
import https from 'https';
import path from 'path';

const TESTENV_DIR = __dirname;
const REPO_ROOT = path.resolve(TESTENV_DIR, '../..');
const STATE_DIR =
  process.env.K8S_STATE_DIR ?? path.join(REPO_ROOT, '.cache/k8s');
const APISERVER_PORT = Number(process.env.K8S_APISERVER_PORT ?? '16443');
const SERVER = `https://127.0.0.1:${APISERVER_PORT}`;
/** Where the apiserver's token webhook calls awsIamAuthenticator.ts; the same default as common.sh. */
const AWS_IAM_AUTHENTICATOR_PORT = Number(
  process.env.K8S_AWS_IAM_AUTHENTICATOR_PORT ?? APISERVER_PORT + 1000,
);
/** A cold up.sh compiles kube-apiserver and etcd (12–16 min on 2 cores); a warm one takes seconds. */
const UP_TIMEOUT_MS = 30 * 60_000;
/** Jest timeout for the hook that calls startTestCluster: long enough for a cold build. */
export const START_TIMEOUT_MS = UP_TIMEOUT_MS + 60_000;
/** RBAC bindings reach the authorizer through an informer; this bounds the wait for one to apply. */
const RBAC_PROPAGATION_MS = 15_000;

/** API groups the tests need served: the Opstree Redis Operator CRDs and the monitoring stand-ins. */
const REQUIRED_GROUP_VERSIONS = [
  'redis.redis.opstreelabs.in/v1beta2',
  'monitoring.coreos.com/v1',
];

export interface TestCluster {
  /** Admin kubeconfig written by up.sh (token user in system:masters). */
  kubeconfigPath: string;
  /** https://127.0.0.1:16443 */
  server: string;
  /** Base64 of the CA certificate, as `caData` in the Backstage kubernetes config. */
  caData: string;
  adminToken: string;
  /**
   * The port the apiserver's token webhook posts TokenReviews to (`http://127.0.0.1:<port>/authenticate`): pass it
   * to `startAwsIamAuthenticator` (awsIamAuthenticator.ts), the stand-in for EKS's aws-iam-authenticator.
   */
  awsIamAuthenticatorPort: number;
}

export interface KubeResponse {
  status: number;
  body: any;
}

interface StateFiles {
  kubeconfigPath: string;
  caPath: string;
  tokenPath: string;
  /** What up.sh started the apiserver with (common.sh APISERVER_SPEC_FILE). */
  apiserverSpecPath: string;
}

function stateFiles(): StateFiles {
  return {
    kubeconfigPath: path.join(STATE_DIR, 'kubeconfig'),
    caPath: path.join(STATE_DIR, 'pki/ca.crt'),
    tokenPath: path.join(STATE_DIR, 'admin-token'),
    apiserverSpecPath: path.join(STATE_DIR, 'run/kube-apiserver.spec'),
  };
}

/**
 * Whether the running apiserver has the token webhook on this port. One started by an older up.sh has not; then
 * startTestCluster runs up.sh, which restarts it with the current flags.
 */
function hasTokenWebhook(files: StateFiles): boolean {
  try {
    const spec = fs.readFileSync(files.apiserverSpecPath, 'utf8');
    return (
      spec.includes('--authentication-token-webhook-config-file=') &&
      spec.includes(
        `server: http://127.0.0.1:${AWS_IAM_AUTHENTICATOR_PORT}/authenticate`,
      )
    );
  } catch {
    return false;
  }
}

function readCluster(files: StateFiles): TestCluster {
  return {
    kubeconfigPath: files.kubeconfigPath,
    server: SERVER,
    caData: fs.readFileSync(files.caPath).toString('base64'),
    adminToken: fs.readFileSync(files.tokenPath, 'utf8').trim(),
    awsIamAuthenticatorPort: AWS_IAM_AUTHENTICATOR_PORT,
  };
}

/**
 * One HTTP request to the apiserver. `token` defaults to the admin token; objects are sent as JSON
 * unless `contentType` says otherwise (e.g. application/apply-patch+yaml).
 */
export function kubeRequest(
  cluster: TestCluster,
  method: string,
  apiPath: string,
  options: { body?: unknown; token?: string; contentType?: string } = {},
): Promise<KubeResponse> {
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
      ? options.body
      : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${cluster.server}${apiPath}`,
      {
        method,
        ca: Buffer.from(cluster.caData, 'base64'),
        headers: {
          Authorization: `Bearer ${options.token ?? cluster.adminToken}`,
          Accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'Content-Type': options.contentType ?? 'application/json' }),
        },
        timeout: 30_000,
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // /readyz and some errors answer plain text.
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`${method} ${apiPath} timed out`)),
    );
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}

/** True when the server answers /readyz and serves every API group the tests use. */
async function isReady(cluster: TestCluster): Promise<boolean> {
  try {
    const readyz = await kubeRequest(cluster, 'GET', '/readyz');
    if (readyz.status !== 200) return false;
    for (const groupVersion of REQUIRED_GROUP_VERSIONS) {
      const discovery = await kubeRequest(
        cluster,
        'GET',
        `/apis/${groupVersion}`,
      );
      if (discovery.status !== 200) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function runUpScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.join(TESTENV_DIR, 'up.sh')],
      { timeout: UP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) {
          resolve();
          return;
        }
        reject(
          new Error(
            `tools/k8s-testenv/up.sh failed (${
              error.message.split('\n')[0]
            }); last output:\n${stderr.split('\n').slice(-25).join('\n')}`,
          ),
        );
      },
    );
  });
}

let started: Promise<TestCluster> | undefined;

/**
 * The running k8s-testenv apiserver. When it is already up (make test starts it before jest) this only
 * reads its files; otherwise (or when it runs without the token webhook) it runs up.sh, which builds on first
 * use and is safe to run from parallel workers. Memoised per test process.
 */
export function startTestCluster(): Promise<TestCluster> {
  started ??= (async () => {
    const failedStart = process.env.K8S_TESTENV_UP_FAILED;
    if (failedStart) {
      // with-testenv.sh already tried up.sh once in this run; trying again per worker would rebuild for minutes.
      throw new Error(
        `k8s-testenv did not start in this test run: ${failedStart}`,
      );
    }
    const files = stateFiles();
    const filesExist = [
      files.kubeconfigPath,
      files.caPath,
      files.tokenPath,
    ].every(file => fs.existsSync(file));
    if (
      filesExist &&
      hasTokenWebhook(files) &&
      (await isReady(readCluster(files)))
    )
      return readCluster(files);
    await runUpScript();
    const cluster = readCluster(files);
    if (!(await isReady(cluster))) {
      throw new Error(
        `up.sh finished but ${SERVER} is not ready; see ${STATE_DIR}/logs/`,
      );
    }
    return cluster;
  })();
  return started;
}

/** Fails with the server's own message unless the status is one of `expected`. */
export function expectStatus(
  response: KubeResponse,
  what: string,
  ...expected: number[]
): KubeResponse {
  if (!expected.includes(response.status)) {
    const message =
      typeof response.body === 'object' && response.body?.message
        ? response.body.message
        : JSON.stringify(response.body);
    throw new Error(`${what}: HTTP ${response.status}: ${message}`);
  }
  return response;
}

/** A lowercase name that no earlier run used: deleted namespaces stay Terminating (no controllers). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString(
    'hex',
  )}`;
}

/**
 * A test's namespace carries this label, so the all-namespaces sandbox controller of `make start` and of the
 * browser tests leaves it alone (tools/redis-sandbox `TEST_SCOPE_LABEL`); tests start their own scoped one.
 */
const TEST_NAMESPACE_LABELS = { 'redis-sandbox.odin.dev/scope': 'test' };

/** Creates a namespace named `<prefix>-<unique suffix>` and returns its name. */
export async function createNamespace(
  cluster: TestCluster,
  prefix: string,
): Promise<string> {
  const name = uniqueName(prefix);
  expectStatus(
    await kubeRequest(cluster, 'POST', '/api/v1/namespaces', {
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: TEST_NAMESPACE_LABELS },
      },
    }),
    `create namespace ${name}`,
    201,
  );
  return name;
}

/** A Role or ClusterRole, bound by a RoleBinding in `namespace` (or a ClusterRoleBinding when it is omitted). */
export interface RoleGrant {
  roleKind: 'Role' | 'ClusterRole';
  roleName: string;
  namespace?: string;
}

/** What the token must be allowed to do before it is handed out (checked with a SelfSubjectAccessReview). */
export interface AccessCheck {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
}

async function isAllowed(
  cluster: TestCluster,
  token: string,
  check: AccessCheck,
): Promise<boolean> {
  const review = expectStatus(
    await kubeRequest(
      cluster,
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        token,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { ...check, group: check.group ?? '' } },
        },
      },
    ),
    'SelfSubjectAccessReview',
    201,
  );
  return review.body?.status?.allowed === true;
}

/** Polls until the token may do `check`: a new binding reaches the RBAC authorizer a moment after it is stored. */
export async function waitUntilAllowed(
  cluster: TestCluster,
  token: string,
  check: AccessCheck,
): Promise<void> {
  const deadline = Date.now() + RBAC_PROPAGATION_MS;
  while (!(await isAllowed(cluster, token, check))) {
    if (Date.now() > deadline) {
      throw new Error(
        `RBAC never allowed ${JSON.stringify(
          check,
        )} within ${RBAC_PROPAGATION_MS} ms`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/**
 * Creates the ServiceAccount `namespace/name`, binds it to each grant and returns a token for it
 * from the TokenRequest API. Pass `readyWhen` to wait until the bindings are in force.
 */
export async function serviceAccountToken(
  cluster: TestCluster,
  account: { namespace: string; name: string },
  grants: RoleGrant[],
  readyWhen?: AccessCheck,
): Promise<string> {
  const serviceAccounts = `/api/v1/namespaces/${account.namespace}/serviceaccounts`;
  expectStatus(
    await kubeRequest(cluster, 'POST', serviceAccounts, {
      body: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: account.name },
      },
    }),
    `create ServiceAccount ${account.namespace}/${account.name}`,
    201,
    409,
  );
  for (const grant of grants) {
    const bindingName =
      `${account.namespace}-${account.name}-${grant.roleName}`.slice(0, 253);
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: grant.namespace ? 'RoleBinding' : 'ClusterRoleBinding',
      metadata: {
        name: bindingName,
        ...(grant.namespace ? { namespace: grant.namespace } : {}),
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: grant.roleKind,
        name: grant.roleName,
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: account.name,
          namespace: account.namespace,
        },
      ],
    };
    const bindings = grant.namespace
      ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${grant.namespace}/rolebindings`
      : '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';
    expectStatus(
      await kubeRequest(cluster, 'POST', bindings, { body: binding }),
      `create ${binding.kind} ${bindingName}`,
      201,
    );
  }
  const tokenRequest = expectStatus(
    await kubeRequest(
      cluster,
      'POST',
      `${serviceAccounts}/${account.name}/token`,
      {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { expirationSeconds: 3600 },
        },
      },
    ),
    `TokenRequest for ${account.namespace}/${account.name}`,
    201,
  );
  const token: string = tokenRequest.body.status.token;
  if (readyWhen) await waitUntilAllowed(cluster, token, readyWhen);
  return token;
}
