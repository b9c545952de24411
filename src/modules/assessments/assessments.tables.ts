// Filled in by the assessments feature's migrations.
// biome-ignore lint/complexity/noBannedTypes: placeholder until the feature's tables land
export type AssessmentTables = {};
