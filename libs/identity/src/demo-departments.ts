/**
 * The departments of the demo service catalogue (one clerk login each in demo mode):
 * market regulation, city appearance, fire and rescue, health, human resources and social
 * security, medical insurance, public security.
 */
export const DEMO_DEPARTMENTS = [
  'city-appearance',
  'fire-rescue',
  'health',
  'human-resources',
  'market-regulation',
  'medical-insurance',
  'public-security',
] as const;

/** The demo integrator's API key; only registered in demo mode. */
export const DEMO_API_KEY = 'demo-integrator-key';
