/** Roles that read case data; designers see none, applicants only their own applications. */
export const CASE_READERS = ['admin', 'supervisor', 'clerk', 'integrator'] as const;
