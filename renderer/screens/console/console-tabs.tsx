// The admin console's pages, in the order the tabs show them. Each area adds its page here:
// one line, a translation key `console.tab.<id>` and the component. Nothing else routes.
import type { ReactNode } from 'react';
import type { KioskClient } from '../../../contract/client';
import { DeviceSettingsScreen } from '../DeviceSettingsScreen';
import { FeverCasesScreen } from './FeverCasesScreen';
import { TodayScreen } from './TodayScreen';
import { AppointmentsScreen } from './AppointmentsScreen';
import { DutyScreen } from './DutyScreen';
import { RequestsScreen } from './RequestsScreen';
import { PolicyScreen } from './PolicyScreen';
import { RosterScreen } from './RosterScreen';
import { ExportScreen } from './ExportScreen';
import { AccountsScreen } from './AccountsScreen';
import { AuditScreen } from './AuditScreen';

export interface ConsoleTab {
  id: string;
  render: (client: KioskClient) => ReactNode;
}

export const consoleTabs: ConsoleTab[] = [
  { id: 'devices', render: (client) => <DeviceSettingsScreen client={client} /> },
  { id: 'appointments', render: (client) => <AppointmentsScreen client={client} /> },
  { id: 'duty', render: (client) => <DutyScreen client={client} /> },
  { id: 'today', render: (client) => <TodayScreen client={client} /> },
  { id: 'cases', render: (client) => <FeverCasesScreen client={client} /> },
  { id: 'requests', render: (client) => <RequestsScreen client={client} /> },
  { id: 'policy', render: (client) => <PolicyScreen client={client} /> },
  { id: 'roster', render: (client) => <RosterScreen client={client} /> },
  { id: 'export', render: (client) => <ExportScreen client={client} /> },
  { id: 'accounts', render: (client) => <AccountsScreen client={client} /> },
  { id: 'audit', render: (client) => <AuditScreen client={client} /> },
];

/** The page `#admin/<id>` names, or the first page. `#settings` is the devices page. */
export function tabFromHash(hash: string): ConsoleTab {
  const id = hash === '#settings' ? 'devices' : hash.replace(/^#admin\/?/, '');
  return consoleTabs.find((tab) => tab.id === id) ?? (consoleTabs[0] as ConsoleTab);
}

export function isConsoleHash(hash: string): boolean {
  return hash === '#settings' || hash === '#admin' || hash.startsWith('#admin/');
}
