// The control a leaf's rule asks for: yes/no, a tier, a percent, a count, or points (only `manual`), plus N/A.
import { Checkbox, InputNumber, Radio, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { fmtNumber } from '../../lib/format';
import type { LeafDto, StageDto } from './types';

export interface Declaration {
  value: string | null;
  points: number | null;
  na: boolean;
}

export const emptyDeclaration: Declaration = { value: null, points: null, na: false };

export function declarationOf(s: StageDto | null | undefined): Declaration {
  return s ? { value: s.value, points: s.points, na: s.na } : emptyDeclaration;
}

export function isDeclared(d: Declaration): boolean {
  return d.na || d.points !== null || (d.value !== null && d.value !== '');
}

const toNumber = (v: string | null) => {
  if (v === null || v.trim() === '') return null;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
};

/** Points a declaration earns, computed in the browser only as a preview (the server's engine decides). */
export function previewPoints(leaf: LeafDto, d: Declaration): number | null {
  if (d.na) return null;
  const r = leaf.rule;
  if (r.type === 'manual') return d.points;
  if (d.value === null || d.value === '') return d.points;
  const n = toNumber(d.value);
  switch (r.type) {
    case 'binary':
      return d.value === 'yes' ? leaf.maxPoints : 0;
    case 'tiered':
      return r.levels.find((l) => l.label === d.value)?.points ?? null;
    case 'ratio':
      if (n === null) return null;
      if (r.linear) return Math.round(leaf.maxPoints * Math.min(n, 100)) / 100;
      return [...(r.thresholds ?? [])].sort((a, b) => b.minPercent - a.minPercent).find((t) => n >= t.minPercent)?.points ?? 0;
    case 'count':
      return n === null ? null : Math.min(leaf.maxPoints, n * r.pointsEach);
    case 'deduction':
      return n === null ? null : -Math.min(leaf.maxPoints, n * r.pointsEach);
    case 'bonus':
      return n === null ? null : Math.min(leaf.maxPoints, r.pointsEach === undefined ? n : n * r.pointsEach);
    default:
      return null;
  }
}

export function DeclaredInput({ leaf, value, onChange, disabled, anyPoints }: { leaf: LeafDto; value: Declaration; onChange: (d: Declaration) => void; disabled?: boolean; anyPoints?: boolean }) {
  const { t } = useTranslation('assessment');
  const r = leaf.rule;
  const setValue = (v: string | number | null) => onChange({ value: v === null || v === '' ? null : String(v), points: null, na: false });
  const na = leaf.allowNotApplicable ? (
    <Checkbox checked={value.na} disabled={disabled} onChange={(e) => onChange(e.target.checked ? { value: null, points: null, na: true } : emptyDeclaration)}>
      {t('na')}
    </Checkbox>
  ) : null;
  const off = disabled || value.na;
  let control: React.ReactNode;
  if (r.type === 'manual' || anyPoints) {
    control = (
      <InputNumber
        aria-label={t('points')}
        value={value.points}
        min={r.type === 'deduction' ? -leaf.maxPoints : 0}
        max={leaf.maxPoints}
        step={0.25}
        decimalSeparator=","
        disabled={off}
        onChange={(v) => onChange({ value: null, points: v === null ? null : Number(v), na: false })}
        suffix={t('points').toLowerCase()}
        style={{ width: 140 }}
      />
    );
  } else if (r.type === 'binary') {
    control = (
      <Radio.Group optionType="button" buttonStyle="solid" disabled={off} value={value.value ?? undefined} onChange={(e) => setValue(e.target.value)}>
        <Radio.Button value="yes">{t('yes')}</Radio.Button>
        <Radio.Button value="no">{t('no')}</Radio.Button>
      </Radio.Group>
    );
  } else if (r.type === 'tiered') {
    control = (
      <Select
        aria-label={t('choose')}
        placeholder={t('choose')}
        disabled={off}
        value={value.value ?? undefined}
        allowClear
        onChange={(v) => setValue(v ?? null)}
        style={{ minWidth: 260 }}
        options={r.levels.map((l) => ({ value: l.label, label: `${l.label} (${fmtNumber(l.points)} đ)` }))}
      />
    );
  } else if (r.type === 'ratio') {
    control = (
      <InputNumber
        aria-label={t('value')}
        value={toNumber(value.value)}
        min={0}
        max={100}
        step={0.1}
        decimalSeparator=","
        disabled={off}
        onChange={(v) => setValue(v === null ? null : Number(v))}
        suffix="%"
        style={{ width: 140 }}
      />
    );
  } else if (r.type === 'count' || r.type === 'deduction' || (r.type === 'bonus' && r.pointsEach !== undefined)) {
    control = (
      <InputNumber
        aria-label={t('value')}
        value={toNumber(value.value)}
        min={0}
        precision={0}
        disabled={off}
        onChange={(v) => setValue(v === null ? null : Number(v))}
        suffix={t('times')}
        style={{ width: 140 }}
      />
    );
  } else if (r.type === 'bonus') {
    control = (
      <InputNumber
        aria-label={t('points')}
        value={toNumber(value.value)}
        min={0}
        max={leaf.maxPoints}
        step={0.25}
        decimalSeparator=","
        disabled={off}
        onChange={(v) => setValue(v === null ? null : Number(v))}
        suffix={t('points').toLowerCase()}
        style={{ width: 140 }}
      />
    );
  } else {
    control = <Tag>{t('awaitingData')}</Tag>;
  }
  return (
    <Space wrap>
      {control}
      {na}
    </Space>
  );
}

/** A declaration in words: "Có", "Hoàn thành đầy đủ", "85,5 %", "3 lần", "1,5 điểm", "Không áp dụng". */
export function DeclarationText({ leaf, stage }: { leaf: LeafDto; stage: StageDto | null }) {
  const { t } = useTranslation('assessment');
  if (!stage || !isDeclared(declarationOf(stage))) return <span className="muted">—</span>;
  if (stage.na) return <Tag>{t('na')}</Tag>;
  if (stage.points !== null) return <span>{`${fmtNumber(stage.points)} ${t('points').toLowerCase()}`}</span>;
  const v = stage.value ?? '';
  const r = leaf.rule;
  if (r.type === 'binary') return <span>{v === 'yes' ? t('yes') : t('no')}</span>;
  if (r.type === 'ratio' || r.type === 'data' || r.type === 'survey') return <span>{`${fmtNumber(toNumber(v))} %`}</span>;
  if (r.type === 'count' || r.type === 'deduction' || (r.type === 'bonus' && r.pointsEach !== undefined)) return <span>{`${fmtNumber(toNumber(v))} ${t('times')}`}</span>;
  if (r.type === 'bonus') return <span>{`${fmtNumber(toNumber(v))} ${t('points').toLowerCase()}`}</span>;
  return <span>{v}</span>;
}

export function RuleTag({ leaf }: { leaf: LeafDto }) {
  const { t } = useTranslation('assessment');
  return <Tag color={leaf.rule.type === 'deduction' ? 'red' : leaf.rule.type === 'bonus' ? 'green' : undefined}>{String(t(`rules.${leaf.rule.type}`))}</Tag>;
}
