// Interviewer mode (/interviewer): works offline. The campaign bundle is cached on the device; each filled
// form goes to an IndexedDB outbox with an id made on the device; sync sends the outbox in batches whenever
// the network is back, and the server's unique device ids make a replayed batch harmless.
import { useCallback, useEffect, useState } from 'react';
import { FormRenderer } from './FormRenderer';
import { type AnswerMap, deviceId, missingRequired, visibleAnswers } from './form-types';
import { type Bundle, type OutboxItem, type RejectedItem, store } from './interviewer-store';
import './survey.css';

const SYNC_EVERY_MS = 30_000;
const BATCH = 100;

function csrf(): string {
  const m = document.cookie.match(/(?:^|;\s*)chiso_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

/**
 * Makes the app installable and openable with no network: a manifest, and a service worker (web/public/interviewer-sw.js)
 * that keeps this page and the scripts it loaded. The worker appears after the first load, so the page hands it the
 * list of what it already loaded.
 */
function installOffline() {
  if (!document.querySelector('link[rel="manifest"]')) {
    const link = document.createElement('link');
    link.rel = 'manifest';
    link.href = '/interviewer.webmanifest';
    document.head.appendChild(link);
  }
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/interviewer-sw.js', { scope: '/interviewer' })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      const loaded = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => new URL(u).origin === location.origin && new URL(u).pathname.startsWith('/assets/'));
      reg.active?.postMessage({ cache: ['/interviewer', ...loaded] });
    })
    .catch(() => {
      /* no service worker (private mode, old browser): the app still works while the page stays open */
    });
}

