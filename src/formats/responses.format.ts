// responses.csv (formats.md §Surveys): `response_id,form_code,unit_code,channel,submitted_at,<question codes…>`.
// Parsed one row at a time so the server and the CLI can stream a million rows with bounded memory.
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { type AnswerIssue, type Answers, validateAnswers } from '../domain/survey/answers';
import { type SurveyForm, answerCodes } from '../domain/survey/form';
import type { CsvRecord } from './csv';
import { FileFormatError, type RowIssue } from './file-format-error';
import { parseInstant } from './values';
import { parseTable } from './xlsx';

export const RESPONSE_COLUMNS = ['response_id', 'form_code', 'unit_code', 'channel', 'submitted_at'] as const;
export const RESPONSE_CHANNELS = ['qr', 'kiosk', 'web', 'interviewer', 'paper'] as const;
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];

export interface SurveyResponse {
  responseId: string;
  formCode: string;
  unitCode: string;
  channel: ResponseChannel;
  submittedAt: Date;
  /** checked and normalised answers (hidden questions removed) */
  answers: Answers;
  /** answers removed because their question was hidden by its showIf */
  dropped: AnswerIssue[];
}

export interface ResponseParseOptions {
  /** methodology/config/survey.json answers.defaultTextMaxLength */
  defaultTextMaxLength: number;
}

/** Stops collecting after this many issues so a wholly wrong file does not fill memory; the rest are counted. */
const MAX_ISSUES = 1000;

/**
 * A row parser bound to one form and one header. The header is checked at once (missing base column,
 * column that is no question of the form → FileFormatError on row 1); each row then yields a response or
 * pushes row-numbered issues. It remembers response ids to refuse duplicates.
 */
export class ResponseRowParser {
  readonly issues: RowIssue[] = [];
  /** issues past MAX_ISSUES, counted only */
  overflow = 0;
  private readonly seenIds = new Set<string>();
  private readonly questionColumns: string[];

  constructor(
    private readonly form: SurveyForm,
    readonly header: readonly string[],
    private readonly options: ResponseParseOptions,
  ) {
    const known = new Set(answerCodes(form));
    const headerIssues: RowIssue[] = RESPONSE_COLUMNS.filter((c) => !header.includes(c)).map((c) => ({
      row: 1,
      field: c,
      message: `Thiếu cột "${c}"`,
    }));
    const base = new Set<string>(RESPONSE_COLUMNS);
    this.questionColumns = header.filter((h) => !base.has(h));
    for (const h of this.questionColumns) {
      if (!known.has(h)) headerIssues.push({ row: 1, field: h, message: `cột "${h}" không phải mã câu hỏi nào của phiếu ${form.code}` });
    }
    const dup = header.filter((h, i) => header.indexOf(h) !== i);
    for (const h of new Set(dup)) headerIssues.push({ row: 1, field: h, message: `cột "${h}" bị lặp` });
    if (headerIssues.length > 0) throw new FileFormatError(headerIssues);
  }

