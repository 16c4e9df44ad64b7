import pkg from '../package.json' with { type: 'json' };

/** Recorded in every results record, so that a number can be traced to the code that made it. */
export const APP_VERSION: string = pkg.version;
