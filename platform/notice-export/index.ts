export * from './render';
export * from './pdf';
export * from './store';
