// One leaf of a unit's assessment: the declared value with autosave (self-assessment), the answer to an
// adjustment (explanation round), or the read-only record of every stage.
import { CheckCircleTwoTone, ClockCircleOutlined, ExclamationCircleTwoTone, HistoryOutlined, LoadingOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Input, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../../api/client';
import { fmtNumber } from '../../lib/format';
import { type Declaration, DeclarationText, DeclaredInput, RuleTag, declarationOf, isDeclared, previewPoints } from './DeclaredInput';
import { EvidenceUpload, FileLinks } from './Evidence';
import type { Assessment, LeafDto, StageDto } from './types';

export type LeafMode = 'edit' | 'explain' | 'view';

const AUTOSAVE_MS = 700;

function sourceOf(leaf: LeafDto): string {
  const r = leaf.rule;
  if (r.type === 'survey') return r.source ?? 'khảo sát';
  if (r.type === 'data') return r.indicator;
  return '';
}

export function LeafHead({ leaf, onHistory }: { leaf: LeafDto; onHistory?: () => void }) {
  const { t } = useTranslation('assessment');
  return (
    <Space wrap size={6} style={{ marginBottom: 6 }}>
      <Typography.Text strong>{leaf.code}</Typography.Text>
      <Typography.Text>{leaf.title}</Typography.Text>
      <Tag color="blue">{`${t('maxPoints')}: ${fmtNumber(leaf.maxPoints)}`}</Tag>
      <RuleTag leaf={leaf} />
      {leaf.evidenceRequired && <Tag color="volcano">{t('evidenceRequired')}</Tag>}
      {leaf.adjusted && <Tag color="orange">{t('adjusted')}</Tag>}
      {onHistory && (
        <Tooltip title={t('history')}>
          <Button size="small" type="text" icon={<HistoryOutlined />} onClick={onHistory} aria-label={t('history')} />
        </Tooltip>
      )}
    </Space>
  );
}

function StageLine({ label, leaf, stage }: { label: string; leaf: LeafDto; stage: StageDto | null }) {
  const { t } = useTranslation('assessment');
  if (!stage) return null;
  return (
    <div className="stage-line">
      <Typography.Text type="secondary">{label}: </Typography.Text>
      {isDeclared(declarationOf(stage)) && (
        <>
          <DeclarationText leaf={leaf} stage={stage} />
          <Typography.Text strong>{` → ${fmtNumber(stage.computedPoints)} ${t('points').toLowerCase()}`}</Typography.Text>
        </>
      )}
      {stage.note && <div className="stage-note">{stage.note}</div>}
    </div>
  );
}

export function LeafRow({
  leaf,
  cycleId,
  unitId,
  mode,
  allowNewEvidence,
  onHistory,
}: {
  leaf: LeafDto;
  cycleId: number;
  unitId: number;
  mode: LeafMode;
  allowNewEvidence?: boolean;
  onHistory: () => void;
}) {
  const { t } = useTranslation('assessment');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [decl, setDecl] = useState<Declaration>(declarationOf(leaf.self));
  const [note, setNote] = useState(leaf.self?.note ?? '');
  const [computed, setComputed] = useState<number | null>(leaf.self?.computedPoints ?? null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<{ d: Declaration; n: string } | null>(null);
  const base = `/api/cycles/${cycleId}/units/${unitId}/leaves/${encodeURIComponent(leaf.code)}`;

  async function save(d: Declaration, n: string) {
    pending.current = null;
    setStatus('saving');
    try {
      const out = await api<{ computedPoints: number | null }>(`${base}/self`, { method: 'PUT', body: { value: d.value, points: d.points, na: d.na, explanation: n.trim() || null } });
      setComputed(out.computedPoints);
      setStatus('saved');
      setError(null);
      // The saved score goes into the cached assessment at once: a save flushed as the user leaves the page
      // lands after it is gone, and coming back rendered the cache from before it (each row takes its
      // starting values from the data it first sees), so a later edit sent the older note back.
      const key = ['assessment', 'unit', String(cycleId), String(unitId)];
      const saved: StageDto = { value: d.value, points: d.points, na: d.na, note: n.trim() || null, computedPoints: out.computedPoints };
      qc.setQueryData<Assessment>(key, (old) => (old ? { ...old, leaves: old.leaves.map((l) => (l.code === leaf.code ? { ...l, self: saved } : l)) } : old));
      await qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      setStatus('error');
      setError(errorText(e));
    }
  }
  function schedule(d: Declaration, n: string) {
    pending.current = { d, n };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(d, n), AUTOSAVE_MS);
  }
  // leaving the page never loses the last keystrokes
  // biome-ignore lint/correctness/useExhaustiveDependencies: flush once on unmount
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      if (pending.current) void save(pending.current.d, pending.current.n);
    },
    [],
  );

  // explanation round
  const [text, setText] = useState(leaf.explained?.note ?? '');
  const [proposal, setProposal] = useState<Declaration>(declarationOf(leaf.explained));
  const [sending, setSending] = useState(false);
  async function sendExplanation() {
    setSending(true);
    try {
      const body: Record<string, unknown> = { text };
      if (isDeclared(proposal)) Object.assign(body, { value: proposal.value, points: proposal.points, na: proposal.na });
      await api(`${base}/explanation`, { method: 'PUT', body });
      message.success(t('explainedOk', { code: leaf.code }));
      await qc.invalidateQueries({ queryKey: ['assessment', 'unit'] });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSending(false);
    }
  }

  const selfFiles = leaf.files.filter((f) => f.stage === 'self');
  const otherFiles = leaf.files.filter((f) => f.stage !== 'self');

  if (leaf.fed) {
    const fin = leaf.final;
    return (
      <div className="leaf-row leaf-fed" data-leaf={leaf.code}>
        <LeafHead leaf={leaf} onHistory={onHistory} />
        <Space wrap>
          {fin ? (
            <Typography.Text strong>{`${fmtNumber(fin.computedPoints)} ${t('points').toLowerCase()}`}</Typography.Text>
          ) : (
            <Tag icon={<ClockCircleOutlined />} color="default">
              {t('awaitingData')}
            </Tag>
          )}
          <Typography.Text type="secondary">{t('fedFrom', { source: `${String(t(`feeds.${leaf.rule.type}`))} (${sourceOf(leaf)})` })}</Typography.Text>
          {fin?.note && <Typography.Text type="secondary">— {fin.note}</Typography.Text>}
        </Space>
      </div>
    );
  }

  const shownPoints = status === 'idle' || status === 'saved' ? computed : previewPoints(leaf, decl);
  return (
    <div className={`leaf-row${leaf.adjusted ? ' leaf-adjusted' : ''}`} data-leaf={leaf.code}>
      <LeafHead leaf={leaf} onHistory={onHistory} />
      {mode === 'edit' ? (
        <Row gutter={[16, 8]} align="top">
          <Col xs={24} lg={9}>
            <DeclaredInput
              leaf={leaf}
              value={decl}
              onChange={(d) => {
                setDecl(d);
                schedule(d, note);
              }}
            />
            <div className="leaf-points">
              {t('computed')}: <b>{fmtNumber(shownPoints)}</b> / {fmtNumber(leaf.maxPoints)}
              <span className="save-state">
                {status === 'saving' && (
                  <>
                    <LoadingOutlined /> {t('saving')}
                  </>
                )}
                {status === 'saved' && (
                  <>
                    <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('saved')}
                  </>
                )}
                {status === 'error' && (
                  <>
                    <ExclamationCircleTwoTone twoToneColor="#ff4d4f" /> {t('saveError')}
                  </>
                )}
              </span>
            </div>
            {error && <Typography.Text type="danger">{error}</Typography.Text>}
          </Col>
          <Col xs={24} lg={9}>
            <Input.TextArea
              aria-label={`${t('explanation')} ${leaf.code}`}
              placeholder={t('explanation')}
              autoSize={{ minRows: 1, maxRows: 5 }}
              value={note}
              maxLength={10_000}
              onChange={(e) => {
                setNote(e.target.value);
                schedule(decl, e.target.value);
              }}
            />
          </Col>
          <Col xs={24} lg={6}>
            <Space orientation="vertical" size={4}>
              <EvidenceUpload cycleId={cycleId} unitId={unitId} itemCode={leaf.code} />
              <FileLinks files={selfFiles} canDelete />
            </Space>
          </Col>
        </Row>
      ) : (
        <Row gutter={[16, 8]}>
          <Col xs={24} lg={mode === 'explain' ? 10 : 14}>
            <StageLine label={t('stages.self')} leaf={leaf} stage={leaf.self} />
            <StageLine label={t('stages.appraised')} leaf={leaf} stage={leaf.appraised} />
            {mode !== 'explain' && <StageLine label={t('stages.explained')} leaf={leaf} stage={leaf.explained} />}
            <StageLine label={t('stages.final')} leaf={leaf} stage={leaf.final} />
            {!leaf.self && !leaf.appraised && <Typography.Text type="secondary">—</Typography.Text>}
          </Col>
          {mode === 'explain' && (
            <Col xs={24} lg={14}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Input.TextArea
                  aria-label={`${t('explainText')} ${leaf.code}`}
                  placeholder={t('explainText')}
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
                <Space wrap>
                  <Typography.Text type="secondary">{t('proposedValue')}:</Typography.Text>
                  <DeclaredInput leaf={leaf} value={proposal} onChange={setProposal} />
                </Space>
                <Space wrap>
                  <Button type="primary" loading={sending} disabled={!text.trim()} onClick={() => void sendExplanation()}>
                    {t('explain')}
                  </Button>
                  {allowNewEvidence && <EvidenceUpload cycleId={cycleId} unitId={unitId} itemCode={leaf.code} stage="explained" />}
                  {leaf.explained && <Tag color="green">{t('explained')}</Tag>}
                </Space>
              </Space>
            </Col>
          )}
          <Col xs={24} lg={mode === 'explain' ? 24 : 10}>
            <FileLinks files={selfFiles} />
            <FileLinks files={otherFiles} />
          </Col>
        </Row>
      )}
    </div>
  );
}
