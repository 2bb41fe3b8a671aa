// Test helper for the contract fuzz tests: a real kiosk on a temp folder, a read-only second
// connection that counts every table's rows (a refused call must leave them as they were), a
// guarded call that fails on a hang or a thrown error, and inputs generated from the contract's
// own zod schemas — mostly the right shape, so they reach the handlers, with hostile values in
// any field.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { z } from 'zod';
import { type Caller, type OperationName, operations } from '../../../contract/api';
import { dispatch, type DispatchResult } from '../../../contract/dispatch';
import { errorCodeSchema } from '../../../contract/errors';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { testAdmin } from '../../fixtures/callers';
import { hostileNumber, hostileText, hostileValue, withinMs } from '../../unit/fuzz/fuzz-settings';

export interface FuzzKiosk {
  kiosk: Kiosk;
  dir: string;
  /** Rows in every table, by table name. */
  rowCounts(): Record<string, number>;
  /** dispatch(), failing the property on a hang, a throw, or an answer off the contract. */
  call(name: unknown, input: unknown, caller?: Caller): Promise<DispatchResult>;
  close(): Promise<void>;
}

export const fuzzClock = new Date('2026-11-23T01:00:00.000Z');

export async function startFuzzKiosk(config: object = {}): Promise<FuzzKiosk> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-fuzz-'));
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config));
  const kiosk = await createKiosk({ dataDir: dir, configFile, now: () => fuzzClock });
  // The admin the tests call as (test/fixtures/callers.ts, id 1) exists, so the audit log
  // can name them.
  const admin = await dispatch(kiosk.handlers, 'createFirstAdmin', {
    username: 'test-admin',
    displayName: '测试管理员',
    password: 'fuzz-password-1',
  });
  if (!admin.ok || (admin.value as { id: number }).id !== testAdmin.actor?.id) {
    throw new Error(`cannot create the test admin: ${JSON.stringify(admin)}`);
  }
  const reader = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
  const tables = reader
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all()
    .map(({ name }) => name);
  const counters = tables.map(
    (name) =>
      [
        name,
        reader.prepare<[], { count: number }>(`SELECT count(*) AS count FROM "${name}"`),
      ] as const,
  );
  return {
    kiosk,
    dir,
    rowCounts: () =>
      Object.fromEntries(counters.map(([name, statement]) => [name, statement.get()?.count ?? 0])),
    async call(name, input, caller) {
      const result = await withinMs(
        dispatch(kiosk.handlers, name, input, caller, kiosk.audit),
        10_000,
        `operation ${typeof name === 'string' ? name.slice(0, 40) : typeof name}`,
      );
      expectOnContract(name, result);
      return result;
    },
    async close() {
      reader.close();
      await kiosk.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A value the contract promises: an output that parses with the operation's schema, or an
 * error whose code is one of the contract's — and never `internal`, which means a handler
 * threw something it should have turned into a typed error.
 */
export function expectOnContract(name: unknown, result: DispatchResult): void {
  if (result.ok) {
    const output = operations[name as OperationName].output as z.ZodType;
    const parsed = output.safeParse(result.value);
    if (!parsed.success) {
      throw new Error(`${name as string} answered off its output schema: ${parsed.error.message}`);
    }
    return;
  }
  const { code, message } = result.error;
  if (!errorCodeSchema.options.includes(code)) throw new Error(`unknown error code ${code}`);
  const shown = typeof name === 'string' ? name : typeof name;
  if (code === 'internal') throw new Error(`${shown} failed inside: ${message}`);
  if (typeof message !== 'string' || message.length === 0) {
    throw new Error(`${shown} refused without words (${code})`);
  }
}

interface SchemaDefinition {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  valueType?: z.ZodType;
}

const definitionOf = (schema: z.ZodType): SchemaDefinition =>
  (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;

/** Strings the contract's fields often want: dates, times, ids, base64. */
const plausibleText = fc.oneof(
  fc.constantFrom(
    '2026-11-23',
    '2026-11-23T08:00:00.000Z',
    '2026-11-24T08:00:00+08:00',
    '1999-02-30',
    '16:30',
    'S2026001',
    'A20261123-abcdef',
    '1',
    'e30=',
    '13800138000',
    '11010519491231002X',
    'admin',
    'correct horse battery staple',
  ),
  fc.string({ minLength: 1, maxLength: 24 }),
  hostileText(60),
);

/**
 * Inputs for a zod schema: the right shape most of the time, a hostile value anywhere some of
 * the time, so both the boundary's parsing and the handlers behind it are tried.
 */
export function inputFor(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const valid = shapedFor(schema, depth);
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}

function shapedFor(schema: z.ZodType, depth: number): fc.Arbitrary<unknown> {
  const definition = definitionOf(schema);
  const inner = (next: z.ZodType | undefined) =>
    next === undefined || depth > 6 ? hostileValue : inputFor(next, depth + 1);
  switch (definition.type) {
    case 'string':
      return plausibleText;
    case 'number':
      return fc.oneof(
        fc.integer({ min: -2, max: 60 }),
        fc.double({ min: 30, max: 45 }),
        hostileNumber,
      );
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(definition.entries ?? { none: 'none' }));
    case 'literal':
      return fc.constantFrom(...(definition.values ?? [null]));
    case 'optional':
    case 'default':
      return fc.option(inner(definition.innerType), { nil: undefined });
    case 'nullable':
      return fc.option(inner(definition.innerType), { nil: null });
    case 'pipe':
      return inner(definition.in);
    case 'array':
      return fc.array(inner(definition.element), { maxLength: 4 });
    case 'union':
      return fc.oneof(...(definition.options ?? []).map((option) => inner(option)));
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 12 }), inner(definition.valueType), {
        maxKeys: 4,
      });
    case 'object': {
      const shape = definition.shape ?? {};
      const fields = Object.fromEntries(
        Object.entries(shape).map(([key, field]) => [key, inner(field)]),
      );
      return fc.record(fields, { requiredKeys: [] });
    }
    default:
      return hostileValue;
  }
}
