// A package registry for one scope, serving the packed tarballs of this repository, so that the
// install test's app installs `@odin/*` the way a user's app installs them from their registry:
// `yarn add @odin/plugin-redis-backend` with no version, and the plugins' dependencies on each other
// resolved by version range. Only the metadata requests yarn sends and the tarballs are answered.
//
//   node registry.mjs <directory of .tgz files> <file to write the port to>
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [dir, portFile] = process.argv.slice(2);
if (!dir || !portFile) {
  console.error('usage: registry.mjs <tarball directory> <port file>');
  process.exit(2);
}

/** name -> { manifest, file, tarball bytes } */
const packages = new Map();
for (const file of readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
  const path = join(dir, file);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', path, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  packages.set(manifest.name, { manifest, file, bytes: readFileSync(path) });
}

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const send = (status, body, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  const tarball = /^\/-\/tarballs\/([^/]+\.tgz)$/.exec(path);
  if (tarball) {
    const entry = [...packages.values()].find(p => p.file === tarball[1]);
    return entry
      ? send(200, entry.bytes, 'application/octet-stream')
      : send(404, '{"error":"not found"}');
  }
  const entry = packages.get(path.slice(1));
  if (!entry) return send(404, '{"error":"not found"}');
  const { manifest, file, bytes } = entry;
  const { port } = server.address();
  const published = new Date().toISOString();
  send(
    200,
    JSON.stringify({
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: {
        [manifest.version]: {
          ...manifest,
          dist: {
            tarball: `http://localhost:${port}/-/tarballs/${file}`,
            shasum: createHash('sha1').update(bytes).digest('hex'),
            integrity: `sha512-${createHash('sha512')
              .update(bytes)
              .digest('base64')}`,
          },
        },
      },
      time: {
        created: published,
        modified: published,
        [manifest.version]: published,
      },
    }),
  );
});

server.listen(0, 'localhost', () => {
  writeFileSync(portFile, String(server.address().port));
  console.log(
    `registry: ${[...packages.keys()].join(', ')} on port ${
      server.address().port
    }`,
  );
});
