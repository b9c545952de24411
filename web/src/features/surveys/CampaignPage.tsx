// /surveys/campaigns/:id: links and QR sheet, live progress, results with interval bars, sample-size plan,
// review of flagged responses, receipt tokens and exports.
import { ArrowLeftOutlined, EditOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Progress as Bar, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type ApiError, api } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtDate, fmtDateTime, fmtNumber, fmtPercent } from '../../lib/format';
import { IntervalChart, TrendChart } from './IntervalChart';
import { statusColor } from './SurveysPage';
import './i18n';
import type { CampaignDetail, Progress, Results } from './types';

const POLL_SECONDS = 10;

export default function CampaignPage() {
  const { t } = useTranslation('surveys');
  const { id } = useParams();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const canManage = hasPermission(me, 'surveys.manage');
  const c = useQuery({ queryKey: ['surveys', 'campaign', id], queryFn: () => api<CampaignDetail>(`/api/surveys/campaigns/${id}`) });
  if (c.error) return <Alert type="error" showIcon title={(c.error as Error).message} />;
  const camp = c.data;
  const origin = window.location.origin;

  async function setStatus(status: 'open' | 'closed') {
    try {
      await api(`/api/surveys/campaigns/${id}/status`, { method: 'PATCH', body: { status } });
      await qc.invalidateQueries({ queryKey: ['surveys'] });
    } catch (e) {
      message.error((e as ApiError).message);
    }
  }

  return (
    <div className="page">
      <Link to="/surveys">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('title')}
        </Button>
      </Link>
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {camp?.name ?? '…'}
        </Typography.Title>
        {camp && canManage && (
          <Space wrap>
            {camp.channels.includes('paper') && camp.status !== 'draft' && (
              <Link to={`/surveys/paper?campaign=${id}`}>
                <Button icon={<EditOutlined />}>{t('campaign.paper')}</Button>
              </Link>
            )}
            <Button icon={<FilePdfOutlined />} href={`/api/surveys/campaigns/${id}/qr.pdf`} target="_blank">
              {t('campaign.qrPdf')}
            </Button>
            {camp.status !== 'open' ? <Button onClick={() => void setStatus('open')}>{t('open')}</Button> : <Button danger onClick={() => void setStatus('closed')}>{t('close')}</Button>}
          </Space>
        )}
      </Space>
      {camp && (
        <Card style={{ marginBottom: 16 }}>
          <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
            <Descriptions.Item label={t('code')}>{camp.code}</Descriptions.Item>
            <Descriptions.Item label={t('form')}>{`${camp.formCode} v${camp.formVersion}`}</Descriptions.Item>
            <Descriptions.Item label={t('status')}>
              <Tag color={statusColor[camp.status]}>{String(t(`statuses.${camp.status}`))}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('period')}>{`${fmtDate(camp.periodStart)} – ${fmtDate(camp.periodEnd)}`}</Descriptions.Item>
            <Descriptions.Item label={t('channels')}>{camp.channels.map((ch) => <Tag key={ch}>{String(t(`channel.${ch}`))}</Tag>)}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.webLink')}>
              <Typography.Link copyable href={`/s/c/${camp.code}`} target="_blank">{`${origin}/s/c/${camp.code}`}</Typography.Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('campaign.interviewerLink')}>
              <a href="/interviewer" target="_blank" rel="noreferrer">{`${origin}/interviewer`}</a>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {camp && (
        <Card>
          <Tabs
            items={[
              { key: 'progress', label: t('campaign.progress'), children: <ProgressTab id={id!} camp={camp} /> },
              { key: 'results', label: t('campaign.results'), children: <ResultsTab id={id!} /> },
              { key: 'plan', label: t('campaign.plan'), children: <PlanTab id={id!} canManage={canManage} /> },
              ...(canManage
                ? [
                    { key: 'review', label: t('campaign.review'), children: <ReviewTab id={id!} /> },
                    { key: 'tokens', label: t('campaign.tokens'), children: <TokensTab id={id!} camp={camp} /> },
                    {
                      key: 'exports',
                      label: t('campaign.exports'),
                      children: (
                        <Space direction="vertical">
                          <a href={`/api/surveys/campaigns/${id}/responses.csv`}>{t('exports.responsesCsv')}</a>
                          <a href={`/api/surveys/campaigns/${id}/responses.xlsx`}>{t('exports.responsesXlsx')}</a>
                          <a href={`/api/surveys/campaigns/${id}/responses.csv?all=1`}>{t('exports.allCsv')}</a>
                          <a href={`/api/surveys/campaigns/${id}/results.xlsx`}>{t('exports.resultsXlsx')}</a>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </div>
  );
}

function ProgressTab({ id, camp }: { id: string; camp: CampaignDetail }) {
  const { t } = useTranslation('surveys');
  const p = useQuery({ queryKey: ['surveys', 'progress', id], queryFn: () => api<Progress>(`/api/surveys/campaigns/${id}/progress`), refetchInterval: POLL_SECONDS * 1000 });
  if (!p.data) return null;
  const d = p.data;
  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('responses')} value={d.totals.responses} formatter={(v) => fmtNumber(Number(v))} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('target')} value={d.totals.target} formatter={(v) => fmtNumber(Number(v))} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('progress.pending')} value={d.totals.pending} formatter={(v) => fmtNumber(Number(v))} />
        </Col>
        <Col xs={12} md={6}>
          <Typography.Text type="secondary">{t('progress.live', { s: POLL_SECONDS })}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{fmtDateTime(d.at)}</Typography.Text>
        </Col>
      </Row>
      <Table
        size="small"
        rowKey="unitId"
        dataSource={d.units}
        scroll={{ x: true }}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('units'), dataIndex: 'name', fixed: 'left' },
          { title: t('target'), dataIndex: 'target', align: 'right', render: fmtNumber },
          { title: t('responses'), dataIndex: 'responses', align: 'right', render: fmtNumber },
          { title: '', width: 160, render: (_, u) => <Bar percent={u.target ? Math.min(100, Math.round((u.responses / u.target) * 100)) : 0} size="small" /> },
          ...camp.channels.map((ch) => ({ title: String(t(`channel.${ch}`)), align: 'right' as const, render: (_: unknown, u: Progress['units'][number]) => fmtNumber(u.byChannel[ch] ?? 0) })),
          { title: t('progress.pending'), dataIndex: 'pending', align: 'right', render: fmtNumber },
          // the address to open on the counter's tablet: one kiosk per unit
          ...(camp.channels.includes('kiosk')
            ? [{ title: t('campaign.kioskLink'), render: (_: unknown, u: Progress['units'][number]) => <a href={`/kiosk/${camp.code}/${u.code}`} target="_blank" rel="noreferrer">{t('campaign.kioskOpen')}</a> }]
            : []),
          ...(d.onestop
            ? [
                { title: t('progress.returned'), dataIndex: 'dossiersReturned', align: 'right' as const, render: fmtNumber },
                { title: t('progress.rate'), dataIndex: 'responseRate', align: 'right' as const, render: fmtPercent },
              ]
            : []),
        ]}
      />
    </>
  );
}

