// The demo province: units with lineage, one user per role, then each feature's demo data.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../app-context';
import { findUnitByCode, countUnits } from '../modules/units/units.repository';
import { importUnits } from '../modules/units/units.service';
import { createUser } from '../modules/identity/identity.service';
import { ROLE_LABELS } from '../modules/identity/permissions';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { featureSeeders } from './feature-seeders';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `features: false` seeds the units and users only (tests whose figures are computed by hand). */
export async function seedDemoIfEmpty(ctx: AppContext, log: (line: string) => void, opts: { features?: boolean } = {}): Promise<boolean> {
  if (Number((await countUnits(ctx.db)).n) > 0) return false;
  log('Cơ sở dữ liệu trống: đang tạo tỉnh mẫu Hoàng Liên (dữ liệu mẫu, tắt bằng CHISO_DEMO=0)…');
  await importUnits(ctx.db, null, await readFile(path.join(root, 'demo/units.csv')), { isDemo: true });
  for (const u of DEMO_USERS) {
    const unit = u.unitCode ? await findUnitByCode(ctx.db, u.unitCode) : null;
    await createUser(ctx.db, null, {
      username: u.username,
      displayName: u.displayName,
      password: DEMO_PASSWORD,
      isDemo: true,
      grants: [{ role: u.role, unitId: unit?.id ?? null, includeDescendants: u.includeDescendants }],
    });
  }
  if (opts.features !== false) for (const seed of featureSeeders) await seed(ctx);
  log(`Tài khoản mẫu (mật khẩu chung: ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) log(`  ${u.username.padEnd(16)} ${ROLE_LABELS[u.role]}${u.unitCode ? ` — ${u.unitCode}` : ''}`);
  return true;
}
