// /assessment/cycles/:id/units/:unitId — a unit's self-assessment: the criteria tree with progress, the
// declared values with autosave and evidence, the head's submit/withdraw; in the explanation round the
// answers to each adjusted leaf; afterwards the read-only record of every stage.
import { ArrowLeftOutlined, FileExcelOutlined, SendOutlined, UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Collapse, Empty, Popconfirm, Progress, Row, Segmented, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, errorText } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtDateTime, fmtNumber } from '../../lib/format';
import { ownUnitIds, stateColor, titlesOf, useAssessment, useCycle, useFramework } from './hooks';
import { LeafHistoryDrawer } from './LeafHistory';
import { type LeafMode, LeafRow } from './LeafRow';
import './assessment.css';
import './i18n';
import type { LeafDto } from './types';

type Filter = 'all' | 'todo' | 'adjusted';

export default function UnitAssessmentPage() {
  const { t } = useTranslation('assessment');
  const { id, unitId } = useParams();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const a = useAssessment(id, unitId);
  const cycle = useCycle(id);
  const fwId = cycle.data?.frameworks.find((f) => f.unitGroup === a.data?.unit.group)?.frameworkId;
  const fw = useFramework(fwId);
  const titles = useMemo(() => titlesOf(fw.data?.framework.items), [fw.data]);
  const [history, setHistory] = useState<LeafDto | null>(null);
  const [filter, setFilter] = useState<Filter | null>(null);
  // "To do" lists the leaves undeclared when it was chosen, not those undeclared now: a leaf stays on screen
  // while it is being filled in (autosave refetches; a live filter dropped the row mid-number, before its
  // explanation or evidence).
  const [todo, setTodo] = useState<ReadonlySet<string> | null>(null);
  const [busy, setBusy] = useState(false);

  if (a.error) return <Alert type="error" showIcon title={(a.error as Error).message} />;
  if (!a.data) return <Spin />;
  const d = a.data;
  const own = ownUnitIds(me).includes(d.unit.id);
  const editing = own && hasPermission(me, 'assessment.edit') && d.cycle.state === 'self_assessment' && d.status === 'draft' && !d.cycle.locked;
  const explaining = own && hasPermission(me, 'assessment.explain') && d.cycle.state === 'explanation' && !d.cycle.locked;
  const canSubmit = own && hasPermission(me, 'assessment.submit') && d.cycle.state === 'self_assessment' && !d.cycle.locked;
  const adjustedCount = d.leaves.filter((l) => l.adjusted).length;
  const activeFilter: Filter = filter ?? (explaining && adjustedCount > 0 ? 'adjusted' : 'all');
  const modeOf = (l: LeafDto): LeafMode => (editing ? 'edit' : explaining && l.adjusted ? 'explain' : 'view');
  const declared = (l: LeafDto) => !!l.self && (l.self.na || l.self.points !== null || (l.self.value ?? '') !== '');
  const undeclared = (l: LeafDto) => !l.fed && !declared(l);
  const visible = d.leaves.filter((l) => activeFilter === 'all' || (activeFilter === 'adjusted' ? l.adjusted : todo ? todo.has(l.code) : undeclared(l)));
  const chooseFilter = (f: Filter) => {
    setTodo(f === 'todo' ? new Set(d.leaves.filter(undeclared).map((l) => l.code)) : null);
    setFilter(f);
  };
  const selfTotal = d.leaves.reduce((s, l) => s + (l.self?.computedPoints ?? 0), 0);
  const counted = (l: LeafDto) => l.rule.type !== 'bonus' && l.rule.type !== 'deduction' && !(l.self?.na ?? false);
  const maxTotal = d.leaves.filter(counted).reduce((s, l) => s + l.maxPoints, 0);
  const pct = d.progress.total ? Math.round((100 * d.progress.done) / d.progress.total) : 0;

  async function act(kind: 'submit' | 'withdraw') {
    setBusy(true);
    try {
      await api(`/api/cycles/${id}/units/${unitId}/${kind}`, { method: 'POST' });
      message.success(t(kind === 'submit' ? 'submittedOk' : 'withdrawn'));
      await qc.invalidateQueries({ queryKey: ['assessment'] });
    } catch (e) {
      message.error({ content: errorText(e), duration: 8 });
    } finally {
      setBusy(false);
    }
  }

  const areaItems = d.framework.areas
    .map((area) => {
      const all = d.leaves.filter((l) => l.areaCode === area.code);
      const leaves = visible.filter((l) => l.areaCode === area.code);
      if (leaves.length === 0) return null;
      const own = all.filter((l) => !l.fed);
      const done = own.filter(declared).length;
      const pts = all.reduce((s, l) => s + (l.self?.computedPoints ?? 0), 0);
      const max = all.filter(counted).reduce((s, l) => s + l.maxPoints, 0);
      let lastGroup = '';
      return {
        key: area.code,
        label: (
          <Space wrap>
            <Typography.Text strong>{`${area.code}. ${area.title}`}</Typography.Text>
            <Tag color={done === own.length ? 'green' : 'default'}>{`${done}/${own.length}`}</Tag>
            {d.contentVisible && <Typography.Text type="secondary">{`${fmtNumber(pts)} / ${fmtNumber(max)} ${t('points').toLowerCase()}`}</Typography.Text>}
          </Space>
        ),
        children: leaves.map((l) => {
          const group = l.ancestors[1] ?? '';
          const header = group && group !== lastGroup ? <div className="leaf-group">{`${group}. ${titles.get(group) ?? ''}`}</div> : null;
          lastGroup = group;
          return (
            <div key={l.code}>
              {header}
              <LeafRow leaf={l} cycleId={d.cycle.id} unitId={d.unit.id} mode={modeOf(l)} allowNewEvidence={cycle.data?.allowNewEvidenceInExplanation} onHistory={() => setHistory(l)} />
            </div>
          );
        }),
      };
    })
    .filter((x) => x !== null);

  return (
    <div className="page assessment-page">
      <Link to={`/assessment/cycles/${id}`}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {d.cycle.name}
        </Button>
      </Link>
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {`${t('selfTitle')}: ${d.unit.name}`}
        </Typography.Title>
        <Space wrap>
          {canSubmit && d.status === 'draft' && (
            <Popconfirm title={t('submitConfirm')} onConfirm={() => void act('submit')} okText={t('submit')} cancelText={t('cancel')}>
              <Button type="primary" icon={<SendOutlined />} loading={busy}>
                {t('submit')}
              </Button>
            </Popconfirm>
          )}
          {canSubmit && d.status === 'submitted' && (
            <Button icon={<UndoOutlined />} loading={busy} onClick={() => void act('withdraw')}>
              {t('withdraw')}
            </Button>
          )}
          <Button icon={<FileExcelOutlined />} href={`/api/cycles/${id}/units/${unitId}/sheet.xlsx`}>
            {t('sheet')}
          </Button>
        </Space>
      </Space>
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} md={8}>
            <Space orientation="vertical" size={4}>
              <Space wrap>
                <Tag color={stateColor[d.cycle.state]}>{String(t(`states.${d.cycle.state}`))}</Tag>
                <Tag color={d.status === 'submitted' ? 'green' : 'default'}>{String(t(`unitStatus.${d.status}`))}</Tag>
                {d.cycle.locked && d.cycle.state === 'published' && <Tag color="red">{t('locked')}</Tag>}
              </Space>
              <Typography.Text type="secondary">{`${d.framework.code} — ${d.framework.name}`}</Typography.Text>
              {d.submittedAt && <Typography.Text type="secondary">{`${t('submittedAt')}: ${fmtDateTime(d.submittedAt)}`}</Typography.Text>}
            </Space>
          </Col>
          <Col xs={24} md={8}>
            <Typography.Text>{t('leavesDone', d.progress)}</Typography.Text>
            <Progress percent={pct} status={pct === 100 ? 'success' : 'active'} />
          </Col>
          <Col xs={12} md={4}>
            {d.contentVisible && <Statistic title={t('selfPoints')} value={fmtNumber(selfTotal)} suffix={`/ ${fmtNumber(maxTotal)}`} />}
          </Col>
          <Col xs={12} md={4}>
            {adjustedCount > 0 && <Statistic title={t('adjusted')} value={adjustedCount} />}
          </Col>
        </Row>
      </Card>
      {!d.contentVisible && <Alert type="info" showIcon title={t('contentHidden')} style={{ marginBottom: 16 }} />}
      {explaining && adjustedCount === 0 && <Alert type="success" showIcon title={t('noAdjusted')} style={{ marginBottom: 16 }} />}
      {d.contentVisible && (
        <>
          <Segmented<Filter>
            style={{ marginBottom: 12 }}
            value={activeFilter}
            onChange={chooseFilter}
            options={[
              { value: 'all', label: `${t('all')} (${d.leaves.length})` },
              { value: 'todo', label: `${t('todo')} (${d.progress.total - d.progress.done})` },
              ...(adjustedCount > 0 ? [{ value: 'adjusted' as const, label: `${t('adjusted')} (${adjustedCount})` }] : []),
            ]}
          />
          {areaItems.length === 0 ? <Empty /> : <Collapse defaultActiveKey={areaItems.slice(0, 1).map((i) => i.key)} items={areaItems} />}
        </>
      )}
      <LeafHistoryDrawer cycleId={d.cycle.id} unitId={d.unit.id} leaf={history} onClose={() => setHistory(null)} />
    </div>
  );
}
