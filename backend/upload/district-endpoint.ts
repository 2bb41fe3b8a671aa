// The config file's `district` section made into the two ways of talking to the district: a
// batch and a daily report, over one HTTPS transport with the district's trust settings (a
// private CA, pinned keys) and a User-Agent naming this kiosk. A CA file that cannot be read
// stops the upload with the reason, like an untrusted certificate; the gate works on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DistrictConfig } from '../config/config';
import { maxAnswerBytes, postToDistrict, type DistrictAnswer } from './district-client';
import {
  createDistrictTransport,
  kioskVersion,
  userAgent,
  type DistrictTransport,
} from './district-transport';

export interface DistrictSenders {
  schoolId: string;
  gateId: string;
  sendBatch(payload: unknown): Promise<DistrictAnswer>;
  sendReport(payload: unknown): Promise<DistrictAnswer>;
  close(): void;
}

export function createDistrictSenders(
  district: DistrictConfig,
  ownGateId: string,
  configFile: string,
): DistrictSenders {
  const gateId = district.gateId ?? ownGateId;
  let caPem: string | null = null;
  let caProblem: string | null = null;
  if (district.caFile !== undefined) {
    const file = path.resolve(path.dirname(configFile), district.caFile);
    try {
      caPem = readFileSync(file, 'utf8');
    } catch (error) {
      caProblem = `Cannot read district.caFile ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    }
  }
  const transport: DistrictTransport = createDistrictTransport({
    timeoutMs: district.timeoutSeconds * 1000,
    caPem,
    pins: district.publicKeyPins ?? [],
    userAgent: userAgent(kioskVersion(), gateId),
    maxAnswerBytes,
  });
  const endpoint = {
    url: district.url,
    schoolId: district.schoolId,
    gateId,
    secret: district.secret,
    transport,
  };
  const send = (route: '/v1/batches' | '/v1/daily-reports') => (payload: unknown) =>
    caProblem === null
      ? postToDistrict(endpoint, route, payload)
      : Promise.resolve<DistrictAnswer>({ kind: 'refused', code: 'certificate', error: caProblem });
  return {
    schoolId: district.schoolId,
    gateId,
    sendBatch: send('/v1/batches'),
    sendReport: send('/v1/daily-reports'),
    close: () => transport.close(),
  };
}
