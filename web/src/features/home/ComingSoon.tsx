import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

export default function ComingSoon() {
  const { t } = useTranslation();
  return <Result status="info" title={t('common.coming')} subTitle={t('common.comingText')} />;
}
