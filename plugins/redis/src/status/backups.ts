// What the card says about backups: the newest good one, how old it is, and whether that is too old.
import type { BackupHistory, BackupRecord } from '@odin/plugin-redis-common';

export interface LastBackup {
  at: string;
  sizeBytes: number;
  objectCount: number;
}

export function recordSizeBytes(record: BackupRecord): number {
  return record.objects.reduce((total, object) => total + object.sizeBytes, 0);
}

export function lastBackup(history: BackupHistory): LastBackup | undefined {
  const record = history.records.find(item => item.outcome === 'succeeded');
  const at =
    record?.finishedAt ??
    record?.objects[0]?.lastModified ??
    history.lastSuccessAt;
  if (!at) return undefined;
  return {
    at,
    sizeBytes: record ? recordSizeBytes(record) : 0,
    objectCount: record?.objects.length ?? 0,
  };
}
