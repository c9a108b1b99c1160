import type { LintRuleFactory } from '../lint.types';
import { tongbanAttribute } from './lint-node.util';

/**
 * `tongban/known-department`: a step's `tongban:department` names an enabled department of the
 * region. A task routed to a code nobody works in would wait forever. Checks nothing when the
 * configuration names no departments.
 */
const knownDepartment: LintRuleFactory = (config: { departments?: readonly string[] } = {}) => {
  const known = new Set(config.departments ?? []);
  return {
    check(node, reporter) {
      if (known.size === 0 || !node.id) return;
      const department = tongbanAttribute(node, 'department');
      if (!department || known.has(department) || /\$\{|^=/.test(department)) return;
      reporter.report(node.id, `Unknown department "${department}": no enabled department has this code`);
    },
  };
};

export default knownDepartment;
