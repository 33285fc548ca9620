// Bundles the CLI (src/ + redis-common + ajv) into one CommonJS file, dist/redis-flavour.cjs, so it
// starts without module resolution, TypeScript or Backstage. Two files beside it hold what only some
// runs need: redis-flavour-yaml.cjs the yaml package (for YAML orders, and for manifests the CLI's
// own YAML writer leaves to it), redis-flavour-cluster.cjs the cluster code of diff and apply
// (redis-node, @kubernetes/client-node). Usage: node bundle.mjs [outfile]
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.dirname(fileURLToPath(import.meta.url));
const requireFromPackage = createRequire(path.join(packageDir, 'package.json'));

/** redis-common's schema and validator options, read from its TypeScript source through esbuild. */
async function loadSchema() {
  const result = await esbuild.build({
    stdin: {
      contents: `export { flavourSchema, SCHEMA_VALIDATOR_OPTIONS } from '@odin/plugin-redis-common';`,
      resolveDir: packageDir,
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'error',
  });
  return import(
    `data:text/javascript;base64,${Buffer.from(
      result.outputFiles[0].text,
    ).toString('base64')}`
  );
}

/**
 * Swaps redis-common's validate/schemaValidator module for one holding the schema check compiled now
 * with Ajv's standalone code: compiling at run time costs more than Node's own start-up.
 */
async function precompiledSchemaValidator() {
  const { flavourSchema, SCHEMA_VALIDATOR_OPTIONS } = await loadSchema();
  const { default: Ajv } = requireFromPackage('ajv');
  const { default: standaloneCode } = requireFromPackage('ajv/dist/standalone');
  const ajv = new Ajv({ ...SCHEMA_VALIDATOR_OPTIONS, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(flavourSchema));
  const contents = `const compiled = { exports: {} };
((module, exports) => { ${code} })(compiled, compiled.exports);
export function compileSchemaValidator() { return compiled.exports; }`;
  return {
    name: 'precompiled-schema-validator',
    setup(build) {
      build.onResolve({ filter: /^\.\/schemaValidator$/ }, args =>
        args.importer.includes(`${path.sep}redis-common${path.sep}`)
          ? { path: 'precompiled-schema-validator', namespace: 'virtual' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({
        contents,
        loader: 'js',
        resolveDir: packageDir,
      }));
    },
  };
}

const YAML_BUNDLE = 'redis-flavour-yaml.cjs';
// What the main bundle gets for \`import ... from 'yaml'\`: the functions it calls, each loading the
// yaml bundle on first use. Loading yaml takes longer than Node's own start-up.
const LAZY_YAML = `let yaml;
const load = () => (yaml ??= require('./${YAML_BUNDLE}'));
export const parse = (...args) => load().parse(...args);
export const parseDocument = (...args) => load().parseDocument(...args);
export const stringify = (...args) => load().stringify(...args);`;

const lazyYaml = {
  name: 'lazy-yaml-bundle',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({
      path: 'yaml',
      namespace: 'lazy-yaml',
    }));
    build.onResolve({ filter: new RegExp(`^\\./${YAML_BUNDLE}$`) }, args => ({
      path: args.path,
      external: true,
    }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-yaml' }, () => ({
      contents: LAZY_YAML,
      loader: 'js',
      resolveDir: packageDir,
    }));
  },
};

const CLUSTER_BUNDLE = 'redis-flavour-cluster.cjs';
// The one import of the cluster code (src/commands/clusterOptions.ts), as written there.
const CLUSTER_IMPORT = '../cluster/clusterCommands';
// What the cluster bundle may hold of Backstage: the error classes redis-node throws, and the entity
// ref parser behind --owner (redis-common's ownerEntityRef).
const BACKSTAGE_ALLOWED_IN_CLUSTER_BUNDLE = [
  '@backstage/errors/',
  '@backstage/catalog-model/',
];

/** Inputs of a build's one output that come from Backstage packages, other than the allowed ones. */
function backstageInputs(metafile, allowed) {
  const [bundled] = Object.values(metafile.outputs);
  return Object.entries(bundled.inputs)
    .filter(
      ([input, { bytesInOutput }]) =>
        input.includes('@backstage/') &&
        bytesInOutput > 0 &&
        !allowed.some(name => input.includes(name)),
    )
    .map(([input]) => input);
}

/**
 * Starts a bundle file with a hash of its contents, which bin/redis-flavour names its code cache
 * after: V8 checks a cache against the length of the source only.
 */
function stampBuild(file) {
  const code = fs.readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  fs.writeFileSync(file, `// redis-flavour build ${hash}\n${code}`);
}

export async function bundleCli(
  outfile = path.join(packageDir, 'dist', 'redis-flavour.cjs'),
) {
  const schemaValidator = await precompiledSchemaValidator();
  const options = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    metafile: true,
    logLevel: 'warning',
  };
  const [main, cluster] = await Promise.all([
    esbuild.build({
      ...options,
      entryPoints: [path.join(packageDir, 'src', 'main.ts')],
      outfile,
      plugins: [
        schemaValidator,
        lazyYaml,
        {
          name: 'lazy-cluster-bundle',
          setup(build) {
            // Left as a require of the file beside the bundle, so only diff and apply load it.
            build.onResolve(
              {
                filter: new RegExp(
                  `^${CLUSTER_IMPORT.replace(/[./]/g, '\\$&')}$`,
                ),
              },
              () => ({ path: `./${CLUSTER_BUNDLE}`, external: true }),
            );
          },
        },
      ],
    }),
    esbuild.build({
      ...options,
      entryPoints: [
        path.join(packageDir, 'src', 'cluster', 'clusterCommands.ts'),
      ],
      outfile: path.join(path.dirname(outfile), CLUSTER_BUNDLE),
      plugins: [
        schemaValidator,
        {
          name: 'userland-punycode',
          setup(build) {
            // node-fetch's URL code asks for Node's built-in punycode, which Node 22 warns is deprecated.
            build.onResolve({ filter: /^punycode$/ }, () => ({
              path: requireFromPackage.resolve('punycode/'),
            }));
          },
        },
      ],
    }),
    esbuild.build({
      ...options,
      entryPoints: [requireFromPackage.resolve('yaml')],
      outfile: path.join(path.dirname(outfile), YAML_BUNDLE),
    }),
  ]);
  // The CLI must start without Backstage; fail the build if any of it slipped in through redis-common.
  const slippedIn = [
    ...backstageInputs(main.metafile, []),
    ...backstageInputs(cluster.metafile, BACKSTAGE_ALLOWED_IN_CLUSTER_BUNDLE),
  ];
  if (slippedIn.length > 0) {
    throw new Error(
      `the CLI bundles must not contain Backstage packages (beyond @backstage/errors and @backstage/catalog-model for diff and apply), found: ${slippedIn.join(
        ', ',
      )}`,
    );
  }
  for (const file of [
    outfile,
    ...[CLUSTER_BUNDLE, YAML_BUNDLE].map(name =>
      path.join(path.dirname(outfile), name),
    ),
  ]) {
    stampBuild(file);
  }
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outfile = await bundleCli(
    process.argv[2] && path.resolve(process.argv[2]),
  );
  console.log(`bundled ${path.relative(process.cwd(), outfile)}`);
}
