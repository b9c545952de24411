// Framework JSON files (formats.md "Index framework — JSON") → a validated Framework, or every issue at once.
import type { Framework } from '../domain/framework/types';
import { type FrameworkIssue, validateFramework } from '../domain/framework/validate';
import { FileFormatError } from './file-format-error';

/** A FileFormatError whose issues are located by JSON path (and item code) rather than by row. */
export class FrameworkFormatError extends FileFormatError {
  constructor(readonly frameworkIssues: FrameworkIssue[]) {
    super(frameworkIssues.map((i) => ({ row: 0, field: i.path, message: i.message })));
    this.message = formatFrameworkIssues(frameworkIssues);
  }
}

export function formatFrameworkIssues(issues: readonly FrameworkIssue[], limit = 50): string {
  const lines = issues.slice(0, limit).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  if (issues.length > limit) lines.push(`… và ${issues.length - limit} lỗi khác`);
  return lines.join('\n');
}

export function parseFrameworkJson(text: string): Framework {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(clean);
  } catch (err) {
    throw new FrameworkFormatError([{ path: '', message: `Tệp bộ chỉ số không phải JSON hợp lệ: ${(err as Error).message}` }]);
  }
  const result = validateFramework(json);
  if (!result.ok) throw new FrameworkFormatError(result.issues);
  return result.framework;
}

export function frameworkToJson(framework: Framework): string {
  return `${JSON.stringify(framework, null, 2)}\n`;
}
