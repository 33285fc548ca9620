import type { KubernetesObject } from './conventions';
import { parse } from 'yaml';
import {
  formatManifest,
  formatManifestStream,
  manifestFileName,
} from './manifestFiles';

const configMap: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'orders-cache-config', namespace: 'redis', labels: {} },
  data: {
    enabled: 'yes',
    mode: 'on',
    octal: '0777',
    conf: 'save ""\nappendonly no\n',
  },
};

describe('manifestFileName', () => {
  it('numbers objects in apply order with at least two digits', () => {
    expect(manifestFileName(configMap, 0, 5, 'yaml')).toBe(
      '01-configmap-orders-cache-config.yaml',
    );
    expect(manifestFileName(configMap, 8, 120, 'json')).toBe(
      '009-configmap-orders-cache-config.json',
    );
  });
});

describe('formatManifest', () => {
  it('quotes strings that YAML 1.1 readers such as kubectl would take for booleans or numbers', () => {
    const yaml = formatManifest(configMap, 'yaml');
    expect(yaml).toContain('enabled: "yes"');
    expect(yaml).toContain('mode: "on"');
    expect(yaml).toContain('octal: "0777"');
    expect(parse(yaml)).toEqual(configMap);
  });

  it('writes multi-line strings as literal blocks', () => {
    expect(formatManifest(configMap, 'yaml')).toContain(
      'conf: |\n    save ""\n    appendonly no\n',
    );
  });
});

describe('formatManifestStream', () => {
  it('separates YAML documents with ---', () => {
    expect(
      formatManifestStream([configMap, configMap], 'yaml').split('\n---\n'),
    ).toHaveLength(2);
  });

  it('makes one JSON array', () => {
    expect(JSON.parse(formatManifestStream([configMap], 'json'))).toEqual([
      configMap,
    ]);
  });
});
