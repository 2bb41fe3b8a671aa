// Each audit row as a sentence: who did what with the details that matter (the day exported and
// whether with full ID numbers, a name, a reason, a failure in words) and from where; never the
// recorded JSON, a field name, "(not recorded)" or "server 127.0.0.1". Every admin action has
// a sentence of its own in both languages.
import { describe, expect, it } from 'vitest';
import { accessOf, operations, type OperationName } from '../../../../../contract/api';
import { translations } from '../../../../../renderer/i18n/translations';
import {
  actorWords,
  auditSentence,
  originWords,
  type AuditRow,
} from '../../../../../renderer/screens/console/audit-words';
import { translator } from '../../translator';

const zh = translator('zh-CN');
const en = translator('en');
const row = (action: string, detail: string | null, actor = '张校长 (zhang)'): AuditRow => ({
  actor,
  action,
  detail,
  origin: 'kiosk window',
});

describe('audit rows as sentences', () => {
  it.each([
    [
      row('exportDay', '{"date":"2026-12-06","format":"xlsx","fullIdNumbers":true}'),
      '张校长 导出了 2026-12-06 的出入记录（Excel 表格，含完整身份证号）',
    ],
    [
      row('exportDay', '{"date":"2026-12-06","format":"csv","fullIdNumbers":false}'),
      '张校长 导出了 2026-12-06 的出入记录（CSV 表格，身份证号已遮挡）',
    ],
    [row('auditLog', '{"limit":20}'), '张校长 查看了操作日志'],
    [
      row('exportDay', '{"failed":"bad-input"}'),
      '张校长 试图导出出入记录，但没有成功：输入的内容无效',
    ],
    [
      row(
        'createAccount',
        '{"username":"zhao","displayName":"赵保安","role":"guard","secret":"(not recorded)"}',
      ),
      '张校长 创建了保安账号“赵保安”',
    ],
    [
      row('findAppointments', '{"documentNumber":"(not recorded)"}'),
      '张校长 按证件号查找了访客预约（号码不记入日志）',
    ],
    [
      row('setPersonStatus', '{"personId":12,"status":"isolating","reason":"密接"}'),
      '张校长 把一名人员的状态改为“隔离中”，原因：密接',
    ],
    [
      row(
        'importRoster',
        '{"fileName":"名单.xlsx","fileBase64":"(not recorded)","markMissingAsLeft":true}',
      ),
      '张校长 导入了名单文件“名单.xlsx”，并把文件中没有的人标为已离校',
    ],
    [
      row(
        'saveDeviceSettings',
        '{"thermometer":{"driver":"gy906","path":"/dev/ttyUSB0"},"relay":null}',
      ),
      '张校长 保存了设备设置：测温仪为“GY-906 系列”，闸机为“不接闸机”',
    ],
    [
      row('createAppointment', '{"visitorName":"王五","documentNumber":"(not recorded)"}'),
      '张校长 为访客 王五 创建了预约',
    ],
    [
      row('closeFeverCase', '{"caseId":3,"outcome":"hospital","note":""}'),
      '张校长 结束了一个发热个案，处理结果：送医就诊',
    ],
    [row('createFirstAdmin', 'admin zhang'), '张校长 创建了第一个管理员账号“zhang”'],
    [row('endShift', 'handover: 东门锁坏了'), '张校长 交班了，交班留言：东门锁坏了'],
    [row('signIn.failed', null, 'nobody signed in'), '（未登录的人） 登录失败（密码或 PIN 不对）'],
    [row('somethingNew', '{"x":1}'), '张校长：做了一项未登记名称的操作'],
  ])('%j reads "%s"', (entry, sentence) => {
    expect(auditSentence(zh, entry)).toBe(sentence);
  });

  it('reads as English too, without the recorded JSON', () => {
    const sentence = auditSentence(
      en,
      row('exportDay', '{"date":"2026-12-06","format":"xlsx","fullIdNumbers":true}'),
    );
    expect(sentence).toBe(
      '张校长 exported the entries of 2026-12-06 (Excel workbook, with full ID numbers)',
    );
  });

  it('never shows JSON, field names or the placeholder of a withheld number', () => {
    const details = [
      '{"limit":20}',
      '{"failed":"internal"}',
      '{"documentNumber":"(not recorded)"}',
      '{"phone":"(not recorded)"}',
      '{"date":"2026-12-06","format":"xlsx","fullIdNumbers":false}',
    ];
    for (const t of [zh, en]) {
      for (const action of Object.keys(operations)) {
        for (const detail of details) {
          const sentence = auditSentence(t, row(action, detail));
          expect(sentence).not.toMatch(/[{}"]|not recorded|fullIdNumbers|limit|undefined/);
          expect(sentence).not.toContain('console.audit');
        }
      }
    }
  });

  it('says where an action came from', () => {
    expect(originWords(zh, 'kiosk window')).toBe('门岗屏幕');
    expect(originWords(zh, 'server 127.0.0.1')).toBe('本机浏览器');
    expect(originWords(zh, 'server ::1')).toBe('本机浏览器');
    expect(originWords(zh, 'server ::ffff:192.168.1.20')).toBe('办公电脑 192.168.1.20');
    expect(originWords(en, 'server 192.168.1.20')).toBe('the office PC 192.168.1.20');
    expect(originWords(zh, null)).toBe('');
  });

  it('names the admin by display name', () => {
    expect(actorWords(zh, '张校长 (zhang)')).toBe('张校长');
    expect(actorWords(zh, 'Li (Wei) (liwei)')).toBe('Li (Wei)');
  });

  it.each(Object.keys(translations))('%s has a sentence for every admin action', (language) => {
    const texts = translations[language as keyof typeof translations];
    const others = ['signIn', 'signIn.failed', 'signIn.locked', 'signOut', 'createFirstAdmin'];
    const admin = (Object.keys(operations) as OperationName[]).filter(
      (name) => accessOf(name) === 'admin',
    );
    const missing = [...admin, ...others].filter(
      (action) => !(`console.audit.sentence.${action}` in texts),
    );
    expect(missing).toEqual([]);
  });
});
