// Vietnamese first; English available. Features add their own namespaces with i18n.addResourceBundle.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { vi } from './vi';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('chiso.lang') : null;

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});

export function setLanguage(lng: 'vi' | 'en') {
  localStorage.setItem('chiso.lang', lng);
  void i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
}

export default i18n;
