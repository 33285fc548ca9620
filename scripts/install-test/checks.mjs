// The HTTP checks of the install test, against the backend of the new app: the Redis route, the
// scaffolder actions and the catalog entity provider answer as their READMEs say.
//
//   node checks.mjs <backend base URL> <backend pid>
//
// It waits for the backend to be ready (failing at once if its process ends), signs in as the
// app's guest user, runs every check and exits non-zero when any failed.
const [baseUrl, pid] = process.argv.slice(2);
if (!baseUrl || !pid) {
  console.error('usage: checks.mjs <backend base URL> <backend pid>');
  process.exit(2);
}

// The instance install-test.sh applies to the test cluster with the CLI, and the cluster's name in the
// test's Kubernetes config (install-test.sh).
const CLUSTER = 'install-test';
const INSTANCE = { namespace: 'install-test', name: 'install-test-cache' };

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const backendAlive = () => {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
};

async function get(path, token, init = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, type: res.headers.get('content-type'), body };
}

/** Retries `fn` until it returns without throwing, for at most `ms`. */
async function eventually(ms, fn) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline || !backendAlive()) throw error;
      await sleep(1000);
    }
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const show = value => JSON.stringify(value).slice(0, 400);

// Ready: the readiness endpoint of every Backstage backend answers 200 once all plugins started.
const readyStarted = Date.now();
for (;;) {
  if (!backendAlive()) {
    console.error('install-test: the backend exited before it was ready');
    process.exit(1);
  }
  const readiness = await fetch(
    `${baseUrl}/.backstage/health/v1/readiness`,
  ).then(
    async res => ({ ok: res.ok, body: await res.text() }),
    error => ({ ok: false, body: String(error) }),
  );
  if (readiness.ok) break;
  if (Date.now() - readyStarted > 240_000) {
    console.error(
      `install-test: the backend was not ready within 240 s: ${readiness.body}`,
    );
    process.exit(1);
  }
  await sleep(1000);
}
console.log(
  `install-test: backend ready after ${Math.round(
    (Date.now() - readyStarted) / 1000,
  )} s`,
);

// The guest provider of a new app signs anyone in as user:development/guest in development.
const session = await get('/api/auth/guest/refresh');
const token = session.body?.backstageIdentity?.token;
if (!token) {
  console.error(
    `install-test: no guest token from /api/auth/guest/refresh: ${
      session.status
    } ${show(session.body)}`,
  );
  process.exit(1);
}

const entityPath = (kind, namespace, name) =>
  `/api/redis/entities/${kind}/${namespace}/${name}/status`;

const checks = [
  [
    'redis: a status request without credentials is refused (401)',
    async () => {
      const res = await get(entityPath('resource', 'default', INSTANCE.name));
      expect(
        res.status === 401 && res.body?.error?.name === 'AuthenticationError',
        `got ${res.status} ${show(res.body)}`,
      );
    },
  ],
  [
    'redis: an entity without the Redis annotations gets 404 naming them',
    async () => {
      // example-website is one of the new app's example entities.
      await eventually(60_000, async () => {
        const entity = await get(
          '/api/catalog/entities/by-name/component/default/example-website',
          token,
        );
        expect(entity.status === 200, `catalog: ${entity.status}`);
      });
      const res = await get(
        entityPath('component', 'default', 'example-website'),
        token,
      );
      expect(
        res.status === 404 &&
          res.body?.error?.name === 'NotFoundError' &&
          /odin\.dev\/redis-instance/.test(res.body.error.message),
        `got ${res.status} ${show(res.body)}`,
      );
    },
  ],
  [
    'catalog: the entity provider is scheduled (RedisInstanceEntityProvider:refresh)',
    async () => {
      const res = await get(
        '/api/catalog/.backstage/scheduler/v1/tasks',
        token,
      );
      const ids = (res.body?.tasks ?? []).map(task => task.taskId);
      expect(
        ids.includes('RedisInstanceEntityProvider:refresh'),
        `tasks: ${show(ids)}`,
      );
    },
  ],
  [
    `catalog: the provider registered the cluster's instance as resource:default/${INSTANCE.name}`,
    async () => {
      await eventually(90_000, async () => {
        const res = await get(
          `/api/catalog/entities/by-name/resource/default/${INSTANCE.name}`,
          token,
        );
        const annotations = res.body?.metadata?.annotations ?? {};
        expect(
          res.status === 200 &&
            res.body.spec?.type === 'redis' &&
            annotations['odin.dev/redis-instance'] ===
              `${INSTANCE.namespace}/${INSTANCE.name}` &&
            annotations['odin.dev/redis-cluster'] === CLUSTER &&
            annotations['backstage.io/managed-by-location'] ===
              `odin-redis:${CLUSTER}`,
          `got ${res.status} ${show(res.body)}`,
        );
      });
    },
  ],
  [
    "redis: the instance's status is read from the cluster (200, kubernetes section ok)",
    async () => {
      const res = await get(
        entityPath('resource', 'default', INSTANCE.name),
        token,
      );
      expect(
        res.status === 200 &&
          res.body?.instance?.cluster === CLUSTER &&
          res.body.instance.namespace === INSTANCE.namespace &&
          res.body.instance.name === INSTANCE.name &&
          res.body.kubernetes?.status === 'ok' &&
          typeof res.body.health?.overall === 'string',
        `got ${res.status} ${show(res.body)}`,
      );
    },
  ],
  [
    'scaffolder: the actions redis:render and redis:apply are listed',
    async () => {
      const res = await get('/api/scaffolder/v2/actions', token);
      const ids = Array.isArray(res.body) ? res.body.map(a => a.id) : [];
      expect(
        ids.includes('redis:render') && ids.includes('redis:apply'),
        `got ${res.status}, actions: ${show(ids)}`,
      );
    },
  ],
  [
    'app: the backend serves the built frontend',
    async () => {
      const res = await get('/');
      expect(
        res.status === 200 && /text\/html/.test(res.type ?? ''),
        `got ${res.status} ${res.type}`,
      );
    },
  ],
];

let failed = 0;
for (const [name, check] of checks) {
  try {
    await check();
    console.log(`  ✔ ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`  ✘ ${name}: ${error.message}`);
  }
}
console.log(
  `install-test: ${checks.length - failed} of ${checks.length} checks passed`,
);
process.exit(failed ? 1 : 0);
