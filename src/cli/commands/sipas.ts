// `chiso sipas --form F.json --responses R.csv [--by unit] [--format csv|json]` (formats.md §The command line).
import { readFile } from 'node:fs/promises';
import { type SipasRow, SipasAccumulator } from '../../domain/survey/sipas';
import { loadSurveyConfig } from '../../domain/survey/survey-config';
import { toCsv } from '../../formats/csv';
import { FileFormatError } from '../../formats/file-format-error';
import { forEachResponseInFile } from '../../formats/responses.format';
import { SurveyFormError, parseSurveyForm } from '../../formats/survey-form.format';
import { parseArgs, requireOption } from '../args';
import { CliError } from '../cli-error';

export const SIPAS_COLUMNS = ['unit_code', 'element', 'index', 'n', 'ci_low', 'ci_high'] as const;

export async function run(args: string[]): Promise<number> {
  const { options, positional } = parseArgs(args, { strings: ['form', 'responses', 'by', 'format'] });
  if (positional.length > 0) throw new CliError(`tham số thừa: ${positional.join(' ')}`, 2);
  const formPath = requireOption(options, 'form');
  const responsesPath = requireOption(options, 'responses');
  const by = options.by;
  if (by !== undefined && by !== 'unit') throw new CliError(`--by chỉ nhận giá trị "unit" (đang là "${by}")`, 2);
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new CliError(`--format chỉ nhận csv hoặc json (đang là "${format}")`, 2);

  const config = loadSurveyConfig();
  const form = await readForm(formPath);
  const acc = new SipasAccumulator(form, { satisfiedFrom: config.satisfiedFrom, z: config.wilsonZ });
  try {
    await forEachResponseInFile(responsesPath, form, { defaultTextMaxLength: config.defaultTextMaxLength }, (r) =>
      acc.add(by === 'unit' ? r.unitCode : '', r.answers),
    );
  } catch (err) {
    if (err instanceof FileFormatError) throw new CliError(`tệp phiếu trả lời ${responsesPath} không hợp lệ:\n${err.message}`);
    if (isNotFound(err)) throw new CliError(`không đọc được tệp ${responsesPath}`);
    throw err;
  }
  if (acc.elements.length === 0) throw new CliError(`phiếu ${form.code} không có câu hỏi thang 5 mức nào gắn yếu tố SIPAS (element 1–5)`);

  const rows = acc.rows();
  process.stdout.write(format === 'json' ? `${JSON.stringify(rows.map(toJson), null, 2)}\n` : toCsv(SIPAS_COLUMNS, rows.map(toCsvRow)));
  return 0;
}

async function readForm(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError(`không đọc được tệp phiếu ${path}`);
  }
  try {
    return parseSurveyForm(text);
  } catch (err) {
    if (err instanceof SurveyFormError) throw new CliError(`tệp phiếu ${path} không hợp lệ:\n${err.message}`);
    throw err;
  }
}

const pct = (x: number | null) => (x === null ? '' : x.toFixed(2));

function toCsvRow(r: SipasRow): unknown[] {
  return [r.unitCode, r.element, pct(r.index), r.n ?? '', pct(r.ciLow), pct(r.ciHigh)];
}

function toJson(r: SipasRow) {
  return { unit_code: r.unitCode, element: r.element, index: r.index, n: r.n, ci_low: r.ciLow, ci_high: r.ciHigh };
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES';
}
