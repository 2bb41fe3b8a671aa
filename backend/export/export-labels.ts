// The words of the exported entry log, in one place: column headers (Chinese for the school,
// English in the same cell for support staff) and the Chinese words for decisions, reasons and
// kinds. Headers stay in one row so Excel's filter and sort work; never put data here.
import type { Decision, PersonKind, ReasonCode } from '../../contract/api';

/** The columns of the entry export, in file order. */
export const entryColumns = [
  { key: 'time', header: '时间 Time' },
  { key: 'gate', header: '闸机 Gate' },
  { key: 'direction', header: '进出 Direction' },
  { key: 'name', header: '姓名 Name' },
  { key: 'kind', header: '类别 Kind' },
  { key: 'className', header: '班级 Class' },
  { key: 'host', header: '被访人 Host' },
  { key: 'area', header: '访问区域 Area' },
  { key: 'card', header: '卡号 Card' },
  { key: 'idNumber', header: '证件号码 ID number' },
  { key: 'temperature', header: '体温(°C) Temperature' },
  { key: 'measuredBy', header: '测温方式 Measured by' },
  { key: 'answers', header: '问询 Answers' },
  { key: 'healthCode', header: '健康码 Health code' },
  { key: 'personStatus', header: '人员状态 Status' },
  { key: 'decision', header: '结果 Decision' },
  { key: 'reasons', header: '原因 Reasons' },
  { key: 'retestOutcome', header: '复测结果 Retest outcome' },
  { key: 'entryId', header: '记录号 Entry no.' },
  { key: 'correctsEntryId', header: '更正记录号 Corrects entry no.' },
] as const;

export type EntryColumnKey = (typeof entryColumns)[number]['key'];

export const decisionWords: Record<Decision, string> = {
  pass: '通过',
  deny: '拒绝',
  retest: '复测',
  refer: '转观察点',
};

export const reasonWords: Record<ReasonCode, string> = {
  'card-unknown': '未登记的卡',
  'card-unreadable': '无法识别的卡',
  'temperature-normal': '体温正常',
  'temperature-high': '体温偏高',
  'fever-confirmed': '复测仍发热',
  'temperature-normal-on-retest': '复测体温正常',
  'temperature-not-required': '无需测温',
  'pass-malformed': '访客码无法识别',
  'pass-unknown-key': '访客码不是本校签发',
  'pass-forged': '访客码被伪造或篡改',
  'pass-expired': '访客码已过期',
  'pass-not-yet-valid': '访客码尚未生效',
  'pass-revoked': '预约已撤销',
  'pass-used-up': '访客码次数已用完',
  'pass-hub-away': '校门连不上学校中心，访客码暂停放行',
  'questions-risk': '问询有风险回答',
  'health-code-yellow': '健康码黄码',
  'health-code-red': '健康码红码',
  'health-code-expired': '健康码已失效',
  'health-code-not-found': '健康码查无此码',
  'status-isolating': '居家隔离中',
  'status-needs-certificate': '需复课证明',
  'visitor-exit': '访客离校',
  'retest-sent-to-observation': '未复测，保安送临时观察点',
  'retest-went-home': '未复测，由家长接回',
  'retest-left': '未复测，已离开',
};

export const kindWords: Record<PersonKind, string> = {
  student: '学生',
  staff: '教职工',
  visitor: '访客',
};

export const healthCodeWords: Record<string, string> = {
  green: '绿码',
  yellow: '黄码',
  red: '红码',
  expired: '已失效',
  'not-found': '查无此码',
};

export const statusWords: Record<string, string> = {
  active: '正常',
  isolating: '居家隔离',
  'needs-certificate': '需复课证明',
  left: '已离校',
};

export const directionWords: Record<'in' | 'out', string> = {
  in: '进校',
  out: '离校',
};

/**
 * How a retest entry ended, as its own row says it: measured again and let in, sent to the
 * observation point on the second reading, ended by a guard without one (followed by the
 * reasons), or not ended at all when the file was written.
 */
export const retestOutcomeWords = {
  passed: '已复测通过',
  referred: '已转观察点',
  byGuard: '保安处理',
  unresolved: '未处理',
} as const;

/**
 * The thermometer of a device reading, by its driver's name (contract/device-schemas.ts);
 * a driver this version does not know is shown as 测温设备 with its name.
 */
export const thermometerWords: Record<string, string> = {
  simulated: '模拟测温（演示）',
  gy906: '红外测温模块',
  heimann: '热成像测温仪',
  ascii: '串口测温仪',
};

/** The card cell of a scanned visitor pass: the signed text itself means nothing on paper. */
export const passCardWord = '访客码';

/** Between reasons in one cell. */
export const reasonSeparator = '；';

/** A stored code in words; a code this version does not know is shown as it is. */
export function wordFor(words: Readonly<Record<string, string>>, code: string | null): string {
  if (code === null) {
    return '';
  }
  return Object.hasOwn(words, code) ? (words[code] ?? code) : code;
}

/** The words of the printed day's log (entry-pdf.ts), which an inspector reads on paper. */
export const paperWords = {
  title: '出入登记表',
  schoolUnset: '（未配置学校名称）',
  gates: '闸机',
  allGates: '全部闸机',
  date: '日期',
  number: '序号',
  classOrArea: '班级/访问区域',
  reasons: '原因/复测结果',
  count: (counts: PaperCounts): string =>
    `合计 ${counts.total} 条：进校 ${counts.in} 人次（通过 ${counts.pass}，拒绝 ${counts.deny}，` +
    `复测 ${counts.retest}，转观察点 ${counts.refer}），离校 ${counts.out} 人次；其中访客 ` +
    `${counts.visitors} 人次。`,
  none: '当日无出入记录。',
  guardSignature: '值班保安签字：',
  leaderSignature: '值班领导签字：',
  signedOn: '日期：',
  page: (page: number, pages: number): string => `第 ${page} 页 / 共 ${pages} 页`,
  masked: '证件号码已隐去中间位。',
  fullNumbers: '本表含完整证件号码，请妥善保管，用后销毁。',
} as const;

export interface PaperCounts {
  total: number;
  in: number;
  out: number;
  pass: number;
  deny: number;
  retest: number;
  refer: number;
  visitors: number;
}
