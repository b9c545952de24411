// The anchor for start-up and latency: a bare Fastify answering a constant, on the same machine and launcher.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ status: 'ok' }));
app.get('/api/const', async () => ({ ok: true, items: [1, 2, 3] }));
await app.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
