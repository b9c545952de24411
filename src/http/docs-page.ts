// A self-contained API docs page (no CDN: the CSP and offline installs forbid it).
export function docsPage(): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>ChiSo API</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="stylesheet" href="/api/docs.css"></head><body><h1>ChiSo API</h1>
<p>Tài liệu OpenAPI đầy đủ: <a href="/api/openapi.json">/api/openapi.json</a>. Lỗi trả về dạng <code>{ code, message }</code>.
Các yêu cầu thay đổi dữ liệu cần cookie phiên và header <code>X-CSRF-Token</code>.</p>
<div id="routes">Đang tải…</div><script src="/api/docs.js"></script></body></html>`;
}

export const docsScript = `fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
const el=document.getElementById('routes');el.textContent='';
for(const [p,ops] of Object.entries(doc.paths)){for(const [m,op] of Object.entries(ops)){
const d=document.createElement('details');const s=document.createElement('summary');
s.innerHTML='<b class="m '+m+'">'+m.toUpperCase()+'</b> <code></code> — <span></span>';
s.querySelector('code').textContent=p;s.querySelector('span').textContent=op.summary+' ('+op.description+')';
const pre=document.createElement('pre');pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);
d.append(s,pre);el.append(d);}}});`;

export const docsCss = `body{font-family:system-ui,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem;color:#1f2937}
summary{cursor:pointer;padding:.4rem 0}pre{background:#f3f4f6;padding:1rem;overflow:auto;font-size:12px}
.m{display:inline-block;width:4.5rem}.get{color:#047857}.post{color:#1d4ed8}.put,.patch{color:#b45309}.delete{color:#b91c1c}`;
