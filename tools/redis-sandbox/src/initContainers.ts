// The kubelet's part for a pod's init containers: before the pod's Redis process first starts, each
// init container's command runs on the host, with its env, its volume mounts mapped to the pod's local
// directories (the data volume is the pod's directory) and S3 at the sandbox's endpoint.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { KubeObject } from './kube';

const run = promisify(execFile);

/** A container runs at most this long, then it is killed and counts as failed. */
const CONTAINER_TIMEOUT_MS = 300_000;
/** How much of a failed container's output its waiting message keeps. */
const MESSAGE_LINES = 6;

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

export interface HostContainer {
  name: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  volumeMounts?: { name: string; mountPath: string }[];
}

/**
 * The operator's init container of a role set's pods (internal/k8sutils/statefulset.go
 * generateInitContainerDef): only with `spec.initContainer.enabled`, named `init<StatefulSet>`, with
 * the custom resource's image, command, args, env, resources and securityContext, and the data volume
 * (the claim named like the StatefulSet) at /data when the pods have one. It gets no other env.
 */
export function operatorInitContainers(
  statefulSet: KubeObject,
  owner: KubeObject,
): unknown[] {
  const init = owner.spec?.initContainer;
  if (!init?.enabled) return [];
  const claims: string[] = (statefulSet.spec.volumeClaimTemplates ?? []).map(
    (claim: KubeObject) => claim.metadata.name,
  );
  const name = statefulSet.metadata.name;
  return [
    {
      name: `init${name}`,
      image: init.image,
      imagePullPolicy: init.imagePullPolicy,
      command: init.command,
      args: init.args,
      env: init.env ?? [],
      resources: init.resources ?? {},
      securityContext: init.securityContext,
      volumeMounts: claims.includes(name) ? [{ name, mountPath: '/data' }] : [],
    },
  ];
}

/** The StatefulSet with the operator's init containers in its pod template. */
export function withInitContainers(
  statefulSet: KubeObject,
  owner: KubeObject,
): KubeObject {
  const initContainers = operatorInitContainers(statefulSet, owner);
  if (initContainers.length === 0) return statefulSet;
  return {
    ...statefulSet,
    spec: {
      ...statefulSet.spec,
      template: {
        ...statefulSet.spec.template,
        spec: { ...statefulSet.spec.template.spec, initContainers },
      },
    },
  };
}

export interface HostRunOptions {
  /** The local directory of each volume, by name. */
  volumes: Map<string, string>;
  /** The value of an env entry (a literal, or what its Secret or ConfigMap key holds). */
  envValue(entry: EnvVar): string | undefined | Promise<string | undefined>;
  /** Where the container reaches S3 (AWS_ENDPOINT_URL); without it, the container gets no AWS credentials. */
  s3Endpoint?: string;
  signal: AbortSignal;
}

export interface HostRun {
  container: string;
  exitCode: number;
  output: string;
}

/**
 * Runs one container's command on the host: its mount paths (in env values and arguments that start
 * with them) become the volumes' local directories, and, with an S3 endpoint, the sandbox's own AWS_*
 * credentials stand in for the pod's (IRSA).
 */
export async function runOnHost(
  container: HostContainer,
  options: HostRunOptions,
): Promise<HostRun> {
  const mounts = (container.volumeMounts ?? [])
    .flatMap(mount => {
      const dir = options.volumes.get(mount.name);
      return dir ? [{ at: mount.mountPath, dir }] : [];
    })
    .sort((a, b) => b.at.length - a.at.length);
  const local = (text: string) => {
    const mount = mounts.find(
      entry => text === entry.at || text.startsWith(`${entry.at}/`),
    );
    return mount ? mount.dir + text.slice(mount.at.length) : text;
  };
  const env: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    const value = await options.envValue(entry);
    if (value !== undefined) env[entry.name] = local(value);
  }
  const credentials = options.s3Endpoint
    ? {
        ...Object.fromEntries(
          ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']
            .filter(name => process.env[name] !== undefined)
            .map(name => [name, process.env[name]!]),
        ),
        AWS_ENDPOINT_URL: options.s3Endpoint,
      }
    : {};
  const [command, ...args] = [
    ...(container.command ?? []),
    ...(container.args ?? []),
  ].map(local);
  try {
    const { stdout, stderr } = await run(command, args, {
      env: { PATH: process.env.PATH, ...env, ...credentials },
      signal: options.signal,
      timeout: CONTAINER_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { container: container.name, exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as {
      code?: number | string;
      stdout?: string;
      stderr?: string;
      message: string;
    };
    return {
      container: container.name,
      exitCode: typeof failure.code === 'number' ? failure.code : 128,
      output: `${failure.stdout ?? ''}${failure.stderr ?? failure.message}`,
    };
  }
}

export interface InitOptions extends HostRunOptions {
  /** The kubelet's back-off before it runs a failed init container again. */
  retryDelayMs: number;
  /** The pod's waiting reason while they run (PodInitializing) or after one failed (Init:Error). */
  onWaiting(reason: string, message?: string): void;
  log(message: string): void;
}

/**
 * Runs the init containers in order, each to success; a failed one runs again after the back-off, as
 * the kubelet does for a pod with restartPolicy Always. True once all succeeded, false when aborted.
 */
export async function runInitContainers(
  pod: string,
  containers: HostContainer[],
  options: InitOptions,
): Promise<boolean> {
  for (const container of containers) {
    for (;;) {
      options.onWaiting('PodInitializing');
      const result = await runOnHost(container, options);
      if (options.signal.aborted) return false;
      const output = result.output
        .trim()
        .split('\n')
        .slice(-MESSAGE_LINES)
        .join('\n');
      if (result.exitCode === 0) {
        options.log(
          `${pod}: init container ${container.name} succeeded: ${output}`,
        );
        break;
      }
      options.log(
        `${pod}: init container ${container.name} exited with ${
          result.exitCode
        }; running it again in ${Math.round(
          options.retryDelayMs / 1000,
        )} s:\n${output}`,
      );
      options.onWaiting(
        'Init:Error',
        `init container ${container.name} exited with ${result.exitCode}: ${output}`,
      );
      await new Promise(resolve => setTimeout(resolve, options.retryDelayMs));
      if (options.signal.aborted) return false;
    }
  }
  return true;
}
