// Runs the install steps of plugin READMEs in a Backstage app, as a user would follow them.
//
//   node readme-steps.mjs <app directory> <README.md>...
//
// An install step is a fenced code block right after the line `<!-- install-step -->` (invisible on
// GitHub). The steps run in README order, one README after the other:
//
// - a `sh` (or `bash`, `shell`) block runs with bash in the app's root directory;
// - a `ts`, `tsx` or `yaml` block whose first line is a comment naming a file relative to the app's
//   root (`// packages/backend/src/index.ts`, `# app-config.yaml`) goes into that file. TypeScript:
//   each line the file does not have yet is added, `import` lines after the file's last import,
//   the others before its `backend.start();` (at the end of a file without one). YAML: the block is
//   merged into the file's document (mappings key by key, sequence items added when missing).
//
// A README without an install step is an error, so a step that is renamed or dropped cannot pass
// unnoticed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';

const MARKER = '<!-- install-step -->';

/** The marked blocks of one README: `{ lang, body, line }`. */
function installSteps(markdown) {
  const lines = markdown.split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== MARKER) continue;
    let start = i + 1;
    while (start < lines.length && lines[start].trim() === '') start++;
    const fence = /^(```+)\s*([\w-]*)/.exec(lines[start] ?? '');
    if (!fence) {
      throw new Error(
        `line ${i + 1}: ${MARKER} is not followed by a code block`,
      );
    }
    const end = lines.findIndex((l, j) => j > start && l.trim() === fence[1]);
    if (end < 0) throw new Error(`line ${start + 1}: unterminated code block`);
    steps.push({
      lang: fence[2],
      body: lines.slice(start + 1, end).join('\n'),
      line: start + 1,
    });
    i = end;
  }
  return steps;
}

/** The file a ts/yaml block names on its first line, and the rest of the block. */
function targetOf(step) {
  const [first, ...rest] = step.body.split('\n');
  const match = /^\s*(?:\/\/|#)\s*(\S+)\s*$/.exec(first);
  if (!match) {
    throw new Error(
      `line ${step.line}: a ${step.lang} install step must name its file on its first line`,
    );
  }
  return { file: match[1], content: rest.join('\n') };
}

function addTypeScript(text, content) {
  const lines = text.split('\n');
  const present = new Set(lines.map(l => l.trim()));
  const added = content
    .split('\n')
    .filter(l => l.trim() !== '' && !present.has(l.trim()));
  const imports = added.filter(l => /^import\s/.test(l));
  const statements = added.filter(l => !/^import\s/.test(l));
  const start = lines.findIndex(l => /^\s*backend\.start\(\);?\s*$/.test(l));
  if (statements.length) {
    lines.splice(start < 0 ? lines.length : start, 0, ...statements);
  }
  if (imports.length) {
    const lastImport = lines.reduce(
      (last, l, i) => (/^import\s/.test(l) ? i : last),
      -1,
    );
    lines.splice(lastImport + 1, 0, ...imports);
  }
  return { text: lines.join('\n'), added };
}

function mergeYaml(doc, path, value) {
  const current = doc.getIn(path, true);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (!YAML.isMap(current)) return doc.setIn(path, value);
    for (const [key, v] of Object.entries(value))
      mergeYaml(doc, [...path, key], v);
  } else if (Array.isArray(value) && YAML.isSeq(current)) {
    const items = current.toJSON();
    for (const item of value) {
      if (!items.some(existing => isDeepStrictEqual(existing, item)))
        current.add(doc.createNode(item));
    }
  } else {
    doc.setIn(path, value);
  }
  return undefined;
}

function addYaml(text, content) {
  const doc = YAML.parseDocument(text);
  if (doc.contents === null) doc.contents = doc.createNode({});
  mergeYaml(doc, [], YAML.parse(content) ?? {});
  return { text: doc.toString(), added: [content] };
}

function apply(appDir, step, readme) {
  const where = `${readme}:${step.line}`;
  if (['sh', 'bash', 'shell'].includes(step.lang)) {
    console.log(`install-step ${where}: $ ${step.body.trim()}`);
    execFileSync('bash', ['-euo', 'pipefail', '-c', step.body], {
      cwd: appDir,
      stdio: 'inherit',
    });
    return;
  }
  const editors = { ts: addTypeScript, tsx: addTypeScript, yaml: addYaml };
  const edit = editors[step.lang];
  if (!edit) {
    throw new Error(`${where}: no way to apply a "${step.lang}" install step`);
  }
  const { file, content } = targetOf(step);
  const path = join(appDir, file);
  if (!existsSync(path)) throw new Error(`${where}: the app has no ${file}`);
  const { text, added } = edit(readFileSync(path, 'utf8'), content);
  writeFileSync(path, text);
  console.log(
    `install-step ${where}: ${file} ${
      added.length ? `+ ${added.join('\n  + ')}` : '(already there)'
    }`,
  );
}

const [appDir, ...readmes] = process.argv.slice(2);
if (!appDir || !readmes.length) {
  console.error('usage: readme-steps.mjs <app directory> <README.md>...');
  process.exit(2);
}
for (const readme of readmes) {
  const name = relative(process.cwd(), readme);
  const steps = installSteps(readFileSync(readme, 'utf8'));
  if (!steps.length) {
    console.error(`${name}: no install step (${MARKER} before a code block)`);
    process.exit(1);
  }
  for (const step of steps) apply(appDir, step, name);
}
