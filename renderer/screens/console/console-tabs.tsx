// The admin console's pages, in the order the tabs show them. Each area adds its page here:
// one line, a translation key `console.tab.<id>` and the component. Nothing else routes.
import type { ReactNode } from 'react';
import type { KioskClient } from '../../../electron/contract/client';
import { DeviceSettingsScreen } from '../DeviceSettingsScreen';

export interface ConsoleTab {
  id: string;
  render: (client: KioskClient) => ReactNode;
}

export const consoleTabs: ConsoleTab[] = [
  { id: 'devices', render: (client) => <DeviceSettingsScreen client={client} /> },
];

/** The page `#admin/<id>` names, or the first page. `#settings` is the devices page. */
export function tabFromHash(hash: string): ConsoleTab {
  const id = hash === '#settings' ? 'devices' : hash.replace(/^#admin\/?/, '');
  return consoleTabs.find((tab) => tab.id === id) ?? (consoleTabs[0] as ConsoleTab);
}

export function isConsoleHash(hash: string): boolean {
  return hash === '#settings' || hash === '#admin' || hash.startsWith('#admin/');
}
