// Turns @kubernetes/client-node failures into Backstage errors whose messages say what to do.
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ApiException } from '@kubernetes/client-node';
import { OPERATOR_API_VERSION } from '@odin/plugin-redis-common';

export const INSTALL_OPERATOR_HINT =
  'install the Opstree Redis Operator: helm install redis-operator ot-helm/redis-operator -n redis-operator --create-namespace';
const INSTALL_PROMETHEUS_OPERATOR_HINT =
  'install the Prometheus Operator CRDs (monitoring.coreos.com) or turn off metrics.serviceMonitor and metrics.prometheusRule';

/** What was being done when the API server answered, for messages. */
export interface KubernetesRequest {
  verb: 'get' | 'list' | 'create' | 'patch' | 'delete';
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  /** The cluster's name in the config (or the kubeconfig context). */
  cluster: string;
  /** URL of the cluster's API server. */
  server: string;
}

/** The request for one object, as kubernetesError describes it. */
export function objectRequest(
  object: {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; namespace?: string };
  },
  verb: KubernetesRequest['verb'],
  cluster: { name: string; server: string },
): KubernetesRequest {
  return {
    verb,
    apiVersion: object.apiVersion ?? 'v1',
    kind: object.kind ?? '?',
    namespace: object.metadata?.namespace,
    name: object.metadata?.name,
    cluster: cluster.name,
    server: cluster.server,
  };
}

interface KubernetesStatus {
  message?: string;
  reason?: string;
  details?: {
    kind?: string;
    group?: string;
    causes?: { field?: string; message?: string }[];
  };
}

function statusOf(body: unknown): KubernetesStatus {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return { message: body };
    }
  }
  return (body ?? {}) as KubernetesStatus;
}

/** `redisreplications.redis.redis.opstreelabs.in`, the way RBAC names a resource. */
function resourceName(
  request: KubernetesRequest,
  status: KubernetesStatus,
): string {
  const group = request.apiVersion.includes('/')
    ? request.apiVersion.split('/')[0]
    : '';
  const plural = status.details?.kind ?? `${request.kind.toLowerCase()}s`;
  return group ? `${plural}.${group}` : plural;
}

/** `ConfigMap "x" in namespace "y"`, followed by ` on cluster "z"` unless the message names the cluster already. */
function target(request: KubernetesRequest, withCluster = true): string {
  const object = request.name
    ? `${request.kind} "${request.name}"`
    : `${request.kind} objects`;
  const where = request.namespace ? ` in namespace "${request.namespace}"` : '';
  return `${object}${where}${
    withCluster ? ` on cluster "${request.cluster}"` : ''
  }`;
}

function missingKindHint(apiVersion: string): string {
  if (apiVersion === OPERATOR_API_VERSION) return INSTALL_OPERATOR_HINT;
  if (apiVersion.startsWith('monitoring.coreos.com/'))
    return INSTALL_PROMETHEUS_OPERATOR_HINT;
  return `install the CRD that serves ${apiVersion}`;
}

/** True when client-node failed before sending: the API group or kind is not served (CRD missing). */
function isUnservedKind(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.message.startsWith('Failed to fetch resource metadata') ||
    error.message.startsWith('Unrecognized API version and kind')
  );
}

/**
 * Why the request never got an answer (connection refused or reset, DNS, TLS, timeout), from
 * node-fetch's FetchError; undefined for anything else. The client reports it also as a failed
 * discovery, which must not read as a missing CRD.
 */
function unreachableReason(error: unknown): string | undefined {
  const failure = error as {
    name?: unknown;
    type?: unknown;
    message?: unknown;
  };
  if (
    typeof error !== 'object' ||
    error === null ||
    failure.name !== 'FetchError'
  )
    return undefined;
  if (failure.type !== 'system' && failure.type !== 'request-timeout')
    return undefined;
  const message = String(failure.message);
  return /reason: (.*)$/s.exec(message)?.[1] ?? message;
}

/** Server-side apply's typed merge fails a wrong-typed field with HTTP 500 and this message, before validation. */
const TYPED_PATCH_FAILURE = 'failed to create typed patch object';

