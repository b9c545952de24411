import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Grid, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { type Me, hasPermission } from '../auth/useMe';
import { setLanguage } from '../i18n';
import { type NavItem, navItems } from '../nav';

function menuItems(items: NavItem[], me: Me, t: (k: string) => string): NonNullable<Parameters<typeof Menu>[0]['items']> {
  return items
    .filter((i) => !i.permission || hasPermission(me, i.permission))
    .map((i) =>
      i.children
        ? { key: i.path, icon: i.icon, label: t(i.labelKey), children: menuItems(i.children, me, t) }
        : { key: i.path, icon: i.icon, label: <Link to={i.path}>{t(i.labelKey)}</Link> },
    );
}

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const selected = `/${location.pathname.split('/').filter(Boolean).slice(0, location.pathname.startsWith('/admin') ? 2 : 1).join('/')}`;
  const menu = (
    <Menu
      mode="inline"
      theme="dark"
      selectedKeys={[selected]}
      defaultOpenKeys={location.pathname.startsWith('/admin') ? ['/admin'] : []}
      items={menuItems(navItems, me, t)}
      onClick={() => setDrawer(false)}
    />
  );
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
    qc.clear();
    navigate('/');
    await qc.invalidateQueries();
  };
  const brand = (
    <Link to="/" className="brand">
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <span>ChiSo</span>
    </Link>
  );
  const isDesktop = screens.lg;
  return (
    <Layout className="app-layout">
      {isDesktop ? (
        <Layout.Sider width={240} className="app-sider">
          {brand}
          {menu}
        </Layout.Sider>
      ) : (
        <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} size={260} styles={{ body: { padding: 0, background: '#0b2e4f' } }} title={null} closable={false}>
          {brand}
          {menu}
        </Drawer>
      )}
      <Layout>
        <Layout.Header className="app-header">
          <Space>
            {!isDesktop && <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label="Menu" />}
            <Typography.Text strong className="header-title">
              {t('app.tagline')}
            </Typography.Text>
            <Tag color="orange">{t('app.demo')}</Tag>
          </Space>
          <Space>
            <Select
              size="small"
              value={i18n.language.startsWith('en') ? 'en' : 'vi'}
              onChange={(v: 'vi' | 'en') => setLanguage(v)}
              options={[
                { value: 'vi', label: 'Tiếng Việt' },
                { value: 'en', label: 'English' },
              ]}
              aria-label={t('common.language')}
              style={{ width: 116 }}
            />
            {screens.md && <Typography.Text>{me.displayName}</Typography.Text>}
            <Button icon={<LogoutOutlined />} onClick={logout}>
              {screens.sm ? t('auth.logout') : null}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
