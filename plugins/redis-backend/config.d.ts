export interface Config {
  redis?: {
    /** Settings of the Redis status API (`@odin/plugin-redis-backend`). */
    status?: {
      /**
       * How long an assembled status is served from Backstage's cache service, in seconds; with a
       * shared `backend.cache` store, every replica serves it. Default 10.
       */
      cacheTtlSeconds?: number;
      /** Timeout of each Kubernetes read (one kind's LIST with all its pages, one Secret, the operation Lease or history ConfigMap), in milliseconds. Default 5000. */
      kubernetesTimeoutMs?: number;
      /** How long after a scheduled backup time a run may take before backups count as stale, in minutes. Default 60. */
      backupGraceMinutes?: number;
      redis?: {
        /** Timeout of a TCP (and TLS) connection to a Redis or Sentinel pod, in milliseconds. Default 2000. */
        connectTimeoutMs?: number;
        /** Timeout of each Redis command, in milliseconds. Default 2000. */
        commandTimeoutMs?: number;
        /** Most Redis and Sentinel connections open at once for one status. Default 16. */
        concurrency?: number;
      };
      s3?: {
        /** Endpoint of an S3-compatible server; AWS's own when absent. Credentials come from the default chain. */
        endpoint?: string;
        /** Path-style bucket addressing, which most S3-compatible servers need. Default false. */
        forcePathStyle?: boolean;
        /** Timeout of each S3 request, in milliseconds. Default 5000. */
        timeoutMs?: number;
        /** Most backup objects listed per instance. Default 10000. */
        maxObjects?: number;
      };
    };
  };
}
