// The kiosk's storage state for the gate screen: read from `status` when the screen opens (so
// an alarm raised before it opened is shown at once), then followed through `storage` events,
// and read again now and then in case an event was missed. Releases everything on unmount.
import { useEffect, useState } from 'react';
import type { StorageStatus } from '../../contract/api';
import type { KioskClient } from '../../contract/client';

const refreshMs = 30_000;
const retryMs = 5000;

export function useStorageStatus(client: KioskClient): StorageStatus | null {
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = client.subscribe('storage', (status) => setStorage(status));
    const load = async (): Promise<void> => {
      let wait = refreshMs;
      try {
        const status = await client.call('status', {});
        if (!cancelled) setStorage(status.storage ?? null);
      } catch {
        // The gate screen already says when the backend cannot be reached; try again soon.
        wait = retryMs;
      }
      if (!cancelled) timer = setTimeout(() => void load(), wait);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [client]);
  return storage;
}