export default function InterviewerPage() {
  const [online, setOnline] = useState(navigator.onLine);
  const [bundle, setBundle] = useState<Bundle | null>(null);
  const [outbox, setOutbox] = useState<OutboxItem[]>([]);
  const [rejected, setRejected] = useState<RejectedItem[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [needLogin, setNeedLogin] = useState(false);
  const [campaign, setCampaign] = useState('');
  const [unit, setUnit] = useState('');
  const [answers, setAnswers] = useState<AnswerMap>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [startedAt, setStartedAt] = useState(new Date().toISOString());
  const [syncing, setSyncing] = useState(false);

  const refreshLocal = useCallback(async () => {
    setOutbox(await store.outbox());
    setRejected(await store.rejected());
  }, []);

  const fetchBundle = useCallback(async () => {
    try {
      const res = await fetch('/api/surveys/interviewer/bundle', { credentials: 'same-origin' });
      if (res.status === 401 || res.status === 403) {
        setNeedLogin(true);
        return;
      }
      if (!res.ok) return;
      const b = (await res.json()) as Bundle;
      await store.saveBundle(b);
      setBundle(b);
      setNeedLogin(false);
    } catch {
      /* offline: keep the cached bundle */
    }
  }, []);

  const sync = useCallback(async () => {
    if (!navigator.onLine) return;
    setSyncing(true);
    try {
      const device = await store.device();
      let pending = await store.outbox();
      while (pending.length) {
        const batch = pending.slice(0, BATCH);
        const res = await fetch('/api/surveys/interviewer/sync', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf() },
          body: JSON.stringify({ device, responses: batch.map(({ dossierCode, ...r }) => ({ ...r, ...(dossierCode ? { dossierCode } : {}) })) }),
        });
        if (res.status === 401 || res.status === 403) {
          setNeedLogin(true);
          break;
        }
        if (!res.ok) break; // server busy or down: everything stays in the outbox for the next try
        const { results } = (await res.json()) as { results: { clientId: string; status: 'stored' | 'duplicate' | 'rejected'; message?: string }[] };
        await store.settle(results);
        setNote(`Đã đồng bộ ${results.filter((r) => r.status !== 'rejected').length} phiếu`);
        pending = await store.outbox();
      }
    } catch {
      /* network dropped mid-batch: the server may have stored some; their ids make the retry harmless */
    } finally {
      setSyncing(false);
      await refreshLocal();
    }
  }, [refreshLocal]);

  useEffect(installOffline, []);

  useEffect(() => {
    void (async () => {
      setBundle((await store.bundle()) ?? null);
      await refreshLocal();
      await fetchBundle();
      await sync();
    })();
    const on = () => {
      setOnline(true);
      void sync();
    };
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    const timer = setInterval(() => void sync(), SYNC_EVERY_MS);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
      clearInterval(timer);
    };
  }, [fetchBundle, refreshLocal, sync]);

  const current = bundle?.campaigns.find((c) => c.code === campaign) ?? null;

  async function save() {
    if (!current || !unit) return;
    const miss = missingRequired(current.form, answers);
    setMissing(miss);
    if (miss.length) {
      setNote('Còn câu bắt buộc chưa trả lời');
      return;
    }
    await store.enqueue({ clientId: `iv-${deviceId()}`, campaign: current.code, unit, submittedAt: new Date().toISOString(), startedAt, answers: visibleAnswers(current.form, answers) });
    setAnswers({});
    setMissing([]);
    setStartedAt(new Date().toISOString());
    setNote('Đã lưu phiếu trên thiết bị');
    await refreshLocal();
    void sync();
  }

  return (
    <div className="sv-page">
      <header className="sv-head">
        <h1>Điều tra viên — phiếu khảo sát</h1>
        <div className="sv-sub">Làm việc được khi không có mạng; phiếu tự đồng bộ khi có mạng trở lại.</div>
      </header>
      <main className="sv-wrap">
        <div className="sv-card iv-bar">
          <span className={`iv-pill ${online ? 'iv-on' : 'iv-off'}`} data-testid="iv-online">
            {online ? 'Đang trực tuyến' : 'Ngoại tuyến'}
          </span>
          <span data-testid="iv-outbox">Chờ đồng bộ: {outbox.length}</span>
          <button type="button" className="sv-btn sv-ghost" disabled={syncing || !online} onClick={() => void sync()}>
            {syncing ? 'Đang đồng bộ…' : 'Đồng bộ ngay'}
          </button>
        </div>
        {needLogin && (
          <div className="sv-error">
            Phiên đăng nhập đã hết hoặc tài khoản không có quyền điều tra viên. <a href="/">Đăng nhập</a> rồi mở lại trang này; các phiếu đã lưu trên thiết bị vẫn còn nguyên.
          </div>
        )}
        {note && <div className="sv-ok">{note}</div>}
        {!bundle && !needLogin && <p>Đang tải danh sách đợt khảo sát…</p>}
        {bundle && (
          <div className="sv-card">
            <label className="sv-label" htmlFor="iv-campaign">
              Đợt khảo sát
            </label>
            <select id="iv-campaign" className="sv-select" value={campaign} onChange={(e) => { setCampaign(e.target.value); setUnit(''); setAnswers({}); }}>
              <option value="">— Chọn đợt khảo sát —</option>
              {bundle.campaigns.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
            {current && (
              <>
                <label className="sv-label" htmlFor="iv-unit" style={{ marginTop: 12 }}>
                  Đơn vị được đánh giá
                </label>
                <select id="iv-unit" className="sv-select" value={unit} onChange={(e) => setUnit(e.target.value)}>
                  <option value="">— Chọn đơn vị —</option>
                  {current.units.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </>
            )}
            <p className="sv-note">Dữ liệu đợt khảo sát tải lúc {new Date(bundle.fetchedAt).toLocaleString('vi-VN')}</p>
          </div>
        )}
        {current && unit && (
          <>
            <FormRenderer form={current.form} answers={answers} missing={missing} onChange={(c, v) => setAnswers((a) => { const n = { ...a }; if (v === undefined) delete n[c]; else n[c] = v; return n; })} />
            <div className="sv-actions">
              <span />
              <button type="button" className="sv-btn" onClick={() => void save()} data-testid="iv-save">
                Lưu phiếu
              </button>
            </div>
          </>
        )}
        {rejected.length > 0 && (
          <div className="sv-card">
            <b>Phiếu bị máy chủ từ chối ({rejected.length})</b>
            <ul className="iv-list">
              {rejected.map((r) => (
                <li key={r.clientId}>
                  {r.unit} · {new Date(r.submittedAt).toLocaleString('vi-VN')}: {r.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </main>
    </div>
  );
}
