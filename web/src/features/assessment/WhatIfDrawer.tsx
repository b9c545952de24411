// A unit's what-if and gap to target, opened from the results page. What-if: assumed points on some leaves →
// the new total, percent, band and rank in the group (POST …/what-if, nothing saved). Gap to target: a band,
// a percent or a number of points → how many points are missing and the leaves with the most headroom that
// cover them (GET …/gap-to-target); those leaves can be tried at their maximum in the what-if in one click.
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Drawer,
  Input,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../../api/client';
import { fmtNumber, fmtPercent } from '../../lib/format';
import { bandColor } from './hooks';
import './i18n';
import type { Band, UnitResult } from './types';

interface UnitItem {
  code: string;
  title: string;
  areaCode: string;
  ruleType: string;
  maxPoints: number;
  points: number;
  na: boolean;
  pending: boolean;
}
/** GET …/results/units/:unitId: the unit's totals as in the results table, with every leaf. */
type UnitDetail = Pick<UnitResult, 'unitId' | 'unitName' | 'points' | 'maxPoints' | 'percent' | 'band' | 'rank' | 'of'> & { items: UnitItem[] };
interface Totals {
  points: number;
  maxPoints: number;
  percent: number | null;
  band: string | null;
}
interface WhatIfOut {
  before: Totals;
  after: Totals;
  deltaPoints: number;
  deltaPercent: number | null;
  rankBefore: number | null;
  rankAfter: number | null;
  errors: string[];
}
interface GapOut {
  targetPercent: number;
  currentPercent: number | null;
  pointsNeeded: number;
  reachable: boolean;
  leaves: { code: string; title: string; areaCode: string; ruleType: string; headroom: number }[];
}

/** Points are kept to 4 decimals by the engine: the gap shows them all, so 4,502 is not rounded down to 4,5. */
const fine = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 });
const fmtFine = (n: number) => fine.format(n);
const signed = (n: number) => (n === 0 ? '0' : `${n > 0 ? '+' : '−'}${fmtNumber(Math.abs(n))}`);

