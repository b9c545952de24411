// /assessment/cycles/:id/appraisal/:unitId — side-by-side review of one unit: the unit's value, points,
// explanation and evidence on the left; the appraiser's confirm / adjust (points + comment) on the right.
// In the second review the right side takes the unit's explanation: accept it, keep the appraisal, or set a score.
import { ArrowLeftOutlined, CheckOutlined, EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Collapse, Input, InputNumber, Row, Segmented, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, errorText } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtNumber } from '../../lib/format';
import { DeclarationText } from './DeclaredInput';
import { EvidenceUpload, FileLinks } from './Evidence';
import { stateColor, useAssessment } from './hooks';
import { LeafHistoryDrawer } from './LeafHistory';
import { LeafHead } from './LeafRow';
import './assessment.css';
import './i18n';
import type { LeafDto } from './types';

function ReviewLeaf({ leaf, cycleId, unitId, phase, onHistory }: { leaf: LeafDto; cycleId: number; unitId: number; phase: 'appraisal' | 'second_review' | null; onHistory: () => void }) {
  const { t } = useTranslation('assessment');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [points, setPoints] = useState<number | null>(leaf.appraised?.computedPoints ?? leaf.self?.computedPoints ?? null);
  const [comment, setComment] = useState(phase === 'appraisal' ? (leaf.appraised?.note ?? '') : (leaf.final?.note ?? ''));
  const [busy, setBusy] = useState<string | null>(null);
  const base = `/api/cycles/${cycleId}/units/${unitId}/leaves/${encodeURIComponent(leaf.code)}`;

  async function send(kind: string, path: string, body: Record<string, unknown>, ok: string) {
    setBusy(kind);
    try {
      await api(`${base}/${path}`, { method: 'PUT', body });
      message.success(ok);
      await qc.invalidateQueries({ queryKey: ['assessment', 'unit', String(cycleId), String(unitId)] });
      // the cycle's totals and ranking move with an appraised or final score: the results page (cached for
      // 30 s) must not show the ones from before
      await qc.invalidateQueries({ queryKey: ['assessment', 'results'] });
    } catch (e) {
      message.error({ content: errorText(e), duration: 8 });
    } finally {
      setBusy(null);
    }
  }

  const selfPts = leaf.self?.computedPoints ?? null;
  const apprPts = leaf.appraised?.computedPoints ?? null;
  const confirmed = leaf.appraised && !leaf.adjusted;
  return (
    <div className={`leaf-row${leaf.adjusted ? ' leaf-adjusted' : ''}`} data-leaf={leaf.code}>
      <LeafHead leaf={leaf} onHistory={onHistory} />
      <Row gutter={[16, 8]}>
        <Col xs={24} lg={12}>
          <div className="review-self">
            <Typography.Text type="secondary">{t('selfSide')}</Typography.Text>
            <div>
              <DeclarationText leaf={leaf} stage={leaf.self} /> → <b>{fmtNumber(selfPts)}</b> / {fmtNumber(leaf.maxPoints)}
            </div>
            {leaf.self?.note && <div className="stage-note">{leaf.self.note}</div>}
            <FileLinks files={leaf.files.filter((f) => f.stage === 'self')} />
            {leaf.explained && (
              <div style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">{t('stages.explained')}: </Typography.Text>
                {leaf.explained.value !== null || leaf.explained.points !== null || leaf.explained.na ? (
                  <>
                    <DeclarationText leaf={leaf} stage={leaf.explained} /> → <b>{fmtNumber(leaf.explained.computedPoints)}</b>
                  </>
                ) : null}
                <div className="stage-note">{leaf.explained.note}</div>
                <FileLinks files={leaf.files.filter((f) => f.stage === 'explained')} />
              </div>
            )}
          </div>
        </Col>
        <Col xs={24} lg={12}>
          <div className="review-appraiser">
            <Space wrap style={{ marginBottom: 6 }}>
              <Typography.Text type="secondary">{t('appraiserSide')}</Typography.Text>
              {confirmed && <Tag color="green">{t('confirm')}</Tag>}
              {leaf.adjusted && <Tag color="orange">{`${t('adjust')}: ${fmtNumber(apprPts)}`}</Tag>}
              {leaf.final && <Tag color="purple">{`${t('final')}: ${fmtNumber(leaf.final.computedPoints)}`}</Tag>}
            </Space>
            {leaf.appraised?.note && phase !== 'appraisal' && <div className="stage-note">{leaf.appraised.note}</div>}
            <div className="appraiser-files">
              <FileLinks files={leaf.files.filter((f) => f.stage === 'appraised')} />
              {phase && (
                <Space size={6} wrap>
                  <Typography.Text type="secondary">{t('appraiserFile')}</Typography.Text>
                  <EvidenceUpload cycleId={cycleId} unitId={unitId} itemCode={leaf.code} stage="appraised" />
                </Space>
              )}
            </div>
            {phase && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <InputNumber
                    aria-label={`${t('adjustedPoints')} ${leaf.code}`}
                    value={points}
                    min={leaf.rule.type === 'deduction' ? -leaf.maxPoints : 0}
                    max={leaf.maxPoints}
                    step={0.25}
                    decimalSeparator=","
                    onChange={(v) => setPoints(v === null ? null : Number(v))}
                    suffix="điểm"
                    style={{ width: 130 }}
                  />
                  <Input.TextArea
                    aria-label={`${t('comment')} ${leaf.code}`}
                    placeholder={t('comment')}
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    value={comment}
                    onChange={(e) => setComment(e.target.value)}
                    style={{ minWidth: 240, flex: 1 }}
                  />
                </Space>
                {phase === 'appraisal' ? (
                  <Space wrap>
                    <Button size="small" icon={<CheckOutlined />} loading={busy === 'confirm'} disabled={!leaf.self} onClick={() => void send('confirm', 'appraisal', { action: 'confirm', comment: comment || null }, t('confirmed', { code: leaf.code }))}>
                      {t('confirm')}
                    </Button>
                    <Button
                      size="small"
                      type="primary"
                      icon={<EditOutlined />}
                      loading={busy === 'adjust'}
                      disabled={points === null || !comment.trim()}
                      onClick={() => void send('adjust', 'appraisal', { action: 'adjust', points, comment }, t('adjustedOk', { code: leaf.code }))}
                    >
                      {t('adjust')}
                    </Button>
                  </Space>
                ) : (
                  <Space wrap>
                    {leaf.explained && (
                      <Button size="small" type="primary" loading={busy === 'accept'} onClick={() => void send('accept', 'review', { action: 'accept', comment: comment || null }, t('reviewedOk', { code: leaf.code }))}>
                        {t('accept')}
                      </Button>
                    )}
                    {leaf.appraised && (
                      <Button size="small" loading={busy === 'keep'} onClick={() => void send('keep', 'review', { action: 'keep', comment: comment || null }, t('reviewedOk', { code: leaf.code }))}>
                        {t('keep')}
                      </Button>
                    )}
                    <Button size="small" loading={busy === 'set'} disabled={points === null || !comment.trim()} onClick={() => void send('set', 'review', { action: 'set', points, comment }, t('reviewedOk', { code: leaf.code }))}>
                      {t('setFinal')}
                    </Button>
                  </Space>
                )}
              </Space>
            )}
          </div>
        </Col>
      </Row>
    </div>
  );
}

