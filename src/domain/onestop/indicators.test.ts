import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import onestopJson from '../../../methodology/config/onestop.json';
import { loadCalendar } from '../../formats/calendar.format';
import { createDossierParseContext, parseDossiersFile } from '../../formats/dossiers.format';
import { parseProceduresFile, procedureCatalogue } from '../../formats/procedures.format';
import { computeIndicators, createIndicatorAccumulator } from './indicators';
import { parseOnestopConfig } from './onestop-config';
import { percent } from './rates';

const rules = parseOnestopConfig(onestopJson);
const calendar = await loadCalendar();
const procedures = procedureCatalogue(await parseProceduresFile(await readFile('test/fixtures/onestop/procedures.csv')));
const dossiers = await parseDossiersFile(
  await readFile('test/fixtures/onestop/dossiers.csv'),
  createDossierParseContext({ procedures, notReceivedStatuses: rules.notReceivedStatuses }),
);
const base = { calendar, rules, procedures, asOf: '2025-04-10' };

// The hand computation of every fixture row is written in src/cli/commands/indicators.test.ts.
describe('computeIndicators on test/fixtures/onestop/dossiers.csv', () => {
  it('whole file: numerators and denominators kept beside the rates', () => {
    const [row] = computeIndicators(dossiers, { ...base, by: [] });
    expect(row.key).toEqual({});
    expect(row.counts).toEqual({
      received: 10,
      resolved: 8,
      on_time: 5,
      early: 1,
      late: 3,
      overdue: 1,
      pending: 1,
      online: 5,
      digitized: 8,
      e_result: 5,
      paid_online: 3,
      late_or_overdue: 4,
      apology_compliant: 2,
      rated: 7,
      satisfied: 4,
    });
    expect(row.rates).toEqual({
      on_time_rate: 62.5,
      online_rate: 50,
      paid_online_rate: 30,
      digitized_rate: 80,
      e_result_rate: 62.5,
      apology_compliance_rate: 50,
      satisfied_rate: 57.14,
    });
  });

  it('as-of moves D06 (due Mon 14/4) from pending to overdue only after its due date', () => {
    const overdue = (asOf: string) => computeIndicators(dossiers, { ...base, asOf, by: [] })[0].counts.overdue;
    expect([overdue('2025-04-14'), overdue('2025-04-15')]).toEqual([1, 2]);
  });

  it('groups by procedure, sector and channel', () => {
    const bySector = computeIndicators(dossiers, { ...base, by: ['sector'] });
    expect(bySector.map((r) => [r.key.sector, r.counts.received])).toEqual([
      ['Kinh tế', 5],
      ['Tư pháp', 1],
      ['Xây dựng', 4],
    ]);
    const byChannel = computeIndicators(dossiers, { ...base, by: ['channel', 'unit'] });
    expect(byChannel.map((r) => `${r.key.channel}/${r.key.unit}:${r.counts.received}`)).toEqual([
      'direct/U1:3',
      'direct/U2:1',
      'online/U1:3',
      'online/U2:2',
      'postal/U2:1',
    ]);
    expect(computeIndicators(dossiers, { ...base, by: ['procedure'] }).map((r) => r.key.procedure)).toEqual(['1.001', '1.002', '1.003']);
  });

  it('the accumulator gives the same result fed one dossier at a time', () => {
    const acc = createIndicatorAccumulator({ ...base, by: ['unit', 'month'] });
    for (const d of dossiers) acc.add(d);
    expect(acc.result()).toEqual(computeIndicators(dossiers, { ...base, by: ['unit', 'month'] }));
  });

  it('grouping by sector needs the catalogue', () => {
    expect(() => createIndicatorAccumulator({ calendar, rules, asOf: '2025-04-10', by: ['sector'] })).toThrow(/danh mục/);
  });
});

describe('percent', () => {
  it('rounds half up to 2 decimals and is empty on a zero denominator', () => {
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(2, 3)).toBe(66.67);
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(1, 16)).toBe(6.25);
    expect(percent(1, 800)).toBe(0.13); // 0.125 → 0.13
    expect(percent(0, 0)).toBeNull();
  });
});
