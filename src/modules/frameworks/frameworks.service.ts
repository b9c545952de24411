// Framework versions: import (JSON or Excel, nothing written on any error), clone to a new year, edit drafts,
// publish. A framework a cycle uses is frozen: its leaves are what the cycle's scores refer to.
import type { Db } from '../../db/database';
import type { Framework } from '../../domain/framework/types';
import { validateFramework } from '../../domain/framework/validate';
import { AppError } from '../../errors';
import { FileFormatError } from '../../formats/file-format-error';
import { frameworkFromXlsx, frameworkToXlsx } from '../../formats/framework-xlsx';
import { FrameworkFormatError, frameworkToJson, parseFrameworkJson } from '../../formats/framework.format';
import { recordAudit } from '../audit/audit.repository';
import { type Actor, requireAccess, unitScope } from '../identity/access';
import { Permission } from '../identity/permissions';
import * as repo from './frameworks.repository';

export async function listFrameworks(db: Db, actor: Actor, filter: { year?: number; unitGroup?: string }) {
  unitScope(actor, Permission.FrameworksRead);
  return repo.listFrameworks(db, filter);
}

export async function getFramework(db: Db, actor: Actor | null, id: number) {
  if (actor) unitScope(actor, Permission.FrameworksRead);
  const row = await repo.findFramework(db, id);
  if (!row) throw new AppError('not_found', 'Không tìm thấy bộ chỉ số');
  return row;
}

function isZip(buf: Buffer) {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

/** Reads JSON or XLSX bytes into a validated framework; every problem is reported at once. */
export async function readFrameworkFile(buf: Buffer): Promise<Framework> {
  if (buf.length === 0) throw new FileFormatError([{ row: 0, field: '', message: 'Tệp rỗng' }]);
  return isZip(buf) ? frameworkFromXlsx(buf) : parseFrameworkJson(buf.toString('utf8'));
}

async function checkNew(db: Db, f: Framework, exceptId?: number) {
  if (!(await repo.unitGroupExists(db, f.unitGroup))) {
    throw new AppError('validation', `Nhóm đơn vị "${f.unitGroup}" của bộ chỉ số ${f.code} không có trong danh mục nhóm đơn vị`);
  }
  const same = await repo.findFrameworkByCode(db, f.code);
  if (same && same.id !== exceptId) throw new AppError('conflict', `Mã bộ chỉ số "${f.code}" đã tồn tại`);
}

export async function importFramework(db: Db, actor: Actor | null, buf: Buffer, opts: { status?: 'draft' | 'published'; isDemo?: boolean } = {}) {
  if (actor) requireAccess(actor, Permission.FrameworksManage);
  const framework = await readFrameworkFile(buf);
  return db.transaction().execute(async (trx) => {
    await checkNew(trx, framework);
    const id = await repo.insertFramework(trx, framework, opts);
    await recordAudit(trx, actor, { action: 'frameworks.import', entity: 'framework', entityId: id, after: { code: framework.code, year: framework.year, unitGroup: framework.unitGroup, status: opts.status ?? 'draft' } });
    return id;
  });
}

export async function cloneFramework(db: Db, actor: Actor | null, id: number, body: { code: string; year: number; name?: string; source?: string }, opts: { status?: 'draft' | 'published'; isDemo?: boolean } = {}) {
  if (actor) requireAccess(actor, Permission.FrameworksManage);
  const src = await getFramework(db, null, id);
  const tree = src.tree as Framework;
  const copy: Framework = {
    ...tree,
    code: body.code,
    year: body.year,
    name: body.name ?? tree.name.replace(String(tree.year), String(body.year)),
    ...(body.source !== undefined ? { source: body.source } : {}),
  };
  return db.transaction().execute(async (trx) => {
    await checkNew(trx, copy);
    const newId = await repo.insertFramework(trx, copy, { clonedFromId: id, status: opts.status, isDemo: opts.isDemo });
    await recordAudit(trx, actor, { action: 'frameworks.clone', entity: 'framework', entityId: newId, after: { from: src.code, code: copy.code, year: copy.year } });
    return newId;
  });
}

/** Replaces a draft's tree; a published framework must be unpublished first, which a cycle in use forbids. */
export async function updateFramework(db: Db, actor: Actor, id: number, json: unknown) {
  requireAccess(actor, Permission.FrameworksManage);
  const validation = validateFramework(json);
  if (!validation.ok) throw new FrameworkFormatError(validation.issues);
  const framework = validation.framework;
  return db.transaction().execute(async (trx) => {
    const row = await getFramework(trx, null, id);
    if (row.status !== 'draft') throw new AppError('conflict', `Bộ chỉ số ${row.code} đã ban hành, không sửa được. Hãy nhân bản thành bản nháp mới.`);
    await checkNew(trx, framework, id);
    await repo.updateFramework(trx, id, framework);
    await recordAudit(trx, actor, { action: 'frameworks.update', entity: 'framework', entityId: id, before: row.tree, after: framework });
  });
}

export async function setStatus(db: Db, actor: Actor, id: number, status: 'draft' | 'published') {
  requireAccess(actor, Permission.FrameworksManage);
  return db.transaction().execute(async (trx) => {
    const row = await getFramework(trx, null, id);
    if (status === 'draft' && Number(row.used_by) > 0) {
      throw new AppError('conflict', `Bộ chỉ số ${row.code} đang được dùng trong kỳ đánh giá, không thể chuyển về bản nháp`);
    }
    if (row.status === status) return;
    await repo.setFrameworkStatus(trx, id, status);
    await recordAudit(trx, actor, { action: status === 'published' ? 'frameworks.publish' : 'frameworks.unpublish', entity: 'framework', entityId: id, before: { status: row.status }, after: { status } });
  });
}

export async function exportFramework(db: Db, actor: Actor, id: number, format: 'json' | 'xlsx') {
  const row = await getFramework(db, actor, id);
  const tree = row.tree as Framework;
  return { code: row.code, body: format === 'json' ? Buffer.from(frameworkToJson(tree)) : await frameworkToXlsx(tree) };
}
