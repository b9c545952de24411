/** One problem in an input file, located by row (1 = header row) and column. */
export interface RowIssue {
  row: number;
  field: string;
  message: string;
}

/** Raised by every file parser: carries all row-numbered issues so the user fixes them in one pass. */
export class FileFormatError extends Error {
  constructor(readonly issues: RowIssue[]) {
    super(formatIssues(issues));
  }
}

export function formatIssues(issues: RowIssue[], limit = 50): string {
  const shown = issues.slice(0, limit).map((i) => (i.field ? `Dòng ${i.row}, cột ${i.field}: ${i.message}` : `Dòng ${i.row}: ${i.message}`));
  if (issues.length > limit) shown.push(`… và ${issues.length - limit} lỗi khác`);
  return shown.join('\n');
}
