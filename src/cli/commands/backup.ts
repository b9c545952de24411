import { backupTo } from '../../db/backup';
import { CliError } from '../cli-error';
import { openMigratedDatabase } from '../open-db';

export async function run(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) throw new CliError('cách dùng: chiso backup TỆP', 2);
  const { database } = await openMigratedDatabase();
  try {
    const r = await backupTo(database.db, file);
    process.stdout.write(`Đã sao lưu ${r.rows} dòng của ${r.tables} bảng vào ${file}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
