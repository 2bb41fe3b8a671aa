// The admin's district settings (docs/installer.md: Upload to the district): shown from the config
// file, saved into its `district` section atomically (config.ts). The secret is write-only: never
// answered or logged, only whether one is set. The uploader reads them at start, so a change
// takes effect after a restart, and the view says whether the running one uses them yet.
import { existsSync } from 'node:fs';
import {
  ConfigError,
  loadConfig,
  saveDistrictSettings,
  type DistrictConfig,
} from '../config/config';
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { formatFieldProblems, type FieldProblems } from '../../contract/field-problems';
import type {
  DistrictSettingsInput,
  DistrictSettingsView,
} from '../../contract/operations/district-operations';
import { isLoopbackHost } from './district-transport';

/** The district's secret is at least this long (config.ts says so too). */
const secretMinimum = 16;

export interface DistrictSettingsOptions {
  configFile: string;
  /** What the running uploader was started with; undefined: no district. */
  running: DistrictConfig | undefined;
}

export function districtSettingsHandlers(
  options: DistrictSettingsOptions,
): Pick<Handlers, 'districtSettings' | 'saveDistrictSettings'> {
  const { configFile, running } = options;
  const saved = (): DistrictConfig | undefined => {
    try {
      return existsSync(configFile) ? loadConfig(configFile).district : undefined;
    } catch (error) {
      throw new ApiError('unavailable', (error as Error).message);
    }
  };
  const view = (): DistrictSettingsView => describeDistrict(saved(), running);
  return {
    async districtSettings() {
      return view();
    },
    async saveDistrictSettings(input) {
      const current = saved();
      const district = judgeDistrict(input, current?.secret ?? null);
      try {
        saveDistrictSettings(configFile, district);
      } catch (error) {
        const reason = error instanceof ConfigError ? error.message : (error as Error).message;
        throw new ApiError('bad-input', `The district settings were not saved: ${reason}`);
      }
      return view();
    },
  };
}

/** What the settings screen shows: never the secret, and whether a restart is still due. */
export function describeDistrict(
  saved: DistrictConfig | undefined,
  running: DistrictConfig | undefined,
): DistrictSettingsView {
  const same = (key: 'url' | 'schoolId' | 'gateId' | 'secret'): boolean =>
    saved?.[key] === running?.[key];
  return {
    url: saved?.url ?? null,
    schoolId: saved?.schoolId ?? null,
    gateId: saved?.gateId ?? null,
    secretSet: saved !== undefined,
    inEffect: same('url') && same('schoolId') && same('gateId') && same('secret'),
  };
}

/**
 * The section to write, or every problem at once as `url: bad-url; secret: too-short`. A
 * secret left out keeps `currentSecret`; there must be one.
 */
export function judgeDistrict(
  input: DistrictSettingsInput,
  currentSecret: string | null,
): Pick<DistrictConfig, 'url' | 'schoolId' | 'gateId' | 'secret'> {
  const problems: FieldProblems = {};
  if (input.url === '') problems.url = 'required';
  else if (!isHttpUrl(input.url)) problems.url = 'bad-url';
  else if (!isHttpsOrLoopback(input.url)) problems.url = 'not-https';
  if (input.schoolId === '') problems.schoolId = 'required';
  const secret = input.secret === null || input.secret === '' ? currentSecret : input.secret;
  if (secret === null) problems.secret = 'required';
  else if (secret.length < secretMinimum) problems.secret = 'too-short';
  if (Object.keys(problems).length > 0 || secret === null) {
    throw new ApiError('bad-input', formatFieldProblems(problems));
  }
  return {
    url: input.url,
    schoolId: input.schoolId,
    gateId: input.gateId === '' ? undefined : input.gateId,
    secret,
  };
}

/** ID numbers travel only encrypted: plain http only to a receiver on this same machine. */
function isHttpsOrLoopback(text: string): boolean {
  const { protocol, hostname } = new URL(text);
  return protocol === 'https:' || isLoopbackHost(hostname);
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol, hostname } = new URL(text);
  return (protocol === 'https:' || protocol === 'http:') && hostname !== '';
}
