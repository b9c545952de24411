// Start-up: open the database, migrate, make sure an administrator exists, seed the demo province once.
import path from 'node:path';
import type { AppContext } from './app-context';
import type { Config } from './config';
import { type Database, openDatabase } from './db/database';
import { migrateToLatest } from './db/migrator';
import { findUserByUsername } from './modules/identity/identity.repository';
import { createUser } from './modules/identity/identity.service';
import { generatePassword } from './modules/identity/passwords';
import { Role } from './modules/identity/permissions';
import { failInterruptedImports } from './modules/onestop/onestop.service';

export async function openApp(config: Config, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<AppContext> {
  const database: Database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database.db);
  const ctx: AppContext = {
    db: database.db,
    database,
    config,
    filesDir: path.resolve(config.dataDir, 'files'),
  };
  await ensureAdmin(ctx, log);
  await failInterruptedImports(ctx.db);
  if (config.demo) {
    const { seedDemoIfEmpty } = await import('./demo/seed-demo');
    await seedDemoIfEmpty(ctx, log);
  }
  return ctx;
}

/** No default password: the first start uses CHISO_ADMIN_PASSWORD or prints a one-time password once. */
async function ensureAdmin(ctx: AppContext, log: (line: string) => void) {
  if (await findUserByUsername(ctx.db, 'admin')) return;
  const password = ctx.config.adminPassword ?? generatePassword();
  await createUser(ctx.db, null, {
    username: 'admin',
    displayName: 'Quản trị hệ thống',
    password,
    grants: [{ role: Role.SystemAdmin, unitId: null }],
  });
  if (ctx.config.adminPassword) log('Đã tạo tài khoản admin với mật khẩu trong CHISO_ADMIN_PASSWORD.');
  else log(`Đã tạo tài khoản admin. Mật khẩu (chỉ in một lần, hãy lưu lại): ${password}`);
}
