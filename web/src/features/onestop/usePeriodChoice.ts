// The period the user picks on a one-stop page: a granularity, the province's periods at that granularity
// (from the indicators by period), and the chosen one, defaulting to the latest when none or a stale one is set.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { defaultPeriod } from './periods';
import type { Granularity, IndicatorRow } from './types';

export function usePeriodChoice(initial: Granularity) {
  const [granularity, setGranularityState] = useState<Granularity>(initial);
  const [chosen, setChosen] = useState<string | null>(null);
  const province = useQuery({
    queryKey: ['onestop', 'indicators', 'period', granularity],
    queryFn: () => api<IndicatorRow[]>(`/api/onestop/indicators?by=period&granularity=${granularity}`),
  });
  const periods = useMemo(() => (province.data ?? []).map((r) => r.period!).filter(Boolean), [province.data]);
  const period = chosen && periods.includes(chosen) ? chosen : defaultPeriod(periods, granularity);
  const setGranularity = (g: Granularity) => {
    setGranularityState(g);
    setChosen(null); // a month does not exist among quarters: back to the latest period
  };
  return { granularity, setGranularity, province, periods, period, setPeriod: setChosen };
}
