import { loadConfig } from '../../config';
import { openDatabase } from '../../db/database';
import { migrateToLatest } from '../../db/migrator';
import { CliError } from '../cli-error';

export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'migrate') throw new CliError('cách dùng: chiso db migrate', 2);
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(database.db);
    process.stdout.write(applied.length ? `Đã áp dụng ${applied.length} migration:\n${applied.map((m) => `  ${m}`).join('\n')}\n` : 'Lược đồ đã ở phiên bản mới nhất.\n');
    return 0;
  } finally {
    await database.close();
  }
}
