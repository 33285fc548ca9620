// Regular expressions shared by the schema and the cross-field rules, with the hint a person needs when one fails.

export const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const DNS_SUBDOMAIN =
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
export const QUANTITY =
  '^(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?[0-9]+))?$';
export const STORAGE_SIZE = '^[0-9]+(\\.[0-9]+)?(Mi|Gi|Ti)$';
export const DURATION = '^([0-9]+(ms|s|m|h))+$';
export const SAVE_INTERVAL = '^$|^[0-9]+ [0-9]+( [0-9]+ [0-9]+)*$';
export const REDIS_CONFIG_KEY = '^[a-z][a-z0-9-]*$';
export const SINGLE_LINE = '^[^\\r\\n]*$';
export const QUALIFIED_NAME =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';
export const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';
export const SECRET_KEY = '^[-._a-zA-Z0-9]+$';
export const AWS_REGION = '^[a-z]{2}(-[a-z]+)+-[0-9]+$';

export const patternHints: Record<string, string> = {
  [DNS_LABEL]:
    'use lowercase letters, digits and "-", starting and ending with a letter or digit',
  [DNS_SUBDOMAIN]:
    'use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit',
  [QUANTITY]:
    'write a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi"',
  [STORAGE_SIZE]:
    'write a volume size in Mi, Gi or Ti, such as "512Mi", "10Gi" or "1Ti"',
  [DURATION]: 'write a duration such as "15s", "30s" or "1m"',
  [SAVE_INTERVAL]:
    'write "<seconds> <changes>" pairs separated by spaces, e.g. "900 1 300 10", or "" to turn RDB snapshots off',
  [REDIS_CONFIG_KEY]:
    'use a redis.conf directive name in lowercase, e.g. "maxmemory-policy"',
  [SINGLE_LINE]: 'remove line breaks: each value must stay on one line',
  [QUALIFIED_NAME]:
    'use a Kubernetes label/annotation key such as "node.kubernetes.io/instance-type"',
  [LABEL_VALUE]:
    'use letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  [SECRET_KEY]: 'use letters, digits, "-", "_" and "." only',
  [AWS_REGION]: 'write an AWS region code such as "us-east-1"',
};
