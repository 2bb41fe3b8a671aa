// The people and entry records of a bench district: each school's pupils and staff with names,
// classes and ID numbers (valid check digits, Shenzhen Nanshan's area code), and a gate's
// records as a kiosk writes them — mostly passes at a normal temperature, about 0.5 % retests
// (a high first reading), each followed by a second reading (normal: pass; high again: refer)
// and now and then an unknown card. Deterministic from the numbers given, so a run is repeatable.
import { createHash } from 'node:crypto';

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈';
const given =
  '子涵浩然欣怡梓轩雨桐宇航思彤俊杰佳琪一诺明轩诗涵博文嘉怡睿泽可馨天佑紫萱皓轩晨曦若汐';
const grades = ['一', '二', '三', '四', '五', '六'];

export interface Person {
  name: string;
  kind: 'student' | 'staff';
  className: string;
  idNumber: string;
  cardText: string;
}

/** A small deterministic hash of integers, 0 ≤ n < 2^32 (no state: any record can be rebuilt). */
export function mix(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ (value | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** GB 11643's check character of the first 17 digits. */
export function idCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
  return '10X98765432'[sum % 11] as string;
}

/** The `index`th person of school `school` (pupils first, then about one staff in 12). */
export function person(school: number, index: number): Person {
  const h = mix(school, index);
  const staff = index % 12 === 11;
  const name = `${surnames[h % surnames.length]}${given[(h >>> 8) % given.length]}${
    h % 3 === 0 ? '' : given[(h >>> 16) % given.length]
  }`;
  const grade = index % 6;
  const year = staff ? 1975 + (h % 25) : 2019 - grade - ((h >>> 4) % 2);
  const month = String(1 + ((h >>> 6) % 12)).padStart(2, '0');
  const day = String(1 + ((h >>> 10) % 28)).padStart(2, '0');
  const serial = String((h >>> 14) % 1000).padStart(3, '0');
  const first17 = `440305${year}${month}${day}${serial}`;
  return {
    name,
    kind: staff ? 'staff' : 'student',
    className: staff ? '' : `${grades[grade]}年级${1 + ((index >>> 3) % 8)}班`,
    idNumber: first17 + idCheck(first17),
    cardText: `${staff ? 'T' : 'S'}${String(school).padStart(3, '0')}${String(index).padStart(5, '0')}`,
  };
}

export interface GateDay {
  entries: number;
  denied: number;
  retests: number;
  feverCases: number;
  unresolvedRetests: number;
  first: number | null;
  last: number | null;
}

export const emptyDay = (): GateDay => ({
  entries: 0,
  denied: 0,
  retests: 0,
  feverCases: 0,
  unresolvedRetests: 0,
  first: null,
  last: null,
});

/** One installation (a kiosk at a gate): its sequence, and the counts of each day it wrote. */
export interface Installation {
  school: number;
  gate: number;
  installationId: string;
  sequence: number;
  /** The next pupil of this gate to arrive (pupils are shared out over a school's gates). */
  arrival: number;
  days: Map<string, GateDay>;
}

/** A stable UUID-shaped id from a name (the bench's installations are the same every run). */
export function uuidFrom(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type Json = Record<string, unknown>;

const pupilsPerSchool = 1000;

/**
 * The next record(s) of a gate at instant `at` (ms): one check, or a retest and the second
 * reading that follows it 40 s later. Returns the records written.
 */
export function nextChecks(inst: Installation, at: number, day: string, gates: number): Json[] {
  const index = inst.gate + gates * (inst.arrival++ % Math.ceil(pupilsPerSchool / gates));
  const h = mix(inst.school, inst.gate, inst.sequence);
  const counts = inst.days.get(day) ?? emptyDay();
  inst.days.set(day, counts);
  const make = (offsetMs: number, fields: Json): Json => {
    const sequence = ++inst.sequence;
    counts.entries += 1;
    counts.first ??= sequence;
    counts.last = sequence;
    return {
      id: `${inst.installationId}:${sequence}`,
      sequence,
      at: new Date(at + offsetMs).toISOString(),
      direction: 'in',
      policyVersion: 3,
      followsRecordId: null,
      ...fields,
    };
  };
  if (h % 400 === 7) {
    // An unknown card: denied, nobody named.
    counts.denied += 1;
    return [
      make(0, {
        decision: 'deny',
        reasons: ['card-unknown'],
        cardText: `X${h % 100000}`,
        person: null,
        temperature: null,
      }),
    ];
  }
  const who = person(inst.school, index);
  const named = {
    name: who.name,
    kind: who.kind,
    className: who.className,
    idNumber: who.idNumber,
  };
  const reading = (celsius: number) => ({
    celsius,
    method: 'device',
    source: 'gy906',
    measuredBy: null,
  });
  if (h % 200 !== 3) {
    const celsius = 36.1 + ((h >>> 8) % 11) / 10;
    return [
      make(0, {
        decision: 'pass',
        reasons: ['temperature-normal'],
        cardText: who.cardText,
        person: named,
        temperature: reading(Math.round(celsius * 10) / 10),
      }),
    ];
  }
  // About 0.5 %: a high first reading, a retest, and the second reading 40 s later — normal
  // nine times in ten (pass), high again once (fever confirmed: refer to the observation point).
  counts.retests += 1;
  const retest = make(0, {
    decision: 'retest',
    reasons: ['temperature-high'],
    cardText: who.cardText,
    person: named,
    temperature: reading(37.4 + ((h >>> 8) % 5) / 10),
  });
  const fever = (h >>> 12) % 10 === 0;
  if (fever) counts.feverCases += 1;
  const second = make(40_000, {
    decision: fever ? 'refer' : 'pass',
    reasons: [fever ? 'fever-confirmed' : 'temperature-normal-on-retest'],
    cardText: who.cardText,
    person: named,
    temperature: reading(fever ? 38.1 : 36.8),
    followsRecordId: retest.id,
  });
  return [retest, second];
}

/** The daily report of one installation's day, as the kiosk makes it. */
export function dailyReport(
  inst: Installation,
  schoolId: string,
  gateId: string,
  day: string,
  generatedAt: string,
): Json {
  const c = inst.days.get(day) ?? emptyDay();
  const zero = c.entries === 0;
  return {
    protocol: 1,
    schoolId,
    gateId,
    installationId: inst.installationId,
    reportId: `${inst.installationId}:${day}`,
    date: day,
    generatedAt,
    counts: {
      entries: c.entries,
      visitors: 0,
      denied: c.denied,
      retests: c.retests,
      feverCases: c.feverCases,
      unresolvedRetests: c.unresolvedRetests,
    },
    sequence: c.first === null ? null : { first: c.first, last: c.last },
    zero,
  };
}
