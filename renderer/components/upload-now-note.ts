// What 立即上传 says it did, from the upload status the kiosk answered: started on so many
// records, nothing waiting, or no district configured (so nothing can be sent). Pure.
import type { UploadStatus } from '../../contract/api';

export interface UploadNowNote {
  key: string;
  values?: Record<string, number>;
}

export function uploadNowNote(status: Pick<UploadStatus, 'state' | 'pending'>): UploadNowNote {
  if (status.state === 'off') return { key: 'forms.upload.not-configured' };
  if (status.pending === 0) return { key: 'forms.upload.nothing-waiting' };
  return { key: 'forms.upload.started', values: { count: status.pending } };
}
