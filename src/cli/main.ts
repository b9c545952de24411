// `chiso` dispatcher: each command lives in its own file and is loaded only when used,
// so file-only commands (results, due, indicators, sipas, sample-size) never open a database.
import { DataDirLockedError } from '../db/data-dir-lock';
import { CliError } from './cli-error';

type Command = { run: (args: string[]) => Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  results: { summary: 'tính kết quả từ bộ chỉ số và bảng điểm (tệp)', load: () => import('./commands/results') },
  due: { summary: 'tính hạn giải quyết theo ngày làm việc', load: () => import('./commands/due') },
  indicators: { summary: 'tính chỉ số một cửa từ tệp hồ sơ', load: () => import('./commands/indicators') },
  sipas: { summary: 'tính chỉ số SIPAS từ tệp phiếu', load: () => import('./commands/sipas') },
  'sample-size': { summary: 'cỡ mẫu khảo sát', load: () => import('./commands/sample-size') },
  db: { summary: 'db migrate — cập nhật lược đồ cơ sở dữ liệu', load: () => import('./commands/db') },
  import: { summary: 'import units FILE — nhập dữ liệu vào cơ sở dữ liệu', load: () => import('./commands/import') },
  export: { summary: 'export units FILE — xuất dữ liệu', load: () => import('./commands/export') },
  backup: { summary: 'backup FILE — sao lưu toàn bộ dữ liệu', load: () => import('./commands/backup') },
  restore: { summary: 'restore FILE — khôi phục từ bản sao lưu', load: () => import('./commands/restore') },
  serve: { summary: 'chạy máy chủ web', load: () => import('./commands/serve') },
};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `Cách dùng: chiso <lệnh> [tham số]\n\nCác lệnh:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`Lỗi: lệnh không tồn tại "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    const cmd = await entry.load();
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`Lỗi: ${err.message}\n`);
      return err.exitCode;
    }
    // Any database command (serve included) on a data folder another process holds: the holder named, nothing done.
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`Lỗi: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
