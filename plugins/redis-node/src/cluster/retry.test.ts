import { ServiceUnavailableError } from '@backstage/errors';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_RETRY_POLICY,
  sendWithRetries,
  type ResponseHeaders,
} from './retry';

type Handler = (
  request: http.IncomingMessage,
  response: http.ServerResponse,
  count: number,
) => void;

/** What the server does for each path, and how many requests each path has had. */
const handlers = new Map<string, Handler>();
const counts = new Map<string, number>();
const server = http.createServer((request, response) => {
  const path = request.url ?? '/';
  const count = (counts.get(path) ?? 0) + 1;
  counts.set(path, count);
  const handler = handlers.get(path);
  if (handler) handler(request, response, count);
  else response.writeHead(404).end();
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});

/** A path that answers with `handler`; each test has its own. */
let paths = 0;
function serve(handler: Handler): string {
  const path = `/api/v1/namespaces/redis/configmaps/c${++paths}`;
  handlers.set(path, handler);
  return path;
}

function json(response: http.ServerResponse, status: number, body: object) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

interface Answer {
  status: number;
  headers: ResponseHeaders;
  body: string;
}

/** GET with node:http, the body read before it resolves. */
function get(url: string) {
  return (signal: AbortSignal) =>
    new Promise<Answer>((resolve, reject) => {
      const request = http.get(url, { signal }, response => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body,
          }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
    });
}

/** GET with fetch, the body read before it resolves. */
function fetchGet(url: string) {
  return async (signal: AbortSignal): Promise<Answer> => {
    const response = await fetch(url, { signal });
    return {
      status: response.status,
      headers: response.headers,
      body: await response.text(),
    };
  };
}

/** A sleep that records what it was asked to wait and returns at once. */
function recordingSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

const ok = { kind: 'ConfigMap', metadata: { name: 'c' } };