export function WhatIfDrawer({
  cycleId,
  unitId,
  unitName,
  bands,
  onClose,
}: {
  cycleId: string;
  unitId: number;
  unitName: string;
  bands: Band[];
  onClose: () => void;
}) {
  const { t } = useTranslation('assessment');
  const [tab, setTab] = useState('whatif');
  const [changes, setChanges] = useState<Record<string, number | null>>({});
  const [q, setQ] = useState('');
  const [sim, setSim] = useState<WhatIfOut | null>(null);
  const [simError, setSimError] = useState<string | null>(null);
  const [mode, setMode] = useState<'band' | 'percent' | 'points'>('band');
  const [targetBand, setTargetBand] = useState<string | undefined>(bands[0]?.label);
  const [targetPercent, setTargetPercent] = useState<number | null>(null);
  const [targetPoints, setTargetPoints] = useState<number | null>(null);
  const [gap, setGap] = useState<GapOut | null>(null);
  const [gapError, setGapError] = useState<string | null>(null);
  const unit = useQuery({
    queryKey: ['assessment', 'unit-result', cycleId, unitId],
    queryFn: () => api<UnitDetail>(`/api/cycles/${cycleId}/results/units/${unitId}`),
  });
  const u = unit.data;
  const items = (u?.items ?? []).filter((i) => !i.pending);
  const needle = q.trim().toLocaleLowerCase('vi');
  const shown = items.filter(
    (i) => !needle || i.code.toLowerCase().includes(needle) || i.title.toLocaleLowerCase('vi').includes(needle),
  );
  const given = Object.entries(changes).filter((e): e is [string, number] => e[1] !== null && e[1] !== undefined);

  async function simulate(list: [string, number][] = given) {
    setSimError(null);
    if (list.length === 0) {
      setSim(null);
      return;
    }
    try {
      setSim(
        await api<WhatIfOut>(`/api/cycles/${cycleId}/units/${unitId}/what-if`, {
          method: 'POST',
          body: { changes: list.map(([itemCode, points]) => ({ itemCode, points })) },
        }),
      );
    } catch (e) {
      setSim(null);
      setSimError(errorText(e));
    }
  }

  function targetAsPercent(): number | null {
    if (mode === 'band') return bands.find((b) => b.label === targetBand)?.minPercent ?? null;
    if (mode === 'percent') return targetPercent;
    if (targetPoints === null || !u || u.maxPoints <= 0) return null;
    return Math.min(100, (targetPoints * 100) / u.maxPoints);
  }

  async function computeGap() {
    setGapError(null);
    const p = targetAsPercent();
    if (p === null) return;
    try {
      setGap(await api<GapOut>(`/api/cycles/${cycleId}/units/${unitId}/gap-to-target?target=${encodeURIComponent(String(p))}`));
    } catch (e) {
      setGap(null);
      setGapError(errorText(e));
    }
  }

  const bandTag = (b: string | null) => (b ? <Tag color={bandColor(bands, b)}>{b}</Tag> : '—');
  const totalsCard = (title: string, x: Totals, rank: number | null, extra?: ReactNode) => (
    <Card size="small" title={title}>
      <Space size="large" wrap>
        <Statistic
          title={t('whatIf.total')}
          value={x.points}
          formatter={() => `${fmtNumber(x.points)} / ${fmtNumber(x.maxPoints)}`}
        />
        <Statistic title={t('percent')} value={x.percent ?? 0} formatter={() => fmtPercent(x.percent)} />
        <Statistic title={t('band')} value={x.band ?? ''} formatter={() => bandTag(x.band)} />
        <Statistic
          title={t('whatIf.rankOf')}
          value={rank ?? 0}
          formatter={() => (rank === null ? '—' : `${rank}/${u?.of ?? '—'}`)}
        />
      </Space>
      {extra}
    </Card>
  );

  let cumulative = 0;
  return (
    <Drawer open width={960} title={t('whatIf.title', { unit: unitName })} onClose={onClose} destroyOnHidden>
      {unit.error && <Alert type="error" showIcon title={(unit.error as Error).message} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'whatif',
            label: t('whatIf.tab'),
            children: (
              <>
                <Typography.Paragraph type="secondary">{t('whatIf.help')}</Typography.Paragraph>
                <Row gutter={12} style={{ marginBottom: 12 }} data-testid="whatif-totals">
                  <Col span={12}>{u && totalsCard(t('whatIf.before'), sim?.before ?? u, sim ? sim.rankBefore : u.rank)}</Col>
                  <Col span={12}>
                    {sim ? (
                      totalsCard(
                        t('whatIf.after'),
                        sim.after,
                        sim.rankAfter,
                        <Typography.Text data-testid="whatif-delta">{`${t('whatIf.delta')}: ${signed(sim.deltaPoints)} ${t('points').toLocaleLowerCase('vi')}${sim.deltaPercent !== null ? `, ${signed(sim.deltaPercent)} %` : ''}`}</Typography.Text>,
                      )
                    ) : (
                      <Card size="small" title={t('whatIf.after')}>
                        <Typography.Text type="secondary">{t('whatIf.noChange')}</Typography.Text>
                      </Card>
                    )}
                  </Col>
                </Row>
                {simError && <Alert type="error" showIcon title={simError} style={{ marginBottom: 12 }} />}
                {sim && sim.errors.length > 0 && (
                  <Alert type="warning" showIcon title={sim.errors.join('; ')} style={{ marginBottom: 12 }} />
                )}
                <Space style={{ marginBottom: 8 }} wrap>
                  <Input.Search
                    allowClear
                    placeholder={t('whatIf.search')}
                    onChange={(e) => setQ(e.target.value)}
                    style={{ width: 260 }}
                  />
                  <Button type="primary" disabled={given.length === 0} onClick={() => void simulate()}>
                    {t('whatIf.simulate')}
                  </Button>
                  <Button
                    disabled={given.length === 0}
                    onClick={() => {
                      setChanges({});
                      setSim(null);
                    }}
                  >
                    {t('whatIf.reset')}
                  </Button>
                </Space>
                <Table<UnitItem>
                  className="whatif-table"
                  size="small"
                  rowKey="code"
                  loading={unit.isLoading}
                  dataSource={shown}
                  pagination={{ pageSize: 15, showSizeChanger: false, hideOnSinglePage: true }}
                  columns={[
                    { title: t('whatIf.leaf'), dataIndex: 'code', width: 80 },
                    {
                      title: '',
                      dataIndex: 'title',
                      render: (v: string, i) =>
                        i.na ? (
                          <Space size={4}>
                            {v}
                            <Tag>{t('na')}</Tag>
                          </Space>
                        ) : (
                          v
                        ),
                    },
                    { title: t('maxPoints'), dataIndex: 'maxPoints', align: 'right', width: 90, render: fmtNumber },
                    { title: t('whatIf.current'), dataIndex: 'points', align: 'right', width: 100, render: fmtNumber },
                    {
                      title: t('whatIf.newPoints'),
                      width: 140,
                      render: (_, i) => (
                        <InputNumber
                          aria-label={`${t('whatIf.newPoints')} ${i.code}`}
                          size="small"
                          decimalSeparator=","
                          step={0.25}
                          min={i.ruleType === 'deduction' ? -i.maxPoints : 0}
                          max={i.ruleType === 'deduction' ? 0 : i.maxPoints}
                          value={changes[i.code] ?? null}
                          onChange={(v) => setChanges((c) => ({ ...c, [i.code]: v === null ? null : Number(v) }))}
                          onPressEnter={() => void simulate()}
                        />
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'gap',
            label: t('whatIf.gapTab'),
            children: (
              <>
                <Space wrap align="center" style={{ marginBottom: 12 }}>
                  <span>{t('whatIf.target')}</span>
                  <Segmented
                    value={mode}
                    onChange={(v) => setMode(v as typeof mode)}
                    options={[
                      { value: 'band', label: t('whatIf.targetBand') },
                      { value: 'percent', label: t('whatIf.targetPercent') },
                      { value: 'points', label: t('whatIf.targetPoints') },
                    ]}
                  />
                  {mode === 'band' && (
                    <Select
                      aria-label={t('whatIf.targetBand')}
                      style={{ width: 220 }}
                      value={targetBand}
                      onChange={setTargetBand}
                      options={bands.map((b) => ({ value: b.label, label: `${b.label} (≥ ${fmtPercent(b.minPercent)})` }))}
                    />
                  )}
                  {mode === 'percent' && (
                    <InputNumber
                      aria-label={t('whatIf.targetPercent')}
                      min={0}
                      max={100}
                      decimalSeparator=","
                      value={targetPercent}
                      onChange={(v) => setTargetPercent(v === null ? null : Number(v))}
                      suffix="%"
                    />
                  )}
                  {mode === 'points' && (
                    <InputNumber
                      aria-label={t('whatIf.targetPoints')}
                      min={0}
                      max={u?.maxPoints}
                      decimalSeparator=","
                      value={targetPoints}
                      onChange={(v) => setTargetPoints(v === null ? null : Number(v))}
                      suffix={u ? `/ ${fmtNumber(u.maxPoints)}` : undefined}
                    />
                  )}
                  <Button type="primary" disabled={targetAsPercent() === null} onClick={() => void computeGap()}>
                    {t('whatIf.compute')}
                  </Button>
                </Space>
                {gapError && <Alert type="error" showIcon title={gapError} style={{ marginBottom: 12 }} />}
                {gap && (
                  <div data-testid="gap-summary">
                    <Alert
                      type={gap.pointsNeeded === 0 ? 'success' : gap.reachable ? 'info' : 'warning'}
                      showIcon
                      style={{ marginBottom: 12 }}
                      title={
                        gap.pointsNeeded === 0
                          ? t('whatIf.reached', { percent: fmtPercent(gap.targetPercent) })
                          : gap.reachable
                            ? t('whatIf.needed', { points: fmtFine(gap.pointsNeeded), percent: fmtPercent(gap.targetPercent) })
                            : t('whatIf.unreachable', {
                                percent: fmtPercent(gap.targetPercent),
                                points: fmtFine(Math.round(gap.leaves.reduce((s, l) => s + l.headroom, 0) * 10_000) / 10_000),
                              })
                      }
                    />
                  </div>
                )}
                {gap && gap.leaves.length > 0 && (
                  <>
                    <Table
                      className="gap-table"
                      size="small"
                      rowKey="code"
                      dataSource={gap.leaves}
                      pagination={false}
                      columns={[
                        { title: t('whatIf.leaf'), dataIndex: 'code', width: 80 },
                        { title: '', dataIndex: 'title' },
                        { title: t('area'), dataIndex: 'areaCode', width: 80 },
                        {
                          title: t('whatIf.headroom'),
                          dataIndex: 'headroom',
                          align: 'right',
                          width: 140,
                          render: (v: number) => `+${fmtFine(v)}`,
                        },
                        {
                          title: t('whatIf.cumulative'),
                          align: 'right',
                          width: 110,
                          render: (_, l, i) => {
                            if (i === 0) cumulative = 0;
                            cumulative = Math.round((cumulative + l.headroom) * 10_000) / 10_000;
                            return fmtFine(cumulative);
                          },
                        },
                      ]}
                    />
                    <Button
                      style={{ marginTop: 12 }}
                      onClick={() => {
                        const byCode = new Map(items.map((i) => [i.code, i]));
                        const list = gap.leaves.map((l): [string, number] => {
                          const it = byCode.get(l.code);
                          return [l.code, it?.ruleType === 'deduction' ? 0 : (it?.maxPoints ?? 0)];
                        });
                        setChanges(Object.fromEntries(list));
                        setTab('whatif');
                        void simulate(list);
                      }}
                    >
                      {t('whatIf.tryIt')}
                    </Button>
                  </>
                )}
              </>
            ),
          },
        ]}
      />
    </Drawer>
  );
}
