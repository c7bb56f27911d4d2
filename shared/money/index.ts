export * from './pence';
export * from './parse';
export * from './format';
export * from './decimal';
export * from './allocate';
export * from './bounds';
