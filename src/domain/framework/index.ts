export * from './schema';
export * from './tree';
export * from './types';
export * from './validate';
