// Evidence files of one leaf: download links, delete while editable, upload (type checked by the server).
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api, errorText, upload } from '../../api/client';
import { fmtNumber } from '../../lib/format';
import type { FileDto } from './types';

const kb = (n: number) => `${fmtNumber(Math.max(1, Math.round(n / 1024)))} KB`;

export function FileLinks({ files, canDelete }: { files: FileDto[]; canDelete?: boolean }) {
  const { t } = useTranslation('assessment');
  const qc = useQueryClient();
  const { message } = App.useApp();
  if (files.length === 0) return null;
  return (
    <Space orientation="vertical" size={2}>
      {files.map((f) => (
        <Space key={f.id} size={4}>
          <PaperClipOutlined />
          <Typography.Link href={`/api/evidence/${f.id}`} className="evidence-link">
            {f.name}
          </Typography.Link>
          <Typography.Text type="secondary">({kb(f.size)})</Typography.Text>
          {canDelete && (
            <Popconfirm
              title={t('deleteFile')}
              onConfirm={async () => {
                try {
                  await api(`/api/evidence/${f.id}`, { method: 'DELETE' });
                  await qc.invalidateQueries({ queryKey: ['assessment', 'unit'] });
                } catch (e) {
                  message.error((e as ApiError).message);
                }
              }}
            >
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('deleteFile')} />
            </Popconfirm>
          )}
        </Space>
      ))}
    </Space>
  );
}

// One upload route per stage (each with its own permission): self, appraisal, explanation.
const STAGE_PATH = { self: '', appraised: '/appraisal', explained: '/explanation' } as const;

export function EvidenceUpload({ cycleId, unitId, itemCode, stage = 'self' }: { cycleId: number; unitId: number; itemCode: string; stage?: 'self' | 'appraised' | 'explained' }) {
  const { t } = useTranslation('assessment');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Upload
      accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
      showUploadList={false}
      customRequest={async ({ file, onSuccess, onError }) => {
        setBusy(true);
        try {
          const out = await upload<FileDto>(`/api/cycles/${cycleId}/units/${unitId}/leaves/${encodeURIComponent(itemCode)}${STAGE_PATH[stage]}/files`, file as File);
          message.success(t('uploaded', { name: out.name }));
          await qc.invalidateQueries({ queryKey: ['assessment', 'unit'] });
          onSuccess?.(out);
        } catch (e) {
          message.error(errorText(e));
          onError?.(e as Error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={busy} data-leaf={itemCode}>
        {t('upload')}
      </Button>
    </Upload>
  );
}
