// Health-code patterns: a code of each default platform is recognised with its platform's name,
// and campus cards, visitor passes and ID numbers never are; the config refuses a bad pattern
// naming its platform, and a regex that could backtrack for ever; the matcher never throws.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../backend/config/config';
import { maxScanLength } from '../../../contract/operations/gate-operations';
import {
  createHealthCodeMatcher,
  defaultHealthCodePatterns,
  healthCodePatternsSchema,
  regexRisk,
  type HealthCodePattern,
} from '../../../backend/health-code/health-code-patterns';
import { idNumberCheckCharacter } from '../../../contract/id-number';
import { keyId, signPass } from '../../../backend/visitors/pass-token';
import { fuzzParameters, hostileText } from '../fuzz/fuzz-settings';

const matchDefaults = createHealthCodeMatcher(defaultHealthCodePatterns);

const dingtalk = '浙江健康码/苏康码（钉钉）';
const government = '政务平台健康码';

const zhejiangCode =
  'https://h5.dingtalk.com/healthAct/index.html?qrCode=V2bdbc620bfe7e81217d2fcb6862c8a655#/result';

/** Real-looking codes of each default platform, as a scanner would read them. */
const codes: [string, string][] = [
  [zhejiangCode, dingtalk],
  [
    'https://h5.dingtalk.com/healthAct/index.html?qrCode=V0dingce3a8ba106ba95e7f5bf40eda33b7ba0&stateCouncilBarCode=b07828d645c518b7ff8264fda90c0187&cityCode=#/result',
    dingtalk,
  ],
  ['https://healthcode.dingtalk.com/healthAct/index.html?qrCode=V5742bf7487ae98#/result', dingtalk],
  ['https://mmykm2.gdbs.gov.cn/ykm/code?c=9f2c61d0a4e8', government],
  ['https://akm.ahzwfw.gov.cn/akm-sj-user/index.html?code=3401A7F0', government],
  ['https://szhzjkm.hangzhou.gov.cn:9090/api/v1/healthy/code/q?c=AB12', government],
  ['http://sk.gzonline.gov.cn/h?c=1', government],
];

/** A valid 18-digit resident ID number from its first 17 digits. */
function idNumber(first17: string): string {
  return first17 + idNumberCheckCharacter(first17);
}

function visitorPass(): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return signPass(
    {
      appointmentId: 'A2026112300017',
      name: '张伟',
      host: '王老师（三年级二班）',
      area: '教学楼A座',
      validFrom: new Date('2026-11-23T09:00:00Z'),
      validTo: new Date('2026-11-23T11:30:00Z'),
      uses: 2,
    },
    privateKey,
    keyId(publicKey),
  );
}

/** What the config makes of `patterns`: the issues' paths and messages, or 'ok'. */
function parsePatterns(patterns: unknown): string {
  const result = healthCodePatternsSchema.safeParse(patterns);
  if (result.success) return 'ok';
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
}

describe('the default health-code patterns', () => {
  it.each(codes)('recognise %s as %s', (text, platform) => {
    expect(matchDefaults(text)).toEqual({ platform });
    // A wedge scanner's line end and a camera's stray space do not hide it.
    expect(matchDefaults(` ${text}\r\n`)).toEqual({ platform });
  });

  it.each([
    ['a campus card', 'S2026001'],
    ['a staff card', 'T1999'],
    ['a visitor pass', visitorPass()],
    ['a pass prefix alone', 'GP1.'],
    ['an ID number', idNumber('11010519491231002')],
    ['an ID number ending in X', idNumber('44030419900101001')],
    ['another link', 'https://example.com/healthAct/index.html?qrCode=V1'],
    ['a look-alike host', 'https://h5.dingtalk.com.evil.cn/healthAct/index.html?qrCode=V1'],
    ['a .gov.cn that is not the host', 'https://evil.example/x.gov.cn/'],
    ['a .gov.cn host of another domain', 'https://x.gov.cn.evil.example/'],
    ['a user name before the host', 'https://x.gov.cn@evil.example/'],
    ['the prefix in other case', 'HTTPS://H5.DINGTALK.COM/healthAct/index.html?qrCode=V1'],
    ['the prefix not at the start', 'x https://h5.dingtalk.com/healthAct/index.html?qrCode=V1'],
    ['nothing', ''],
    ['spaces', '   \r\n'],
  ])('never take %s for a health code', (_what, text) => {
    expect(matchDefaults(text)).toBeNull();
  });

  it('never run on a text longer than any scan', () => {
    expect(matchDefaults(zhejiangCode.padEnd(maxScanLength, 'x'))).toEqual({ platform: dingtalk });
    expect(matchDefaults(zhejiangCode.padEnd(maxScanLength + 1, 'x'))).toBeNull();
  });

  it('are accepted by the config, and are its default', () => {
    expect(parsePatterns(defaultHealthCodePatterns)).toBe('ok');
    const config = configSchema.parse({});
    expect(config.healthCode).toEqual({ timeoutSeconds: 5, patterns: defaultHealthCodePatterns });
    expect(config.healthCode.url).toBeUndefined();
    // A copy: a config never shares (and could not change) the module's list.
    expect(config.healthCode.patterns).not.toBe(defaultHealthCodePatterns);
  });
});

