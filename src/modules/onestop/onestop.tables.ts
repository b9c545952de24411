// Filled in by the onestop feature's migrations.
// biome-ignore lint/complexity/noBannedTypes: placeholder until the feature's tables land
export type OnestopTables = {};
