// 立即上传 says what it did: started on N records, nothing waiting, or no district configured.
import { describe, expect, it } from 'vitest';
import { uploadNowNote } from '../../../../renderer/components/upload-now-note';

describe('what 立即上传 says', () => {
  it.each([
    [{ state: 'off', pending: 12 }, { key: 'forms.upload.not-configured' }],
    [{ state: 'idle', pending: 0 }, { key: 'forms.upload.nothing-waiting' }],
    [
      { state: 'sending', pending: 12 },
      { key: 'forms.upload.started', values: { count: 12 } },
    ],
    [
      { state: 'retrying', pending: 3 },
      { key: 'forms.upload.started', values: { count: 3 } },
    ],
  ] as const)('%o → %o', (status, note) => {
    expect(uploadNowNote(status)).toEqual(note);
  });
});
