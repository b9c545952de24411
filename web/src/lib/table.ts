// Helpers for antd tables.

/**
 * What to add to a row's index on its page (antd's render index restarts at 0 on each page) to number it
 * across pages: `page` as kept by the caller, clamped to the last page as antd shows it when rows shrink.
 */
export function rowNumberOffset(page: number, total: number, pageSize: number): number {
  return (Math.max(1, Math.min(page, Math.ceil(total / pageSize))) - 1) * pageSize;
}
