// Turns failed Kubernetes requests into Backstage errors whose messages say what to do.
import {
  AuthenticationError,
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { OPERATOR_API_VERSION } from '@odin/plugin-redis-common';

/** @public */
export const INSTALL_OPERATOR_HINT =
  'install the Opstree Redis Operator: helm install redis-operator ot-helm/redis-operator -n redis-operator --create-namespace';
const INSTALL_PROMETHEUS_OPERATOR_HINT =
  'install the Prometheus Operator CRDs (monitoring.coreos.com) or set metrics.serviceMonitor.enabled: false, which renders the ServiceMonitor and the PrometheusRule';

/** What was being done when the API server answered, for messages. */
export interface KubernetesRequest {
  verb: 'get' | 'list' | 'create' | 'patch' | 'update' | 'delete';
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

function statusOf(body: string): KubernetesStatus {
  try {
    return JSON.parse(body);
  } catch {
    return { message: body };
  }
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

/** An answer outside 2xx, from the API server or from the Kubernetes plugin's proxy in front of it. */
export interface ErrorAnswer {
  status: number;
  body: string;
}

function isErrorAnswer(failure: unknown): failure is ErrorAnswer {
  return (
    typeof failure === 'object' &&
    failure !== null &&
    typeof (failure as ErrorAnswer).status === 'number' &&
    typeof (failure as ErrorAnswer).body === 'string'
  );
}

/**
 * Why the request never got an answer (connection refused or reset, DNS, TLS, a timeout): the
 * error's system code and message; undefined for anything else.
 */
function unreachableReason(error: unknown): string | undefined {
  if (!isError(error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return `${code}: ${error.message}`;
  if (error.name === 'TimeoutError') return error.message;
  return undefined;
}

/** A Backstage error response (`{error: {name, message}}`): the Kubernetes plugin's proxy answered, not the cluster. */
function proxyError(
  body: string,
): { name?: string; message?: string } | undefined {
  try {
    const parsed = JSON.parse(body);
    return typeof parsed?.error?.message === 'string'
      ? parsed.error
      : undefined;
  } catch {
    return undefined;
  }
}

function isStatus(body: string): boolean {
  try {
    return JSON.parse(body)?.kind === 'Status';
  } catch {
    return false;
  }
}

/** A 404 the API server answered with a Status: the object does not exist (its kind is served). */
export function isMissingObject(answer: ErrorAnswer): boolean {
  return answer.status === 404 && isStatus(answer.body);
}

/** A 404 without a Status object: the path is not served, so the group or kind is not (CRD missing). */
function isUnservedKind(answer: ErrorAnswer): boolean {
  return answer.status === 404 && !isStatus(answer.body);
}

function fromProxy(
  status: number,
  error: { name?: string; message?: string },
  request: KubernetesRequest,
): Error {
  const says = `the Kubernetes plugin answered ${status}: ${error.message}`;
  switch (status) {
    case 401:
      return new AuthenticationError(
        `Cluster "${request.cluster}" could not be reached through the Kubernetes plugin; ${says}`,
      );
    case 403:
      return new NotAllowedError(
        `Cluster "${request.cluster}": the permission kubernetes.proxy was denied; ${says}`,
      );
    case 404:
      return new NotFoundError(
        `Kubernetes cluster "${request.cluster}" is not one the Kubernetes plugin knows; ${says}`,
      );
    default:
      return new ServiceUnavailableError(
        `Could not ${request.verb} ${target(request)}; ${says}`,
      );
  }
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

/**
 * The Backstage error for a failed request, worded to say what to do: `failure` is the answer
 * (status and body) or the error of a request that got none.
 */
export function kubernetesError(
  failure: unknown,
  request: KubernetesRequest,
): Error {
  const unreachable = unreachableReason(failure);
  if (unreachable !== undefined) {
    return new ServiceUnavailableError(
      `Cannot reach the API server of cluster "${request.cluster}" at ${request.server}: ${unreachable}`,
      failure as Error,
    );
  }
  if (!isErrorAnswer(failure)) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    return new ServiceUnavailableError(
      `Could not ${request.verb} ${target(request)}: ${reason}`,
      failure instanceof Error ? failure : undefined,
    );
  }
  const fromPlugin = proxyError(failure.body);
  if (fromPlugin) return fromProxy(failure.status, fromPlugin, request);
  if (isUnservedKind(failure)) {
    return new NotFoundError(
      `Cluster "${request.cluster}" does not serve ${request.kind} (${
        request.apiVersion
      }); ${missingKindHint(request.apiVersion)}`,
    );
  }
  const status = statusOf(failure.body);
  const serverSays = status.message ? `: ${status.message}` : '';
  if (
    failure.status === 500 &&
    status.message?.startsWith(TYPED_PATCH_FAILURE)
  ) {
    return new InputError(
      `The API server rejected ${target(request)}: it does not match the ${
        request.kind
      } schema\n${typedPatchFieldErrors(status.message).join('\n')}`,
    );
  }
  switch (failure.status) {
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
          failure.status
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
