// Bundles the CLI (src/ + redis-common + ajv + yaml) into one CommonJS file, dist/redis-flavour.cjs,
// so it starts without module resolution, TypeScript or Backstage. The cluster code of diff and apply
// (redis-node, @kubernetes/client-node) goes into a second file beside it, redis-flavour-cluster.cjs,
// which the first loads only for those commands. Usage: node bundle.mjs [outfile]
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.dirname(fileURLToPath(import.meta.url));
const requireFromPackage = createRequire(path.join(packageDir, 'package.json'));
const shimPath = path.join(packageDir, 'src', 'precompiledAjv.ts');

/** Serves modules from memory: { specifier: { contents, loader } }. */
function virtualModules(modules) {
  const filter = new RegExp(
    `^(${Object.keys(modules)
      .map(name => name.replace(/[/.:]/g, '\\$&'))
      .join('|')})$`,
  );
  return {
    name: 'virtual-modules',
    setup(build) {
      build.onResolve({ filter }, args => ({
        path: args.path,
        namespace: 'virtual',
      }));
      build.onLoad({ filter: /.*/, namespace: 'virtual' }, args => ({
        ...modules[args.path],
        resolveDir: packageDir,
      }));
    },
  };
}

const recordingAjv = {
  loader: 'js',
  contents: `
    export const compilations = [];
    export default class RecordingAjv {
      constructor(options = {}) { this.options = options; }
      compile(schema) {
        compilations.push({ options: this.options, schema });
        return Object.assign(() => false, { errors: [] });
      }
    }`,
};

/** The Ajv compilations (options and schema) validateInstance performs, recorded by running it once. */
async function recordAjvCompilations() {
  const result = await esbuild.build({
    stdin: {
      contents: `import { validateInstance } from '@odin/plugin-redis-common';
        import { compilations } from 'recording-ajv';
        validateInstance({});
        export { compilations };`,
      resolveDir: packageDir,
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'error',
    plugins: [
      virtualModules({ 'recording-ajv': recordingAjv }),
      {
        name: 'recording-ajv',
        setup(build) {
          // The same module instance as the import above, so its compilations are the ones recorded.
          build.onResolve({ filter: /^ajv$/ }, () => ({
            path: 'recording-ajv',
            namespace: 'virtual',
          }));
        },
      },
    ],
  });
  const moduleUrl = `data:text/javascript;base64,${Buffer.from(
    result.outputFiles[0].text,
  ).toString('base64')}`;
  const { compilations } = await import(moduleUrl);
  if (compilations.length === 0)
    throw new Error(
      'validateInstance compiled no schema with Ajv; bundle.mjs needs updating',
    );
  return compilations;
}

/** A module exporting precompiledValidators: Map from "[options, schema]" JSON to a standalone validator. */
async function precompiledValidatorsModule() {
  const { default: Ajv } = requireFromPackage('ajv');
  const { default: standaloneCode } = requireFromPackage('ajv/dist/standalone');
  const validators = (await recordAjvCompilations()).map(
    ({ options, schema }) => {
      const ajv = new Ajv({
        ...options,
        code: { ...options.code, source: true },
      });
      // The key src/precompiledAjv.ts looks validators up by.
      const key = JSON.stringify([options, schema]);
      const code = standaloneCode(ajv, ajv.compile(schema));
      return `[${JSON.stringify(
        key,
      )}, (() => { const module = { exports: {} }; ((module, exports) => { ${code} })(module, module.exports); return module.exports; })()]`;
    },
  );
  return {
    loader: 'js',
    contents: `export const precompiledValidators = new Map([${validators.join(
      ',\n',
    )}]);`,
  };
}

const CLUSTER_BUNDLE = 'redis-flavour-cluster.cjs';
// The one import of the cluster code (src/commands/clusterOptions.ts), as written there.
const CLUSTER_IMPORT = '../cluster/clusterCommands';
// What the cluster bundle may hold of Backstage: the error classes redis-node throws.
const BACKSTAGE_ALLOWED_IN_CLUSTER_BUNDLE = ['@backstage/errors/'];

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

export async function bundleCli(
  outfile = path.join(packageDir, 'dist', 'redis-flavour.cjs'),
) {
  const precompiledAjv = [
    virtualModules({
      'virtual:precompiled-validators': await precompiledValidatorsModule(),
    }),
    {
      name: 'precompiled-ajv',
      setup(build) {
        // Only redis-common's Ajv is swapped; the stand-in itself falls back to the real one.
        build.onResolve({ filter: /^ajv$/ }, args =>
          args.importer === shimPath ? undefined : { path: shimPath },
        );
      },
    },
  ];
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
        ...precompiledAjv,
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
        ...precompiledAjv,
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
  ]);
  // The CLI must start without Backstage; fail the build if any of it slipped in through redis-common.
  const slippedIn = [
    ...backstageInputs(main.metafile, []),
    ...backstageInputs(cluster.metafile, BACKSTAGE_ALLOWED_IN_CLUSTER_BUNDLE),
  ];
  if (slippedIn.length > 0) {
    throw new Error(
      `the CLI bundles must not contain Backstage packages (beyond @backstage/errors for diff and apply), found: ${slippedIn.join(
        ', ',
      )}`,
    );
  }
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outfile = await bundleCli(
    process.argv[2] && path.resolve(process.argv[2]),
  );
  console.log(`bundled ${path.relative(process.cwd(), outfile)}`);
}
