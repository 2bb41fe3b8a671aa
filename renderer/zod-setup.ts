// Imported first by main.tsx: the page's Content-Security-Policy forbids eval, and zod probes
// `new Function` while the contract's schemas are built at import time unless told not to.
// It must stay the first import, before anything that imports the contract.
import { config } from 'zod';

config({ jitless: true });
