// Sends one API request over node:http(s), for both the kubeconfig and the Kubernetes plugin's proxy.
import http from 'node:http';
import https from 'node:https';
import type { ApiRequest, ApiResponse } from './clusterAccess';

/**
 * Sends `request` to `base` + its path, with `headers` added (credentials, the cluster header).
 * Resolves with any status; rejects when no answer came (connection, TLS, abort).
 */
export function sendHttp(
  base: URL,
  request: ApiRequest,
  options: { headers?: Record<string, string>; agent?: http.Agent },
  signal: AbortSignal,
): Promise<ApiResponse> {
  const url = new URL(
    `${base.pathname.replace(/\/$/, '')}${request.path}`,
    base,
  );
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: request.method,
        headers: { ...request.headers, ...options.headers },
        agent: options.agent,
        signal,
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const { headers } = response;
          resolve({
            status: response.statusCode ?? 0,
            headers: {
              get(name) {
                const value = headers[name.toLowerCase()];
                return Array.isArray(value) ? value.join(', ') : value ?? null;
              },
            },
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
