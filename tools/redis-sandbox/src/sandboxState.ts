// The sandbox's state on disk: one directory per running controller, named after its 127.a.b.0/24 block of pod
// addresses, with a directory per pod (config, pid, data). Leftovers of a controller that died are reaped.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const BLOCK_PATTERN = /^127\.\d+\.\d+$/;

function processCommandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of a controller that is still running in `controllerDir`, checked against the process table. */
function liveController(controllerDir: string): number | undefined {
  const pid = readPid(path.join(controllerDir, 'controller.pid'));
  if (pid === undefined) return undefined;
  return processCommandLine(pid)?.includes('redis-sandbox') ? pid : undefined;
}

/**
 * The pid of a pod's process, if it is alive and really is that pod's: it runs in the pod's directory, or in
 * its data volume, which the pod's `data` link names (redis-server moves to its `dir` and rewrites its argv).
 */
function livePodProcess(podDir: string): number | undefined {
  const pid = readPid(path.join(podDir, 'pid'));
  if (pid === undefined) return undefined;
  try {
    const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    const data = path.join(podDir, 'data');
    return cwd === podDir ||
      (fs.existsSync(data) && cwd === fs.realpathSync(data))
      ? pid
      : undefined;
  } catch {
    return undefined;
  }
}

function podDirs(controllerDir: string): string[] {
  const pods = path.join(controllerDir, 'pods');
  if (!fs.existsSync(pods)) return [];
  return fs.readdirSync(pods).map(entry => path.join(pods, entry));
}

/** Kills the processes of controllers that are gone (killed, or stopped with their machine) and removes their state. */
export function reap(stateDir: string, log: (message: string) => void): number {
  if (!fs.existsSync(stateDir)) return 0;
  let killed = 0;
  for (const block of fs.readdirSync(stateDir)) {
    const controllerDir = path.join(stateDir, block);
    if (!BLOCK_PATTERN.test(block) || liveController(controllerDir)) continue;
    for (const podDir of podDirs(controllerDir)) {
      const pid = livePodProcess(podDir);
      if (pid === undefined) continue;
      process.kill(pid, 'SIGKILL');
      killed += 1;
    }
    fs.rmSync(controllerDir, { recursive: true, force: true });
  }
  if (killed > 0)
    log(
      `reaped ${killed} Redis processes left by a controller that was killed`,
    );
  return killed;
}

/** The pid of a pod's Redis process under any running controller (for the fault drills). */
export function podProcessId(
  stateDir: string,
  namespace: string,
  pod: string,
): number | undefined {
  if (!fs.existsSync(stateDir)) return undefined;
  for (const block of fs.readdirSync(stateDir)) {
    const controllerDir = path.join(stateDir, block);
    if (!BLOCK_PATTERN.test(block) || !liveController(controllerDir)) continue;
    const pid = livePodProcess(
      path.join(controllerDir, 'pods', `${namespace}_${pod}`),
    );
    if (pid !== undefined) return pid;
  }
  return undefined;
}

export class SandboxState {
  private readonly used = new Set<number>();

  private constructor(readonly dir: string, readonly block: string) {}

  /**
   * Reaps leftovers, then takes a free block: the one derived from `scope` when it is free (so a restarted
   * controller keeps its pods' addresses), else the next free one.
   */
  static acquire(
    stateDir: string,
    scope: string,
    log: (message: string) => void,
  ): SandboxState {
    fs.mkdirSync(stateDir, { recursive: true });
    reap(stateDir, log);
    const hash = createHash('sha256').update(scope).digest();
    const start = hash.readUInt16BE(0) % 50_000;
    for (let offset = 0; offset < 50_000; offset++) {
      const index = (start + offset) % 50_000;
      const block = `127.${30 + Math.floor(index / 250)}.${1 + (index % 250)}`;
      const dir = path.join(stateDir, block);
      try {
        fs.mkdirSync(dir);
      } catch {
        continue;
      }
      fs.writeFileSync(path.join(dir, 'controller.pid'), String(process.pid));
      return new SandboxState(dir, block);
    }
    throw new Error(`no free address block under ${stateDir}`);
  }

  podDir(namespace: string, pod: string): string {
    return path.join(this.dir, 'pods', `${namespace}_${pod}`);
  }

  /**
   * The volume bound to a claim, which a pod mounts as its data: it outlives the pod, as a persistent volume
   * does. The pod's directory links to it as `data`.
   */
  mountVolume(namespace: string, claim: string, pod: string): string {
    const dir = path.join(this.dir, 'volumes', `${namespace}_${claim}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const podDir = this.podDir(namespace, pod);
    fs.mkdirSync(podDir, { recursive: true, mode: 0o700 });
    const link = path.join(podDir, 'data');
    let current: string | undefined;
    try {
      current = fs.readlinkSync(link);
    } catch {
      current = undefined;
    }
    if (current !== dir) {
      fs.rmSync(link, { force: true });
      fs.symlinkSync(dir, link);
    }
    return dir;
  }

  /** A claim bound anew gets an empty volume. */
  emptyVolume(namespace: string, claim: string): void {
    fs.rmSync(path.join(this.dir, 'volumes', `${namespace}_${claim}`), {
      recursive: true,
      force: true,
    });
  }

  removePodDir(namespace: string, pod: string): void {
    fs.rmSync(this.podDir(namespace, pod), { recursive: true, force: true });
  }

  /** Keeps `ip` for a pod that already has it, when it is in this block and free. */
  claim(ip: string | undefined): string | undefined {
    if (!ip?.startsWith(`${this.block}.`)) return undefined;
    const host = Number(ip.slice(this.block.length + 1));
    if (this.used.has(host)) return undefined;
    this.used.add(host);
    return ip;
  }

  allocate(): string {
    for (let host = 1; host < 255; host++) {
      if (!this.used.has(host)) {
        this.used.add(host);
        return `${this.block}.${host}`;
      }
    }
    throw new Error(
      `the sandbox's 254 addresses in ${this.block}.0/24 are all in use`,
    );
  }

  release(ip: string): void {
    if (ip.startsWith(`${this.block}.`))
      this.used.delete(Number(ip.slice(this.block.length + 1)));
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
