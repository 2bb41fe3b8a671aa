// Loads the kiosk's translations (Simplified Chinese by default, English on request) and
// remembers the chosen language in localStorage. Every visible word comes from the resource
// files; this module must never hold words itself, and a blocked localStorage must not break it.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { translations } from './translations';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'zh-CN';
export const languageStorageKey = 'kiosk.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(languageStorageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(languageStorageKey, language);
  } catch {
    // Storage can be disabled; the choice then lasts until the page reloads.
  }
}

export function setupI18n(): i18n {
  const language = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources: {
      'zh-CN': { translation: translations['zh-CN'] },
      en: { translation: translations.en },
    },
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    // Keys are whole meanings with dots in them ("check.decision.pass"), not nested paths.
    keySeparator: false,
    nsSeparator: false,
    // React escapes text itself; escaping here too would show "&lt;" on screen.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  applyDocumentLanguage(language);
  return i18next;
}

export async function switchLanguage(instance: i18n, language: Language): Promise<void> {
  rememberLanguage(language);
  await instance.changeLanguage(language);
  applyDocumentLanguage(language);
}

function applyDocumentLanguage(language: Language): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = language;
  document.title = i18next.t('app.title', { lng: language });
}
