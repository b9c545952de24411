// Environment parsed once at boot into a frozen object; a bad value stops the start naming the variable.
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === '1' || v === 'true'));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'phải bắt đầu bằng postgres:// hoặc postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CHISO_DATA_DIR: z.string().min(1).default('./data'),
  CHISO_ADMIN_PASSWORD: z.string().min(10, 'cần ít nhất 10 ký tự').optional().or(z.literal('').transform(() => undefined)),
  CHISO_DEMO: bool,
  CHISO_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  CHISO_SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  CHISO_UPLOAD_MAX_MB: z.coerce.number().positive().default(20),
  // One-stop exports run to a million rows (~200 MB); they stream, so their limit is separate.
  CHISO_IMPORT_MAX_MB: z.coerce.number().positive().default(2048),
  CHISO_SECURE_COOKIES: bool,
  CHISO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  demo: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  uploadMaxBytes: number;
  importMaxBytes: number;
  secureCookies: boolean;
  logLevel: string;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.CHISO_DATA_DIR,
    adminPassword: e.CHISO_ADMIN_PASSWORD,
    demo: e.CHISO_DEMO ?? true,
    sessionIdleMinutes: e.CHISO_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.CHISO_SESSION_MAX_HOURS,
    uploadMaxBytes: Math.round(e.CHISO_UPLOAD_MAX_MB * 1024 * 1024),
    importMaxBytes: Math.round(e.CHISO_IMPORT_MAX_MB * 1024 * 1024),
    secureCookies: e.CHISO_SECURE_COOKIES ?? false,
    logLevel: e.CHISO_LOG_LEVEL,
  });
}
