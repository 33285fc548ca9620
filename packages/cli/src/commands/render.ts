import {
  manifestFileName,
  MANIFEST_FORMATS,
  renderManifests,
  validateInstance,
  type KubernetesObject,
  type ManifestFormat,
} from '@odin/plugin-redis-common';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { CommandDefinition } from '../command';
import { parseCommandArgs } from '../command';
import {
  EXIT_INVALID,
  EXIT_OK,
  UnreadableFileError,
  UsageError,
} from '../exitStatus';
import { INSTANCE_FILE_EXTENSIONS, readInstanceFile } from '../instanceFile';
import { issueLine, reportIssues, warningLine } from '../issueLines';
import { manifestStreamText, manifestText } from '../manifestYaml';
import { writeStdout } from '../output';

const renderOptions = {
  format: { type: 'string', default: 'yaml' },
  'out-dir': { type: 'string' },
  batch: { type: 'boolean', default: false },
} as const;

/** Writes one file per object into dir (created if missing) and returns their paths. */
function writeManifestFiles(
  objects: KubernetesObject[],
  dir: string,
  format: ManifestFormat,
): string[] {
  mkdirSync(dir, { recursive: true });
  return objects.map((object, index) => {
    const path = join(
      dir,
      manifestFileName(object, index, objects.length, format),
    );
    writeFileSync(path, manifestText(object, format));
    return path;
  });
}

function renderFile(
  file: string,
  format: ManifestFormat,
  outDir: string | undefined,
): number {
  const result = validateInstance(readInstanceFile(file));
  reportIssues(result);
  if (!result.config) return EXIT_INVALID;
  const objects = renderManifests(result.config);
  writeStdout(
    outDir === undefined
      ? manifestStreamText(objects, format)
      : `${writeManifestFiles(objects, outDir, format).join('\n')}\n`,
  );
  return EXIT_OK;
}

function instanceFilesIn(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UnreadableFileError(
      `cannot read directory ${dir}: ${(error as Error).message}`,
    );
  }
  const files = entries
    .filter(
      entry =>
        entry.isFile() &&
        INSTANCE_FILE_EXTENSIONS.includes(extname(entry.name).toLowerCase()),
    )
    .map(entry => entry.name)
    .sort();
  if (files.length === 0) {
    throw new UsageError(
      `${dir} holds no ${INSTANCE_FILE_EXTENSIONS.join(', ')} files`,
    );
  }
  return files.map(name => join(dir, name));
}

/**
 * Renders every order file of a directory in one process: one result line per file, each error
 * indented under it; with outDir, a sub-directory per file named after it.
 */
function renderBatch(
  dir: string,
  format: ManifestFormat,
  outDir: string | undefined,
): number {
  const report: string[] = [];
  // Two files for the same instance, or with the same output directory, would overwrite each other.
  const instanceOwners = new Map<string, string>();
  const outputOwners = new Map<string, string>();
  let failed = 0;
  const files = instanceFilesIn(dir);
  for (const file of files) {
    let doc: unknown;
    try {
      doc = readInstanceFile(file);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      failed++;
      report.push(`unreadable ${file}: ${error.message}`);
      continue;
    }
    const result = validateInstance(doc);
    const { errors, warnings, config } = result;
    const outputName = basename(file, extname(file));
    if (config) {
      const instance = `${config.flavour.namespace}/${config.name}`;
      const instanceOwner = instanceOwners.get(instance);
      const outputOwner = outputOwners.get(outputName);
      if (instanceOwner) {
        errors.push({
          pointer: '/name',
          message: `instance ${instance} is also defined in ${instanceOwner}; give one of them another name or namespace`,
        });
      } else if (outDir !== undefined && outputOwner) {
        errors.push({
          pointer: '',
          message: `its output directory ${join(
            outDir,
            outputName,
          )} is also the one of ${outputOwner}; rename one of the files`,
        });
      }
      instanceOwners.set(instance, instanceOwner ?? file);
      outputOwners.set(outputName, outputOwner ?? file);
    }
    if (!config || errors.length > 0) {
      failed++;
      report.push(
        `invalid ${file}`,
        ...errors.map(issue => `  ${issueLine(issue)}`),
      );
    } else {
      const objects = renderManifests(config);
      const where =
        outDir === undefined ? '' : ` in ${join(outDir, outputName)}`;
      if (outDir !== undefined)
        writeManifestFiles(objects, join(outDir, outputName), format);
      report.push(`ok ${file}: ${objects.length} objects${where}`);
    }
    report.push(...warnings.map(issue => `  ${warningLine(issue)}`));
  }
  report.push(
    `${files.length} files: ${files.length - failed} ok, ${failed} failed`,
  );
  writeStdout(`${report.join('\n')}\n`);
  return failed > 0 ? EXIT_INVALID : EXIT_OK;
}

export const renderCommand: CommandDefinition = {
  forms: [
    {
      synopsis: '<file> [--format yaml|json] [--out-dir DIR]',
      summary: 'render an order into the operator manifests',
    },
    {
      synopsis: '--batch <dir> [--format yaml|json] [--out-dir DIR]',
      summary: 'render every order file of a directory',
    },
  ],
  details: `Validates an order ({ name, root, flavour }, JSON or YAML) and renders its Kubernetes objects
in apply order.

  --format yaml|json  yaml (default): one multi-document YAML stream; json: one JSON array
  --out-dir DIR       write one file per object, NN-kind-name.yaml (or .json), and print their paths
  --batch             the operand is a directory: render every .json, .yaml and .yml file in it,
                      print one result line per file (ok, invalid with its errors, unreadable) and,
                      with --out-dir, write each file's objects to DIR/<file name without extension>/.
                      Without --out-dir nothing is written: a check for CI.

Exit status: 0 rendered, 1 invalid (errors on stderr, nothing on stdout; in batch mode: at least
one file failed), 2 usage error or a file or directory that cannot be read or parsed.

Examples:
  redis-flavour render orders-cache.yaml | kubectl apply --dry-run=server -f -
  redis-flavour render orders-cache.yaml --out-dir manifests/orders-cache
  redis-flavour render --batch instances/ --out-dir manifests/`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, renderOptions, [
      '<file or dir>',
    ]);
    const format = values.format as ManifestFormat;
    if (!MANIFEST_FORMATS.includes(format)) {
      throw new UsageError(
        `--format must be ${MANIFEST_FORMATS.join(' or ')}, not "${
          values.format
        }"`,
      );
    }
    const outDir = values['out-dir'];
    return values.batch
      ? renderBatch(positionals[0], format, outDir)
      : renderFile(positionals[0], format, outDir);
  },
};
