import { validateInstance } from '@odin/plugin-redis-common';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { CommandDefinition } from '../command';
import { parseCommandArgs } from '../command';
import {
  EXIT_INVALID,
  EXIT_OK,
  RemoteError,
  UnreadableFileError,
  UsageError,
} from '../exitStatus';
import { readInstanceFile } from '../instanceFile';
import { reportIssues } from '../issueLines';
import { writeStderr, writeStdout } from '../output';

const TEMPLATE_IN_REPOSITORY = join(
  'examples',
  'templates',
  'redis',
  'template.yaml',
);

const dryRunOptions = {
  'backstage-url': { type: 'string' },
  token: { type: 'string' },
  template: { type: 'string' },
  owner: { type: 'string' },
  cluster: { type: 'string' },
} as const;

/** The repository's Redis template, found from where this CLI lives (packages/cli/dist or src). */
/* eslint-disable no-restricted-syntax -- the CLI is bundled by bundle.mjs, not built by backstage-cli: __dirname is packages/cli/dist */
function repositoryTemplate(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, TEMPLATE_IN_REPOSITORY);
    if (existsSync(candidate)) return candidate;
  }
  throw new UnreadableFileError(
    `cannot find ${TEMPLATE_IN_REPOSITORY} above ${__dirname}; pass --template FILE`,
  );
}
/* eslint-enable no-restricted-syntax */

function readTemplate(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UnreadableFileError(
      `cannot read the template ${file}: ${
        (error as Error).message.split('\n')[0]
      }`,
    );
  }
}

/** The response of POST /api/scaffolder/v2/dry-run (scaffolder-backend's DryRunResult plus steps). */
interface DryRunResult {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  directoryContents: {
    path: string;
    base64Content: string;
    executable?: boolean;
  }[];
  output: Record<string, unknown>;
}

/** The portal's answer to a refused dry run: the template form's schema errors, or a Backstage error. */
interface DryRunRefusal {
  errors?: { property?: string; message: string }[];
  error?: { name?: string; message?: string };
}

// The scaffolder's task logger colours the level ("info: …"); a terminal or file gets plain text.
// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const stripColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

async function postDryRun(
  url: string,
  token: string | undefined,
  body: unknown,
): Promise<Response> {
  try {
    return await fetch(`${url.replace(/\/+$/, '')}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    throw new RemoteError(
      `cannot reach the portal at ${url}: ${
        cause?.message ?? (error as Error).message
      }`,
    );
  }
}

/** The portal refused: form errors mean invalid values (1); anything else is the portal's failure (4). */
async function refusal(
  response: Response,
  tokenGiven: boolean,
): Promise<number> {
  const text = await response.text();
  let refused: DryRunRefusal = {};
  try {
    refused = JSON.parse(text);
  } catch {
    // A proxy's HTML error page or plain text: reported by status below.
  }
  if (response.status === 400 && refused.errors) {
    writeStderr(
      `${refused.errors
        .map(
          error =>
            `${
              (error.property ?? 'instance').replace(/^instance\.?/, '') ||
              '(values)'
            }: ${error.message}`,
        )
        .join(
          '\n',
        )}\nThe template's form refused the values; nothing was run.\n`,
    );
    return EXIT_INVALID;
  }
  const reason = refused.error?.message
    ? `${refused.error.name ?? 'Error'}: ${refused.error.message}`
    : `HTTP ${response.status} ${response.statusText}`;
  const hint =
    response.status === 401 && !tokenGiven
      ? ' (pass --token or set BACKSTAGE_TOKEN)'
      : '';
  throw new RemoteError(`the portal's dry run failed: ${reason}${hint}`);
}

export const dryRunCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<file> --backstage-url URL [--token T] [--owner REF] [--cluster NAME] [--template FILE]',
      summary: "run the Redis template through the portal's dry-run API",
    },
  ],
  details: `Runs the portal's Redis template in dry-run mode (POST <URL>/api/scaffolder/v2/dry-run) with the
order's name, root and flavour as the form's values, and prints the task log (stderr) and the
files the template rendered (stdout, each after a "# <path>" line). The portal validates,
renders, and server-side dry-runs the order on the cluster (when it is configured there);
nothing is written to the cluster or the catalog.

  --backstage-url URL  the portal's backend, e.g. https://backstage.example.com
  --token T            a Backstage token (default: $BACKSTAGE_TOKEN), sent as a bearer token
  --owner REF          the form's "owner" value, e.g. group:default/platform
  --cluster NAME       the form's "cluster" value, a cluster of the portal's kubernetes config
  --template FILE      the template (default: examples/templates/redis/template.yaml of this
                       repository)

The order is validated here first. The template's form requires owner and cluster, and it
requires some fields it would fill in itself (e.g. replica.count once replica is given): the
portal lists what is missing.

Exit status: 0 dry run done, 1 invalid order or values the template's form refuses, 2 usage
error or unreadable file, 3 internal error, 4 the portal refused (e.g. 401 without a token) or
failed (a step failed; its message is shown), or could not be reached.

Example:
  redis-flavour dry-run orders-cache.yaml --backstage-url http://localhost:7007 \\
    --owner group:default/platform --cluster eks-prod`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, dryRunOptions, [
      '<file>',
    ]);
    const url = values['backstage-url'];
    if (!url) throw new UsageError('--backstage-url is required');
    const token = values.token ?? process.env.BACKSTAGE_TOKEN;
    const order = readInstanceFile(positionals[0]);
    const validation = validateInstance(order);
    reportIssues(validation);
    if (!validation.valid) return EXIT_INVALID;
    const template = readTemplate(
      values.template ? resolve(values.template) : repositoryTemplate(),
    );
    const { name, root, flavour } = order as Record<string, unknown>;

    const response = await postDryRun(url, token, {
      template,
      values: {
        name,
        root,
        flavour,
        ...(values.owner === undefined ? {} : { owner: values.owner }),
        ...(values.cluster === undefined ? {} : { cluster: values.cluster }),
      },
      directoryContents: [],
    });
    if (!response.ok) return refusal(response, token !== undefined);
    const result = (await response.json()) as DryRunResult;

    writeStderr(
      result.log.map(entry => `${stripColours(entry.body.message)}\n`).join(''),
    );
    writeStdout(
      result.directoryContents
        .map(
          file =>
            `# ${file.path}\n${Buffer.from(
              file.base64Content,
              'base64',
            ).toString('utf8')}`,
        )
        .join('---\n'),
    );
    return EXIT_OK;
  },
};
