// Every translation, by language: the gate's words in one file per language, and each admin
// area's words in its own pair under areas/ (so that areas grow without touching each other).
// Keys are whole meanings and never repeat across files; the locales test checks that.
import absences from '../../resources/locales/areas/absences.zh-CN.json';
import absencesEn from '../../resources/locales/areas/absences.en.json';
import accounts from '../../resources/locales/areas/accounts.zh-CN.json';
import accountsEn from '../../resources/locales/areas/accounts.en.json';
import appointments from '../../resources/locales/areas/appointments.zh-CN.json';
import appointmentsEn from '../../resources/locales/areas/appointments.en.json';
import cases from '../../resources/locales/areas/cases.zh-CN.json';
import casesEn from '../../resources/locales/areas/cases.en.json';
import certificates from '../../resources/locales/areas/certificates.zh-CN.json';
import certificatesEn from '../../resources/locales/areas/certificates.en.json';
import consoleZh from '../../resources/locales/areas/console.zh-CN.json';
import consoleEn from '../../resources/locales/areas/console.en.json';
import couriers from '../../resources/locales/areas/couriers.zh-CN.json';
import couriersEn from '../../resources/locales/areas/couriers.en.json';
import forms from '../../resources/locales/areas/forms.zh-CN.json';
import formsEn from '../../resources/locales/areas/forms.en.json';
import gateFlow from '../../resources/locales/areas/gate-flow.zh-CN.json';
import gateFlowEn from '../../resources/locales/areas/gate-flow.en.json';
import messages from '../../resources/locales/areas/messages.zh-CN.json';
import messagesEn from '../../resources/locales/areas/messages.en.json';
import policy from '../../resources/locales/areas/policy.zh-CN.json';
import policyEn from '../../resources/locales/areas/policy.en.json';
import retention from '../../resources/locales/areas/retention.zh-CN.json';
import retentionEn from '../../resources/locales/areas/retention.en.json';
import retests from '../../resources/locales/areas/retests.zh-CN.json';
import retestsEn from '../../resources/locales/areas/retests.en.json';
import faces from '../../resources/locales/areas/faces.zh-CN.json';
import facesEn from '../../resources/locales/areas/faces.en.json';
import paper from '../../resources/locales/areas/paper.zh-CN.json';
import paperEn from '../../resources/locales/areas/paper.en.json';
import signinSecurity from '../../resources/locales/areas/signin-security.zh-CN.json';
import signinSecurityEn from '../../resources/locales/areas/signin-security.en.json';
import schoolHub from '../../resources/locales/areas/school-hub.zh-CN.json';
import schoolHubEn from '../../resources/locales/areas/school-hub.en.json';
import en from '../../resources/locales/en.json';
import zhCN from '../../resources/locales/zh-CN.json';

type Texts = Record<string, string>;

/** Each language's files, in the same order, so a key found twice can be named. */
export const translationFiles: Record<'zh-CN' | 'en', Texts[]> = {
  'zh-CN': [
    zhCN,
    accounts,
    gateFlow,
    policy,
    cases,
    certificates,
    couriers,
    consoleZh,
    appointments,
    retention,
    retests,
    messages,
    forms,
    faces,
    paper,
    signinSecurity,
    schoolHub,
    absences,
  ],
  en: [
    en,
    accountsEn,
    gateFlowEn,
    policyEn,
    casesEn,
    certificatesEn,
    couriersEn,
    consoleEn,
    appointmentsEn,
    retentionEn,
    retestsEn,
    messagesEn,
    formsEn,
    facesEn,
    paperEn,
    signinSecurityEn,
    schoolHubEn,
    absencesEn,
  ],
};

export const translations: Record<'zh-CN' | 'en', Texts> = {
  'zh-CN': Object.assign({}, ...translationFiles['zh-CN']) as Texts,
  en: Object.assign({}, ...translationFiles.en) as Texts,
};
