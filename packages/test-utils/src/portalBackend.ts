// A real scaffolder backend with the Redis module, started in-process, for dry runs and tasks through its HTTP API.
import type { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import scaffolderModuleRedis from '@odin/plugin-scaffolder-backend-module-redis';

/** The generated Redis template, as the portal's catalog serves it. */
export const redisTemplatePath = path.resolve(
  // eslint-disable-next-line no-restricted-syntax -- test code, run from src/
  __dirname,
  '../../../examples/templates/redis/template.yaml',
);

export interface PortalBackend {
  /** Base URL of the backend, e.g. http://localhost:41235 */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the scaffolder (4.2.0) with redis:render and redis:apply, the catalog mocked (holding
 * `entities`, e.g. the template for task creation), tasks in `workingDirectory` and `kubernetes` as the
 * Kubernetes plugin's cluster config. Requests without a token act as the mock user; any token `mockCredentials`
 * makes is accepted. Backstage's Kubernetes plugin serves the clusters of `kubernetes`. `features` are
 * added as they are, e.g. service factories that replace the permissions or the auditor.
 */
export async function startPortalBackend(options: {
  workingDirectory: string;
  kubernetes: JsonObject;
  entities?: NonNullable<
    Parameters<typeof catalogServiceMock.factory>[0]
  >['entities'];
  features?: BackendFeature[];
}): Promise<PortalBackend> {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleRedis,
      // redis:apply reaches the clusters through this plugin's proxy.
      kubernetesPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          scaffolder: { workingDirectory: options.workingDirectory },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            ...options.kubernetes,
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return {
    baseUrl: `http://localhost:${port}`,
    stop: () => backend.stop(),
  };
}

/** One step of a finished task: its last status and its log lines, without colour codes and level prefix. */
export interface TaskStep {
  status?: string;
  messages: string[];
}

interface TaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
}

/**
 * Creates a task of `templateRef` as `user` through `POST /api/scaffolder/v2/tasks`, waits for it to
 * end and returns its status and steps by id.
 */
export async function runTaskAs(
  backend: PortalBackend,
  user: string,
  request: { templateRef: string; values: JsonObject },
): Promise<{ status: string; steps: Record<string, TaskStep> }> {
  const headers = {
    'Content-Type': 'application/json',
    Authorization: mockCredentials.user.header(user),
  };
  const tasks = `${backend.baseUrl}/api/scaffolder/v2/tasks`;
  const response = await fetch(tasks, {
    method: 'POST',
    headers,
    body: JSON.stringify(request),
  });
  const created = await response.text();
  if (response.status !== 201)
    throw new Error(`task creation answered ${response.status}: ${created}`);
  const url = `${tasks}/${(JSON.parse(created) as { id: string }).id}`;
  let status = '';
  for (let attempt = 0; ; attempt++) {
    ({ status } = (await (await fetch(url, { headers })).json()) as {
      status: string;
    });
    if (['completed', 'failed', 'cancelled'].includes(status)) break;
    if (attempt > 300) throw new Error(`task ${url} is still ${status}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  const events = (await (
    await fetch(`${url}/events`, { headers })
  ).json()) as TaskEvent[];
  const steps: Record<string, TaskStep> = {};
  for (const { body } of events) {
    if (!body.stepId) continue;
    const step = (steps[body.stepId] ??= { messages: [] });
    if (body.status) step.status = body.status;
    if (body.message)
      step.messages.push(
        body.message
          // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
          .replace(/\u001b\[\d+m/g, '')
          .replace(/^(info|warn|error): /, ''),
      );
  }
  return { status, steps };
}
