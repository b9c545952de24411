// Upload, download and removal of evidence: who may do it depends on the stage the file belongs to.
import type { AppContext } from '../../app-context';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/audit.repository';
import type { Actor } from '../identity/access';
import { type Permission, Permission as P } from '../identity/permissions';
import { type UnitContext, canSeeAppraisal, canSeeSelf, isOwnUnit, loadUnitContext, requireLeaf } from './assessment-access';
import * as repo from './assessments.repository';
import { nowOf } from './clock';
import { requirePhase } from './cycle-windows';
import { checkContent, checkFileName, discard, readStored, storeBytes } from './evidence-files';
import { presentFile } from './self-assessment.service';

export type FileStage = 'self' | 'appraised' | 'explained';

const PERMISSION: Record<FileStage, Permission> = { self: P.AssessmentEdit, appraised: P.AssessmentAppraise, explained: P.AssessmentExplain };

/** Checks that the actor may add or remove a file of this stage now; the rules mirror those of the scores. */
function requireFileWrite(ctx: AppContext, actor: Actor, c: UnitContext, stage: FileStage) {
  const now = nowOf(ctx);
  if (stage === 'appraised') {
    if (c.unit.status !== 'submitted') throw new AppError('conflict', 'Đơn vị chưa nộp hồ sơ');
    requirePhase(c.cycle, c.cycle.state === 'second_review' ? 'second_review' : 'appraisal', now);
    return;
  }
  if (!isOwnUnit(actor, c.unit.unit_id)) throw new AppError('forbidden', 'Chỉ cán bộ của chính đơn vị được thêm tài liệu kiểm chứng');
  if (stage === 'self') {
    requirePhase(c.cycle, 'self', now);
    if (c.unit.status === 'submitted') throw new AppError('conflict', 'Hồ sơ đã nộp; hãy rút lại hồ sơ trước khi sửa');
    return;
  }
  requirePhase(c.cycle, 'explanation', now);
  if (!c.cycle.allow_new_evidence) throw new AppError('conflict', 'Kỳ đánh giá này không cho phép bổ sung tài liệu mới khi giải trình');
}

export async function uploadEvidence(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; unitId: number; itemCode: string; stage: FileStage; fileName: string; bytes: Buffer },
) {
  const c = await loadUnitContext(ctx.db, actor, input.cycleId, input.unitId, PERMISSION[input.stage]);
  const leaf = requireLeaf(c, input.itemCode);
  // The file is judged first: a hostile name or content is refused the same way whatever the phase.
  const name = checkFileName(input.fileName, leaf.code);
  const kind = await checkContent(input.bytes, name, leaf.code, ctx.config.uploadMaxBytes);
  requireFileWrite(ctx, actor, c, input.stage);
  // Disk first under a random name; if the row cannot be written the bytes are removed again.
  const stored = await storeBytes(ctx.filesDir, input.cycleId, input.bytes, kind.ext, name);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const row = await repo.insertFile(trx, {
        cycleId: input.cycleId,
        unitId: input.unitId,
        itemCode: leaf.code,
        stage: input.stage,
        originalName: name,
        storedName: stored.storedName,
        mime: kind.mime,
        size: input.bytes.length,
        sha256: stored.sha256,
        by: actor.userId,
      });
      await recordAudit(trx, actor, {
        action: 'assessment.file.upload',
        entity: 'evidence_file',
        entityId: row.id,
        unitId: input.unitId,
        after: { itemCode: leaf.code, stage: input.stage, name, size: input.bytes.length, sha256: stored.sha256 },
      });
      return presentFile({ id: row.id, item_code: leaf.code, stage: input.stage, original_name: name, mime: kind.mime, size_bytes: input.bytes.length, uploaded_at: row.uploaded_at });
    });
  } catch (err) {
    await discard(ctx.filesDir, stored.storedName);
    throw err;
  }
}

async function loadFile(ctx: AppContext, actor: Actor, fileId: number, permission: Permission) {
  const file = await repo.findFile(ctx.db, fileId);
  if (!file) throw new AppError('not_found', 'Không tìm thấy tệp');
  let c: UnitContext;
  try {
    c = await loadUnitContext(ctx.db, actor, file.cycle_id, file.unit_id, permission);
  } catch (err) {
    // another unit's file is "not found", not "forbidden": its existence is not revealed
    if (err instanceof AppError && err.code === 'forbidden') throw new AppError('not_found', 'Không tìm thấy tệp');
    throw err;
  }
  return { file, c };
}

export async function downloadEvidence(ctx: AppContext, actor: Actor, fileId: number) {
  const { file, c } = await loadFile(ctx, actor, fileId, P.AssessmentRead);
  const visible = file.stage === 'appraised' ? canSeeAppraisal(actor, c) : canSeeSelf(actor, c) || (file.stage === 'explained' && canSeeAppraisal(actor, c));
  if (!visible) throw new AppError('not_found', 'Không tìm thấy tệp');
  return { name: file.original_name, mime: file.mime, bytes: await readStored(ctx.filesDir, file.stored_name) };
}

export async function deleteEvidence(ctx: AppContext, actor: Actor, fileId: number) {
  const row = await repo.findFile(ctx.db, fileId);
  if (!row) throw new AppError('not_found', 'Không tìm thấy tệp');
  const { file, c } = await loadFile(ctx, actor, fileId, PERMISSION[row.stage]);
  requireFileWrite(ctx, actor, c, file.stage);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteFile(trx, fileId);
    await recordAudit(trx, actor, {
      action: 'assessment.file.delete',
      entity: 'evidence_file',
      entityId: fileId,
      unitId: file.unit_id,
      before: { itemCode: file.item_code, stage: file.stage, name: file.original_name, sha256: file.sha256 },
    });
  });
  // After the commit: a file left behind by a failed unlink is harmless, a row pointing at nothing is not.
  await discard(ctx.filesDir, file.stored_name);
}
