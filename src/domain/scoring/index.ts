// The one scoring engine: the web app, the API and the CLI all score through these functions.
export * from './collate';
export * from './declared';
export * from './points';
export * from './rank';
export * from './round';
export * from './score-unit';
export * from './what-if';
