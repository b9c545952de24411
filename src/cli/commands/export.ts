import { writeFile } from 'node:fs/promises';
import { exportUnitsCsv } from '../../modules/units/units.service';
import { CliError } from '../cli-error';
import { openMigratedDatabase } from '../open-db';

export async function run(args: string[]): Promise<number> {
  const [kind, file] = args;
  if (kind !== 'units' || !file) throw new CliError('cách dùng: chiso export units TỆP', 2);
  const { database } = await openMigratedDatabase();
  try {
    await writeFile(file, await exportUnitsCsv(database.db));
    process.stdout.write(`Đã xuất ${file}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
