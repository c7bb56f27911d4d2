export * from './app';
export * from './contract';
export * from './errors';
export * from './plans';
export * from './workbooks';
