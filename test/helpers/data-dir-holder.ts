// A child process for test/integration/data-dir-lock.test.ts (run with `node --import tsx`):
//   open DIR        — opens DIR as the embedded database, creates table `held` and inserts a row (value = argv[4]),
//                     prints `ready <pid>` and holds the folder until SIGTERM (then closes and exits 0).
//   exit DIR        — opens DIR and calls process.exit(0) without closing it (the 'exit' hook must release the lock).
//   race DIR AT MS  — waits until Date.now() >= AT, then takes DIR's lock directly (no PGlite); prints
//                     `won <pid>` and holds it MS milliseconds, or `refused <pid> <message>`.
import { sql } from 'kysely';
import { acquireDataDirLock, DataDirLockedError } from '../../src/db/data-dir-lock';
import { openDatabase } from '../../src/db/database';

const [mode, dir, a, b] = process.argv.slice(2);

if (mode === 'open') {
  const database = await openDatabase({ dataDir: dir });
  await sql`create table if not exists held (id serial primary key, value text not null)`.execute(database.db);
  await sql`insert into held (value) values (${a ?? 'x'})`.execute(database.db);
  process.once('SIGTERM', async () => {
    await database.close();
    process.exit(0);
  });
  process.stdout.write(`ready ${process.pid}\n`);
  setInterval(() => {}, 60_000);
} else if (mode === 'exit') {
  await openDatabase({ dataDir: dir });
  process.exit(0);
} else if (mode === 'race') {
  while (Date.now() < Number(a)) {}
  try {
    const lock = acquireDataDirLock(dir);
    process.stdout.write(`won ${process.pid}\n`);
    setTimeout(() => {
      lock.release();
      process.exit(0);
    }, Number(b));
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    process.stdout.write(`refused ${process.pid} ${err.message}\n`);
  }
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exitCode = 2;
}
