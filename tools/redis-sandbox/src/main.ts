// redis-sandbox: the sandbox's stand-in for the Opstree Redis Operator and the kubelet (see README.md).
import { parseArgs } from 'node:util';
import { BackupJobRunner } from './backupJobs';
import { SandboxController } from './controller';
import { KubeClient } from './kube';
import { DEFAULT_KUBECONFIG, DEFAULT_STATE_DIR } from './paths';
import { podProcessId, reap } from './sandboxState';

const USAGE = `redis-sandbox: stands in for the Opstree Redis Operator and the kubelet on a laptop, running real
redis-server and sentinel processes behind the pods of the sandbox's kube-apiserver. Never point it at a real cluster.

  redis-sandbox run [--all-namespaces | --namespace NS ...] [--kubeconfig FILE] [--state-dir DIR]
                    [--restart-backoff-ms N] [--s3-endpoint URL]
      watch and reconcile until SIGTERM or SIGINT, then stop every process it started; prints "ready"
      on stdout once it watches everything. With --s3-endpoint (or $REDIS_SANDBOX_S3_ENDPOINT) it also
      runs the instances' backup Jobs on this host against that S3 endpoint, with the AWS_* credentials
      of its own environment standing in for IRSA
  redis-sandbox kill NS/POD [--signal KILL|STOP|CONT] [--state-dir DIR]
      a fault drill: KILL the pod's process (the stand-in kubelet restarts it after a back-off),
      STOP pauses it (probes fail), CONT resumes it
  redis-sandbox reap [--state-dir DIR]
      kill the processes of controllers that were killed (run does this at start)`;

function log(message: string) {
  process.stderr.write(
    `${new Date().toISOString()} [redis-sandbox: stand-in for the operator and kubelet] ${message}\n`,
  );
}

function fail(message: string): never {
  process.stderr.write(`redis-sandbox: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function runCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      'all-namespaces': { type: 'boolean', default: false },
      namespace: { type: 'string', multiple: true },
      kubeconfig: { type: 'string' },
      'state-dir': { type: 'string' },
      'restart-backoff-ms': { type: 'string', default: '10000' },
      's3-endpoint': { type: 'string' },
    },
  });
  if (values['all-namespaces'] === !!values.namespace?.length)
    fail('give either --all-namespaces or --namespace');
  const restartBackoffMs = Number(values['restart-backoff-ms']);
  if (!Number.isInteger(restartBackoffMs) || restartBackoffMs < 0)
    fail('--restart-backoff-ms must be a whole number of milliseconds');
  const kubeconfig =
    values.kubeconfig ?? process.env.KUBECONFIG ?? DEFAULT_KUBECONFIG;
  const s3Endpoint =
    values['s3-endpoint'] ?? process.env.REDIS_SANDBOX_S3_ENDPOINT;
  const controller = new SandboxController({
    client: KubeClient.fromKubeconfig(kubeconfig),
    namespaces: values.namespace,
    stateDir: values['state-dir'] ?? DEFAULT_STATE_DIR,
    restartBackoffMs,
    s3Endpoint,
    log,
  });
  const backupJobs = s3Endpoint
    ? new BackupJobRunner({
        client: KubeClient.fromKubeconfig(kubeconfig),
        namespaces: values.namespace,
        s3Endpoint,
        log,
      })
    : undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping every Redis process`);
    await backupJobs?.stop();
    await controller.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log(
    `watching ${
      values.namespace?.join(', ') ?? 'every namespace but test ones'
    }; pod addresses in ${controller.addressBlock}`,
  );
  try {
    await controller.start();
    await backupJobs?.start();
  } catch (error) {
    log(`could not start: ${(error as Error).message}`);
    await backupJobs?.stop();
    await controller.stop();
    process.exit(1);
  }
  process.stdout.write('ready\n');
}

function killCommand(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      signal: { type: 'string', default: 'KILL' },
      'state-dir': { type: 'string' },
    },
  });
  const [target] = positionals;
  const [namespace, pod] = target?.split('/') ?? [];
  if (!namespace || !pod) fail('name the pod as NAMESPACE/POD');
  if (!['KILL', 'STOP', 'CONT'].includes(values.signal!))
    fail('--signal must be KILL, STOP or CONT');
  const stateDir = values['state-dir'] ?? DEFAULT_STATE_DIR;
  const pid = podProcessId(stateDir, namespace, pod);
  if (pid === undefined) {
    process.stderr.write(
      `redis-sandbox: no running sandbox process for pod ${namespace}/${pod} (is the sandbox running? make start)\n`,
    );
    process.exit(1);
  }
  process.kill(pid, `SIG${values.signal}` as NodeJS.Signals);
  process.stdout.write(
    `sent SIG${values.signal} to ${namespace}/${pod} (pid ${pid})\n`,
  );
}

function reapCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { 'state-dir': { type: 'string' } },
  });
  const killed = reap(values['state-dir'] ?? DEFAULT_STATE_DIR, log);
  process.stdout.write(`reaped ${killed} leftover processes\n`);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'run') runCommand(rest);
else if (command === 'kill') killCommand(rest);
else if (command === 'reap') reapCommand(rest);
else if (command === '--help' || command === 'help' || command === undefined)
  process.stdout.write(`${USAGE}\n`);
else fail(`unknown command ${command}`);
