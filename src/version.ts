import { createRequire } from 'node:module';

// package.json sits one folder up from both src/ and the bundled dist/.
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