function ResultsTab({ id }: { id: string }) {
  const { t } = useTranslation('surveys');
  const r = useQuery({ queryKey: ['surveys', 'results', id], queryFn: () => api<Results>(`/api/surveys/campaigns/${id}/results`), refetchInterval: 60_000 });
  const [element, setElement] = useState<number | null>(null);
  if (!r.data) return null;
  const d = r.data;
  const el = element ?? d.elements[0];
  const label = (e: number | 'overall') => `${e === 'overall' ? '' : `${e}. `}${t(`results.elements.${e}`)}`;
  return (
    <>
      {d.pending > 0 && <Alert type="info" showIcon title={t('results.pendingNote', { n: d.pending })} style={{ marginBottom: 12 }} />}
      {d.elements.length > 0 && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('results.provinceResponses', { n: fmtNumber(d.province.responses) })}>
              <Statistic title={t('results.overall')} value={d.province.rows.at(-1)?.index ?? 0} formatter={() => fmtPercent(d.province.rows.at(-1)?.index)} />
              <IntervalChart points={d.province.rows.filter((x) => x.element !== 'overall').map((x) => ({ label: label(x.element), index: x.index, ciLow: x.ciLow, ciHigh: x.ciHigh, n: x.n }))} />
            </Card>
            {d.trend.length > 1 && (
              <Card size="small" title={t('results.trend')} style={{ marginTop: 16 }}>
                <TrendChart months={d.trend.map((m) => m.month)} values={d.trend.map((m) => m.rows.at(-1)?.index ?? null)} />
              </Card>
            )}
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={`${t('results.interval')} — ${t('units')}`} extra={<Segmented size="small" value={el} onChange={(v) => setElement(Number(v))} options={d.elements.map((e) => ({ value: e, label: String(e) }))} />}>
              <Typography.Text type="secondary">{label(el as number)}</Typography.Text>
              <IntervalChart
                points={d.units.map((u) => {
                  const row = u.rows.find((x) => x.element === el);
                  return { label: u.name, index: row?.index ?? null, ciLow: row?.ciLow ?? null, ciHigh: row?.ciHigh ?? null, n: row?.n ?? null, muted: u.belowMinimum };
                })}
              />
            </Card>
          </Col>
        </Row>
      )}
      {d.elements.length > 0 && (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="unitId"
          dataSource={d.units}
          scroll={{ x: true }}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('results.rank'), dataIndex: 'rank', width: 70, render: (v) => v ?? <Tag title={String(t('results.notRanked', { n: d.minResponses }))}>—</Tag> },
            { title: t('units'), dataIndex: 'name' },
            { title: t('responses'), dataIndex: 'responses', align: 'right', render: fmtNumber },
            ...d.elements.map((e) => ({
              title: `${e}`,
              align: 'right' as const,
              render: (_: unknown, u: Results['units'][number]) => {
                const row = u.rows.find((x) => x.element === e);
                return row?.index === null || !row ? '—' : <span title={`${fmtPercent(row.ciLow)} – ${fmtPercent(row.ciHigh)}, n = ${row.n}`}>{fmtPercent(row.index)}</span>;
              },
            })),
            { title: t('results.overall'), align: 'right', render: (_, u) => <b>{fmtPercent(u.rows.at(-1)?.index)}</b> },
            ...(d.weighted ? [{ title: t('results.weighted'), align: 'right' as const, render: (_: unknown, u: Results['units'][number]) => fmtPercent(u.weighted?.at(-1)?.index) }] : []),
          ]}
        />
      )}
      {d.units.some((u) => u.belowMinimum) && d.elements.length > 0 && <Typography.Text type="secondary">{t('results.notRanked', { n: d.minResponses })}</Typography.Text>}
      {d.sociological.length > 0 && (
        <Card size="small" title={t('results.sociological')} style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="unitCode"
            dataSource={d.sociological}
            scroll={{ x: true }}
            pagination={false}
            columns={[
              { title: t('units'), dataIndex: 'unitName' },
              ...d.sociological[0].items.map((i) => ({
                title: <span title={i.text}>{i.code}</span>,
                align: 'right' as const,
                render: (_: unknown, u: Results['sociological'][number]) => {
                  const it = u.items.find((x) => x.code === i.code);
                  return it ? `${fmtPercent(it.meanPercent)} (n = ${it.n})` : '—';
                },
              })),
            ]}
          />
        </Card>
      )}
      {d.elements.length === 0 && d.sociological.length === 0 && <Empty description={t('results.noData')} />}
    </>
  );
}

