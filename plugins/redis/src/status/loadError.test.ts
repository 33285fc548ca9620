import { httpError } from '../__testUtils__/httpError';
import { loadErrorKind } from './loadError';

const withStatus = (statusCode: number) =>
  httpError(statusCode, `HTTP ${statusCode}`);

describe('loadErrorKind', () => {
  it('tells a denial, a missing entity, an unreachable backend and anything else apart', () => {
    expect(loadErrorKind(withStatus(403))).toBe('forbidden');
    expect(loadErrorKind(withStatus(404))).toBe('notFound');
    expect(loadErrorKind(withStatus(502))).toBe('unreachable');
    expect(loadErrorKind(withStatus(503))).toBe('unreachable');
    expect(loadErrorKind(withStatus(504))).toBe('unreachable');
    expect(loadErrorKind(withStatus(500))).toBe('failed');
    expect(loadErrorKind(withStatus(400))).toBe('failed');
  });

  it('reads the status from a response when there is no status code', () => {
    const error = Object.assign(new Error('denied'), {
      response: { status: 403 },
    });
    expect(loadErrorKind(error)).toBe('forbidden');
  });

  it('counts fetch failing before any response as unreachable', () => {
    expect(loadErrorKind(new TypeError('Failed to fetch'))).toBe('unreachable');
    expect(loadErrorKind(new Error('TypeError: fetch failed'))).toBe(
      'unreachable',
    );
    expect(loadErrorKind(new Error('boom'))).toBe('failed');
  });

  it('knows the errors the API may throw by name', () => {
    expect(
      loadErrorKind(Object.assign(new Error('x'), { name: 'NotAllowedError' })),
    ).toBe('forbidden');
    expect(
      loadErrorKind(Object.assign(new Error('x'), { name: 'NotFoundError' })),
    ).toBe('notFound');
  });
});