  /** `row` is the file row (the header is row 1). Returns null when the row has errors. */
  parseRow(record: CsvRecord, row: number): SurveyResponse | null {
    const before = this.issues.length + this.overflow;
    const issue = (field: string, message: string) => {
      if (this.issues.length < MAX_ISSUES) this.issues.push({ row, field, message });
      else this.overflow++;
    };
    const responseId = record.response_id ?? '';
    if (responseId === '') issue('response_id', 'thiếu mã phiếu trả lời (response_id)');
    else if (this.seenIds.has(responseId)) issue('response_id', `mã phiếu trả lời "${responseId}" bị trùng`);
    else this.seenIds.add(responseId);

    const formCode = record.form_code ?? '';
    if (formCode !== this.form.code) issue('form_code', `mã phiếu khảo sát "${formCode}" khác phiếu đang dùng "${this.form.code}"`);

    const channel = record.channel ?? '';
    if (!(RESPONSE_CHANNELS as readonly string[]).includes(channel)) {
      issue('channel', `kênh "${channel}" không hợp lệ (chỉ nhận ${RESPONSE_CHANNELS.join(', ')})`);
    }

    const rawTime = record.submitted_at ?? '';
    const submittedAt = rawTime === '' ? null : parseInstant(rawTime);
    if (rawTime === '') issue('submitted_at', 'thiếu thời điểm nộp phiếu');
    else if (!submittedAt) issue('submitted_at', `thời điểm "${rawTime}" không hợp lệ (ISO 8601, ví dụ 2025-03-14T08:30:00+07:00)`);

    const raw: Record<string, string> = {};
    for (const c of this.questionColumns) raw[c] = record[c] ?? '';
    const checked = validateAnswers(this.form, raw, { defaultTextMaxLength: this.options.defaultTextMaxLength, enforceRequired: false });
    for (const i of checked.issues) if (i.severity === 'error') issue(i.question, i.message);

    if (this.issues.length + this.overflow > before) return null;
    return {
      responseId,
      formCode,
      unitCode: record.unit_code ?? '',
      channel: channel as ResponseChannel,
      submittedAt: submittedAt!,
      answers: checked.answers,
      dropped: checked.issues.filter((i) => i.severity === 'dropped'),
    };
  }

  /** Throws every collected issue at once, if any (call after the last row). */
  finish(): void {
    if (this.issues.length === 0) return;
    const shown = [...this.issues];
    if (this.overflow > 0) shown.push({ row: 0, field: '', message: `còn ${this.overflow} lỗi khác không liệt kê` });
    throw new FileFormatError(shown);
  }
}

/**
 * Reads responses from CSV text/stream or an .xlsx buffer and hands each valid response to `onResponse`.
 * Throws FileFormatError with all issues at the end: callers must treat what they received as
 * provisional until this resolves (the CLI prints nothing, the server rolls back).
 */
export async function forEachResponse(
  source: AsyncIterable<Buffer | string> | Buffer,
  form: SurveyForm,
  options: ResponseParseOptions,
  onResponse: (r: SurveyResponse) => void,
): Promise<void> {
  if (Buffer.isBuffer(source) && isZip(source)) {
    const { header, rows } = await parseTable(source);
    const parser = new ResponseRowParser(form, header, options);
    for (const [i, rec] of rows.entries()) emit(parser.parseRow(rec, i + 2), onResponse);
    return parser.finish();
  }
  const csv = parse({ bom: true, skip_empty_lines: true, relax_column_count: false, trim: false });
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : Readable.from(source);
  input.on('error', (err) => csv.destroy(err));
  input.pipe(csv);
  let parser: ResponseRowParser | undefined;
  let row = 0;
  try {
    for await (const cells of csv as AsyncIterable<string[]>) {
      row++;
      if (!parser) {
        parser = new ResponseRowParser(
          form,
          cells.map((h) => h.trim()),
          options,
        );
        continue;
      }
      const rec: CsvRecord = {};
      parser.header.forEach((h, i) => {
        rec[h] = (cells[i] ?? '').trim();
      });
      emit(parser.parseRow(rec, row), onResponse);
    }
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    const line = (err as { lines?: number }).lines;
    throw new FileFormatError([{ row: line ?? row + 1, field: '', message: `CSV không hợp lệ: ${(err as Error).message}` }]);
  }
  if (!parser) throw new FileFormatError([{ row: 1, field: '', message: 'Tệp rỗng: thiếu dòng tiêu đề' }]);
  parser.finish();
}

function emit(r: SurveyResponse | null, onResponse: (r: SurveyResponse) => void): void {
  if (r) onResponse(r);
}

function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

/** Streams a CSV file from disk (an .xlsx is read whole: the zip format needs random access). */
export async function forEachResponseInFile(
  path: string,
  form: SurveyForm,
  options: ResponseParseOptions,
  onResponse: (r: SurveyResponse) => void,
): Promise<void> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(4);
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (isZip(head)) return forEachResponse(await readFile(path), form, options, onResponse);
  return forEachResponse(createReadStream(path), form, options, onResponse);
}
