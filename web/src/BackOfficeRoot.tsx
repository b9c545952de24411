import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { useTranslation } from 'react-i18next';
import { BackOffice } from './App';
import './i18n';

dayjs.locale('vi');

export default function BackOfficeRoot() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language.startsWith('en') ? enUS : viVN}
      theme={{
        token: {
          colorPrimary: '#0b4f8a',
          borderRadius: 6,
          fontFamily: "'Be Vietnam Pro', 'Noto Sans', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
          fontSize: 15,
        },
        components: { Layout: { siderBg: '#0b2e4f', headerBg: '#ffffff' }, Menu: { darkItemBg: '#0b2e4f', darkSubMenuItemBg: '#08243f' } },
      }}
    >
      <AntApp>
        <BackOffice />
      </AntApp>
    </ConfigProvider>
  );
}
