// The rules a new secret must meet, the same for the kiosk and for the forms that check as the
// user types: a guard's PIN is 4–8 digits and not one a stranger guesses first (1234, 0000); an
// admin's password has at least 10 characters and is not among the commonest, and so has the
// school doctor's or a class teacher's (role health: they see pupils' health data). Pure, no
// Node: the renderer imports it too.
import type { Role } from './schemas';

/** Why a new secret is refused, as the field problem the form shows (field-problems.ts). */
export type SecretProblem = 'pin-format' | 'pin-pattern' | 'password-short' | 'password-common';

export const adminPasswordMinLength = 10;

/**
 * What a secret must look like: a guard's PIN is 4–8 digits, not all one digit and not a run
 * up or down (1234, 4321, 7890: 0 follows 9); an admin's or a health account's password has at
 * least 10 characters, is not one character repeated, not a run of digits, and not on the list
 * of the commonest.
 */
export function secretProblem(role: Role, secret: string): SecretProblem | null {
  if (role === 'guard') {
    if (!/^\d{4,8}$/.test(secret)) return 'pin-format';
    return isDigitRun(secret) ? 'pin-pattern' : null;
  }
  const plain = secret.normalize('NFKC').toLowerCase();
  if ([...plain].length < adminPasswordMinLength) return 'password-short';
  const oneCharacter = new Set(plain).size === 1;
  const common = commonPasswords.has(plain) || (/^\d+$/.test(plain) && isDigitRun(plain));
  return oneCharacter || common ? 'password-common' : null;
}

/** All one digit, or each digit one more (or each one less) than the one before, 0 after 9. */
function isDigitRun(digits: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < digits.length; i++) {
    steps.add((Number(digits[i]) - Number(digits[i - 1]) + 10) % 10);
  }
  return steps.size === 1 && [0, 1, 9].includes([...steps][0] ?? -1);
}

/**
 * Passwords of 10 characters or more (shorter ones are refused anyway) that lead the published
 * leaks or follow their patterns: keyboard walks, digit runs with a word, pinyin and 520/1314
 * favourites, and the words a school gate invites. Short on purpose; compared without case.
 */
const commonPasswords: ReadonlySet<string> = new Set([
  ...['password123', 'password12', 'password1234', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123'],
  ...['administrator', 'admin12345', 'admin123456', 'admin@12345', 'admin@123456', 'adminadmin'],
  ...['qwertyuiop', 'qwertyuiop123', 'qwerty12345', 'qwerty123456', 'qwer123456', 'qwe123456789'],
  ...['asdfghjkl123', 'asdfghjkl;', 'zxcvbnm123', 'zxcvbnm1234', 'qazwsxedc123', 'qazwsxedcrfv'],
  ...[
    '1qaz2wsx3edc',
    '1qaz2wsx3edc4rfv',
    '1qaz@wsx3edc',
    '1q2w3e4r5t',
    '1q2w3e4r5t6y',
    'q1w2e3r4t5',
  ],
  ...['1qazxsw2', '1qaz2wsx1qaz', 'zaq12wsxcde3', 'qweasdzxc123', '123qweasdzxc', 'q1w2e3r4t5y6'],
  ...['a123456789', 'a1234567890', 'abc1234567', 'abc123456789', 'abcd123456', 'aa123456789'],
  ...['123456789a', '123456789q', '1234567890a', '123456abcd', '12345678abc', '1234qwerasdf'],
  ...['qq123456789', 'qq1234567890', 'wang123456', 'zhang123456', 'li123456789', 'liu123456789'],
  ...['woaini1314', 'woaini520520', 'woaini123456', 'woaiwojia123', '5201314520', '1314520520'],
  ...['5201314000', '5201314woaini', 'iloveyou1314', 'iloveyou520', 'woaini5201314', 'aini1314520'],
  ...['1234554321', '1234512345', '1122334455', '1212121212', '1231231231', '1472583690'],
  ...['1478963250', '147258369a', '1597534862', '7894561230', '9876543210a', '0987654321a'],
  ...['1111111111a', '1234567890q', '123123123123', '123321123321', '147258369147', '1314521521'],
  ...['iloveyou123', 'iloveyou12', 'iloveyou2', 'princess123', 'sunshine123', 'football123'],
  ...['baseball123', 'superman123', 'welcome123', 'welcome1234', 'letmein123', 'trustno1234'],
  ...['monkey12345', 'dragon12345', 'master12345', 'shadow12345', 'michael123', 'charlie123'],
  ...['abcdefghij', 'abcdefg123', 'abc123abc123', 'changeme123', 'computer123', 'internet123'],
  ...['mima123456', 'mima12345678', 'woshishui123', 'nihao123456', 'xiaoming123', 'school123456'],
  ...['xuexiao123', 'xuexiao123456', 'baoan123456', 'menwei123456', 'kiosk123456', 'gate123456'],
]);
