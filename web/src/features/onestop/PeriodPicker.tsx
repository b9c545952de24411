// The granularity switch and period list shared by the dashboard and the Index 766 page.
import { Segmented, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { periodLabel } from './periods';
import type { Granularity } from './types';

export function PeriodPicker(props: {
  granularity: Granularity;
  /** a new granularity also forgets the chosen period */
  onGranularity: (g: Granularity) => void;
  periods: readonly string[];
  period: string | undefined;
  onPeriod: (p: string) => void;
  loading?: boolean;
}) {
  const { t } = useTranslation('onestop');
  return (
    <Space wrap>
      <Segmented<Granularity>
        value={props.granularity}
        onChange={props.onGranularity}
        options={(['month', 'quarter', 'year'] as const).map((g) => ({ value: g, label: t(`granularity.${g}`) }))}
      />
      <Select
        aria-label={t('period')}
        className="period-select"
        style={{ minWidth: 170 }}
        value={props.period}
        onChange={props.onPeriod}
        loading={props.loading}
        options={[...props.periods].reverse().map((p) => ({ value: p, label: periodLabel(p) }))}
      />
    </Space>
  );
}