describe('patterns in the config', () => {
  it('take a prefix or a regex per platform, without an online verifier', () => {
    const config = configSchema.parse({
      healthCode: {
        patterns: [
          { platform: '粤康码', prefix: 'https://ykm.example.gov.cn/c?' },
          { platform: '随申码', regex: '^SSM[0-9A-F]{32}$' },
        ],
      },
    });
    const match = createHealthCodeMatcher(config.healthCode.patterns);
    expect(match('https://ykm.example.gov.cn/c?x=1')).toEqual({ platform: '粤康码' });
    expect(match(`SSM${'0A'.repeat(16)}`)).toEqual({ platform: '随申码' });
    // As written: no case folding, and the regex's own anchors hold.
    expect(match(`ssm${'0A'.repeat(16)}`)).toBeNull();
    expect(match(`SSM${'0a'.repeat(16)}`)).toBeNull();
    expect(match(`SSM${'0A'.repeat(16)}0`)).toBeNull();
    // The defaults are replaced, not added to.
    expect(match(zhejiangCode)).toBeNull();
  });

  it('an empty list recognises nothing', () => {
    const config = configSchema.parse({
      healthCode: { url: 'https://v.example/check', patterns: [] },
    });
    expect(createHealthCodeMatcher(config.healthCode.patterns)(zhejiangCode)).toBeNull();
  });

  it('refuse a regex that does not compile, naming the platform', () => {
    const issues = parsePatterns([{ platform: '粤康码', regex: '^https://(' }]);
    expect(issues).toMatch(/^0\.regex: the regex for 粤康码 does not compile/);
  });

  it('refuse a pattern with both a prefix and a regex, and one with neither', () => {
    expect(parsePatterns([{ platform: '苏康码', prefix: 'https://a', regex: '^b' }])).toBe(
      '0.regex: the health-code pattern for 苏康码 has both a prefix and a regex; give one',
    );
    expect(parsePatterns([{ platform: '苏康码' }])).toBe(
      '0.prefix: the health-code pattern for 苏康码 needs a prefix or a regex',
    );
  });

  it('refuse a prefix with outer spaces, one too short, and over-long patterns', () => {
    expect(parsePatterns([{ platform: '健康宝', prefix: ' https://a' }])).toMatch(
      /the prefix for 健康宝 starts or ends with a space/,
    );
    expect(parsePatterns([{ platform: '健康宝', prefix: 'h' }])).toMatch(/^0\.prefix: Too small/);
    expect(parsePatterns([{ platform: '健康宝', prefix: 'h'.repeat(201) }])).toMatch(/Too big/);
    expect(parsePatterns([{ platform: '健康宝', regex: `^${'a'.repeat(200)}` }])).toMatch(
      /Too big/,
    );
    expect(parsePatterns([{ platform: '', prefix: 'https://a' }])).toMatch(/^0\.platform/);
    expect(parsePatterns([{ platform: 'x', prefix: 'https://a', flags: 'i' }])).toMatch(
      /Unrecognized key/,
    );
  });

  it.each([
    ['(a+)+$', /must start with \^/],
    ['^(a+)+$', /repeats a part that has choices/],
    ['^(a|a)*$', /repeats a part that has choices/],
    ['^(?:a?){30}a{30}$', /repeats a part that has choices/],
    ['^(?:[a-z]+\\.)*gov\\.cn$', /repeats a part that has choices/],
    ['^(a)\\1$', /back-reference/],
    ['^(?<x>a)\\k<x>$', /back-reference/],
    ['^a|b', /\| outside a group/],
    ['^.*a.*b.*c$', /too many ways/],
    ['^(?:a|b)(?:a|b)(?:a|b)(?:a|b)(?:a|b)(?:a|b)(?:a|b)(?:a|b)(?:a|b)(?:a|b).*$', /too many/],
  ])('refuse the regex %s, which could backtrack for long', (regex, reason) => {
    expect(regexRisk(regex)).toMatch(reason);
    expect(parsePatterns([{ platform: '八闽健康码', regex }])).toMatch(/the regex for 八闽健康码/);
  });

  it.each([
    '^https://h5\\.dingtalk\\.com/healthAct/index\\.html\\?qrCode=V[0-9A-Za-z]{16,64}',
    '^SSM[0-9A-F]{32}$',
    '^(?:https?)://[^/]{1,100}/.*$',
    '^(?:jkm|ykm):[\\p{L}\\d]{8,40}$',
    '^\\u{1F3EB}[a-z]{1,9}(?=#)',
    '^[\\]\\[{}()|*+?]{1,5}$',
    '^a{3}(?:b{2})+$',
  ])('accept the safe regex %s', (regex) => {
    expect(regexRisk(regex)).toBeNull();
    expect(parsePatterns([{ platform: '渝康码', regex }])).toBe('ok');
  });

  it('a refused pattern is refused by the matcher too, never half-used', () => {
    expect(() => createHealthCodeMatcher([{ platform: '粤康码', regex: '^(a+)+$' }])).toThrow(
      /the regex for 粤康码 repeats/,
    );
  });
});

