// Builds the web app once (or always with --force) so `npm start` works on a fresh clone.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (process.argv.includes('--force') || !existsSync('dist/web/index.html')) {
  console.log('Đang dựng giao diện web (vite build)…');
  execSync('npx vite build', { stdio: 'inherit' });
}
