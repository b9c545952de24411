// chiso db migrate / import units / export units / backup / restore as a person runs them, on the
// database this test run targets (embedded data folders, or new PostgreSQL databases).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'chiso-cli-'));
const admin = process.env.TEST_DATABASE_URL;
const created: string[] = [];

async function target(name: string): Promise<Record<string, string>> {
  if (!admin) return { CHISO_DATA_DIR: path.join(dir, name), DATABASE_URL: '' };
  const db = `chiso_cli_${name}_${process.pid}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`drop database if exists ${db} with (force)`);
  await c.query(`create database ${db}`);
  await c.end();
  created.push(db);
  return { DATABASE_URL: admin.replace(/\/[^/?]*(\?|$)/, `/${db}$1`) };
}

async function chiso(env: Record<string, string>, ...args: string[]) {
  try {
    const r = await run('npx', ['tsx', 'src/cli/main-entry.ts', ...args], { env: { ...process.env, ...env, CHISO_LOG_LEVEL: 'silent' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

afterAll(async () => {
  if (!admin) return;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  for (const db of created) await c.query(`drop database if exists ${db} with (force)`);
  await c.end();
});

const UNITS = `code,name,group,parent_code,valid_from,valid_to,successors
T,Tỉnh Thử,province,,2025-07-01,,
T-A,"Xã A, cũ",commune,T,2000-01-01,2025-06-30,T-M
T-B,Xã B cũ,commune,T,2000-01-01,2025-06-30,T-M
T-M,Xã Mới,commune,T,2025-07-01,,
`;

describe('chiso database commands', () => {
  it('migrates, imports units, exports them identically, backs up and restores into an empty database', async () => {
    const a = await target('a');
    expect((await chiso(a, 'db', 'migrate')).stdout).toContain('20261121_0001_foundation');
    expect((await chiso(a, 'db', 'migrate')).stdout).toContain('mới nhất');
    const file = path.join(dir, 'units.csv');
    writeFileSync(file, UNITS);
    const imp = await chiso(a, 'import', 'units', file);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('"rows":4');
    const out = path.join(dir, 'out.csv');
    expect((await chiso(a, 'export', 'units', out)).code).toBe(0);
    // Export is in code order; the round trip keeps every field, quoting included.
    expect(readFileSync(out, 'utf8')).toBe(`code,name,group,parent_code,valid_from,valid_to,successors
T,Tỉnh Thử,province,,2025-07-01,,
T-A,"Xã A, cũ",commune,T,2000-01-01,2025-06-30,T-M
T-B,Xã B cũ,commune,T,2000-01-01,2025-06-30,T-M
T-M,Xã Mới,commune,T,2025-07-01,,
`);
    const backup = path.join(dir, 'backup.chiso.gz');
    const b = await chiso(a, 'backup', backup);
    expect(b.code).toBe(0);

    const restored = await target('b');
    const r = await chiso(restored, 'restore', backup);
    expect(r.code, r.stderr).toBe(0);
    const out2 = path.join(dir, 'out2.csv');
    await chiso(restored, 'export', 'units', out2);
    expect(readFileSync(out2, 'utf8')).toBe(readFileSync(out, 'utf8'));
    // Identity sequences continue after restore: a new import still works.
    writeFileSync(file, 'code,name,group,parent_code,valid_from,valid_to,successors\nT-N,Xã Mới Nữa,commune,T,2026-01-01,,\n');
    expect((await chiso(restored, 'import', 'units', file)).code).toBe(0);
    // A second restore into a non-empty database is refused and changes nothing.
    const again = await chiso(restored, 'restore', backup);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('không trống');
  }, 120_000);

  it('refuses a bad units file with row numbers and writes nothing', async () => {
    const c = await target('c');
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      `code,name,group,parent_code,valid_from,valid_to,successors
X1,Một,commune,,2025-13-01,,
X1,Hai,commune,,,,
X3,Ba,commune,NOPE,,,X9
X4,Bốn,commune,X5,,,
X5,Năm,commune,X4,,,
`,
    );
    const r = await chiso(c, 'import', 'units', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Dòng 2, cột valid_from: ngày "2025-13-01" không hợp lệ');
    expect(r.stderr).toContain('Dòng 3, cột code: mã "X1" trùng với dòng 2');
    expect(r.stderr).toContain('Dòng 4, cột parent_code: đơn vị cấp trên "NOPE" không tồn tại');
    expect(r.stderr).toContain('Dòng 4, cột successors: đơn vị kế thừa "X9" không tồn tại');
    expect(r.stderr).toContain('Dòng 5, cột parent_code: vòng lặp cấp trên');
    const out = path.join(dir, 'empty.csv');
    const exp = await chiso(c, 'export', 'units', out);
    expect(exp.code, exp.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('code,name,group,parent_code,valid_from,valid_to,successors\n');
  }, 120_000);

  it('stops the start with a message naming a bad variable', async () => {
    const r = await chiso({ PORT: 'abc', CHISO_DATA_DIR: path.join(dir, 'x') }, 'serve');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
  }, 60_000);
});
