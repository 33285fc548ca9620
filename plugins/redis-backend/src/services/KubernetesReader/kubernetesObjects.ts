// The Kubernetes objects the status reads, as the API server's JSON has them: only the fields we read, times as RFC 3339 strings.
import type { ApiObject } from '@odin/plugin-redis-node';

export type NodeObject = ApiObject;

export interface PodObject extends ApiObject {
  spec?: {
    nodeName?: string;
    volumes?: { persistentVolumeClaim?: { claimName: string } }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    startTime?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { restartCount: number }[];
  };
}

export interface StatefulSetObject extends ApiObject {
  spec?: { replicas?: number };
  status?: { readyReplicas?: number; updatedReplicas?: number };
}

export interface VolumeClaimObject extends ApiObject {
  spec?: { resources?: { requests?: Record<string, string> } };
  status?: { phase?: string; capacity?: Record<string, string> };
}

export interface EventObject extends ApiObject {
  involvedObject: { kind?: string; name?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
}

export interface CronJobObject extends ApiObject {
  spec?: {
    schedule?: string;
    suspend?: boolean;
    timeZone?: string;
    jobTemplate?: {
      spec?: {
        template?: {
          spec?: {
            containers?: { env?: { name: string; value?: string }[] }[];
          };
        };
      };
    };
  };
}

export interface JobObject extends ApiObject {
  metadata?: ApiObject['metadata'] & {
    ownerReferences?: { kind: string; name: string }[];
  };
  status?: {
    startTime?: string;
    completionTime?: string;
    succeeded?: number;
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string;
    }[];
  };
}

/** Without metadata, so that it fits the client's typed `read` (whose timestamps are Dates). */
export interface SecretObject {
  apiVersion?: string;
  kind?: string;
  data?: Record<string, string>;
}
