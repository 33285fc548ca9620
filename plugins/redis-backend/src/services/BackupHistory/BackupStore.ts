// Lists the backup objects of an instance in S3 with the default AWS credential chain (so IRSA works).
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { BackupObject } from '@odin/plugin-redis-common';

export interface BackupStoreOptions {
  /** For S3-compatible servers and tests; AWS's own endpoint when absent. */
  endpoint?: string;
  forcePathStyle: boolean;
  timeoutMs: number;
  /** Bound on the listing; retention keeps the real number of objects far below it. */
  maxObjects: number;
}

export class BackupStore {
  private readonly clients = new Map<string, S3Client>();

  constructor(private readonly options: BackupStoreOptions) {}

  private client(region: string): S3Client {
    let client = this.clients.get(region);
    if (!client) {
      client = new S3Client({
        region,
        endpoint: this.options.endpoint,
        forcePathStyle: this.options.forcePathStyle,
        requestHandler: {
          requestTimeout: this.options.timeoutMs,
          connectionTimeout: this.options.timeoutMs,
        },
        maxAttempts: 1,
      });
      this.clients.set(region, client);
    }
    return client;
  }

  async listObjects(
    bucket: string,
    region: string,
    prefix: string,
  ): Promise<BackupObject[]> {
    const objects: BackupObject[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client(region).send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ContinuationToken: continuationToken,
        }),
      );
      for (const item of page.Contents ?? []) {
        objects.push({
          key: item.Key ?? '',
          sizeBytes: item.Size ?? 0,
          lastModified: (item.LastModified ?? new Date(0)).toISOString(),
        });
      }
      continuationToken = page.IsTruncated
        ? page.NextContinuationToken
        : undefined;
    } while (continuationToken && objects.length < this.options.maxObjects);
    return objects;
  }
}
