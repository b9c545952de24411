import { z } from 'zod';

export const Unit = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  group: z.string(),
  parentId: z.number().nullable(),
  parentCode: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  isDemo: z.boolean(),
});
export type UnitDto = z.infer<typeof Unit>;

export const UnitRef = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  group: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});

export const UnitHistory = z.object({
  unit: UnitRef,
  predecessors: z.array(UnitRef.extend({ depth: z.number() })),
  successors: z.array(UnitRef),
});

export const ImportResult = z.object({ rows: z.number(), inserted: z.number(), updated: z.number() });