interface Plan {
  margin: number;
  source: 'dossiers' | 'typed';
  units: { unitId: number; code: string; name: string; population: number | null; sampleSize: number | null; target: number }[];
}

function PlanTab({ id, canManage }: { id: string; canManage: boolean }) {
  const { t } = useTranslation('surveys');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [margin, setMargin] = useState<number | null>(null);
  const p = useQuery({ queryKey: ['surveys', 'plan', id, margin], queryFn: () => api<Plan>(`/api/surveys/campaigns/${id}/plan${margin ? `?margin=${margin}` : ''}`) });
  if (!p.data) return null;
  const d = p.data;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('campaign.margin')}</span>
        <Select value={margin ?? d.margin} style={{ width: 120 }} onChange={setMargin} options={[0.03, 0.05, 0.07, 0.1].map((m) => ({ value: m, label: fmtPercent(m * 100) }))} />
        <Tag>{String(t(`plan.source.${d.source}`))}</Tag>
        {canManage && (
          <Button
            onClick={async () => {
              await api(`/api/surveys/campaigns/${id}/targets`, { method: 'PUT', body: { units: d.units.filter((u) => u.sampleSize).map((u) => ({ unitCode: u.code, target: u.sampleSize! })) } });
              message.success(t('plan.applied'));
              await qc.invalidateQueries({ queryKey: ['surveys'] });
            }}
          >
            {t('plan.apply')}
          </Button>
        )}
      </Space>
      <Table
        size="small"
        rowKey="unitId"
        dataSource={d.units}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('units'), dataIndex: 'name' },
          { title: t('plan.N'), dataIndex: 'population', align: 'right', render: fmtNumber },
          { title: t('plan.n'), dataIndex: 'sampleSize', align: 'right', render: fmtNumber },
          { title: t('target'), dataIndex: 'target', align: 'right', render: fmtNumber },
        ]}
      />
    </>
  );
}

