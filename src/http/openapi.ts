import { z } from 'zod';
import type { RouteDef } from './route';

function jsonSchema(s: unknown) {
  try {
    return z.toJSONSchema(s as z.ZodType, { io: 'input', unrepresentable: 'any' });
  } catch {
    return {};
  }
}

/** OpenAPI 3.1 built from the same zod schemas that validate requests and responses. */
export function buildOpenApi(routes: RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const m of r.url.matchAll(/:([A-Za-z_]+)/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    if (r.query) {
      const js = jsonSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema });
      }
    }
    const access =
      r.access.kind === 'public'
        ? 'công khai'
        : r.access.kind === 'session'
          ? 'đã đăng nhập'
          : r.access.kind === 'scoped'
            ? `quyền ${r.access.permission} (chỉ các đơn vị được giao)`
            : `quyền ${r.access.permission}${r.access.unit ? ' trên đơn vị' : ' toàn tỉnh'}`;
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      description: `Truy cập: ${access}`,
      parameters,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
      ...(r.upload ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: r.response ? { 'application/json': { schema: jsonSchema(r.response) } } : { [r.produces ?? 'application/octet-stream']: {} },
        },
        '400': { description: 'Dữ liệu không hợp lệ', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...(r.access.kind !== 'public' ? { '401': { description: 'Chưa đăng nhập' }, '403': { description: 'Không có quyền' } } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'ChiSo API', version: '0.1.0', description: 'API của ChiSo — quản lý chỉ số cải cách hành chính' },
    paths,
    components: {
      schemas: { Error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'chiso_session' } },
    },
  };
}
