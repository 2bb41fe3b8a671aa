// The day's entry log as a download for the admin console, the same file `npm run export`
// writes. Full ID numbers only when asked by name: dispatch() audits the request (the input,
// which holds the flag and never an ID number).
import { z } from 'zod';

export const exportFormatSchema = z.enum(['xlsx', 'csv', 'pdf']);

export const exportOperations = {
  exportDay: {
    access: 'admin',
    input: z
      .object({
        /** The Beijing calendar day. */
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD'),
        format: exportFormatSchema,
        fullIdNumbers: z.boolean(),
      })
      .strict(),
    output: z.object({
      fileName: z.string(),
      mimeType: z.string(),
      base64: z.string(),
      rows: z.number().int(),
    }),
  },
} as const;
