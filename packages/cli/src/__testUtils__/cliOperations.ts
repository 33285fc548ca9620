// What the CLI's integration tests share: a work directory with a copy of the bundles and the bin of
// their own, the real bin run in a child process, and a local S3 server (s3rver) for the backups.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The local S3 server, which the repository's tests share (see redis-node's devDependencies).
import S3rver from 's3rver';

const packageDir = path.resolve(__dirname, '..', '..');

/** What a run of the bin ended with. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** A temporary work directory (under the OS's, named after the prefix) for a test file's bin. */
export class CliCopy {
  readonly workDir: string;
  readonly bin: string;

  constructor(prefix: string) {
    this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.bin = path.join(this.workDir, 'bin', 'redis-flavour');
  }

  /** Builds the bundles into the work directory and copies the bin beside them. */
  build(): void {
    // Its own copy of the bundles: the other integration tests build dist/ at the same time.
    execFileSync(process.execPath, [
      path.join(packageDir, 'bundle.mjs'),
      path.join(this.workDir, 'dist', 'redis-flavour.cjs'),
    ]);
    fs.mkdirSync(path.dirname(this.bin));
    fs.copyFileSync(path.join(packageDir, 'bin', 'redis-flavour'), this.bin);
  }

  /**
   * Runs the bin with the arguments and the test's environment with env's variables added;
   * asynchronously, so that servers in the test's process (S3, a backend) can answer it.
   */
  run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return new Promise(resolve => {
      execFile(
        process.execPath,
        [this.bin, ...args],
        // Under jest, process.env is the test's own copy (with the S3 credentials, for example).
        { encoding: 'utf8', env: { ...process.env, ...env } },
        (error, stdout, stderr) =>
          resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  }

  /** Removes the work directory. */
  remove(): void {
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** A local S3 server with one bucket, its files in the work directory's s3/. */
export class LocalS3 {
  private readonly server: S3rver;
  private endpointUrl?: string;

  constructor(workDir: string, bucket: string) {
    this.server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: path.join(workDir, 's3'),
      configureBuckets: [{ name: bucket }],
    });
  }

  /**
   * Starts the server and puts s3rver's fixed credentials and its endpoint in process.env: for the
   * bin's S3 client and, through the sandbox, the pods' backup and restore scripts.
   */
  async start(): Promise<void> {
    const { port } = await this.server.run();
    this.endpointUrl = `http://127.0.0.1:${port}`;
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    process.env.REDIS_SANDBOX_S3_ENDPOINT = this.endpointUrl;
  }

  /** `http://127.0.0.1:<port>`, once started. */
  get endpoint(): string {
    if (!this.endpointUrl)
      throw new Error('the local S3 server is not started');
    return this.endpointUrl;
  }

  /** The bin's options for this server. */
  options(): string[] {
    return ['--s3-endpoint', this.endpoint, '--s3-path-style'];
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
