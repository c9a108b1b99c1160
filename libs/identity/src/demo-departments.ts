/**
 * The departments of the demo service catalogue (one clerk login each in demo mode): those that
 * own the items of the bundles shipped in `workflows/` — market regulation, city appearance, fire
 * and rescue, health, human resources and social security, medical insurance, public security,
 * development and reform (public credit), transport, tax, housing provident fund, housing and
 * construction, education, civil affairs, the disabled persons' federation, and the power, water
 * and gas suppliers.
 */
export const DEMO_DEPARTMENTS = [
  'city-appearance',
  'civil-affairs',
  'development-reform',
  'disabled-persons-federation',
  'education',
  'fire-rescue',
  'gas-supply',
  'health',
  'housing-construction',
  'housing-fund',
  'human-resources',
  'market-regulation',
  'medical-insurance',
  'power-supply',
  'public-security',
  'tax',
  'transport',
  'water-supply',
] as const;

/**
 * The demo's second region, a city below the root with its own admin (`city.admin`), a clerk
 * (`city.clerk`) of its own market regulation department, and nothing else: signed in there, none
 * of the root region's cases, departments or users are visible.
 */
export const DEMO_CITY = { code: 'demo-city', name: '示范市', department: 'city-market-regulation', departmentName: '示范市市场监督管理局' } as const;

/** The demo integrator's API key; only registered in demo mode. */
export const DEMO_API_KEY = 'demo-integrator-key';

/**
 * The demo applicants (citizens), each an applicant's account with password = user name in demo
 * mode; an integrator key may also act for them with `X-On-Behalf-Of: <code>`.
 */
export const DEMO_APPLICANTS = [
  { username: 'applicant.zhang', code: '110101199003071233', name: '张三' },
  { username: 'applicant.li', code: '310106198506121233', name: '李四' },
] as const;
