// The public results page (/cong-khai/ket-qua): the published decision's table — points, percent, band and
// rank per unit group, with the change against last year. No login, no antd; readable on a phone.
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import './results-public.css';

interface PublishedCycle {
  id: number;
  name: string;
  year: number;
  publishedAt: string | null;
}
interface PublicUnit {
  unitCode: string;
  unitName: string;
  points: number;
  maxPoints: number;
  percent: number | null;
  band: string | null;
  rank: number | null;
  of: number;
  areas: { code: string; points: number; maxPoints: number; percent: number | null; rank: number | null }[];
  change: { points: number; percent: number | null; rank: number | null } | null;
}
interface PublicResults {
  cycle: PublishedCycle;
  groups: { unitGroup: string; framework: { code: string; name: string; areas: { code: string; title: string }[] }; units: PublicUnit[] }[];
}

const GROUP_LABELS: Record<string, string> = { department: 'Sở, ban, ngành', commune: 'UBND xã, phường', district: 'UBND huyện (trước 01/7/2025)', province: 'Cấp tỉnh' };
const nf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : nf.format(n));
const fmtDate = (iso: string | null) => (iso ? new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso)) : '');

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.message ?? `Lỗi ${res.status}`);
  return body as T;
}

function Change({ c }: { c: PublicUnit['change'] }) {
  if (!c || c.rank === null) return <span className="rp-muted">—</span>;
  if (c.rank > 0) return <span className="rp-up" title={`Tăng ${c.rank} bậc`}>▲ {c.rank}</span>;
  if (c.rank < 0) return <span className="rp-down" title={`Giảm ${-c.rank} bậc`}>▼ {-c.rank}</span>;
  return <span className="rp-muted" title="Giữ nguyên thứ hạng">＝</span>;
}

export default function ResultsPublicPage() {
  const [search, setSearch] = useSearchParams();
  const [cycles, setCycles] = useState<PublishedCycle[] | null>(null);
  const [results, setResults] = useState<PublicResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const selected = Number(search.get('ky')) || cycles?.[0]?.id;

  useEffect(() => {
    getJson<PublishedCycle[]>('/api/public/results').then(setCycles, (e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    if (!selected) return;
    setResults(null);
    getJson<PublicResults>(`/api/public/results/${selected}`).then(setResults, (e: Error) => setError(e.message));
  }, [selected]);

  const q = query.trim().toLocaleLowerCase('vi');
  const groups = useMemo(
    () => results?.groups.map((g) => ({ ...g, units: q ? g.units.filter((u) => u.unitName.toLocaleLowerCase('vi').includes(q) || u.unitCode.toLowerCase().includes(q)) : g.units })),
    [results, q],
  );

  return (
    <div className="rp-page">
      <header className="rp-head">
        <div className="rp-wrap">
          <h1>Kết quả Chỉ số cải cách hành chính</h1>
          <div className="rp-sub">Công bố theo quyết định của UBND tỉnh · dữ liệu mẫu</div>
        </div>
      </header>
      <main className="rp-wrap">
        {error && <div className="rp-error" role="alert">{error}</div>}
        {cycles && cycles.length === 0 && <p>Chưa có kỳ đánh giá nào được công bố.</p>}
        {cycles && cycles.length > 0 && (
          <div className="rp-bar">
            <label>
              Kỳ đánh giá{' '}
              <select value={selected} onChange={(e) => setSearch({ ky: e.target.value })}>
                {cycles.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <input type="search" placeholder="Tìm đơn vị…" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Tìm đơn vị" />
          </div>
        )}
        {results && <p className="rp-muted">Công bố ngày {fmtDate(results.cycle.publishedAt)}. Thứ hạng xếp trong từng nhóm đơn vị; ▲▼ so với năm trước.</p>}
        {groups?.map((g) => (
          <section key={g.unitGroup} className="rp-card">
            <h2>
              {GROUP_LABELS[g.unitGroup] ?? g.unitGroup} <span className="rp-muted">({g.units.length} đơn vị)</span>
            </h2>
            <div className="rp-scroll">
              <table className="rp-table">
                <thead>
                  <tr>
                    <th>Hạng</th>
                    <th className="rp-name">Đơn vị</th>
                    <th>Điểm</th>
                    <th>Tỷ lệ</th>
                    <th>Xếp loại</th>
                    <th>So với năm trước</th>
                    {g.framework.areas.map((a) => (
                      <th key={a.code} title={a.title} className="rp-area">
                        LV {a.code}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {g.units.map((u) => (
                    <tr key={u.unitCode}>
                      <td className="rp-rank">{u.rank ?? '—'}</td>
                      <td className="rp-name">{u.unitName}</td>
                      <td>
                        {fmt(u.points)}/{fmt(u.maxPoints)}
                      </td>
                      <td>{u.percent === null ? '—' : `${fmt(u.percent)} %`}</td>
                      <td>{u.band ? <span className="rp-band">{u.band}</span> : '—'}</td>
                      <td>
                        <Change c={u.change} />
                      </td>
                      {u.areas.map((a) => (
                        <td key={a.code} className="rp-area" title={`Lĩnh vực ${a.code}: ${fmt(a.points)}/${fmt(a.maxPoints)} điểm, hạng ${a.rank ?? '—'}`}>
                          {fmt(a.points)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="rp-muted rp-legend">{g.framework.areas.map((a) => `LV ${a.code}: ${a.title}`).join(' · ')}</p>
          </section>
        ))}
      </main>
    </div>
  );
}