export default function AppraisalReviewPage() {
  const { t } = useTranslation('assessment');
  const { id, unitId } = useParams();
  const { data: me } = useMe();
  const a = useAssessment(id, unitId);
  const [history, setHistory] = useState<LeafDto | null>(null);
  const [filter, setFilter] = useState<'all' | 'open' | 'adjusted'>('all');
  if (a.error) return <Alert type="error" showIcon title={(a.error as Error).message} />;
  if (!a.data) return <Spin />;
  const d = a.data;
  const canAppraise = hasPermission(me, 'assessment.appraise') && !d.cycle.locked && d.status === 'submitted';
  const phase = canAppraise && (d.cycle.state === 'appraisal' || d.cycle.state === 'second_review') ? d.cycle.state : null;
  const own = d.leaves.filter((l) => !l.fed);
  const reviewed = own.filter((l) => l.appraised).length;
  const adjusted = own.filter((l) => l.adjusted).length;
  const shown = own.filter((l) => filter === 'all' || (filter === 'adjusted' ? l.adjusted : phase === 'second_review' ? !l.final : !l.appraised));
  const selfTotal = d.leaves.reduce((s, l) => s + (l.self?.computedPoints ?? 0), 0);
  const apprTotal = d.leaves.reduce((s, l) => s + ((l.appraised ?? l.self)?.computedPoints ?? 0), 0);
  const items = d.framework.areas
    .map((area) => {
      const leaves = shown.filter((l) => l.areaCode === area.code);
      if (leaves.length === 0) return null;
      const inArea = own.filter((l) => l.areaCode === area.code);
      const done = inArea.filter((l) => (phase === 'second_review' ? l.final : l.appraised)).length;
      const adj = inArea.filter((l) => l.adjusted).length;
      return {
        key: area.code,
        label: (
          <Space wrap>
            <Typography.Text strong>{`${area.code}. ${area.title}`}</Typography.Text>
            <Tag color={done === inArea.length ? 'green' : 'default'}>{`${done}/${inArea.length}`}</Tag>
            {adj > 0 && <Tag color="orange">{`${t('adjusted')}: ${adj}`}</Tag>}
          </Space>
        ),
        children: leaves.map((l) => <ReviewLeaf key={l.code} leaf={l} cycleId={d.cycle.id} unitId={d.unit.id} phase={phase} onHistory={() => setHistory(l)} />),
      };
    })
    .filter((x) => x !== null);

  return (
    <div className="page assessment-page">
      <Link to={`/assessment/cycles/${id}/appraisal`}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('queueTitle')}
        </Button>
      </Link>
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {`${t(phase === 'second_review' ? 'secondReview' : 'reviewTitle')}: ${d.unit.name}`}
        </Typography.Title>
        <Tag color={stateColor[d.cycle.state]}>{String(t(`states.${d.cycle.state}`))}</Tag>
      </Space>
      {!d.contentVisible && <Alert type="info" showIcon title={t('contentHidden')} style={{ marginBottom: 16 }} />}
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={24}>
          <Col xs={12} md={6}>
            <Statistic title={t('reviewed')} value={`${reviewed}/${own.length}`} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('adjusted')} value={adjusted} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('selfPoints')} value={fmtNumber(selfTotal)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('appraised')} value={fmtNumber(apprTotal)} />
          </Col>
        </Row>
      </Card>
      <Segmented
        style={{ marginBottom: 12 }}
        value={filter}
        onChange={(v) => setFilter(v as typeof filter)}
        options={[
          { value: 'all', label: `${t('all')} (${own.length})` },
          { value: 'open', label: `${t('todo')} (${own.length - (phase === 'second_review' ? own.filter((l) => l.final).length : reviewed)})` },
          { value: 'adjusted', label: `${t('adjusted')} (${adjusted})` },
        ]}
      />
      {d.contentVisible && <Collapse defaultActiveKey={items.slice(0, 1).map((i) => i.key)} items={items} />}
      <LeafHistoryDrawer cycleId={d.cycle.id} unitId={d.unit.id} leaf={history} onClose={() => setHistory(null)} />
    </div>
  );
}
