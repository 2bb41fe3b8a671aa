// The admin console's pages, in the order the tabs show them. Each area adds its page here:
// one line, a translation key `console.tab.<id>` and the component. Nothing else routes.
// An admin sees every page; the school doctor or a class teacher (role health) only the absence
// register, the return certificates and the fever cases; a guard none (the gate keeps them out).
import type { ReactNode } from 'react';
import type { KioskClient } from '../../../contract/client';
import type { ActorView } from '../../../contract/api';
import { DeviceSettingsScreen } from '../DeviceSettingsScreen';
import { FeverCasesScreen } from './FeverCasesScreen';
import { AbsencesScreen } from './AbsencesScreen';
import { CertificatesScreen } from './CertificatesScreen';
import { TodayScreen } from './TodayScreen';
import { AppointmentsScreen } from './AppointmentsScreen';
import { DutyScreen } from './DutyScreen';
import { RequestsScreen } from './RequestsScreen';
import { PolicyScreen } from './PolicyScreen';
import { RosterScreen } from './RosterScreen';
import { ExportScreen } from './ExportScreen';
import { AccountsScreen } from './AccountsScreen';
import { AuditScreen } from './AuditScreen';

type Role = ActorView['role'];

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
  { id: 'absences', render: (client) => <AbsencesScreen client={client} /> },
  { id: 'certificates', render: (client) => <CertificatesScreen client={client} /> },
  { id: 'requests', render: (client) => <RequestsScreen client={client} /> },
  { id: 'policy', render: (client) => <PolicyScreen client={client} /> },
  { id: 'roster', render: (client) => <RosterScreen client={client} /> },
  { id: 'export', render: (client) => <ExportScreen client={client} /> },
  { id: 'accounts', render: (client) => <AccountsScreen client={client} /> },
  { id: 'audit', render: (client) => <AuditScreen client={client} /> },
];

/** The pages a health account may open, its first page first; an admin may open every page. */
const healthTabs = ['absences', 'certificates', 'cases'];

/** The pages this role sees, in the order of the tab bar; none for a guard. */
export function tabsFor(role: Role): ConsoleTab[] {
  if (role === 'admin') return consoleTabs;
  if (role === 'guard') return [];
  return consoleTabs.filter((tab) => healthTabs.includes(tab.id));
}

/** The page a role lands on when the address names none it may see. */
function homeOf(role: Role): string {
  return role === 'admin' ? 'devices' : (healthTabs[0] as string);
}

/**
 * The page `#admin/<id>` names, if this role may see it, else the role's first page (null for a
 * guard). `#settings` is the devices page.
 */
export function tabFromHash(hash: string, role: Role = 'admin'): ConsoleTab | null {
  const id = hash === '#settings' ? 'devices' : hash.replace(/^#admin\/?/, '');
  const visible = tabsFor(role);
  return (
    visible.find((tab) => tab.id === id) ?? visible.find((tab) => tab.id === homeOf(role)) ?? null
  );
}

export function isConsoleHash(hash: string): boolean {
  return hash === '#settings' || hash === '#admin' || hash.startsWith('#admin/');
}
