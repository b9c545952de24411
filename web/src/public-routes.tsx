// Pages anyone may open without signing in (survey links, kiosk, published results). Keep them free of antd.
import { type ComponentType, type LazyExoticComponent } from 'react';

export const publicRoutes: { path: string; component: LazyExoticComponent<ComponentType> }[] = [];
