import { readFile } from 'node:fs/promises';
import { FileFormatError } from '../../formats/file-format-error';
import { importUnits } from '../../modules/units/units.service';
import { CliError } from '../cli-error';
import { openMigratedDatabase } from '../open-db';

// `chiso import <kind> FILE`: each kind is an atomic import through the same service the web app uses.
const importers: Record<string, (db: Awaited<ReturnType<typeof openMigratedDatabase>>['database']['db'], file: Buffer) => Promise<unknown>> = {
  units: (db, file) => importUnits(db, null, file),
};

export async function run(args: string[]): Promise<number> {
  const [kind, file] = args;
  if (!kind || !file || !importers[kind]) throw new CliError(`cách dùng: chiso import <${Object.keys(importers).join('|')}> TỆP`, 2);
  const buf = await readFile(file).catch(() => {
    throw new CliError(`không đọc được tệp ${file}`);
  });
  const { database } = await openMigratedDatabase();
  try {
    const result = await importers[kind](database.db, buf);
    process.stdout.write(`Đã nhập ${kind}: ${JSON.stringify(result)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof FileFormatError) throw new CliError(`tệp ${file} bị từ chối, không có gì được ghi:\n${err.message}`);
    throw err;
  } finally {
    await database.close();
  }
}
