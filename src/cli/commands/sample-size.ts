// `chiso sample-size --population N [--margin 0.05]` → n = ⌈N ÷ (1 + N·e²)⌉ on the first line.
import { sampleSize } from '../../domain/survey/sample-size';
import { loadSurveyConfig } from '../../domain/survey/survey-config';
import { parseArgs, requireOption } from '../args';
import { CliError } from '../cli-error';

export async function run(args: string[]): Promise<number> {
  const { options, positional } = parseArgs(args, { strings: ['population', 'margin'] });
  if (positional.length > 0) throw new CliError(`tham số thừa: ${positional.join(' ')}`, 2);
  const rawN = requireOption(options, 'population').trim();
  if (!/^\d+$/.test(rawN) || !Number.isSafeInteger(Number(rawN)) || Number(rawN) < 1) {
    throw new CliError(`--population phải là số nguyên dương (đang là "${rawN}")`, 2);
  }
  let margin = loadSurveyConfig().defaultMargin;
  if (options.margin !== undefined) {
    const rawE = options.margin.trim();
    margin = Number(rawE);
    if (!/^\d*\.?\d+$/.test(rawE) || !(margin > 0 && margin < 1)) {
      throw new CliError(`--margin phải là số lớn hơn 0 và nhỏ hơn 1, dùng dấu chấm thập phân (ví dụ 0.05; đang là "${rawE}")`, 2);
    }
  }
  process.stdout.write(`${sampleSize(Number(rawN), margin)}\n`);
  return 0;
}
