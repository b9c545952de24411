import { z } from 'zod';
import { ALL_ROLES } from './permissions';

export const LoginBody = z.strictObject({
  username: z.string().min(1, 'bắt buộc').max(100),
  password: z.string().min(1, 'bắt buộc').max(200),
});

export const Grant = z.object({
  role: z.enum(ALL_ROLES as [string, ...string[]]),
  unitId: z.number().int().nullable(),
  unitCode: z.string().nullable().optional(),
  unitName: z.string().nullable().optional(),
  includeDescendants: z.boolean(),
});

export const Me = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  grants: z.array(Grant),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});

export const UserSummary = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  isActive: z.boolean(),
  isDemo: z.boolean(),
  grants: z.array(Grant),
});

export const CreateUserBody = z.strictObject({
  username: z.string().regex(/^[a-z0-9._-]{3,50}$/, 'chỉ gồm chữ thường, số, . _ - (3–50 ký tự)'),
  displayName: z.string().min(1).max(200),
  password: z.string().min(10, 'ít nhất 10 ký tự').max(200),
  grants: z.array(z.strictObject({ role: z.enum(ALL_ROLES as [string, ...string[]]), unitId: z.number().int().nullable(), includeDescendants: z.boolean().optional() })).max(20),
});

export const IdParams = z.strictObject({ id: z.coerce.number().int().positive('phải là số nguyên dương') });
