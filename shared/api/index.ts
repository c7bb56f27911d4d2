export * from './app';
export * from './contract';
export * from './data';
export * from './errors';
export * from './plans';
export * from './pools';
export * from './returns';
export * from './workbooks';