/**
 * The field errors of a typed patch failure, one per line, e.g. `.spec.kubernetesConfig.image: expected
 * string, got 42`: without the server's `(namespace/name; kind): errors:` prefix, values not in Go syntax.
 */
function typedPatchFieldErrors(message: string): string[] {
  return message
    .replace(/^[^(]*\([^)]*\): (?:errors:\n)?/, '')
    .split('\n')
    .map(line =>
      line
        .trim()
        .replace(
          /, got &(?:value\.valueUnstructured)?\{(?:Value:)?(.*)\}$/,
          ', got $1',
        ),
    )
    .filter(Boolean);
}

export function kubernetesError(
  error: unknown,
  request: KubernetesRequest,
): Error {
  const unreachable = unreachableReason(error);
  if (unreachable !== undefined) {
    return new ServiceUnavailableError(
      `Cannot reach the API server of cluster "${request.cluster}" at ${request.server}: ${unreachable}`,
      error as Error,
    );
  }
  if (
    isUnservedKind(error) &&
    !(error instanceof ApiException && error.code !== 404)
  ) {
    return new NotFoundError(
      `Cluster "${request.cluster}" does not serve ${request.kind} (${
        request.apiVersion
      }); ${missingKindHint(request.apiVersion)}`,
    );
  }
  if (!(error instanceof ApiException)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new ServiceUnavailableError(
      `Could not ${request.verb} ${target(request)}: ${reason}`,
      error instanceof Error ? error : undefined,
    );
  }
  const status = statusOf(error.body);
  const serverSays = status.message ? `: ${status.message}` : '';
  if (error.code === 500 && status.message?.startsWith(TYPED_PATCH_FAILURE)) {
    return new InputError(
      `The API server rejected ${target(request)}: it does not match the ${
        request.kind
      } schema\n${typedPatchFieldErrors(status.message).join('\n')}`,
    );
  }
  switch (error.code) {
    case 401:
      return new AuthenticationError(
        `Cluster "${request.cluster}" rejected the credentials used for it (401); check the service account token or kubeconfig user`,
      );
    case 403:
      return new NotAllowedError(
        // Worded for any caller (portal, CLI). The server may deny another verb than the one sent: an apply that would create checks `create`.
        `Forbidden: the credentials used for cluster "${
          request.cluster
        }" may not ${
          /cannot (\w+) resource/.exec(status.message ?? '')?.[1] ??
          request.verb
        } ${resourceName(request, status)} (${target(
          request,
          false,
        )}); grant it as in docs/rbac/redis-portal-rbac.yaml${serverSays}`,
      );
    case 404:
      if (status.details?.kind === 'namespaces') {
        return new NotFoundError(
          `Namespace "${request.namespace}" does not exist on cluster "${request.cluster}"; create it first${serverSays}`,
        );
      }
      return new NotFoundError(`Not found: ${target(request)}${serverSays}`);
    case 409: {
      const fields = (status.details?.causes ?? [])
        .map(cause => cause.message ?? cause.field)
        .filter(Boolean);
      return new ConflictError(
        `Conflict on ${target(request)}${serverSays}${
          fields.length ? ` (${fields.join('; ')})` : ''
        }; another field manager owns these fields, re-run with force to take them over`,
      );
    }
    case 400:
    case 422: {
      const causes = (status.details?.causes ?? []).map(
        cause => `${cause.field ?? ''}: ${cause.message ?? ''}`,
      );
      return new InputError(
        `The API server rejected ${target(request)}${serverSays}${
          causes.length ? `\n${causes.join('\n')}` : ''
        }`,
      );
    }
    default:
      return new ServiceUnavailableError(
        `Could not ${request.verb} ${target(request)}: HTTP ${
          error.code
        }${serverSays}`,
      );
  }
}

/** The same Backstage error class with a message that tells the whole story. */
export function restate(error: Error, message: string): Error {
  const ErrorClass = error.constructor as new (
    message: string,
    cause?: Error,
  ) => Error;
  return new ErrorClass(message, error);
}
