export * from './model';
export * from './split';
export * from './risk-share';
export * from './statement';
export * from './import-published';
export * from './import-lines';
export * from './consolidate';
