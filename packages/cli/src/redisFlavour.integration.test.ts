// Runs the real bundle through bin/redis-flavour, as a user or CI job would.
import {
  formatManifest,
  formatManifestStream,
  instanceSchema,
  renderManifests,
  validateInstance,
  type KubernetesObject,
} from '@odin/plugin-redis-common';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { version } from '../package.json';

const packageDir = path.resolve(__dirname, '..');
const bin = path.join(packageDir, 'bin', 'redis-flavour');
const PASSWORD = 'planted-Pa55word-7f3a9c';

let workDir: string;

function redisFlavour(...args: string[]) {
  const { status, stdout, stderr } = spawnSync(
    process.execPath,
    [bin, ...args],
    { encoding: 'utf8' },
  );
  return { status, stdout, stderr };
}

function writeFile(name: string, content: unknown): string {
  const file = path.join(workDir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    typeof content === 'string' ? content : JSON.stringify(content, null, 2),
  );
  return file;
}

function expectedManifests(doc: unknown): KubernetesObject[] {
  return renderManifests(validateInstance(doc).config!);
}

const flavourKeys = Object.keys(instanceSchema.properties.flavour.properties);
const examples = flavourExamples(flavourKeys);
/** The titles under the spec's "Configuration Examples": each must render. */
const CONFIGURATION_EXAMPLES = [
  'Minimal Development Configuration (Default)',
  'Custom Storage for Development',
  'Production Sentinel with Multi-AZ',
  'Redis Cluster Mode (Horizontal Scaling)',
  'External Access via Network Load Balancer',
  'Network Policy for Zero-Trust Security',
  'S3 Backups with IRSA',
];
const exampleCases = examples.map(
  example =>
    [
      `${example.title} (line ${example.line})`,
      orderFor(example.flavour),
      CONFIGURATION_EXAMPLES.includes(example.title),
    ] as const,
);
// The engine refuses the spec's TLS snippet on purpose (TLS through additionalConfig would break the operator).
const renderableExampleCases = exampleCases.filter(
  ([, order, mustRender]) => mustRender || validateInstance(order).valid,
);
const refusedExampleCases = exampleCases.filter(
  exampleCase => !renderableExampleCases.includes(exampleCase),
);
const productionSentinel = orderFor(
  examples.find(example => example.title.startsWith('Production Sentinel'))!
    .flavour,
);
const invalidOrder = {
  name: 'orders-cache',
  flavour: {
    namespace: 'redis-prod',
    deploymentMode: 'sentinel',
    sentinel: { enabled: true, replicas: 4 },
  },
};
const plantedPasswordOrder = {
  name: 'orders-cache',
  flavour: {
    namespace: 'redis-prod',
    additionalConfig: { requirepass: PASSWORD },
  },
};

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-flavour-'));
  execFileSync(process.execPath, [path.join(packageDir, 'bundle.mjs')]);
}, 120_000);

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('help, version and usage errors', () => {
  it('prints the overall help and each command help', () => {
    const help = redisFlavour('--help');
    expect(help.status).toBe(0);
    for (const command of [
      'validate <file>',
      'render <file>',
      'render --batch <dir>',
      'schema',
    ]) {
      expect(help.stdout).toContain(command);
    }
    const renderHelp = redisFlavour('render', '--help');
    expect(renderHelp.status).toBe(0);
    expect(renderHelp.stdout).toContain('--out-dir DIR');
    expect(redisFlavour('help', 'validate').stdout).toContain(
      'Usage: redis-flavour validate <file>',
    );
  });

  it('prints the version', () => {
    expect(redisFlavour('--version')).toMatchObject({
      status: 0,
      stdout: `${version}\n`,
    });
  });

  it.each([
    [[], 'a command is missing'],
    [['deploy'], 'unknown command "deploy"'],
    [['validate'], 'expected <file>, got none'],
    [['validate', 'a.yaml', 'b.yaml'], 'expected <file>, got a.yaml b.yaml'],
    [['render', '--colour', 'a.yaml'], "Unknown option '--colour'"],
    [
      ['render', '--format', 'xml', 'a.yaml'],
      '--format must be yaml or json, not "xml"',
    ],
    [['schema', 'extra'], 'expected no operands'],
  ])('exits 2 for %j', (args, message) => {
    const result = redisFlavour(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('--help" for usage');
  });
});

describe('schema', () => {
  it('prints the JSON Schema', () => {
    const result = redisFlavour('schema');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(instanceSchema);
  });
});

describe('validate', () => {
  it('finds the examples of the spec section "Configuration Examples"', () => {
    expect(examples.map(example => example.title)).toEqual(
      expect.arrayContaining(CONFIGURATION_EXAMPLES),
    );
  });

  it.each(exampleCases)(
    'agrees with the engine on the spec example "%s"',
    (title, order, mustRender) => {
      const result = redisFlavour(
        'validate',
        writeFile(`examples/${title.replace(/\W+/g, '-')}.json`, order),
      );
      expect(result.status).toBe(
        mustRender || validateInstance(order).valid ? 0 : 1,
      );
    },
  );

  it('reads YAML and puts warnings on stderr', () => {
    const result = redisFlavour(
      'validate',
      writeFile('sentinel.yaml', stringify(productionSentinel)),
    );
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('warning: /flavour/replicaCount: ');
  });

  it('exits 1 with one "<pointer>: <message>" line per error', () => {
    const { errors } = validateInstance(invalidOrder);
    expect(errors.length).toBeGreaterThan(0);
    const result = redisFlavour(
      'validate',
      writeFile('invalid.json', invalidOrder),
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual(
      errors.map(({ pointer, message }) => `${pointer}: ${message}`),
    );
  });

  it('names the whole document "(document)"', () => {
    const result = redisFlavour(
      'validate',
      writeFile('list.yaml', '- a\n- b\n'),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^\(document\): /);
  });

  it.each([
    ['a missing file', () => path.join(workDir, 'missing.yaml'), 'cannot read'],
    ['a directory', () => workDir, 'cannot read'],
    [
      'malformed JSON',
      () => writeFile('broken.json', '{"name": "a",'),
      'is not valid JSON',
    ],
    [
      'malformed YAML',
      () => writeFile('broken.yaml', 'name: a\n  flavour: [\n'),
      'is not valid YAML',
    ],
    [
      'several YAML documents',
      () => writeFile('two.yaml', 'name: a\n---\nname: b\n'),
      'one instance per file',
    ],
  ])('exits 2 for %s', (_case, file, message) => {
    const result = redisFlavour('validate', file());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('render', () => {
  it.each(renderableExampleCases)(
    'renders the spec example "%s" exactly as the engine does',
    (title, order) => {
      const result = redisFlavour(
        'render',
        writeFile(
          `examples/${title.replace(/\W+/g, '-')}.yaml`,
          stringify(order),
        ),
      );
      expect(result.status).toBe(0);
      const documents = parseAllDocuments(result.stdout);
      expect(documents.flatMap(document => document.errors)).toEqual([]);
      expect(documents.map(document => document.toJS())).toEqual(
        expectedManifests(order),
      );
      // Byte for byte: the CLI writes YAML itself, the engine through the yaml package.
      expect(result.stdout).toBe(
        formatManifestStream(expectedManifests(order), 'yaml'),
      );
    },
  );

  it('exits 1 with nothing on stdout for the spec examples the engine refuses on purpose', () => {
    for (const [title, order] of refusedExampleCases) {
      const result = redisFlavour(
        'render',
        writeFile(
          `examples/${title.replace(/\W+/g, '-')}.yaml`,
          stringify(order),
        ),
      );
      expect(result).toMatchObject({ status: 1, stdout: '' });
    }
  });

  it('prints one JSON array with --format json', () => {
    const result = redisFlavour(
      'render',
      '--format',
      'json',
      writeFile('sentinel.json', productionSentinel),
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(
      expectedManifests(productionSentinel),
    );
  });

  it('writes one file per object with --out-dir and lists them', () => {
    const outDir = path.join(workDir, 'out', 'sentinel');
    const result = redisFlavour(
      'render',
      writeFile('sentinel.json', productionSentinel),
      '--out-dir',
      outDir,
    );
    expect(result.status).toBe(0);
    const objects = expectedManifests(productionSentinel);
    const written = result.stdout.trimEnd().split('\n');
    expect(written).toEqual(
      objects.map((object, index) =>
        path.join(
          outDir,
          `${String(index + 1).padStart(2, '0')}-${object.kind.toLowerCase()}-${
            object.metadata.name
          }.yaml`,
        ),
      ),
    );
    expect(written.map(file => fs.readFileSync(file, 'utf8'))).toEqual(
      objects.map(object => formatManifest(object, 'yaml')),
    );
  });

  it('exits 1 and prints nothing on stdout for an invalid order', () => {
    const result = redisFlavour(
      'render',
      writeFile('invalid.json', invalidOrder),
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('/flavour/sentinel/replicas: ');
  });

  it('exits 2 for a missing file', () => {
    expect(
      redisFlavour('render', path.join(workDir, 'missing.json')).status,
    ).toBe(2);
  });
});

describe('render --batch', () => {
  let batchDir: string;
  beforeAll(() => {
    batchDir = path.join(workDir, 'batch');
    writeFile('batch/a-sentinel.json', productionSentinel);
    writeFile(
      'batch/b-dev.yaml',
      stringify(orderFor({ namespace: 'redis-dev' }, 'dev-cache')),
    );
    writeFile('batch/c-invalid.yml', stringify(invalidOrder));
    writeFile('batch/d-broken.json', '{ "name": ');
    writeFile(
      'batch/e-duplicate.yaml',
      stringify(orderFor({ namespace: 'redis-dev' }, 'dev-cache')),
    );
    writeFile('batch/README.md', '# not an order');
  });

  it('reports each file and exits 1 when any file fails', () => {
    const outDir = path.join(workDir, 'batch-out');
    const result = redisFlavour(
      'render',
      '--batch',
      batchDir,
      '--out-dir',
      outDir,
    );
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    const sentinelObjects = expectedManifests(productionSentinel);
    expect(lines).toContain(
      `ok ${path.join(batchDir, 'a-sentinel.json')}: ${
        sentinelObjects.length
      } objects in ${path.join(outDir, 'a-sentinel')}`,
    );
    expect(
      lines.find(line =>
        line.startsWith(`ok ${path.join(batchDir, 'b-dev.yaml')}`),
      ),
    ).toBeDefined();
    const invalidAt = lines.indexOf(
      `invalid ${path.join(batchDir, 'c-invalid.yml')}`,
    );
    expect(lines[invalidAt + 1]).toMatch(
      /^ {2}\/flavour\/sentinel\/replicas: /,
    );
    expect(
      lines.find(line =>
        line.startsWith(`unreadable ${path.join(batchDir, 'd-broken.json')}`),
      ),
    ).toBeDefined();
    expect(lines).toContain(
      `invalid ${path.join(batchDir, 'e-duplicate.yaml')}`,
    );
    expect(result.stdout).toContain(
      'instance redis-dev/dev-cache is also defined in',
    );
    expect(lines[lines.length - 1]).toBe('5 files: 2 ok, 3 failed');
    expect(fs.readdirSync(outDir).sort()).toEqual(['a-sentinel', 'b-dev']);
    expect(fs.readdirSync(path.join(outDir, 'a-sentinel'))).toHaveLength(
      sentinelObjects.length,
    );
  });

  it('exits 0 when every file renders, writing nothing without --out-dir', () => {
    const goodDir = path.join(workDir, 'good');
    writeFile('good/one.json', productionSentinel);
    writeFile(
      'good/two.yaml',
      stringify(orderFor({ namespace: 'redis-dev' }, 'dev-cache')),
    );
    const result = redisFlavour('render', '--batch', goodDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/2 files: 2 ok, 0 failed\n$/);
    expect(fs.readdirSync(goodDir)).toEqual(['one.json', 'two.yaml']);
  });

  it('exits 2 for a directory that is missing or holds no orders', () => {
    expect(
      redisFlavour('render', '--batch', path.join(workDir, 'missing')).status,
    ).toBe(2);
    writeFile('empty/notes.txt', 'nothing');
    expect(
      redisFlavour('render', '--batch', path.join(workDir, 'empty')).status,
    ).toBe(2);
  });
});

describe('a planted password', () => {
  it.each([
    [
      'in additionalConfig',
      'planted.json',
      JSON.stringify(plantedPasswordOrder),
      1,
    ],
    [
      'as an unknown property',
      'literal.yaml',
      stringify({
        name: 'a',
        root: { authentication: { password: PASSWORD } },
        flavour: { namespace: 'redis' },
      }),
      1,
    ],
    [
      'in malformed JSON',
      'planted-broken.json',
      `{"name": "a", "flavour": {"additionalConfig": {"requirepass": ${PASSWORD}}}}`,
      2,
    ],
    [
      'in malformed YAML',
      'planted-broken.yaml',
      `name: a\nflavour:\n  additionalConfig: {requirepass: ${PASSWORD}\n  x: [\n`,
      2,
    ],
  ])('never reaches stdout or stderr (%s)', (_case, name, content, status) => {
    const file = writeFile(name, content);
    for (const args of [
      ['validate', file],
      ['render', file],
      ['render', '--format', 'json', file],
    ]) {
      const result = redisFlavour(...args);
      expect(result.status).toBe(status);
      expect(result.stdout).not.toContain(PASSWORD);
      expect(result.stderr).not.toContain(PASSWORD);
    }
  });

  it('never reaches the batch report or its output files', () => {
    writeFile('planted-batch/planted.json', plantedPasswordOrder);
    writeFile('planted-batch/good.json', productionSentinel);
    const outDir = path.join(workDir, 'planted-out');
    const result = redisFlavour(
      'render',
      '--batch',
      path.join(workDir, 'planted-batch'),
      '--out-dir',
      outDir,
    );
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    const files = fs
      .readdirSync(outDir, { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const entry of files) {
      expect(
        fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'),
      ).not.toContain(PASSWORD);
    }
  });
});

describe('the code cache of bin/redis-flavour', () => {
  it('is written by a first run and gives the same output when used, or when unusable', () => {
    const cacheDir = path.join(workDir, 'compile-cache');
    const env = { ...process.env, NODE_COMPILE_CACHE: cacheDir };
    const file = writeFile('cached.json', productionSentinel);
    const run = () => {
      const { status, stdout, stderr } = spawnSync(
        process.execPath,
        [bin, 'render', file],
        { encoding: 'utf8', env },
      );
      return { status, stdout, stderr };
    };
    const first = run();
    // Beside the directory of Node's own compile cache.
    const [userDir] = fs
      .readdirSync(cacheDir)
      .filter(name => name.startsWith('redis-flavour-'));
    const [cacheName] = fs.readdirSync(path.join(cacheDir, userDir));
    expect(cacheName).toMatch(/^redis-flavour_[0-9a-f]+_v[\d.]+-\w+_render$/);
    const cacheFile = path.join(cacheDir, userDir, cacheName);
    expect(run()).toEqual(first);
    fs.writeFileSync(cacheFile, 'not a code cache');
    expect(run()).toEqual(first);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(
      formatManifestStream(expectedManifests(productionSentinel), 'yaml'),
    );
  });
});

describe('bin/redis-flavour without the bundle', () => {
  it('exits 2 and says to run make setup', () => {
    const binDir = path.join(workDir, 'unbuilt', 'bin');
    fs.mkdirSync(binDir, { recursive: true });
    fs.copyFileSync(bin, path.join(binDir, 'redis-flavour'));
    const result = spawnSync(
      process.execPath,
      [path.join(binDir, 'redis-flavour'), '--version'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('run "make setup"');
  });
});
