// The methodology files this feature reads (methodology/config/onestop.json, index-766.json), parsed
// once per process by the domain's validators. `targets` is this module's addition to onestop.json.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Index766Config, parseIndex766Config } from '../../domain/onestop/index766-config';
import { type OnestopRules, parseOnestopConfig } from '../../domain/onestop/onestop-config';

const ONESTOP_URL = new URL('../../../methodology/config/onestop.json', import.meta.url);
const INDEX766_URL = new URL('../../../methodology/config/index-766.json', import.meta.url);

const targetsSchema = z.object({ targets: z.object({ lateRateMaxPercent: z.number().min(0).max(100), source: z.string().optional() }) });

export interface OnestopSettings {
  rules: OnestopRules;
  /** The dashboard's target line: late ÷ resolved must stay below this percentage. */
  lateRateMaxPercent: number;
  lateRateSource: string;
  index766: Index766Config;
}

let cached: OnestopSettings | null = null;

export function onestopSettings(): OnestopSettings {
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(ONESTOP_URL, 'utf8'));
  const t = targetsSchema.safeParse(raw);
  if (!t.success) throw new Error('methodology/config/onestop.json: thiếu hoặc sai "targets.lateRateMaxPercent"');
  cached = {
    rules: parseOnestopConfig(raw),
    lateRateMaxPercent: t.data.targets.lateRateMaxPercent,
    lateRateSource: t.data.targets.source ?? '',
    index766: parseIndex766Config(JSON.parse(readFileSync(INDEX766_URL, 'utf8'))),
  };
  return cached;
}
