// Typed one-stop records (formats.md "Procedures" and "Dossiers"), independent of any file format.

export type OnlineLevel = 'full' | 'partial' | 'none';
export type DossierChannel = 'online' | 'direct' | 'postal';

export interface Procedure {
  code: string;
  name: string;
  sector: string;
  level: string;
  /** Working days the province applies (used for due dates); null when the procedure is timed in hours. */
  processingDays: number | null;
  /** Optional extra column `processing_hours`: office hours, for procedures "giải quyết trong N giờ". */
  processingHours: number | null;
  onlineLevel: OnlineLevel | null;
  feeVnd: number | null;
  /** The province's reduction of the national legal time, in percent. */
  cutPercent: number | null;
  /** Optional extra column `unit_code`: the unit that handles it, for summaries per unit. */
  unitCode: string | null;
}

export interface Dossier {
  dossierCode: string;
  procedureCode: string;
  unitCode: string;
  channel: DossierChannel;
  receivedAt: Date | null;
  dueAt: Date | null;
  resolvedAt: Date | null;
  returnedAt: Date | null;
  /** Portal status code 1–10 (domain.md); null when the export leaves it empty. */
  status: number | null;
  pausedDays: number;
  apologyAt: Date | null;
  newDueAt: Date | null;
  paidOnline: boolean;
  digitized: boolean;
  eResult: boolean;
  rating: number | null;
}
