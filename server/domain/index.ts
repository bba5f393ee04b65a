/** The domain core: pure functions from pages to agreement systems, matrices and comparisons. */
export * from './types';
export * from './normalize';
export * from './framework';
export * from './tags';
export * from './blocks';
export * from './facts';
export * from './catalog';
export * from './matrix';
export * from './compare';
export * from './navigation';
export * from './validate';
export * from './messages';
export * from './history';
