// The interviewer's device storage (IndexedDB through idb): the campaign bundle for offline work and an
// outbox of responses with ids made on the device. A response leaves the outbox only once the server has
// answered for it (stored, duplicate or rejected), so nothing is lost and a replay never counts twice.
import { type DBSchema, openDB } from 'idb';
import type { AnswerMap, SurveyFormDef } from './form-types';

export interface Bundle {
  campaigns: { code: string; name: string; form: SurveyFormDef; units: { code: string; name: string }[] }[];
  fetchedAt: string;
}

export interface OutboxItem {
  clientId: string;
  campaign: string;
  unit: string;
  submittedAt: string;
  startedAt: string;
  answers: AnswerMap;
  dossierCode?: string;
}

export interface RejectedItem extends OutboxItem {
  message: string;
}

interface IvDb extends DBSchema {
  bundle: { key: string; value: Bundle };
  outbox: { key: string; value: OutboxItem };
  rejected: { key: string; value: RejectedItem };
  meta: { key: string; value: string };
}

const dbp = () =>
  openDB<IvDb>('chiso-interviewer', 1, {
    upgrade(db) {
      db.createObjectStore('bundle');
      db.createObjectStore('outbox', { keyPath: 'clientId' });
      db.createObjectStore('rejected', { keyPath: 'clientId' });
      db.createObjectStore('meta');
    },
  });

export const store = {
  async bundle() {
    return (await dbp()).get('bundle', 'current');
  },
  async saveBundle(b: Bundle) {
    await (await dbp()).put('bundle', b, 'current');
  },
  async enqueue(item: OutboxItem) {
    await (await dbp()).put('outbox', item);
  },
  async outbox() {
    return (await dbp()).getAll('outbox');
  },
  async rejected() {
    return (await dbp()).getAll('rejected');
  },
  async settle(results: { clientId: string; status: 'stored' | 'duplicate' | 'rejected'; message?: string }[]) {
    const db = await dbp();
    const tx = db.transaction(['outbox', 'rejected'], 'readwrite');
    for (const r of results) {
      const item = await tx.objectStore('outbox').get(r.clientId);
      if (!item) continue;
      if (r.status === 'rejected') await tx.objectStore('rejected').put({ ...item, message: r.message ?? '' });
      await tx.objectStore('outbox').delete(r.clientId);
    }
    await tx.done;
  },
  async device() {
    const db = await dbp();
    let id = await db.get('meta', 'device');
    if (!id) {
      id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
      await db.put('meta', id, 'device');
    }
    return id;
  },
};
