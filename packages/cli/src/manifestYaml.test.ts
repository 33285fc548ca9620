import {
  formatManifest,
  formatManifestStream,
  instanceSchema,
  renderManifests,
  validateInstance,
  type KubernetesObject,
} from '@odin/plugin-redis-common';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { manifestStreamText, manifestText, manifestYaml } from './manifestYaml';

/** What redis-common writes for any object, through the yaml package. */
function yamlOf(object: object): string {
  return formatManifest(object as KubernetesObject, 'yaml');
}

const examplesDir = path.resolve(__dirname, '..', '..', '..', 'examples');

/** The orders of the spec's examples and of examples/, each that validates. */
function renderableOrders(): [string, unknown][] {
  const flavourKeys = Object.keys(instanceSchema.properties.flavour.properties);
  const fromSpec = flavourExamples(flavourKeys).map(
    example =>
      [`spec: ${example.title}`, orderFor(example.flavour)] as [
        string,
        unknown,
      ],
  );
  const fromFiles = fs
    .readdirSync(path.join(examplesDir, 'orders'))
    .filter(name => name.endsWith('.yaml'))
    .map(
      name =>
        [
          `examples/orders/${name}`,
          parse(
            fs.readFileSync(path.join(examplesDir, 'orders', name), 'utf8'),
          ),
        ] as [string, unknown],
    );
  return [...fromSpec, ...fromFiles].filter(
    ([, order]) => validateInstance(order).valid,
  );
}

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

// Pieces that YAML treats specially somewhere, and ordinary ones, for strings built at random.
const STRING_PIECES = [
  ...['a', 'Z', 'on', 'Off', 'yes', 'n', 'y', 'null', 'true', 'NO', 'oN'],
  ...['0', '1', '7', '08', '0x1f', '0o7', '0b1', '1e3', '.5', '.inf', '_'],
  ...['-', '+', '.', ':', '?', '#', ',', '[', ']', '{', '}', '&', '*', '!'],
  ...['|', '>', "'", '"', '%', '@', '`', '~', '=', '<<', '\\', '$', '/', '('],
  ...[' ', ' ', '\n', '\n\n', '\t', 'é', '\u0001', '---', '...', ': ', ' #'],
  ...['1000m', '2Gi', 'redis', 'app.kubernetes.io/name', '2001-12-14', 'T'],
];

function randomString(next: () => number): string {
  const length = Math.floor(next() * 4);
  let text = '';
  for (let i = 0; i < length; i++) {
    text += STRING_PIECES[Math.floor(next() * STRING_PIECES.length)];
  }
  return text;
}

function randomValue(next: () => number, depth: number, shared: object[]) {
  const pick = next();
  if (depth > 3 || pick < 0.45) {
    const scalars = [
      () => randomString(next),
      () => Math.floor(next() * 20000) - 10000,
      () => next() < 0.5,
      () => null,
      () => next(),
      () => undefined,
    ];
    return scalars[Math.floor(next() * scalars.length)]();
  }
  if (pick < 0.55 && shared.length > 0) {
    return shared[Math.floor(next() * shared.length)];
  }
  const size = Math.floor(next() * 4);
  const value: unknown =
    pick < 0.75
      ? Array.from({ length: size }, () => randomValue(next, depth + 1, shared))
      : Object.fromEntries(
          Array.from({ length: size }, () => [
            randomString(next),
            randomValue(next, depth + 1, shared),
          ]),
        );
  shared.push(value as object);
  return value;
}

describe('manifestYaml', () => {
  const rendered = renderableOrders().flatMap(([name, order]) =>
    renderManifests(validateInstance(order).config!).map(
      object =>
        [`${name}: ${object.kind} ${object.metadata.name}`, object] as [
          string,
          KubernetesObject,
        ],
    ),
  );

  it('has every rendered example to check', () => {
    expect(rendered.length).toBeGreaterThan(100);
  });

  it.each(rendered)(
    'writes %s as formatManifest does, and yaml reads it back',
    (_, object) => {
      const text = manifestYaml(object);
      expect(text).toBe(yamlOf(object));
      expect(parse(text!, { version: '1.1' })).toEqual(
        JSON.parse(JSON.stringify(object)),
      );
    },
  );

  it.each([
    ['strings that need quotes', { a: 'on', b: '8080', c: 'a: b', d: '' }],
    ['multi-line strings', { script: 'set -e\n\necho "$1"\n', last: 'a\nb' }],
    ['keys YAML 1.1 reads as booleans', { on: 1, Yes: [], off: {} }],
    ['empty maps and arrays', { a: {}, b: [], c: [{}, []], d: [[]] }],
    ['undefined', { a: undefined, b: [undefined], c: { d: undefined } }],
  ])('writes %s as formatManifest does', (_, object) => {
    const text = manifestYaml(object);
    expect(text).toBe(yamlOf(object));
  });

  it('writes a repeated object as an anchor and aliases', () => {
    const labels = { app: 'cache' };
    const ports = [6379];
    const object = { a: ports, b: { labels }, c: [labels, ports], d: labels };
    expect(manifestYaml(object)).toBe(`a: &a2
  - 6379
b:
  labels: &a1
    app: cache
c:
  - *a1
  - *a2
d: *a1
`);
    expect(manifestYaml(object)).toBe(yamlOf(object));
  });

  it('writes streams and JSON as redis-common does', () => {
    const objects = rendered.map(([, object]) => object);
    for (const format of ['yaml', 'json'] as const) {
      expect(manifestStreamText(objects, format)).toBe(
        formatManifestStream(objects, format),
      );
      expect(manifestText(objects[0], format)).toBe(
        formatManifest(objects[0], format),
      );
    }
    const fallback = { ...objects[0], data: { ratio: 0.5 } };
    expect(manifestText(fallback, 'yaml')).toBe(yamlOf(fallback));
  });

  it('leaves to yaml what it does not write', () => {
    expect(manifestYaml({ a: 'tab\there' })).toBeUndefined();
    expect(manifestYaml({ a: 0.5 })).toBeUndefined();
    expect(manifestYaml({ a: new Date(0) })).toBeUndefined();
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    expect(manifestYaml(cycle)).toBeUndefined();
  });

  it('writes random documents as formatManifest does, or leaves them to it', () => {
    let written = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const object = Object.fromEntries(
        Array.from({ length: 1 + Math.floor(next() * 4) }, () => [
          randomString(next),
          randomValue(next, 0, []),
        ]),
      );
      const text = manifestYaml(object);
      if (text === undefined) continue;
      written++;
      const expected = yamlOf(object);
      if (text !== expected) {
        throw new Error(
          `seed ${seed}: ${JSON.stringify(
            object,
          )}\nwrote:\n${text}\nyaml:\n${expected}`,
        );
      }
    }
    // Most random documents hold something it leaves to yaml; enough must be written to mean much.
    expect(written).toBeGreaterThan(300);
  });
});
