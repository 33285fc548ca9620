// Extracts every JSON configuration example from the flavour spec, so tests use them exactly as written.
import fs from 'fs';
import path from 'path';

export const specPath =
  process.env.REDIS_FLAVOUR_SPEC ??
  path.resolve(
    // eslint-disable-next-line no-restricted-syntax -- test code, run from src/
    __dirname,
    '../../../../shared/spec/redis-aws-container-flavour.md',
  );

export interface SpecExample {
  /** Nearest heading above the example. */
  title: string;
  /** Line of the opening fence in the spec. */
  line: number;
  flavour: Record<string, unknown>;
}

/** JSON examples whose top-level keys are flavour properties (the root-schema TLS snippet is not one). */
export function flavourExamples(flavourKeys: readonly string[]): SpecExample[] {
  const lines = fs.readFileSync(specPath, 'utf8').split('\n');
  const examples: SpecExample[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^#{2,6} /.test(lines[i])) heading = lines[i].replace(/^#+ /, '');
    if (lines[i].trim() !== '```json') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++)
      body.push(lines[i]);
    // One example annotates a line with a trailing `// comment`.
    const parsed = JSON.parse(
      body.map(line => line.replace(/\s+\/\/[^"]*$/, '')).join('\n'),
    );
    if (Object.keys(parsed).every(key => flavourKeys.includes(key))) {
      examples.push({ title: heading, line: start + 1, flavour: parsed });
    }
  }
  return examples;
}

/** Wraps a flavour example into an order document the way the portal would. */
export function orderFor(
  flavour: Record<string, unknown>,
  name = 'orders-cache',
) {
  return {
    name,
    root: { clusterModeEnabled: flavour.deploymentMode === 'cluster' },
    flavour,
  };
}
