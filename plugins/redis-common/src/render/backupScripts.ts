// POSIX sh scripts of the backup CronJob. Everything they need comes from the environment, so tests can run them for real.

/**
 * dump.sh — runs in the Redis image. Env: REDIS_HOST, REDIS_PORT (6379), REDIS_MODE (single|cluster),
 * BACKUP_DIR, REDISCLI_AUTH (optional, read by redis-cli itself). Writes <stamp>.rdb, or in cluster mode
 * one <stamp>-<ranges>.rdb per master, its slot ranges joined with `_`: `<stamp>-0-5460.rdb`, or
 * `<stamp>-0-1364_5461-6826.rdb` for a master that owns two ranges (after a rebalance).
 *
 * @public
 */
export const DUMP_SCRIPT = `#!/bin/sh
# Dumps RDB snapshots over the replication protocol into $BACKUP_DIR.
set -eu
: "\${REDIS_HOST:?REDIS_HOST is required}"
: "\${BACKUP_DIR:?BACKUP_DIR is required}"
REDIS_PORT="\${REDIS_PORT:-6379}"
REDIS_MODE="\${REDIS_MODE:-single}"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BACKUP_DIR"

if [ "$REDIS_MODE" = cluster ]; then
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" cluster nodes > "$BACKUP_DIR/nodes.txt"
  # Field 2 is ip:port@bus[,hostname], field 3 the flags, fields 9 on a master's slot ranges (a single
  # slot N is written N-N; [slot->-node] fields are migrations, not ranges), joined with "_".
  awk '$3 ~ /master/ && $3 !~ /fail/ {
    split($2, address, "@"); ranges = ""
    for (i = 9; i <= NF; i++) {
      if ($i ~ /^\\[/) continue
      range = $i ~ /-/ ? $i : $i "-" $i
      ranges = ranges == "" ? range : ranges "_" range
    }
    if (ranges != "") print address[1], ranges
  }' "$BACKUP_DIR/nodes.txt" > "$BACKUP_DIR/masters.txt"
  if [ ! -s "$BACKUP_DIR/masters.txt" ]; then
    echo "no healthy master with slots found at $REDIS_HOST:$REDIS_PORT" >&2
    exit 1
  fi
  while read -r address ranges; do
    host=\${address%:*}
    port=\${address##*:}
    echo "dumping master $host:$port (slots $ranges)"
    redis-cli -h "$host" -p "$port" --rdb "$BACKUP_DIR/$stamp-$ranges.rdb" < /dev/null
  done < "$BACKUP_DIR/masters.txt"
  rm -f "$BACKUP_DIR/nodes.txt" "$BACKUP_DIR/masters.txt"
else
  echo "dumping $REDIS_HOST:$REDIS_PORT"
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --rdb "$BACKUP_DIR/$stamp.rdb"
fi
ls -l "$BACKUP_DIR"
`;

/**
 * upload.sh's exit code when the upload succeeded but the retention step did not: the backup is in S3,
 * old ones may be left. The CronJob fails the Job on it at once (a retry would upload the same again).
 *
 * @public
 */
export const RETENTION_FAILED_EXIT_CODE = 3;

/**
 * upload.sh — runs in the AWS CLI image. Env: S3_BUCKET, S3_PREFIX (<namespace>/<name>), RETENTION_DAYS,
 * BACKUP_DIR, and the usual AWS_* variables (AWS_ENDPOINT_URL for S3-compatible servers).
 * Uploads every RDB in BACKUP_DIR (PutObject), then lists the prefix (ListBucket) and deletes objects whose
 * timestamp is older than RETENTION_DAYS (DeleteObject). A failed upload exits 1; a failed retention step
 * keeps the upload, prints `retention failed: ...` and exits RETENTION_FAILED_EXIT_CODE.
 *
 * @public
 */
export const UPLOAD_SCRIPT = `#!/bin/sh
# Uploads the dumped RDB files to S3 and prunes those past the retention period.
set -eu
: "\${S3_BUCKET:?S3_BUCKET is required}"
: "\${S3_PREFIX:?S3_PREFIX is required}"
: "\${RETENTION_DAYS:?RETENTION_DAYS is required}"
: "\${BACKUP_DIR:?BACKUP_DIR is required}"
target="s3://$S3_BUCKET/$S3_PREFIX"

# Prints the UTC timestamp (YYYYMMDDTHHMMSSZ) of a Unix time; plain awk, since date -d is not portable.
stamp_of() {
  awk -v t="$1" 'BEGIN {
    days = int(t / 86400); secs = t - days * 86400
    z = days + 719468; era = int(z / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
    m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
    printf "%04d%02d%02dT%02d%02d%02dZ\\n", y, m, d, int(secs / 3600), int(secs % 3600 / 60), secs % 60
  }'
}

uploaded=0
for file in "$BACKUP_DIR"/*.rdb; do
  [ -f "$file" ] || continue
  aws s3 cp "$file" "$target/\${file##*/}"
  uploaded=$((uploaded + 1))
done
if [ "$uploaded" -eq 0 ]; then
  echo "no RDB file found in $BACKUP_DIR" >&2
  exit 1
fi
echo "uploaded $uploaded file(s) to $target/"

# The new backup is in S3 now: a failure from here on leaves old backups behind, and says so.
retention_failed() {
  echo "retention failed: $1; the backup uploaded above is kept" >&2
  exit ${RETENTION_FAILED_EXIT_CODE}
}
cutoff=$(stamp_of $(( $(date -u +%s) - RETENTION_DAYS * 86400 )))
echo "deleting backups older than $cutoff"
# Through files, not a pipe: POSIX sh has no pipefail, and a failed listing must not pass for an empty one.
aws s3 ls "$target/" > "$BACKUP_DIR/listing.txt" ||
  retention_failed "could not list $target/ (aws s3 ls; the role needs s3:ListBucket)"
awk -v cutoff="$cutoff" '$4 ~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z.*\\.rdb$/ && substr($4, 1, 16) < cutoff { print $4 }' \\
  "$BACKUP_DIR/listing.txt" > "$BACKUP_DIR/expired.txt"
expired=0
failed=0
while read -r key; do
  expired=$((expired + 1))
  aws s3 rm "$target/$key" < /dev/null || failed=$((failed + 1))
done < "$BACKUP_DIR/expired.txt"
if [ "$failed" -gt 0 ]; then
  retention_failed "could not delete $failed of $expired backups older than $cutoff (aws s3 rm; the role needs s3:DeleteObject)"
fi
`;
