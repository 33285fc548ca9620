const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = [
  '-s3alias',
  '--ol-s3',
  '.mrap',
  '--x-s3',
  '--table-s3',
];

/** Returns what breaks the S3 general purpose bucket naming rules, or undefined for a valid name. */
export function s3BucketNameProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63)
    return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket)) {
    return 'use lowercase letters, digits, "." and "-" only, starting and ending with a letter or digit';
  }
  if (bucket.includes('..')) return 'must not contain two dots in a row';
  if (/^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/.test(bucket))
    return 'must not look like an IP address';
  const prefix = RESERVED_PREFIXES.find(p => bucket.startsWith(p));
  if (prefix) return `must not start with the reserved prefix "${prefix}"`;
  const suffix = RESERVED_SUFFIXES.find(s => bucket.endsWith(s));
  if (suffix) return `must not end with the reserved suffix "${suffix}"`;
  return undefined;
}
