import type { Issue, ValidationResult } from '@odin/plugin-redis-common';
import { writeStderr } from './output';

/** `<pointer>: <message>`; the empty pointer (the whole document) reads as "(document)". */
export function issueLine(issue: Issue): string {
  return `${issue.pointer || '(document)'}: ${issue.message}`;
}

export function warningLine(issue: Issue): string {
  return `warning: ${issueLine(issue)}`;
}

/** Writes a validation's errors and warnings to stderr, one line each. */
export function reportIssues(result: ValidationResult): void {
  const diagnostics = [
    ...result.errors.map(issueLine),
    ...result.warnings.map(warningLine),
  ];
  if (diagnostics.length > 0) writeStderr(`${diagnostics.join('\n')}\n`);
}
