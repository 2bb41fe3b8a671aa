// The contract's upload operations: "upload now" for the guard and the admin, and the batches
// the district set aside, which the admin may send again.
import type { Handlers } from '../../contract/api';
import type { UploadService } from './upload-service';

type UploadOperation = 'uploadNow' | 'quarantinedBatches' | 'retryBatch';

export function uploadHandlers(upload: UploadService): Pick<Handlers, UploadOperation> {
  return {
    async uploadNow() {
      return upload.uploadNow();
    },
    async quarantinedBatches() {
      return upload.quarantined();
    },
    async retryBatch({ batchId }) {
      return { retried: upload.retry(batchId) };
    },
  };
}