describe('sendWithRetries', () => {
  it('waits the Retry-After seconds of a 429 and returns the answer that follows', async () => {
    const path = serve((_, response, count) => {
      if (count === 1) {
        response.writeHead(429, { 'Retry-After': '2' });
        response.end();
      } else json(response, 200, ok);
    });
    const { waits, sleep } = recordingSleep();

    const response = await sendWithRetries(fetchGet(baseUrl + path), {
      idempotent: true,
      sleep,
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual(ok);
    expect(waits).toEqual([2000]);
    expect(counts.get(path)).toBe(2);
  });

  it('reads Retry-After as an HTTP date too, and waits no longer than maxDelayMs', async () => {
    const path = serve((_, response, count) => {
      if (count === 1) {
        response.writeHead(503, {
          'Retry-After': new Date(Date.now() + 3_600_000).toUTCString(),
        });
        response.end();
      } else json(response, 200, ok);
    });
    const { waits, sleep } = recordingSleep();

    const response = await sendWithRetries(get(baseUrl + path), {
      idempotent: true,
      policy: { maxDelayMs: 3_000 },
      sleep,
    });

    expect(response.status).toBe(200);
    expect(waits).toEqual([3_000]);
  });

  it('retries 503s with waits that double, half of each random', async () => {
    const path = serve((_, response, count) => {
      if (count <= 3) json(response, 503, { reason: 'ServiceUnavailable' });
      else json(response, 200, ok);
    });
    const { waits, sleep } = recordingSleep();

    const response = await sendWithRetries(get(baseUrl + path), {
      idempotent: true,
      sleep,
    });

    expect(response.status).toBe(200);
    expect(counts.get(path)).toBe(DEFAULT_RETRY_POLICY.attempts);
    const base = DEFAULT_RETRY_POLICY.baseDelayMs;
    [base, 2 * base, 4 * base].forEach((ceiling, retry) => {
      expect(waits[retry]).toBeGreaterThanOrEqual(ceiling / 2);
      expect(waits[retry]).toBeLessThanOrEqual(ceiling);
    });
  });

  it('returns the last answer when every attempt failed, and caps the waits at maxDelayMs', async () => {
    const path = serve((_, response) =>
      json(response, 502, { reason: 'BadGateway' }),
    );
    const { waits, sleep } = recordingSleep();

    const response = await sendWithRetries(get(baseUrl + path), {
      idempotent: true,
      policy: { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 1_500 },
      sleep,
    });

    expect(response.status).toBe(502);
    expect(JSON.parse(response.body)).toEqual({ reason: 'BadGateway' });
    expect(counts.get(path)).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(750);
    expect(waits[1]).toBeLessThanOrEqual(1_500);
  });

  it('keeps the default of a setting given as undefined', async () => {
    const path = serve((_, response) =>
      json(response, 503, { reason: 'ServiceUnavailable' }),
    );

    const response = await sendWithRetries(get(baseUrl + path), {
      idempotent: true,
      policy: { attempts: undefined, baseDelayMs: undefined },
      sleep: recordingSleep().sleep,
    });

    expect(response.status).toBe(503);
    expect(counts.get(path)).toBe(DEFAULT_RETRY_POLICY.attempts);
  });

  it('does not retry an answer a later attempt would repeat', async () => {
    const path = serve((_, response) =>
      json(response, 409, { reason: 'Conflict' }),
    );

    const response = await sendWithRetries(get(baseUrl + path), {
      idempotent: true,
      sleep: recordingSleep().sleep,
    });

    expect(response.status).toBe(409);
    expect(counts.get(path)).toBe(1);
  });

  it.each([
    ['node:http', get],
    ['fetch', fetchGet],
  ])('retries a connection the server resets (%s)', async (_, client) => {
    const path = serve((request, response, count) => {
      if (count === 1) request.socket.destroy();
      else json(response, 200, ok);
    });

    const response = await sendWithRetries(client(baseUrl + path), {
      idempotent: true,
      sleep: recordingSleep().sleep,
    });

    expect(response.status).toBe(200);
    expect(counts.get(path)).toBe(2);
  });

  it('throws the last network error when every connection was reset', async () => {
    const path = serve(request => request.socket.destroy());

    await expect(
      sendWithRetries(get(baseUrl + path), {
        idempotent: true,
        policy: { attempts: 2 },
        sleep: recordingSleep().sleep,
      }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(counts.get(path)).toBe(2);
  });

  it('aborts an attempt that takes longer than timeoutMs, and retries it', async () => {
    const path = serve(() => {
      // Never answers.
    });
    const { waits, sleep } = recordingSleep();

    const failure = sendWithRetries(get(baseUrl + path), {
      idempotent: true,
      policy: { attempts: 2, timeoutMs: 50 },
      sleep,
    });

    await expect(failure).rejects.toThrow(ServiceUnavailableError);
    await expect(failure).rejects.toThrow('request timed out after 50 ms');
    expect(counts.get(path)).toBe(2);
    expect(waits).toHaveLength(1);
  });

  it('times an attempt out even when send does not heed its signal', async () => {
    await expect(
      sendWithRetries(() => new Promise<never>(() => {}), {
        idempotent: false,
        policy: { timeoutMs: 20 },
      }),
    ).rejects.toThrow('request timed out after 20 ms');
  });

  describe('of a request that is not idempotent', () => {
    it('returns a 503 without retrying it', async () => {
      const path = serve((_, response) =>
        json(response, 503, { reason: 'ServiceUnavailable' }),
      );

      const response = await sendWithRetries(get(baseUrl + path), {
        idempotent: false,
        sleep: recordingSleep().sleep,
      });

      expect(response.status).toBe(503);
      expect(counts.get(path)).toBe(1);
    });

    it('throws a reset or a timeout without retrying it', async () => {
      const reset = serve(request => request.socket.destroy());
      const hang = serve(() => {});
      const options = {
        idempotent: false,
        policy: { timeoutMs: 50 },
        sleep: recordingSleep().sleep,
      };

      await expect(
        sendWithRetries(get(baseUrl + reset), options),
      ).rejects.toMatchObject({ code: 'ECONNRESET' });
      await expect(
        sendWithRetries(get(baseUrl + hang), options),
      ).rejects.toThrow('timed out');
      expect([counts.get(reset), counts.get(hang)]).toEqual([1, 1]);
    });

    it('retries a 429, which the server refused unread', async () => {
      const path = serve((_, response, count) => {
        if (count === 1) json(response, 429, { reason: 'TooManyRequests' });
        else json(response, 201, ok);
      });

      const response = await sendWithRetries(get(baseUrl + path), {
        idempotent: false,
        sleep: recordingSleep().sleep,
      });

      expect(response.status).toBe(201);
      expect(counts.get(path)).toBe(2);
    });

    it('retries a refused connection, which never carried the request', async () => {
      const closed = http.createServer();
      await new Promise<void>(resolve =>
        closed.listen(0, '127.0.0.1', resolve),
      );
      const { port } = closed.address() as AddressInfo;
      await new Promise(resolve => closed.close(resolve));
      const { waits, sleep } = recordingSleep();

      await expect(
        sendWithRetries(get(`http://127.0.0.1:${port}/`), {
          idempotent: false,
          policy: { attempts: 3 },
          sleep,
        }),
      ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(waits).toHaveLength(2);
    });
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const path = serve(() => controller.abort());
    const { waits, sleep } = recordingSleep();

    await expect(
      sendWithRetries(get(baseUrl + path), {
        idempotent: true,
        signal: controller.signal,
        sleep,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(counts.get(path)).toBe(1);
    expect(waits).toEqual([]);
  });

  it('does not retry an error of send itself', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new SyntaxError('Unexpected token < in JSON');
    };

    await expect(
      sendWithRetries(failing, {
        idempotent: true,
        sleep: recordingSleep().sleep,
      }),
    ).rejects.toThrow(SyntaxError);
    expect(calls).toBe(1);
  });
});
