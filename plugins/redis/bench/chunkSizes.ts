/* eslint-disable no-console */
// Prints how much JavaScript the order field and the Redis tab load lazily, raw and gzipped, from the app
// as built (packages/app/dist; `yarn workspace app build` first). Each chunk is found by text only its own
// code contains, and each lazy import by webpack's `Promise.all([r.e("id"), ...])` that loads that chunk.
// The goal is the field ≤ 200 KB gzipped. Asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const GOAL_KB = 200;
const appDist = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'packages',
  'app',
  'dist',
);
const staticDir = path.join(appDist, 'static');
const pluginSrc = path.resolve(__dirname, '..', 'src');

/**
 * How each lazy part is found: by text only its own chunk contains (ids and translation keys its components
 * use), or, for the validator, by the import that follows the name the field destructures from it.
 */
const PARTS: {
  name: string;
  markers?: string[];
  importAfter?: string;
}[] = [
  {
    name: 'order field (RedisOrderField, preview)',
    markers: ['redis-order-manifests', 'redis-order-cost'],
  },
  {
    name: "order field's validator (loaded by the first check)",
    importAfter: '{validateRedisOrder:',
  },
  {
    name: 'Redis tab (RedisTab)',
    markers: ['tab.cluster.coverageLabel', 'tab.nodes.tableLabel'],
  },
  {
    name: 'Redis card (RedisCard)',
    markers: ['fields.replicaNoAnswer', 'fields.moreReplicas'],
  },
];

interface Chunk {
  id: string;
  file: string;
  text: string;
  raw: number;
  gzip: number;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs,
    );
  }
  return newest;
}

function main() {
  if (!fs.existsSync(staticDir)) {
    console.log(
      'chunk sizes: skipped, no packages/app/dist (run `yarn workspace app build` first)',
    );
    return;
  }
  if (
    newestMtime(pluginSrc) >
    fs.statSync(path.join(appDist, 'index.html')).mtimeMs
  )
    console.log(
      'note: plugins/redis/src changed after the last app build; rebuild for current figures',
    );

  const chunks: Chunk[] = fs
    .readdirSync(staticDir)
    .filter(file => file.endsWith('.js'))
    .map(file => {
      const buffer = fs.readFileSync(path.join(staticDir, file));
      return {
        id: file.split('.')[0],
        file,
        text: buffer.toString('utf8'),
        raw: buffer.length,
        gzip: gzipSync(buffer).length,
      };
    });
  const byId = new Map(chunks.map(chunk => [chunk.id, chunk]));
  // Every lazy import of the build: the chunk ids one import() waits for.
  const imports = chunks.flatMap(chunk =>
    [
      ...chunk.text.matchAll(
        /Promise\.all\(\[((?:\w\.e\("[^"]+"\),?)+)\]\)|\b\w\.e\("([^"]+)"\)\.then/g,
      ),
    ].map(match =>
      match[1]
        ? [...match[1].matchAll(/"([^"]+)"/g)].map(id => id[1])
        : [match[2]],
    ),
  );
  const usedBy = (id: string) => imports.filter(ids => ids.includes(id)).length;
  const sum = (members: Chunk[], key: 'raw' | 'gzip') =>
    members.reduce((total, member) => total + member[key], 0);

  console.log(
    'lazy chunks of packages/app/dist (gzip level 6, as the backend compresses them):',
  );
  const groups = new Map<string, Chunk[]>();
  for (const part of PARTS) {
    let group: string[] | undefined;
    let own: Chunk | undefined;
    if (part.markers) {
      const found = chunks.filter(chunk =>
        part.markers!.every(marker => chunk.text.includes(marker)),
      );
      if (found.length === 1) {
        own = found[0];
        // The import that loads it; the largest if several do.
        group = imports
          .filter(ids => ids.includes(own!.id))
          .sort((a, b) => b.length - a.length)[0] ?? [own.id];
      } else {
        console.log(
          `  ${part.name}: ${found.length} chunks contain ${part.markers.join(
            ' + ',
          )}; cannot tell which is its own`,
        );
        continue;
      }
    } else {
      for (const chunk of chunks) {
        const at = chunk.text.indexOf(part.importAfter!);
        if (at < 0) continue;
        const match =
          /^\s*=\s*await\s*(?:Promise\.all\(\[((?:\w\.e\("[^"]+"\),?)+)\]\)|\w\.e\("([^"]+)"\))/.exec(
            chunk.text
              .slice(at + part.importAfter!.length)
              .replace(/^\w+\}/, ''),
          );
        if (match)
          group = match[1]
            ? [...match[1].matchAll(/"([^"]+)"/g)].map(id => id[1])
            : [match[2]];
      }
      if (!group) {
        console.log(
          `  ${part.name}: no import follows ${part.importAfter}; cannot find it`,
        );
        continue;
      }
    }
    const members = group
      .map(id => byId.get(id))
      .filter((chunk): chunk is Chunk => chunk !== undefined);
    groups.set(part.name, members);
    console.log(
      `  ${part.name}${
        own
          ? `: chunk ${own.file} ${kb(own.raw)} KB raw, ${kb(
              own.gzip,
            )} KB gzipped`
          : ''
      }`,
    );
    console.log(
      `    its import loads ${members.length} chunk(s): ${kb(
        sum(members, 'raw'),
      )} KB raw, ${kb(sum(members, 'gzip'))} KB gzipped`,
    );
    for (const member of members.filter(chunk => chunk !== own))
      console.log(
        `      ${member.file.padEnd(28)} ${kb(member.raw).padStart(
          7,
        )} KB raw ${kb(member.gzip).padStart(6)} KB gzipped, in ${
          usedBy(member.id) - 1
        } other import(s)`,
      );
  }

  // The field as a browser first gets it: its import, then the validator's chunks it did not bring.
  const field = groups.get(PARTS[0].name);
  const validator = groups.get(PARTS[1].name);
  if (field && validator) {
    const all = [...new Set([...field, ...validator])];
    const gzipKb = sum(all, 'gzip') / 1024;
    console.log(
      `  order field in all (its import + the validator's other chunks): ${kb(
        sum(all, 'raw'),
      )} KB raw, ${gzipKb.toFixed(
        1,
      )} KB gzipped; goal ≤ ${GOAL_KB} KB gzipped: ${
        gzipKb <= GOAL_KB ? 'met' : 'MISSED'
      }`,
    );
  }
}

main();
