// Runs the backup scripts under /bin/sh with stand-ins for redis-cli and aws that record their calls.
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  DUMP_SCRIPT,
  RETENTION_FAILED_EXIT_CODE,
  UPLOAD_SCRIPT,
} from './backupScripts';

function sandbox(tools: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-backup-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const [name, body] of Object.entries(tools)) {
    fs.writeFileSync(
      path.join(bin, name),
      `#!/bin/sh\necho "${name} $*" >> "${dir}/calls.log"\n${body}\n`,
      { mode: 0o755 },
    );
  }
  const env = (values: Record<string, string>) => ({
    PATH: `${bin}:/usr/bin:/bin`,
    ...values,
  });
  const run = (script: string, values: Record<string, string>) =>
    execFileSync('/bin/sh', ['-c', script], {
      env: env(values),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  /** Runs a script that may fail: its exit code and output. */
  const outcome = (script: string, values: Record<string, string>) =>
    spawnSync('/bin/sh', ['-c', script], {
      env: env(values),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const calls = () =>
    fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').trim().split('\n');
  return { dir, run, outcome, calls };
}

/** One moment for the whole file: a listing and its expectation must not straddle a second. */
const NOW = Date.now();

/** The dump script's name for a time `daysAgo` days back, e.g. 20250101T020000Z. */
function stampDaysAgo(daysAgo: number): string {
  return new Date(NOW - daysAgo * 86_400_000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A dump to upload, and `aws s3 ls` answering with backups of 1, 8 and 400 days ago. */
function uploadFixture(dir: string) {
  const listing = [1, 8, 400].map(
    days => `2024-01-01 02:00:00  10 ${stampDaysAgo(days)}.rdb`,
  );
  fs.writeFileSync(`${dir}/listing.txt`, `${listing.join('\n')}\n`);
  fs.mkdirSync(`${dir}/backup`);
  fs.writeFileSync(`${dir}/backup/20250101T020000Z.rdb`, 'REDIS0011');
  return {
    S3_BUCKET: 'shop-backups',
    S3_PREFIX: 'shop/orders',
    RETENTION_DAYS: '7',
    BACKUP_DIR: `${dir}/backup`,
    FAKE_LISTING: `${dir}/listing.txt`,
  };
}

// Writes the file named after --rdb, like the real client does.
const fakeRedisCli = `
while [ $# -gt 0 ]; do
  case $1 in
    --rdb) echo REDIS0011 > "$2"; exit 0 ;;
    nodes) cat "$FAKE_NODES"; exit 0 ;;
  esac
  shift
done`;

describe('backup scripts', () => {
  it('dumps a single instance to <timestamp>.rdb', () => {
    const { dir, run, calls } = sandbox({ 'redis-cli': fakeRedisCli });
    run(DUMP_SCRIPT, {
      REDIS_HOST: 'cache-replica.redis.svc',
      BACKUP_DIR: `${dir}/backup`,
    });
    const files = fs.readdirSync(`${dir}/backup`);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{8}T\d{6}Z\.rdb$/);
    expect(calls()).toEqual([
      `redis-cli -h cache-replica.redis.svc -p 6379 --rdb ${dir}/backup/${files[0]}`,
    ]);
  });

  it('dumps every healthy master of a cluster, named by its slot range', () => {
    const { dir, run, calls } = sandbox({ 'redis-cli': fakeRedisCli });
    const nodes = [
      'a1 10.0.0.1:6379@16379,s-leader-0 myself,master - 0 0 1 connected 0-5460',
      'b2 10.0.0.2:6379@16379,s-leader-1 master - 0 0 2 connected 5461-10922',
      'c3 10.0.0.3:6379@16379,s-leader-2 master - 0 0 3 connected 10923-16383',
      'd4 10.0.0.4:6379@16379,s-follower-0 slave a1 0 0 1 connected',
      'e5 10.0.0.5:6379@16379 master,fail - 0 0 4 disconnected',
    ];
    fs.writeFileSync(`${dir}/nodes.txt`, `${nodes.join('\n')}\n`);
    run(DUMP_SCRIPT, {
      REDIS_HOST: 's-leader',
      REDIS_MODE: 'cluster',
      BACKUP_DIR: `${dir}/backup`,
      FAKE_NODES: `${dir}/nodes.txt`,
    });
    const files = fs.readdirSync(`${dir}/backup`).sort();
    expect(files.map(f => f.replace(/^\d{8}T\d{6}Z-/, ''))).toEqual([
      '0-5460.rdb',
      '10923-16383.rdb',
      '5461-10922.rdb',
    ]);
    expect(
      calls()
        .filter(c => c.includes('--rdb'))
        .map(c => c.split(' ').slice(1, 5).join(' ')),
    ).toEqual([
      '-h 10.0.0.1 -p 6379',
      '-h 10.0.0.2 -p 6379',
      '-h 10.0.0.3 -p 6379',
    ]);
  });

  it('names a master that owns several ranges by all of them, ignoring migrating slots', () => {
    const { dir, run } = sandbox({ 'redis-cli': fakeRedisCli });
    const nodes = [
      'a1 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-1364 5461-6826 [6827->-b2]',
      'b2 10.0.0.2:6379@16379 master - 0 0 2 connected 1365-5460 6827-10922',
      'c3 10.0.0.3:6379@16379 master - 0 0 3 connected 10923-16382 16383 [16000-<-a1]',
    ];
    fs.writeFileSync(`${dir}/nodes.txt`, `${nodes.join('\n')}\n`);
    const output = run(DUMP_SCRIPT, {
      REDIS_HOST: 's-leader',
      REDIS_MODE: 'cluster',
      BACKUP_DIR: `${dir}/backup`,
      FAKE_NODES: `${dir}/nodes.txt`,
    });
    const files = fs.readdirSync(`${dir}/backup`).sort();
    expect(files.map(f => f.replace(/^\d{8}T\d{6}Z-/, ''))).toEqual([
      '0-1364_5461-6826.rdb',
      '10923-16382_16383-16383.rdb',
      '1365-5460_6827-10922.rdb',
    ]);
    expect(output).toContain(
      'dumping master 10.0.0.1:6379 (slots 0-1364_5461-6826)',
    );
  });

  it('fails when the cluster has no master with slots', () => {
    const { dir, run } = sandbox({ 'redis-cli': fakeRedisCli });
    fs.writeFileSync(
      `${dir}/nodes.txt`,
      'e5 10.0.0.5:6379@16379 master,fail - 0 0 4 disconnected\n',
    );
    expect(() =>
      run(DUMP_SCRIPT, {
        REDIS_HOST: 'x',
        REDIS_MODE: 'cluster',
        BACKUP_DIR: `${dir}/backup`,
        FAKE_NODES: `${dir}/nodes.txt`,
      }),
    ).toThrow();
  });

  it('uploads the dumps and deletes only backups past retention', () => {
    const listing = [
      `2024-01-01 02:00:00  10 ${stampDaysAgo(1)}.rdb`,
      `2024-01-01 02:00:00  10 ${stampDaysAgo(6)}-0-5460.rdb`,
      `2024-01-01 02:00:00  10 ${stampDaysAgo(8)}.rdb`,
      `2024-01-01 02:00:00  10 ${stampDaysAgo(400)}-0-5460.rdb`,
      '2024-01-01 02:00:00  10 notes.txt',
    ];
    const { dir, run, calls } = sandbox({
      aws: `[ "$2" = ls ] && cat "$FAKE_LISTING"; exit 0`,
    });
    fs.writeFileSync(`${dir}/listing.txt`, `${listing.join('\n')}\n`);
    fs.mkdirSync(`${dir}/backup`);
    fs.writeFileSync(`${dir}/backup/20250101T020000Z.rdb`, 'REDIS0011');
    run(UPLOAD_SCRIPT, {
      S3_BUCKET: 'shop-backups',
      S3_PREFIX: 'shop/orders',
      RETENTION_DAYS: '7',
      BACKUP_DIR: `${dir}/backup`,
      FAKE_LISTING: `${dir}/listing.txt`,
    });
    expect(calls()).toEqual([
      `aws s3 cp ${dir}/backup/20250101T020000Z.rdb s3://shop-backups/shop/orders/20250101T020000Z.rdb`,
      'aws s3 ls s3://shop-backups/shop/orders/',
      `aws s3 rm s3://shop-backups/shop/orders/${stampDaysAgo(8)}.rdb`,
      `aws s3 rm s3://shop-backups/shop/orders/${stampDaysAgo(400)}-0-5460.rdb`,
    ]);
  });

  it('keeps the upload, deletes what it can and exits with the retention code when a delete is refused', () => {
    const { dir, outcome, calls } = sandbox({
      aws: `case $2 in
  ls) cat "$FAKE_LISTING" ;;
  rm) if [ "$3" = "$FAKE_REFUSED" ]; then
        echo 'delete failed: An error occurred (AccessDenied) when calling the DeleteObject operation: Access Denied' >&2
        exit 1
      fi ;;
esac`,
    });
    const refused = `s3://shop-backups/shop/orders/${stampDaysAgo(8)}.rdb`;

    const result = outcome(UPLOAD_SCRIPT, {
      ...uploadFixture(dir),
      FAKE_REFUSED: refused,
    });

    expect(result.status).toBe(RETENTION_FAILED_EXIT_CODE);
    expect(result.stdout).toContain(
      'uploaded 1 file(s) to s3://shop-backups/shop/orders/',
    );
    expect(result.stderr).toMatch(
      /retention failed: could not delete 1 of 2 backups older than \d{8}T\d{6}Z \(aws s3 rm; the role needs s3:DeleteObject\); the backup uploaded above is kept\n$/,
    );
    expect(calls()).toEqual([
      `aws s3 cp ${dir}/backup/20250101T020000Z.rdb s3://shop-backups/shop/orders/20250101T020000Z.rdb`,
      'aws s3 ls s3://shop-backups/shop/orders/',
      `aws s3 rm ${refused}`,
      `aws s3 rm s3://shop-backups/shop/orders/${stampDaysAgo(400)}.rdb`,
    ]);
  });

  it('keeps the upload and exits with the retention code when the listing is refused', () => {
    const { dir, outcome, calls } = sandbox({
      aws: `if [ "$2" = ls ]; then
  echo 'An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied' >&2
  exit 255
fi`,
    });

    const result = outcome(UPLOAD_SCRIPT, uploadFixture(dir));

    expect(result.status).toBe(RETENTION_FAILED_EXIT_CODE);
    expect(result.stderr).toContain(
      'retention failed: could not list s3://shop-backups/shop/orders/ (aws s3 ls; the role needs s3:ListBucket); the backup uploaded above is kept',
    );
    expect(calls().filter(call => call.startsWith('aws s3 rm'))).toEqual([]);
  });

  it('fails with another code than the retention code when the upload fails, and deletes nothing', () => {
    const { dir, outcome, calls } = sandbox({
      aws: `[ "$2" = cp ] && exit 1; exit 0`,
    });

    const result = outcome(UPLOAD_SCRIPT, uploadFixture(dir));

    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('retention failed');
    expect(calls()).toEqual([
      `aws s3 cp ${dir}/backup/20250101T020000Z.rdb s3://shop-backups/shop/orders/20250101T020000Z.rdb`,
    ]);
  });

  it('fails when there is nothing to upload', () => {
    const { dir, run } = sandbox({ aws: 'exit 0' });
    fs.mkdirSync(`${dir}/backup`);
    expect(() =>
      run(UPLOAD_SCRIPT, {
        S3_BUCKET: 'b',
        S3_PREFIX: 'p',
        RETENTION_DAYS: '7',
        BACKUP_DIR: `${dir}/backup`,
      }),
    ).toThrow();
  });

  it('keeps the scripts POSIX: no bash-only syntax', () => {
    for (const script of [DUMP_SCRIPT, UPLOAD_SCRIPT]) {
      expect(script).not.toMatch(
        /\[\[|\bfunction\b|<<<|\$\{[A-Za-z_]+\/\/|\blocal\b|\bdeclare\b|\bsource\b/,
      );
      expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    }
  });
});
