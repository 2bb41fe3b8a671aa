// Recognises a health-code QR by its text (config healthCode.patterns: a URL prefix or a
// regular expression per provincial platform), so the gate never takes one for a campus card.
// It must never judge a code's colour, never throw on a scan, and never run a pattern on a text
// longer than a scan can be (maxScanLength) or on a regex that could take forever.
import { z } from 'zod';
import { maxScanLength } from '../../contract/operations/gate-operations';

/** Longest prefix or regex source accepted in the config. */
export const maxPatternLength = 200;

/** Most patterns in one config: a few per province is plenty. */
export const maxPatterns = 50;

/**
 * Most ways a regex may try to read one scan: the product of its repetitions' choices (an
 * open-ended one counts as maxScanLength + 1) and its alternatives. One `.*` fits, two do not.
 */
export const maxRegexWork = 1_000_000;

export interface HealthCodeMatch {
  platform: string;
}

/** Never throws; null for anything that is not a health code of a configured platform. */
export type HealthCodeMatcher = (text: string) => HealthCodeMatch | null;

type Check =
  | { ok: true; test: (scan: string) => boolean }
  | { ok: false; field: 'prefix' | 'regex'; message: string };

/** One pattern as written in the config, before its checks. */
const patternFields = z
  .object({
    /** The platform's name as people know it, e.g. 粤康码; said on the screens and in the log. */
    platform: z.string().min(1).max(40),
    /** The scan, trimmed, starts with exactly this text (case-sensitive). */
    prefix: z.string().min(4).max(maxPatternLength).optional(),
    /** Or: the trimmed scan matches this expression, compiled with the `u` flag only. */
    regex: z.string().min(2).max(maxPatternLength).optional(),
  })
  .strict();

export type HealthCodePattern = z.infer<typeof patternFields>;

/** One pattern: a platform and exactly one of prefix / regex, checked as the config is loaded. */
export const healthCodePatternSchema = patternFields.superRefine((pattern, context) => {
  const check = checkPattern(pattern);
  if (!check.ok) context.addIssue({ code: 'custom', path: [check.field], message: check.message });
});

export const healthCodePatternsSchema = z.array(healthCodePatternSchema).max(maxPatterns);

/**
 * The defaults: forms seen in public sample code and test data, not confirmed by any platform.
 * A school checks them against codes of its own province (docs/guard.md "Questions, health code and
 * statuses") and replaces them in the config when its platform's codes read differently.
 */
export const defaultHealthCodePatterns: readonly HealthCodePattern[] = [
  // Zhejiang's health code and other codes on the same Alibaba (DingTalk) platform, 苏康码
  // among them: https://h5.dingtalk.com/healthAct/index.html?qrCode=V2bdbc…#/result.
  {
    platform: '浙江健康码/苏康码（钉钉）',
    prefix: 'https://h5.dingtalk.com/healthAct/index.html?qrCode=',
  },
  // The same platform's second address, seen in one public gate script only.
  {
    platform: '浙江健康码/苏康码（钉钉）',
    prefix: 'https://healthcode.dingtalk.com/healthAct/index.html?',
  },
  // Catch-all: a link to any government (.gov.cn) host, where provincial platforms live (粤康码
  // on gdbs.gov.cn, 安康码 on ahzwfw.gov.cn, …). It matches only if the code is such a link.
  {
    platform: '政务平台健康码',
    regex: '^https?://[0-9A-Za-z.-]{1,253}\\.gov\\.cn(?::[0-9]{1,5})?/',
  },
];

/**
 * The matcher over `patterns`, in their order; the first that matches names the platform.
 * Regexes are compiled here, once, never per scan. A text longer than maxScanLength is never
 * matched (no scan is longer), so no pattern ever runs on more than that many characters.
 * Throws on a pattern the config would refuse (the config has already checked them).
 */
export function createHealthCodeMatcher(patterns: readonly HealthCodePattern[]): HealthCodeMatcher {
  const compiled = patterns.map((pattern) => {
    const check = checkPattern(pattern);
    if (!check.ok) throw new Error(check.message);
    return { platform: pattern.platform, test: check.test };
  });
  return (text) => {
    if (typeof text !== 'string' || text.length > maxScanLength) return null;
    const scan = text.trim();
    if (scan.length === 0) return null;
    const found = compiled.find((pattern) => pattern.test(scan));
    return found ? { platform: found.platform } : null;
  };
}

