// Keeps a new app at the Backstage release it was made for.
//
//   node pin-release.mjs <app directory> <repository root>
//
// create-app writes `^` ranges of the release's versions and fetches a yarn.lock seed from GitHub
// that holds the app near them; without the seed (only package registries are reachable here) the
// ranges resolve to the newest versions, a later release whose packages do not work with each other
// (e.g. a signals backend calling an httpRouter method its backend-defaults lacks). So the app's
// root `resolutions` pin every `@backstage/*` package to the release: the versions of the app's own
// package.json files without their `^` (create-app's pins) and the repository's root resolutions,
// which are the same release's versions of the packages the plugins are built against.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [appDir, repoDir] = process.argv.slice(2);
if (!appDir || !repoDir) {
  console.error('usage: pin-release.mjs <app directory> <repository root>');
  process.exit(2);
}
const readJson = path => JSON.parse(readFileSync(path, 'utf8'));

const pins = {};
for (const [name, version] of Object.entries(
  readJson(join(repoDir, 'package.json')).resolutions ?? {},
)) {
  if (name.startsWith('@backstage/')) pins[name] = version;
}
for (const file of [
  'package.json',
  'packages/app/package.json',
  'packages/backend/package.json',
]) {
  const manifest = readJson(join(appDir, file));
  for (const deps of [manifest.dependencies, manifest.devDependencies]) {
    for (const [name, range] of Object.entries(deps ?? {})) {
      const exact = /^[~^]?(\d+\.\d+\.\d+)$/.exec(range);
      if (name.startsWith('@backstage/') && exact) pins[name] = exact[1];
    }
  }
}

const rootFile = join(appDir, 'package.json');
const root = readJson(rootFile);
root.resolutions = { ...pins, ...root.resolutions };
writeFileSync(rootFile, `${JSON.stringify(root, null, 2)}\n`);
console.log(
  `pinned ${
    Object.keys(pins).length
  } @backstage packages in the app's resolutions`,
);
