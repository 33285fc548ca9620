// For tests: a sandbox controller of their own, scoped to their namespace, started as a child process and
// stopped by pid. Its namespace is labelled so that the all-namespaces controller of `make start` leaves it alone.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { KubeClient } from './kube';
import { TEST_SCOPE_LABEL } from './controller';
import { DEFAULT_STATE_DIR, PACKAGE_DIR } from './paths';
import { podProcessId } from './sandboxState';

const READY_TIMEOUT_MS = 30_000;

export interface SandboxOptions {
  namespace: string;
  /** The sandbox API server's kubeconfig (tools/k8s-testenv writes `.cache/k8s/kubeconfig`). */
  kubeconfig: string;
  /** The kubelet's restart back-off; tests that restart processes may shorten the 10 s default. */
  restartBackoffMs?: number;
  stateDir?: string;
  /** Runs the instances' backup Jobs against this S3 endpoint, with the test's AWS_* credentials (see backupJobs.ts). */
  s3Endpoint?: string;
}

export interface RunningSandbox {
  /** The controller's pid. */
  readonly pid: number;
  /** The controller's log so far (stderr). */
  log(): string;
  /** The pid of a pod's Redis process, while it runs. */
  processOf(pod: string): number | undefined;
  /** A fault drill, as `redis-sandbox kill`: KILL, STOP or CONT the pod's process. */
  signal(pod: string, signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): void;
  /** SIGTERM, then waits until the controller has stopped its processes and exited. */
  stop(): Promise<void>;
}

function waitForReady(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new Error(
          `redis-sandbox did not get ready in ${READY_TIMEOUT_MS} ms:\n${log()}`,
        ),
      );
    }, READY_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`redis-sandbox exited with ${code}:\n${log()}`));
    });
  });
}

export async function startSandbox(
  options: SandboxOptions,
): Promise<RunningSandbox> {
  const client = KubeClient.fromKubeconfig(options.kubeconfig);
  try {
    await client.mergePatch('Namespace', options.namespace, undefined, {
      metadata: { labels: { [TEST_SCOPE_LABEL]: 'test' } },
    });
  } finally {
    client.close();
  }
  const stateDir = options.stateDir ?? DEFAULT_STATE_DIR;
  const child = spawn(
    process.execPath,
    [
      path.join(PACKAGE_DIR, 'bin/redis-sandbox'),
      'run',
      '--namespace',
      options.namespace,
      '--kubeconfig',
      options.kubeconfig,
      '--state-dir',
      stateDir,
      '--restart-backoff-ms',
      String(options.restartBackoffMs ?? 10_000),
      ...(options.s3Endpoint ? ['--s3-endpoint', options.s3Endpoint] : []),
    ],
    // The test's environment (e.g. the AWS_* credentials of a local S3 server): under jest, process.env
    // is the test's own copy, and a child spawned without `env` gets the runner's instead.
    { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const log = () => output;
  await waitForReady(child, log);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  return {
    pid: child.pid!,
    log,
    processOf: pod => podProcessId(stateDir, options.namespace, pod),
    signal(pod, signal) {
      const pid = podProcessId(stateDir, options.namespace, pod);
      if (pid === undefined)
        throw new Error(
          `no sandbox process for pod ${options.namespace}/${pod}`,
        );
      process.kill(pid, signal);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
