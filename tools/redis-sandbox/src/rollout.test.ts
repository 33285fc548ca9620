import { claimResize, nextReplacement, storageBytes } from './rollout';

const pods = (...revisions: string[]) =>
  revisions.map((revision, ordinal) => ({ ordinal, revision, ready: true }));

describe('nextReplacement', () => {
  it('replaces the highest outdated ordinal first under RollingUpdate, the default', () => {
    expect(
      nextReplacement({
        strategy: { type: 'RollingUpdate' },
        revision: 'new',
        replicas: 3,
        pods: pods('old', 'old', 'old'),
      }),
    ).toBe(2);
    expect(
      nextReplacement({
        revision: 'new',
        replicas: 3,
        pods: pods('old', 'old', 'new'),
      }),
    ).toBe(1);
    expect(
      nextReplacement({
        revision: 'new',
        replicas: 3,
        pods: pods('new', 'new', 'new'),
      }),
    ).toBeUndefined();
  });

  it('waits while a pod is missing or not ready: one at a time', () => {
    expect(
      nextReplacement({
        revision: 'new',
        replicas: 3,
        pods: pods('old', 'old'),
      }),
    ).toBeUndefined();
    expect(
      nextReplacement({
        revision: 'new',
        replicas: 3,
        pods: [
          { ordinal: 0, revision: 'old', ready: true },
          { ordinal: 1, revision: 'old', ready: true },
          { ordinal: 2, revision: 'new', ready: false },
        ],
      }),
    ).toBeUndefined();
  });

  it('never replaces a running pod under OnDelete', () => {
    expect(
      nextReplacement({
        strategy: { type: 'OnDelete' },
        revision: 'new',
        replicas: 3,
        pods: pods('old', 'old', 'old'),
      }),
    ).toBeUndefined();
  });
});

describe('storageBytes', () => {
  it('reads binary, decimal and exponent quantities', () => {
    expect(storageBytes('10Gi')).toBe(10 * 2 ** 30);
    expect(storageBytes('512Mi')).toBe(512 * 2 ** 20);
    expect(storageBytes('5G')).toBe(5e9);
    expect(storageBytes('1e3')).toBe(1000);
    expect(storageBytes('12')).toBe(12);
    expect(storageBytes('ten')).toBeUndefined();
    expect(storageBytes(undefined)).toBeUndefined();
  });
});

describe('claimResize', () => {
  it('grows the claims to a larger template, once', () => {
    expect(claimResize({ stored: '10Gi', desired: '12Gi' })).toEqual({
      bytes: 12 * 2 ** 30,
      request: '12Gi',
    });
    expect(
      claimResize({
        stored: '10Gi',
        desired: '12Gi',
        recordedCapacity: String(12 * 2 ** 30),
      }),
    ).toBeUndefined();
  });

  it('leaves unchanged templates alone, and skips a shrink below the recorded size', () => {
    expect(claimResize({ stored: '10Gi', desired: '10Gi' })).toBeUndefined();
    expect(
      claimResize({
        stored: '10Gi',
        desired: '11Gi',
        recordedCapacity: String(12 * 2 ** 30),
      }),
    ).toBe('shrink');
  });

  it('tries a shrink before any recorded resize, which the API server then refuses, as the operator does', () => {
    expect(claimResize({ stored: '10Gi', desired: '5Gi' })).toEqual({
      bytes: 5 * 2 ** 30,
      request: '5Gi',
    });
  });
});
