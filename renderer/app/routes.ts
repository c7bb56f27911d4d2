/** The app's screens, in the order the navigation shows them. */
export const ROUTES = [
  { id: 'plan', label: 'Plan' },
  { id: 'returns', label: 'Quarterly returns' },
  { id: 'pools', label: 'Pooled budgets' },
  { id: 'workbooks', label: 'Workbooks' },
  { id: 'templates', label: 'Template years' },
  { id: 'review', label: "Partners' review" },
  { id: 'consolidation', label: 'Consolidation' },
  { id: 'history', label: 'History' },
  { id: 'data', label: 'Your data' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '');
  return ROUTES.find((r) => r.id === id)?.id ?? 'plan';
}
