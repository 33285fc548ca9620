// A recording HTTP proxy in front of the test kube-apiserver, one per replica: it tells which replica
// made which request, and it can hold requests, which stops an apply half-way at a chosen write.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** The path without the query. */
  path: string;
  dryRun: boolean;
  at: number;
}

export interface ApiServerProxy {
  url: string;
  requests: ProxiedRequest[];
  /**
   * From the first request `when` accepts, that request and all later ones get no answer until the
   * proxy closes; resolves when the first is held.
   */
  holdFrom(when: (request: ProxiedRequest) => boolean): Promise<ProxiedRequest>;
  close(): Promise<void>;
}

/** Forwards to `server` (https, its CA in `caData`, base64) whatever arrives on a loopback port. */
export async function startApiServerProxy(options: {
  server: string;
  caData: string;
}): Promise<ApiServerProxy> {
  const target = new URL(options.server);
  const ca = Buffer.from(options.caData, 'base64');
  const requests: ProxiedRequest[] = [];
  let holding: ((request: ProxiedRequest) => boolean) | undefined;
  let onHeld: ((request: ProxiedRequest) => void) | undefined;
  let held = false;
  const proxy = http.createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://proxy');
    const request: ProxiedRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      dryRun: url.searchParams.get('dryRun') === 'All',
      at: Date.now(),
    };
    requests.push(request);
    if (held || holding?.(request)) {
      if (!held) onHeld?.(request);
      held = true;
      return;
    }
    const upstream = https.request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
        ca,
      },
      answer => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', error => {
      outgoing.writeHead(502);
      outgoing.end(String(error));
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    holdFrom(when) {
      holding = when;
      return new Promise(resolve => {
        onHeld = resolve;
      });
    },
    async close() {
      proxy.closeAllConnections();
      await new Promise(resolve => proxy.close(resolve));
    },
  };
}
