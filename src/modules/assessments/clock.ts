import type { AppContext } from '../../app-context';

/** Every deadline is checked against this: the injected clock in tests, the wall clock otherwise. */
export function nowOf(ctx: Pick<AppContext, 'clock'>): Date {
  return ctx.clock?.() ?? new Date();
}