interface ReviewItem {
  id: number;
  unitName: string;
  channel: string;
  submittedAt: string;
  seconds: number | null;
  flags: string[];
}

function ReviewTab({ id }: { id: string }) {
  const { t } = useTranslation('surveys');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: ['surveys', 'review', id], queryFn: () => api<ReviewItem[]>(`/api/surveys/campaigns/${id}/review`) });
  async function decide(rid: number, decision: 'accepted' | 'rejected') {
    try {
      await api(`/api/surveys/responses/${rid}/review`, { method: 'POST', body: { decision } });
      await qc.invalidateQueries({ queryKey: ['surveys'] });
    } catch (e) {
      message.error((e as ApiError).message);
    }
  }
  if (q.data && q.data.length === 0) return <Empty description={t('review.empty')} />;
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={q.data ?? []}
      scroll={{ x: true }}
      columns={[
        { title: '#', dataIndex: 'id' },
        { title: t('units'), dataIndex: 'unitName' },
        { title: t('channels'), dataIndex: 'channel', render: (ch) => String(t(`channel.${ch}`)) },
        { title: '', dataIndex: 'submittedAt', render: fmtDateTime },
        { title: t('review.seconds'), dataIndex: 'seconds', align: 'right', render: fmtNumber },
        { title: t('review.flags'), dataIndex: 'flags', render: (f: string[]) => f.map((x) => <Tag color="orange" key={x}>{String(t(`review.flag.${x}`))}</Tag>) },
        {
          title: '',
          render: (_, r) => (
            <Space>
              <Button size="small" type="primary" onClick={() => void decide(r.id, 'accepted')}>
                {t('review.accept')}
              </Button>
              <Button size="small" danger onClick={() => void decide(r.id, 'rejected')}>
                {t('review.reject')}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}

function TokensTab({ id, camp }: { id: string; camp: CampaignDetail }) {
  const { t } = useTranslation('surveys');
  const [unit, setUnit] = useState<string | undefined>(camp.unitList[0]?.code);
  const [codes, setCodes] = useState('');
  const [out, setOut] = useState<{ dossierCode: string; token: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('tokens.help')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
        <Select value={unit} onChange={setUnit} showSearch optionFilterProp="label" options={camp.unitList.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))} aria-label={t('tokens.unit')} />
        <Input.TextArea rows={4} value={codes} onChange={(e) => setCodes(e.target.value)} placeholder="000.00.12.H12-260115-0001" />
        <Button
          type="primary"
          onClick={async () => {
            setError(null);
            try {
              setOut(await api(`/api/surveys/campaigns/${id}/tokens`, { method: 'POST', body: { unitCode: unit, dossierCodes: codes.split(/\s+/).filter(Boolean) } }));
            } catch (e) {
              setError((e as ApiError).message);
            }
          }}
        >
          {t('tokens.create')}
        </Button>
        {error && <Alert type="error" showIcon title={error} />}
      </Space>
      {out.length > 0 && (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey="token"
          dataSource={out}
          pagination={false}
          columns={[
            { title: t('tokens.dossier'), dataIndex: 'dossierCode' },
            { title: t('tokens.token'), dataIndex: 'token', render: (v) => <code>{v}</code> },
            { title: t('tokens.link'), render: (_, r) => <a href={`/s/${r.token}`} target="_blank" rel="noreferrer">{`${window.location.origin}/s/${r.token}`}</a> },
          ]}
        />
      )}
    </>
  );
}
