// Shape of methodology/config/onestop.json, validated once when loaded.
import { z } from 'zod';
import type { OfficeHours } from '../calendar/office-hours';
import { sessionMinutes } from '../calendar/office-hours';
import type { OnlineLevel } from './types';

const onlineLevel = z.enum(['full', 'partial', 'none']);

const schema = z.object({
  officeHours: z.object({ sessions: z.array(z.object({ start: z.string(), end: z.string() })).min(1) }),
  apology: z.object({ minWorkingDaysBeforeDue: z.number().int().min(0) }),
  dossierStatus: z.object({ notReceived: z.array(z.number().int()) }),
  satisfaction: z.object({ satisfiedMinRating: z.number().int().min(1).max(5) }),
  procedures: z.object({ significantCutPercent: z.number().min(0).max(100) }),
  legacyOnlineLevels: z.object({ map: z.record(z.string(), onlineLevel) }),
  savings: z.object({ valuePerDayVnd: z.number().min(0) }),
});

export interface OnestopRules {
  officeHours: OfficeHours;
  apologyMinWorkingDaysBeforeDue: number;
  notReceivedStatuses: ReadonlySet<number>;
  satisfiedMinRating: number;
  significantCutPercent: number;
  legacyOnlineLevels: Readonly<Record<string, OnlineLevel>>;
  valuePerDayVnd: number;
}

/** Validates the parsed JSON of onestop.json; throws with the offending path. */
export function parseOnestopConfig(json: unknown): OnestopRules {
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Cấu hình một cửa không hợp lệ tại "${i.path.join('.')}": ${i.message}`);
  }
  const c = r.data;
  sessionMinutes(c.officeHours);
  return Object.freeze({
    officeHours: c.officeHours,
    apologyMinWorkingDaysBeforeDue: c.apology.minWorkingDaysBeforeDue,
    notReceivedStatuses: new Set(c.dossierStatus.notReceived),
    satisfiedMinRating: c.satisfaction.satisfiedMinRating,
    significantCutPercent: c.procedures.significantCutPercent,
    legacyOnlineLevels: c.legacyOnlineLevels.map,
    valuePerDayVnd: c.savings.valuePerDayVnd,
  });
}
