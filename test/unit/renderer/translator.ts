// A translator for one language over the kiosk's real resource files, set up the way the app
// sets up i18next (keys with dots are whole keys), for tests of words built in code.
import i18next, { type TFunction } from 'i18next';
import { translations } from '../../../renderer/i18n/translations';

export function translator(language: 'zh-CN' | 'en'): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { [language]: { translation: translations[language] } },
    lng: language,
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance.t;
}