/** Exactly one of prefix / regex; a prefix without outer spaces; a regex that compiles and is safe. */
function checkPattern(pattern: HealthCodePattern): Check {
  const { platform, prefix, regex } = pattern;
  if (prefix !== undefined && regex !== undefined) {
    const message = `the health-code pattern for ${platform} has both a prefix and a regex; give one`;
    return { ok: false, field: 'regex', message };
  }
  if (prefix !== undefined) {
    if (prefix.trim() !== prefix) {
      const message = `the prefix for ${platform} starts or ends with a space; scans are compared trimmed`;
      return { ok: false, field: 'prefix', message };
    }
    return { ok: true, test: (scan) => scan.startsWith(prefix) };
  }
  if (regex === undefined) {
    const message = `the health-code pattern for ${platform} needs a prefix or a regex`;
    return { ok: false, field: 'prefix', message };
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(regex, 'u');
  } catch (error) {
    const message = `the regex for ${platform} does not compile: ${(error as Error).message}`;
    return { ok: false, field: 'regex', message };
  }
  const risk = regexRisk(regex);
  if (risk !== null) {
    return { ok: false, field: 'regex', message: `the regex for ${platform} ${risk}` };
  }
  return { ok: true, test: (scan) => compiled.test(scan) };
}

interface Frame {
  /** Work of the alternatives closed so far in this group, and of the one being read. */
  closed: number;
  work: number;
}

/**
 * Why a regex (already known to compile with the `u` flag) could backtrack for too long on a
 * scan, or null. It must start with ^, use no back-references and no | outside a group, never
 * repeat a part that has choices of its own (`(a+)+`, `(a|b)*`, `(a?){9}`), and its work (see
 * maxRegexWork) must stay bounded. Conservative: some harmless forms are refused too.
 */
export function regexRisk(source: string): string | null {
  if (!source.startsWith('^')) return 'must start with ^ (a code is read from its first character)';
  const stack: Frame[] = [{ closed: 0, work: 1 }];
  const top = (): Frame => stack[stack.length - 1] as Frame;
  let last: number | null = null; // the work of the atom a quantifier would repeat
  const commit = (): void => {
    if (last !== null) top().work *= last;
    last = null;
  };
  let i = 0;
  while (i < source.length) {
    const from = i;
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9k]/.test(next)) return 'uses a back-reference';
      commit();
      last = 1;
      // \p{…}, \P{…}, \u{…}: the braces are not a repetition.
      i = /[pPu]/.test(next) && source[i + 2] === '{' ? source.indexOf('}', i) + 1 : i + 2;
    } else if (c === '[') {
      commit();
      last = 1;
      i += 1;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i += 1;
    } else if (c === '(') {
      commit();
      stack.push({ closed: 0, work: 1 });
      i += groupHeaderLength(source, i);
    } else if (c === ')') {
      commit();
      if (stack.length === 1) return 'cannot be checked for safety';
      const frame = stack.pop() as Frame;
      last = frame.closed + frame.work;
      i += 1;
    } else if (c === '|') {
      commit();
      if (stack.length === 1) return 'has a | outside a group; write ^(?:a|b)';
      top().closed += top().work;
      top().work = 1;
      i += 1;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      const quantifier = readQuantifier(source, i);
      if (quantifier === null || last === null) return 'cannot be checked for safety';
      const { min, max, length } = quantifier;
      if (max > 1 && last > 1) {
        return 'repeats a part that has choices of its own (like (a+)+, (a|b)* or (a?){9}), which can take forever on a long scan';
      }
      last = max > 1 ? choices(min, max) : last + (min === 0 ? 1 : 0);
      i += length;
      if (source[i] === '?') i += 1; // lazy: the same choices
    } else {
      commit();
      last = 1;
      i += 1;
    }
    if (i <= from) return 'cannot be checked for safety'; // a brace or bracket left open
  }
  commit();
  if (top().work > maxRegexWork) {
    return 'could try too many ways to read one scan; use bounded repetitions like {16,64} and at most one open-ended .* or +';
  }
  return null;
}

/** How many repetition counts a scan leaves open: `{16,64}` 49, `*` maxScanLength + 1. */
function choices(min: number, max: number): number {
  return Math.max(1, Math.min(max, maxScanLength) - Math.min(min, maxScanLength) + 1);
}

/** `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>` or a modifier group `(?i:`. */
function groupHeaderLength(source: string, at: number): number {
  if (source[at + 1] !== '?') return 1;
  const kind = source[at + 2];
  if (kind === ':' || kind === '=' || kind === '!') return 3;
  if (kind === '<') {
    const after = source[at + 3];
    if (after === '=' || after === '!') return 4;
    return source.indexOf('>', at) - at + 1;
  }
  return source.indexOf(':', at) - at + 1;
}

function readQuantifier(
  source: string,
  at: number,
): { min: number; max: number; length: number } | null {
  const c = source[at];
  if (c === '*') return { min: 0, max: Infinity, length: 1 };
  if (c === '+') return { min: 1, max: Infinity, length: 1 };
  if (c === '?') return { min: 0, max: 1, length: 1 };
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
  if (braces === null) return null;
  const min = Number(braces[1]);
  const max = braces[2] === undefined ? min : braces[3] ? Number(braces[3]) : Infinity;
  return { min, max, length: braces[0].length };
}
