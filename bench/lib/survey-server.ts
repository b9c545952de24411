// `chiso serve` exactly as an operator starts it, except that the public submission limits are raised
// first: the load generator sends every submission from one address (127.0.0.1). The limits stay in force
// (checkSubmissionRate still runs on every request), only with a ceiling the benchmark never reaches.
// CHISO_BENCH_SUBMISSION_LIMIT: submissions per address and per device per window (default 1e9).
import { main } from '../../src/cli/main';
import { setSubmissionLimits } from '../../src/modules/surveys/surveys.limits';

const limit = Number(process.env.CHISO_BENCH_SUBMISSION_LIMIT ?? 1e9);
setSubmissionLimits({ perAddress: limit, perDevice: limit });
process.exitCode = await main(['serve']);
