import type { Issue } from '@odin/plugin-redis-common';

/** `<pointer>: <message>`; the empty pointer (the whole document) reads as "(document)". */
export function issueLine(issue: Issue): string {
  return `${issue.pointer || '(document)'}: ${issue.message}`;
}

export function warningLine(issue: Issue): string {
  return `warning: ${issueLine(issue)}`;
}
