export * from './render';
export * from './store';