describe('the matcher under fuzzing', () => {
  const cardLike = fc.stringMatching(/^[A-Za-z0-9]{4,20}$/);

  it('never matches a card-like text of 4 to 20 letters and digits under the defaults', () => {
    fc.assert(
      fc.property(cardLike, (text) => matchDefaults(text) === null),
      fuzzParameters(500),
    );
  });

  it('never matches an 18-digit ID number under the defaults', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{16}$/), (first17) => {
        return matchDefaults(idNumber(first17)) === null;
      }),
      fuzzParameters(300),
    );
  });

  /** Pieces of regexes: repetitions, groups and alternatives to combine. */
  const regexParts = 'a b . * + ? ( (?: ) | [a-z] {1,9} {2,} \\d $'.split(' ');

  // Random regexes the config accepts, on any text and on long runs that make a backtracking
  // regex slow: an answer well within a scan's time (the budget is generous for a busy CI).
  it('never throws, for any text and any accepted patterns, and answers at once', () => {
    const pattern: fc.Arbitrary<HealthCodePattern> = fc.record({
      platform: fc.string({ minLength: 1, maxLength: 8 }),
      regex: fc
        .array(fc.constantFrom(...regexParts), { maxLength: 12 })
        .map((parts) => `^${parts.join('')}`),
    });
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 3 }),
        fc.oneof(
          hostileText(300),
          fc.constantFrom(
            'a'.repeat(maxScanLength),
            `${'a'.repeat(maxScanLength - 1)}!`,
            `${'ab'.repeat(maxScanLength / 2 - 1)}!!`,
            'a'.repeat(3000),
          ),
        ),
        (patterns, text) => {
          const accepted = patterns.filter((one) => parsePatterns([one]) === 'ok');
          const match = createHealthCodeMatcher(accepted);
          const started = performance.now();
          const found = match(text);
          expect(found === null || accepted.some((one) => one.platform === found.platform)).toBe(
            true,
          );
          expect(() => matchDefaults(text)).not.toThrow();
          expect(performance.now() - started).toBeLessThan(250);
        },
      ),
      fuzzParameters(300),
    );
  });
});
