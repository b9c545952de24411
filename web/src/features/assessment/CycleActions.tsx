// The office's buttons on a cycle: move to the next stage (reform office), finalise and lock (council).
import { ForwardOutlined, LockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { NEXT_STATE } from './hooks';
import type { Cycle, CycleDetail } from './types';

export function CycleActions({ cycle, size }: { cycle: Cycle; size?: 'small' | 'middle' }) {
  const { t } = useTranslation('assessment');
  const { data: me } = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const next = NEXT_STATE[cycle.state];
  const canAdvance = hasPermission(me, 'cycles.manage') && next !== undefined;
  const canFinalize = hasPermission(me, 'assessment.finalize') && cycle.state === 'second_review' && !cycle.locked;

  async function run(path: string, body?: unknown, ok?: (c: CycleDetail) => string) {
    setBusy(true);
    try {
      const c = await api<CycleDetail>(`/api/cycles/${cycle.id}/${path}`, { method: 'POST', body });
      message.success(ok ? ok(c) : t('saved'));
      await qc.invalidateQueries({ queryKey: ['assessment'] });
    } catch (e) {
      message.error({ content: errorText(e), duration: 8 });
    } finally {
      setBusy(false);
    }
  }

  if (!canAdvance && !canFinalize) return null;
  return (
    <Space wrap>
      {canAdvance && next && (
        <Popconfirm title={t('advanceConfirm')} okText={t(`advanceTo.${next}`)} cancelText={t('cancel')} onConfirm={() => void run('advance', { to: next }, (c) => t('advanced', { state: t(`states.${c.state}`) }))}>
          <Button size={size} icon={<ForwardOutlined />} loading={busy}>
            {String(t(`advanceTo.${next}`))}
          </Button>
        </Popconfirm>
      )}
      {canFinalize && (
        <Popconfirm title={t('finalizeConfirm')} okText={t('finalize')} cancelText={t('cancel')} onConfirm={() => void run('finalize', undefined, () => t('finalized'))}>
          <Button size={size} type="primary" danger icon={<LockOutlined />} loading={busy}>
            {t('finalize')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
