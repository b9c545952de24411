import { existsSync } from 'node:fs';
import { restoreFrom } from '../../db/backup';
import { CliError } from '../cli-error';
import { openMigratedDatabase } from '../open-db';

export async function run(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) throw new CliError('cách dùng: chiso restore TỆP', 2);
  if (!existsSync(file)) throw new CliError(`không tìm thấy tệp ${file}`);
  const { database } = await openMigratedDatabase();
  try {
    const r = await restoreFrom(database.db, file);
    process.stdout.write(`Đã khôi phục ${r.rows} dòng từ ${file}\n`);
    return 0;
  } catch (err) {
    throw new CliError(`khôi phục thất bại, không có gì thay đổi: ${(err as Error).message}`);
  } finally {
    await database.close();
  }
}
